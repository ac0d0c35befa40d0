"""Job-title normalisation: cleaning rules and ranking on a tiny hand-made taxonomy."""

from __future__ import annotations

import numpy as np
import pytest

from talentmarket.textintel.encoders import HashingEncoder
from talentmarket.textintel.title_cleaning import clean_title
from talentmarket.textintel.title_memory import TitleMemory
from talentmarket.textintel.titles import RankedRole, RoleLabels, TitleNormalizer


def _role(role_id: int, slug: str, code: str, title: str, *alts: str) -> RoleLabels:
    return RoleLabels(role_id, f"urn:r:{slug}", code, title, alts)


ROLES = [
    _role(1, "swdev", "2512.4", "software developer", "software engineer", "programmer"),
    _role(2, "qa", "2519.1", "ICT test analyst", "quality assurance tester"),
    _role(3, "hr", "2423.1", "human resources officer", "HR officer", "personnel officer"),
    _role(4, "driver", "8332.1", "cargo vehicle driver", "lorry driver", "truck driver"),
    _role(5, "cashier", "5230.1", "cashier", "checkout operator"),
    _role(6, "pm", "1213.3", "project manager", "programme manager"),
    _role(
        7, "worker", "9313.1", "building construction worker", "general worker", "general labourer"
    ),
]


@pytest.fixture(scope="module")
def normalizer() -> TitleNormalizer:
    return TitleNormalizer(HashingEncoder(dim=256)).fit(ROLES)


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("Sr. Software Engineer (m/w/d)", "software engineer"),
        ("Vertriebsleiter m/w/d", "vertriebsleiter"),
        ("Sales Associate (Male Only)", "sales associate"),
        ("SENIOR SITE SUPERVISOR ", "site supervisor"),
        ("Internship Digital Marketer", "digital marketer"),
        ("Part Time Cashier", "cashier"),
        ("Production Operator 1", "production operator"),
        ("LORRY DRIVER (21/05/2021)", "lorry driver"),
        ("SWE II, Platform [Remote]", "software engineer, platform"),
        ("Projektmanager REQ-10234", "projektmanager"),
        ("Protégé Logistic", "protege logistic"),
        ("Driver cum Clerk", "driver and clerk"),
        ("F&B Captain", "food and beverage captain"),
        ("HR & Admin Exec", "human resources and administration executive"),
        ("Mgr, QA - Berlin", "manager, quality assurance - berlin"),
        ("C++ Developer", "c++ developer"),
        ("Intern", "intern"),
    ],
)
def test_clean_title_rules(raw: str, cleaned: str) -> None:
    assert clean_title(raw) == cleaned


def test_label_texts_are_unique_variants() -> None:
    texts = TitleNormalizer.label_texts([*ROLES, ROLES[0]])
    assert texts[:3] == ["software developer", "software engineer", "programmer"]
    assert len(texts) == len(set(texts)) == sum(1 + len(r.alt_titles) for r in ROLES)


def test_exact_alt_title_ranks_its_role_first(normalizer: TitleNormalizer) -> None:
    best = normalizer.normalize("Lorry Driver")[0]
    assert isinstance(best, RankedRole)
    assert (best.role_id, best.uri, best.title) == (4, "urn:r:driver", "cargo vehicle driver")
    assert best.matched_label == "lorry driver"
    assert 0.0 <= best.score <= 1.0


def test_abbreviations_and_noise_reach_the_right_role(normalizer: TitleNormalizer) -> None:
    assert normalizer.normalize("Sr. SWE (m/w/d)")[0].role_id == 1
    assert normalizer.normalize("HR OFFICER - KUALA LUMPUR")[0].role_id == 3
    assert normalizer.normalize("QA Tester II")[0].role_id == 2


def test_typos_are_fixed_against_label_words(normalizer: TitleNormalizer) -> None:
    assert normalizer.prepare("Genaral Worker") == "general worker"
    assert normalizer.normalize("Genaral Worker")[0].role_id == 7


def test_unknown_segments_are_dropped(normalizer: TitleNormalizer) -> None:
    assert normalizer.prepare("Cashier (Petaling Jaya)") == "cashier"
    assert normalizer.prepare("Zorblax Quux") == "zorblax quux"


def test_rank_covers_all_roles_best_first(normalizer: TitleNormalizer) -> None:
    ids, scores = normalizer.rank("project manager")
    assert ids.dtype == np.int64
    assert scores.dtype == np.float32
    assert sorted(ids.tolist()) == [r.id for r in ROLES]
    assert ids[0] == 6
    assert np.all(np.diff(scores) <= 0)
    assert np.all((scores >= 0) & (scores <= 1))


def test_limit(normalizer: TitleNormalizer) -> None:
    assert len(normalizer.normalize("cashier", limit=3)) == 3
    assert len(normalizer.normalize("cashier", limit=100)) == len(ROLES)
    assert normalizer.normalize("cashier", limit=0) == []


