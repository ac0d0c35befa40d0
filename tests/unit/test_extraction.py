"""Skill extractor on a tiny hand-made taxonomy with the hashing encoder (no model, no data)."""

from __future__ import annotations

import numpy as np
import pytest

from talentmarket.textintel.encoders import HashingEncoder
from talentmarket.textintel.extracted import ExtractedSkill, SkillLabels, distinct_rows
from talentmarket.textintel.extraction import SkillExtractor
from talentmarket.textintel.lexical import LabelMatcher, tokenize
from talentmarket.textintel.scoreparts import Weights
from talentmarket.textintel.textsplit import (
    heading_kind,
    is_generic,
    mask_placeholders,
    split_phrases,
    split_segments,
)

SKILLS = [
    SkillLabels(1, "urn:s:python", "Python (computer programming)", ("Python",)),
    SkillLabels(2, "urn:s:sql", "SQL", ("structured query language",)),
    SkillLabels(3, "urn:s:teams", "work in teams", ("teamwork", "team player")),
    SkillLabels(4, "urn:s:english", "English", ("competent in English",)),
    SkillLabels(5, "urn:s:less", "LESS", (), "LESS is a stylesheet language, less verbose."),
    SkillLabels(6, "urn:s:forklift", "operate forklift", ("drive a forklift truck",)),
    SkillLabels(7, "urn:s:budget", "manage budgets", ("budget management",)),
    SkillLabels(8, "urn:s:kubernetes", "Kubernetes", ("K8s",)),
]


@pytest.fixture(scope="module")
def extractor() -> SkillExtractor:
    return SkillExtractor(HashingEncoder(dim=256)).fit(SKILLS, frequency={2: 50, 3: 80})


def _labels(found: list[ExtractedSkill]) -> list[str]:
    return [f.label for f in found]


def test_exact_label_ranks_first_and_span_points_at_it(extractor: SkillExtractor) -> None:
    text = "Requirements: 3+ years of Python and solid SQL skills."
    found = extractor.extract(text, min_score=0.0)
    assert set(_labels(found[:2])) == {"Python (computer programming)", "SQL"}
    for skill in found[:2]:
        for span in skill.spans:
            assert text[span.start : span.end] == span.text
    python = next(f for f in found if f.skill_id == 1)
    assert [s.text for s in python.spans] == ["Python"]
    assert python.spans[0].start == text.index("Python")


def test_rank_returns_every_skill_sorted(extractor: SkillExtractor) -> None:
    ids, scores = extractor.rank("You are a team player who can drive a forklift truck")
    assert sorted(ids.tolist()) == [s.id for s in SKILLS]
    assert ids[0] in (3, 6)
    assert np.all(np.diff(scores) <= 1e-6)
    assert np.all((scores >= 0.0) & (scores <= 1.0))


def test_boilerplate_produces_nothing(extractor: SkillExtractor) -> None:
    text = (
        "We offer a competitive salary, pension and 25 days of annual leave.\n"
        "We are an equal opportunity employer and value diversity.\n"
        "Apply now by sending your CV and cover letter."
    )
    assert extractor.extract(text, min_score=0.0) == []
    mixed = text + "\nExperience with Kubernetes is required."
    assert _labels(extractor.extract(mixed, min_score=0.0))[:1] == ["Kubernetes"]


def test_limit_and_min_score(extractor: SkillExtractor) -> None:
    text = "Python, SQL, Kubernetes and English; you manage budgets in a team."
    everything = extractor.extract(text, limit=100, min_score=0.0)
    assert len(extractor.extract(text, limit=2, min_score=0.0)) == 2
    cut = everything[2].score
    above = extractor.extract(text, limit=100, min_score=cut)
    assert all(f.score >= cut for f in above)
    assert len(above) >= 3
    assert extractor.extract(text, min_score=1.01) == []


def test_empty_and_blank_text(extractor: SkillExtractor) -> None:
    assert extractor.extract("") == []
    assert extractor.extract("   \n  <ORGANIZATION>  ") == []
    ids, scores = extractor.rank("")
    assert len(ids) == len(SKILLS)
    assert np.all(scores == scores[0]) or np.all(np.diff(scores) <= 0)


def test_long_text_is_truncated_not_rejected(extractor: SkillExtractor) -> None:
    text = "We build warehouses. " * 1500 + "Kubernetes"
    assert len(text) > 20_000
    found = extractor.extract(text, min_score=0.0)
    assert "Kubernetes" not in _labels(found[:1])  # past max_chars
    short = "Kubernetes. " + "We build warehouses. " * 1500
    assert _labels(extractor.extract(short, min_score=0.0))[:1] == ["Kubernetes"]


def test_label_texts_and_given_vectors_are_used() -> None:
    encoder = HashingEncoder(dim=64)
    texts = SkillExtractor.label_texts(SKILLS)
    assert "teamwork" in texts
    assert len(texts) == len(set(texts))
    vectors = dict(zip(texts, encoder.encode(texts), strict=True))

    class Counting(HashingEncoder):
        calls = 0

        def encode(self, texts, batch_size=64):  # type: ignore[no-untyped-def]
            Counting.calls += len(texts)
            return super().encode(texts, batch_size)

    fitted = SkillExtractor(Counting(dim=64)).fit(SKILLS, vectors)
    assert Counting.calls == 0
    assert fitted.label_vectors_.shape[1] == 64


