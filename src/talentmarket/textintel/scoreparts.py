"""The parts of an extraction score, kept apart so that the weights can be applied later.

Per content segment of a text: every skill's best label-variant similarity to the segment,
its best preferred-label similarity to one of the segment's phrases, and which skills have
a label written out in it. `combine` turns them into each skill's best segment under given
weights; the extractor scores with its own weights, and `talentmarket eval extraction
--tune-on` re-weights the same parts many times without encoding again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True, slots=True)
class SegmentParts:
    """One content segment's similarity to every skill (n_skills,) and its lexical hits."""

    segment: int  # index of the segment in the text
    segment_sim: NDArray[np.float32]
    phrase_sim: NDArray[np.float32]  # the segment's own similarity when it has no phrase
    lexical_rows: NDArray[np.int64]  # skills with a label written out in the segment


@dataclass(frozen=True, slots=True)
class Weights:
    """How the parts add up: w_segment * segment + w_phrase * phrase + w_lexical * hit,
    plus w_prior * prior on the skill's best segment."""

    w_segment: float
    w_phrase: float
    w_lexical: float
    w_prior: float


def combine(
    parts: list[SegmentParts], n_skills: int, weights: Weights
) -> tuple[NDArray[np.float32], NDArray[np.int64]]:
    """Each skill's best weighted score over the segments (0 when none) and that segment
    (-1: none; the first of equal ones), before the prior."""
    if not parts:
        return np.zeros(n_skills, dtype=np.float32), np.full(n_skills, -1, dtype=np.int64)
    score = weights.w_segment * np.stack([p.segment_sim for p in parts])
    score += weights.w_phrase * np.stack([p.phrase_sim for p in parts])
    for i, part in enumerate(parts):
        score[i, part.lexical_rows] += weights.w_lexical
    first = score.argmax(axis=0)
    best = score[first, np.arange(n_skills)].astype(np.float32)
    where = np.asarray([p.segment for p in parts], dtype=np.int64)[first]
    return best, where


def top_rows(scores: NDArray[np.float32], k: int) -> NDArray[np.int64]:
    """Rows of the k highest scores, best first, equal scores in row order (as a stable
    sort of all of them, without sorting all of them)."""
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    if k >= len(scores):
        return np.argsort(-scores, kind="stable").astype(np.int64)
    kth = np.partition(-scores, k - 1)[k - 1]
    rows = np.flatnonzero(-scores <= kth)  # every row tied with the k-th included
    return rows[np.argsort(-scores[rows], kind="stable")][:k].astype(np.int64)