def test_fit_uses_given_vectors_and_encodes_only_missing() -> None:
    class CountingEncoder(HashingEncoder):
        def __init__(self) -> None:
            super().__init__(dim=64)
            self.seen: list[str] = []

        def encode(self, texts, batch_size=64):  # type: ignore[no-untyped-def]
            self.seen.extend(texts)
            return super().encode(texts, batch_size)

    encoder = CountingEncoder()
    texts = TitleNormalizer.label_texts(ROLES)
    known = dict(zip(texts[:-2], HashingEncoder(dim=64).encode(texts[:-2]), strict=True))
    TitleNormalizer(encoder).fit(ROLES, known)
    assert encoder.seen == texts[-2:]


def test_fit_rejects_no_roles() -> None:
    with pytest.raises(ValueError, match="no roles"):
        TitleNormalizer(HashingEncoder()).fit([])


def test_smooth_maximum_keeps_scores_in_range() -> None:
    smooth = TitleNormalizer(HashingEncoder(dim=256), temperature=20.0).fit(ROLES)
    ids, scores = smooth.rank("truck driver")
    assert ids[0] == 4
    assert np.all((scores >= 0) & (scores <= 1))


def test_label_texts_add_descriptions_after_variants() -> None:
    described = [
        RoleLabels(1, "urn:r:a", "1", "baker", ("bread maker",), "Bakes  bread\nand cakes."),
        RoleLabels(2, "urn:r:b", "2", "cook", (), ""),
        RoleLabels(3, "urn:r:c", "3", "chef", (), "baker"),  # same text as a variant: once
    ]
    texts = TitleNormalizer.label_texts(described)
    assert texts == ["baker", "bread maker", "cook", "chef", "Bakes bread and cakes."]


def test_description_is_evidence_and_missing_one_falls_back() -> None:
    encoder = HashingEncoder(dim=256)
    roles = [
        RoleLabels(1, "urn:r:a", "1", "zorblax", (), "forklift warehouse pallets loading"),
        RoleLabels(2, "urn:r:b", "2", "quuxer", (), ""),
    ]
    title = "forklift warehouse pallets"
    on = TitleNormalizer(encoder, description_weight=0.5, lexical_weight=0.0).fit(roles)
    off = TitleNormalizer(encoder, description_weight=0.0, lexical_weight=0.0).fit(roles)
    on_scores, off_scores = on.score_matrix([title])[0], off.score_matrix([title])[0]
    assert on.rank(title)[0][0] == 1
    assert on_scores[0] > on_scores[1]
    assert off_scores[0] <= off_scores[1]
    assert np.all((on_scores >= 0) & (on_scores <= 1))
    # a role without a description is scored against its preferred title instead
    assert np.allclose(on.descriptions_[1], on.preferred_[1])


def test_preferred_title_weight_breaks_ties_between_variants() -> None:
    roles = [
        RoleLabels(1, "urn:r:a", "1", "store clerk", ("shop assistant",)),
        RoleLabels(2, "urn:r:b", "2", "shop assistant", ("store clerk",)),
    ]
    normalizer = TitleNormalizer(HashingEncoder(dim=256), preferred_weight=0.2).fit(roles)
    assert normalizer.normalize("shop assistant")[0].role_id == 2
    assert normalizer.normalize("store clerk")[0].role_id == 1


def test_a_memory_of_confirmed_titles_moves_a_title_to_its_role(
    normalizer: TitleNormalizer,
) -> None:
    before = normalizer.normalize("Code Wizard", limit=7)
    assert before[0].role_id != 1
    titles = ["Code Wizard", "Checkout Hero"]
    memory = TitleMemory().fit(
        titles,
        [normalizer.position_of_[1], normalizer.position_of_[5]],
        normalizer.encoder.encode([normalizer.prepare(t) for t in titles]),
        len(ROLES),
    )
    after = normalizer.normalize("Code Wizard", limit=7, memory=memory)
    assert after[0].role_id == 1
    assert after[0].mapping is not None
    assert after[0].mapping.title == "Code Wizard"
    assert 0.5 * memory.weight / memory.scale < after[0].from_mappings
    assert after[0].from_mappings <= (memory.weight + memory.prior_weight) / memory.scale
    assert all(0.0 <= r.score <= 1.0 for r in after)
    # an empty memory changes nothing
    empty = TitleMemory().fit([], [], np.zeros((0, 256), np.float32), len(ROLES))
    same = normalizer.normalize("Code Wizard", limit=7, memory=empty)
    assert [(r.role_id, r.score) for r in same] == [(r.role_id, r.score) for r in before]
    assert np.allclose(
        normalizer.score_matrix(["lorry driver"], empty), normalizer.score_matrix(["lorry driver"])
    )
