"""Combining extraction parts: each skill's best segment as a loop over the segments
would find it, and the top rows as a stable sort of all rows would order them."""

from __future__ import annotations

import numpy as np

from talentmarket.textintel.scoreparts import SegmentParts, Weights, combine, top_rows

WEIGHTS = Weights(0.5, 0.5, 0.2, 0.06)


def _looped(parts: list[SegmentParts], n: int) -> tuple[np.ndarray, np.ndarray]:
    best = np.full(n, -np.inf, dtype=np.float32)
    where = np.full(n, -1, dtype=np.int64)
    for part in parts:
        score = WEIGHTS.w_segment * part.segment_sim + WEIGHTS.w_phrase * part.phrase_sim
        score[part.lexical_rows] += WEIGHTS.w_lexical
        better = score > best
        best[better] = score[better]
        where[better] = part.segment
    best[where < 0] = 0.0
    return best, where


def test_best_segments_equal_a_loop_over_the_segments() -> None:
    rng = np.random.default_rng(3)
    n = 300
    # coarse values, so that segments tie and the first of them must win
    sims = np.round(rng.random((6, 2, n)), 1).astype(np.float32)
    parts = [
        SegmentParts(10 + i, sims[i, 0], sims[i, 1], np.sort(rng.choice(n, 5, replace=False)))
        for i in range(6)
    ]
    best, where = combine(parts, n, WEIGHTS)
    want_best, want_where = _looped(parts, n)
    np.testing.assert_allclose(best, want_best, rtol=1e-6)
    np.testing.assert_array_equal(where, want_where)
    assert best.dtype == np.float32
    none_best, none_where = combine([], n, WEIGHTS)
    assert not none_best.any()
    assert (none_where == -1).all()


def test_top_rows_order_as_a_stable_sort() -> None:
    scores = np.round(np.random.default_rng(4).random(1000), 2).astype(np.float32)  # ties
    stable = np.argsort(-scores, kind="stable")
    for k in (0, 1, 7, 20, 999, 1000, 1500):
        np.testing.assert_array_equal(top_rows(scores, k), stable[: max(k, 0)])