def test_acronym_that_is_a_word_needs_case() -> None:
    matcher = LabelMatcher().fit(["LESS", "SQL"], prose=["less is more, and less is less"] * 3)
    assert [h.entry for h in matcher.find("write less code")] == []
    assert [h.entry for h in matcher.find("LESS and SCSS")] == [0]
    assert [h.entry for h in matcher.find("we use sql daily")] == [1]


def test_tokens_and_segments_keep_offsets() -> None:
    text = "• Build APIs in C# and C++\n* Work-in-teams <ORGANIZATION> style. Then more."
    assert [t.norm for t in tokenize("C# and C++ work-in-teams")] == [
        "c#",
        "and",
        "c++",
        "work",
        "in",
        "team",
    ]
    masked = mask_placeholders(text)
    assert len(masked) == len(text)
    assert "<" not in masked
    segments = split_segments(text)
    assert [s.text for s in segments] == [
        "Build APIs in C# and C++",
        "Work-in-teams <ORGANIZATION> style.",
        "Then more.",
    ]
    for seg in segments:
        assert text[seg.start : seg.end] == seg.text
        for phrase in split_phrases(text, seg):
            assert text[phrase.start : phrase.end] == phrase.text


def test_boilerplate_section_is_skipped_until_next_heading(extractor: SkillExtractor) -> None:
    text = (
        "What we offer\n"
        "Python training budget and a SQL certification.\n"
        "Requirements\n"
        "You know Kubernetes.\n"
    )
    found = extractor.extract(text, limit=3, min_score=0.0)
    assert _labels(found)[:1] == ["Kubernetes"]
    assert all(span.start >= text.index("Requirements") for f in found for span in f.spans)
    assert heading_kind("What we offer") == "boilerplate"
    assert heading_kind("About us: we build ships.") == "boilerplate"
    assert heading_kind("Your role") == "structure"
    assert heading_kind("Compensation and benefits administration") != "boilerplate"
    assert heading_kind("We build great software for banks.") is None


def test_wrapped_lines_are_joined_into_one_segment() -> None:
    text = "Work closely with analysts to understand\n  business requirements.\nNext line."
    assert [s.text for s in split_segments(text)] == [
        "Work closely with analysts to understand\n  business requirements.",
        "Next line.",
    ]


def test_near_duplicate_label_rows_are_dropped() -> None:
    vectors = np.array([[1, 0], [0.999, 0.045], [0, 1], [1, 0]], dtype=np.float32)
    owner = np.array([0, 0, 0, 1])
    assert distinct_rows(vectors, owner, 0.95).tolist() == [0, 2, 3]
    assert distinct_rows(vectors, owner, 1.0).tolist() == [0, 1, 2, 3]


def test_generic_phrases_and_scores_are_monotone(extractor: SkillExtractor) -> None:
    assert is_generic("3+ years of experience")
    assert not is_generic("SQL experience")
    raw = np.array([0.2, 0.5, 0.8, 1.2], dtype=np.float32)
    scores = extractor.calibrate(raw)
    assert np.all(np.diff(scores) > 0)
    assert scores.min() >= 0.0
    assert scores.max() <= 1.0


def test_parts_reweighted_with_own_weights_rank_as_rank_does(extractor: SkillExtractor) -> None:
    text = "You will manage budgets and drive a forklift truck.\nSQL and teamwork are a plus."
    parts = extractor.parts(text)
    assert len(parts) >= 2
    assert extractor.prior_.shape == (len(SKILLS),)
    ids, _scores = extractor.rank(text)
    assert extractor.rank_parts(parts, extractor.weights).tolist() == ids.tolist()


def test_other_weights_change_the_order_as_they_should(extractor: SkillExtractor) -> None:
    # "SQL" is written out; with a large lexical weight it must come first
    parts = extractor.parts("Strong SQL, and you like to lead and mentor people.")
    lexical = Weights(w_segment=0.5, w_phrase=0.5, w_lexical=10.0, w_prior=0.0)
    assert extractor.rank_parts(parts, lexical)[0] == 2
    # with only the prior, the order is that of the prior: teamwork (80) before SQL (50)
    prior_only = Weights(w_segment=0.0, w_phrase=0.0, w_lexical=0.0, w_prior=1.0)
    assert extractor.rank_parts(parts, prior_only)[:2].tolist() == [3, 2]


class _SideBySide(HashingEncoder):
    """The hashing encoder announcing two passes at once, recording what each got."""

    passes_at_once = True

    def __init__(self) -> None:
        super().__init__(dim=256)
        self.groups: list[list[str]] = []

    def encode_together(self, groups: list[list[str]]) -> list[np.ndarray]:
        self.groups = [list(g) for g in groups]
        return [self.encode(g) for g in groups]


def test_phrases_encoded_beside_the_segments_extract_the_same(extractor: SkillExtractor) -> None:
    side = _SideBySide()
    both = SkillExtractor(side).fit(SKILLS, frequency={2: 50, 3: 80})
    text = (
        "Data engineer\n- Build pipelines in Python and SQL on Kubernetes.\n"
        "- You are a team player.\nWhat we offer\n- A yearly budget for books.\n"
        "We are an equal opportunity employer and value diversity."
    )
    got, want = both.extract(text, min_score=0.0), extractor.extract(text, min_score=0.0)
    assert [(f.skill_id, f.spans) for f in got] == [(f.skill_id, f.spans) for f in want]
    np.testing.assert_allclose([f.score for f in got], [f.score for f in want], atol=1e-6)
    segments, phrases = side.groups
    assert any("Kubernetes" in s for s in segments)
    assert "Python" in phrases
    assert not any("budget" in p for p in phrases)  # the offer section is not read at all
