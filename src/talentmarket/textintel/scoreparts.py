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
    (-1: none), before the prior."""
    best = np.full(n_skills, -np.inf, dtype=np.float32)
    where = np.full(n_skills, -1, dtype=np.int64)
    for part in parts:
        score = weights.w_segment * part.segment_sim + weights.w_phrase * part.phrase_sim
        score[part.lexical_rows] += weights.w_lexical
        better = score > best
        best[better] = score[better]
        where[better] = part.segment
    best[where < 0] = 0.0
    return best, where
