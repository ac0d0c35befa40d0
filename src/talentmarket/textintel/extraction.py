"""Skill extraction: find taxonomy skills in CVs, profiles and job ads, with scores and spans.

How a text is scored (array work, two encoder calls per text):
1. The text (first `max_chars` characters) is split into segments: lines, bullets,
   sentences. Segments are encoded in one batch; boilerplate segments (close to one of our
   prototype sentences, or a cue phrase plus fairly close, or inside a "What we offer" /
   "About us" section) and structure headings ("Your role") are dropped.
2. The kept segments are cut into short phrases (at punctuation and joining words; filler
   such as "3+ years of experience" is skipped) and the distinct phrases are encoded in a
   second batch; an encoder that runs two passes at once (ONNX Runtime, the int8 reader)
   encodes the phrases of every candidate segment beside the segments instead
   (`phrase_passes.py`).
3. Segments meet every label variant (preferred, alternative, hidden: ~100k rows) in one
   matrix product, a skill taking its best variant (alternatives discounted by
   `alt_discount`); phrases meet the preferred labels only (~14k rows), since short
   phrases against every variant mostly add noise and written-out variants are found
   lexically anyway.
4. Per segment: `w_segment * segment_sim + w_phrase * best_phrase_sim + w_lexical * hit`,
   where `hit` is 1 when a label of the skill is written out in the segment. A skill's raw
   score is its best segment plus `w_prior * prior` (how often real job ads ask for the
   skill, log-scaled to [0, 1]); a fixed logistic (`calibration` = centre, scale, fitted
   on labelled job-ad sentences) maps it to [0, 1], so scores are monotone and comparable
   across texts and `min_score` is a meaningful threshold.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Self

import numpy as np
from numpy.typing import NDArray

from talentmarket.textintel.encoders import Encoder, vector_rows
from talentmarket.textintel.extracted import (
    ExtractedSkill,
    SkillLabels,
    Span,
    distinct_rows,
    frequency_prior,
    variant_texts,
)
from talentmarket.textintel.lexical import LabelMatcher, label_variants
from talentmarket.textintel.linalg import Rows
from talentmarket.textintel.phrase_passes import phrases_one_pass, phrases_two_passes
from talentmarket.textintel.scoreparts import SegmentParts, Weights, combine, top_rows
from talentmarket.textintel.textsplit import (
    BOILERPLATE_PROTOTYPES,
    Segment,
    content_section_rows,
    has_boilerplate_cue,
    split_segments,
)

MAX_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class _Scored:
    """Raw scores of one text and the evidence behind them."""

    raw: NDArray[np.float32]  # (n_skills,)
    where: NDArray[np.int64]  # (n_skills,) best segment, -1 when none
    segments: list[Segment]
    phrases: list[list[Segment]]  # per segment; empty for boilerplate segments
    segment_vectors: NDArray[np.float32]  # (n_segments, dim)
    phrase_vectors: NDArray[np.float32]  # (n_distinct_phrases, dim)
    phrase_rows: list[NDArray[np.int64]]  # per segment, rows of its phrases' vectors
    kept: list[int]  # segments kept as content (not boilerplate)
    parts: list[SegmentParts]  # the unweighted parts of `raw`


class SkillExtractor:
    """Find taxonomy skills mentioned in free text, with a score in [0, 1] and spans."""

    def __init__(
        self,
        encoder: Encoder,
        *,
        w_segment: float = 0.5,
        w_phrase: float = 0.5,
        w_lexical: float = 0.2,
        w_prior: float = 0.06,
        alt_discount: float = 0.02,
        dedupe_threshold: float = 0.9,
        boilerplate_threshold: float = 0.6,
        boilerplate_cue_threshold: float = 0.5,
        calibration: tuple[float, float] = (0.82, 0.085),
        min_score: float = 0.35,
        max_chars: int = MAX_CHARS,
        one_pass: bool = False,
    ) -> None:
        self.encoder = encoder
        self.w_segment = w_segment
        self.w_phrase = w_phrase
        self.w_lexical = w_lexical
        self.w_prior = w_prior
        self.alt_discount = alt_discount
        self.dedupe_threshold = dedupe_threshold
        self.boilerplate_threshold = boilerplate_threshold
        self.boilerplate_cue_threshold = boilerplate_cue_threshold
        self.calibration = calibration
        self.min_score = min_score
        self.max_chars = max_chars
        self.one_pass = one_pass

    @staticmethod
    def label_texts(skills: Sequence[SkillLabels]) -> list[str]:
        """Every text whose vector `fit` needs (labels and boilerplate prototypes), deduped."""
        texts = [t for skill in skills for t in variant_texts(skill) or [skill.uri]]
        return list(dict.fromkeys([*texts, *BOILERPLATE_PROTOTYPES]))

    def fit(
        self,
        skills: Sequence[SkillLabels],
        vectors: Mapping[str, NDArray[np.float32]] | None = None,
        *,
        frequency: Mapping[int, float] | None = None,
    ) -> Self:
        """Index skills; `vectors` maps label text to its vector, the rest is encoded here.

        `frequency` maps skill id to how often real job ads ask for it (any scale).
        """
        given = vectors or {}
        self.skills_ = list(skills)
        variants = [variant_texts(skill) for skill in self.skills_]
        texts: list[str] = []
        owner: list[int] = []
        alt: list[bool] = []
        for row, (skill, labels) in enumerate(zip(self.skills_, variants, strict=True)):
            own = labels or [skill.uri]
            texts.extend(own)
            owner.extend([row] * len(own))
            alt.extend([False] + [True] * (len(own) - 1))
        needed = list(dict.fromkeys([*texts, *BOILERPLATE_PROTOTYPES]))
        missing = [t for t in needed if t not in given]
        table: Mapping[str, NDArray[np.float32]] = given
        if missing:
            table = {**given, **dict(zip(missing, self.encoder.encode(missing), strict=True))}
        dim = self.encoder.dim
        matrix, rows = vector_rows(table, texts, dim)
        owner_all = np.asarray(owner, dtype=np.int64)
        keep = distinct_rows(matrix, owner_all, self.dedupe_threshold, rows=rows)
        self.label_vectors_ = np.ascontiguousarray(matrix[rows[keep]])
        self.label_owner_ = owner_all[keep]
        alt_kept = np.asarray(alt, dtype=bool)[keep]
        self.label_penalty_ = np.where(alt_kept, self.alt_discount, 0.0).astype(np.float32)
        self.group_starts_ = np.flatnonzero(np.r_[True, np.diff(self.label_owner_) != 0])
        self.preferred_vectors_ = np.ascontiguousarray(self.label_vectors_[self.group_starts_])
        self.label_rows_ = Rows(self.label_vectors_)
        self.preferred_rows_ = Rows(self.preferred_vectors_)
        self.prototypes_ = np.stack([table[t] for t in BOILERPLATE_PROTOTYPES])
        ids = [s.id for s in self.skills_]
        self.ids_ = np.asarray(ids, dtype=np.int64)
        self.prior_ = frequency_prior(frequency or {}, ids)
        lexicon: list[str] = []
        self.lexicon_owner_: list[int] = []
        for row, labels in enumerate(variants):
            for text in labels:
                for variant in label_variants(text):
                    lexicon.append(variant)
                    self.lexicon_owner_.append(row)
        prose = [s.description for s in self.skills_ if s.description]
        self.matcher_ = LabelMatcher().fit(lexicon, prose)
        return self

    # -- scoring --------------------------------------------------------------------------

    def _segments(self, text: str) -> list[Segment]:
        """Segments of the (truncated) text."""
        return split_segments(text[: self.max_chars])

    def _score(self, text: str) -> _Scored:
        """Raw scores and the evidence behind them for every fitted skill.

        Two encoder calls: the segments outside boilerplate sections (to drop boilerplate
        by similarity), then the distinct phrases of the segments kept.
        """
        segments = self._segments(text)
        candidates = content_section_rows(segments)
        seg_vecs = np.zeros((len(segments), self.encoder.dim), dtype=np.float32)
        phrases: list[list[Segment]] = [[] for _ in segments]
        if self.one_pass and getattr(self.encoder, "encode_spans", None) is not None:
            kept, row_of, phrase_vecs = phrases_one_pass(
                self.encoder, self._content_rows, text, segments, candidates, seg_vecs, phrases
            )
        else:
            kept, row_of, phrase_vecs = phrases_two_passes(
                self.encoder, self._content_rows, text, segments, candidates, seg_vecs, phrases
            )
        phrase_rows = [np.array([row_of[p.text] for p in ph], dtype=np.int64) for ph in phrases]
        parts = self._parts(segments, kept, seg_vecs, phrase_vecs, phrase_rows)
        best, where = combine(parts, len(self.skills_), self.weights)
        raw = best + self.w_prior * self.prior_
        return _Scored(
            raw, where, segments, phrases, seg_vecs, phrase_vecs, phrase_rows, kept, parts
        )

    def _parts(
        self,
        segments: list[Segment],
        kept: list[int],
        seg_vecs: NDArray[np.float32],
        phrase_vecs: NDArray[np.float32],
        phrase_rows: list[NDArray[np.int64]],
    ) -> list[SegmentParts]:
        """Per kept segment, every skill's similarity to it and to its phrases.

        Segments meet every label variant; phrases only preferred labels (alternative
        labels written out are caught by the lexical matcher, and short phrases against
        100k variants mostly add noise)."""
        if not kept:
            return []
        # (variants, segments): the per-skill maximum then runs down contiguous rows
        per_segment = self.label_rows_.group_max(
            seg_vecs[kept], self.group_starts_, self.label_penalty_
        ).T
        phrase_sims = self.preferred_rows_.against(phrase_vecs)
        out = []
        for j, i in enumerate(kept):
            rows = phrase_rows[i]
            seg_sim = per_segment[j]
            ph_sim = phrase_sims[rows].max(axis=0) if len(rows) else seg_sim
            out.append(SegmentParts(i, seg_sim, ph_sim, self._lexical_rows(segments[i])))
        return out

    @property
    def weights(self) -> Weights:
        """The weights this extractor scores with."""
        return Weights(self.w_segment, self.w_phrase, self.w_lexical, self.w_prior)

    def parts(self, text: str) -> list[SegmentParts]:
        """The unweighted parts of a text's scores: what `rank_parts` re-weights (for
        tuning the weights without encoding again)."""
        return self._score(text).parts

    def rank_parts(self, parts: list[SegmentParts], weights: Weights) -> NDArray[np.int64]:
        """Skill ids best first for these parts under other weights."""
        best, _where = combine(parts, len(self.skills_), weights)
        raw = best + weights.w_prior * self.prior_
        return self.ids_[np.argsort(-raw, kind="stable")]

    def _content_rows(
        self, segments: list[Segment], rows: list[int], vecs: NDArray[np.float32]
    ) -> list[int]:
        """Those of `rows` that are not boilerplate: close to a prototype sentence, or
        holding a cue phrase and fairly close. vecs: (n_segments, dim)."""
        if not rows:
            return []
        proto = (vecs[rows] @ self.prototypes_.T).max(axis=1)
        out = []
        for i, sim in zip(rows, proto, strict=True):
            cue = has_boilerplate_cue(segments[i].text)
            if sim < self.boilerplate_threshold and not (
                cue and sim >= self.boilerplate_cue_threshold
            ):
                out.append(i)
        return out

    def _lexical_rows(self, segment: Segment) -> NDArray[np.int64]:
        """Rows of skills whose label is written out in the segment."""
        rows = {self.lexicon_owner_[h.entry] for h in self.matcher_.find(segment.text)}
        return np.fromiter(sorted(rows), dtype=np.int64, count=len(rows))

    def calibrate(self, raw: NDArray[np.float32]) -> NDArray[np.float32]:
        """Map raw scores to [0, 1] with a fixed logistic (monotone, text-independent)."""
        centre, scale = self.calibration
        z = np.clip((raw - centre) / scale, -30.0, 30.0)
        out: NDArray[np.float32] = (1.0 / (1.0 + np.exp(-z))).astype(np.float32)
        return out

    def rank(self, text: str) -> tuple[NDArray[np.int64], NDArray[np.float32]]:
        """All fitted skill ids ordered best first, with their scores in [0, 1]."""
        raw = self._score(text).raw
        order = np.argsort(-raw, kind="stable")
        return self.ids_[order], self.calibrate(raw[order])

    def extract(
        self, text: str, limit: int = 20, min_score: float | None = None
    ) -> list[ExtractedSkill]:
        """Skills found in text, best first: at most `limit`, each scoring >= min_score."""
        return self._found(text, self._score(text), limit, min_score)

    def extract_with_vector(
        self, text: str, limit: int = 20, min_score: float | None = None
    ) -> tuple[list[ExtractedSkill], NDArray[np.float32] | None]:
        """`extract`, plus a vector of the text (dim,) from the same encoder pass: the
        re-normalised mean of its content segments (boilerplate left out); None when the
        text has no content."""
        scored = self._score(text)
        vector = None
        if scored.kept:
            mean = scored.segment_vectors[scored.kept].mean(axis=0, dtype=np.float64)
            norm = float(np.linalg.norm(mean))
            if norm > 0:
                vector = (mean / norm).astype(np.float32)
        return self._found(text, scored, limit, min_score), vector

    def _found(
        self, text: str, scored: _Scored, limit: int, min_score: float | None
    ) -> list[ExtractedSkill]:
        threshold = self.min_score if min_score is None else min_score
        scores = self.calibrate(scored.raw)
        order = top_rows(scores, limit)
        out = []
        for row in order:
            if scores[row] < threshold or scored.where[row] < 0:
                break
            skill = self.skills_[row]
            spans = self._spans(int(row), text, scored)
            out.append(ExtractedSkill(skill.id, skill.uri, skill.label, float(scores[row]), spans))
        return out

    def _spans(self, row: int, text: str, scored: _Scored) -> tuple[Span, ...]:
        """Exact label hits in the best segment, else its closest phrase, else the segment."""
        seg_index = int(scored.where[row])
        segment = scored.segments[seg_index]
        found = {
            (segment.start + h.start, segment.start + h.end)
            for h in self.matcher_.find(segment.text)
            if self.lexicon_owner_[h.entry] == row
        }
        if found:
            return tuple(Span(a, b, text[a:b]) for a, b in sorted(found))
        candidates = [segment, *scored.phrases[seg_index]]
        vecs = np.vstack(
            [
                scored.segment_vectors[seg_index : seg_index + 1],
                scored.phrase_vectors[scored.phrase_rows[seg_index]],
            ]
        )
        first, last = int(self.group_starts_[row]), self._group_end(row)
        sims = (vecs @ self.label_vectors_[first:last].T).max(axis=1)
        sims[0] -= 0.05  # prefer a phrase when it is about as close as the whole segment
        best = candidates[int(np.argmax(sims))]
        return (Span(best.start, best.end, text[best.start : best.end]),)

    def _group_end(self, row: int) -> int:
        """End (exclusive) of the label rows of skill `row`."""
        if row + 1 < len(self.group_starts_):
            return int(self.group_starts_[row + 1])
        return len(self.label_owner_)
