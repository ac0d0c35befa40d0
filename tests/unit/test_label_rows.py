"""Label rows kept as bfloat16 for products give the float32 scores up to bfloat16 rounding."""

from __future__ import annotations

import pickle

import numpy as np

from talentmarket.textintel.linalg import Rows


def _unit(n: int, d: int, seed: int) -> np.ndarray:
    m = np.random.default_rng(seed).standard_normal((n, d)).astype(np.float32)
    out: np.ndarray = m / np.linalg.norm(m, axis=1, keepdims=True)
    return out


def test_products_equal_float32_up_to_bfloat16_rounding() -> None:
    labels, queries = _unit(500, 64, 1), _unit(7, 64, 2)
    rows = Rows(labels)
    exact = queries @ labels.T
    got = rows.against(queries)
    assert got.dtype == np.float32
    assert got.shape == (7, 500)
    np.testing.assert_allclose(got, exact, atol=2e-2)
    assert not np.array_equal(got, exact)  # really the bfloat16 copy
    flipped = rows.against(queries, rows_first=True)
    assert flipped.shape == (500, 7)
    np.testing.assert_array_equal(flipped, got.T)
    # the best label of each query is still the best, or one within rounding of it
    best = exact[np.arange(7), got.argmax(axis=1)]
    assert np.all(exact.max(axis=1) - best < 8e-3)


def test_pickles_without_the_copy_and_answers_for_no_queries() -> None:
    rows = Rows(_unit(50, 16, 3))
    rows.against(_unit(2, 16, 4))
    assert rows._half is not None
    again = pickle.loads(pickle.dumps(rows))
    assert again._half is None
    np.testing.assert_array_equal(again.matrix, rows.matrix)
    assert again.against(np.zeros((0, 16), np.float32)).shape == (0, 50)
    assert again.against(np.zeros((0, 16), np.float32), rows_first=True).shape == (50, 0)


def test_group_maxima_equal_the_maxima_of_the_product_less_the_penalty() -> None:
    labels, queries = _unit(500, 64, 5), _unit(6, 64, 6)
    owner = np.sort(np.random.default_rng(7).integers(0, 120, 500))
    starts = np.flatnonzero(np.r_[True, np.diff(owner) != 0])
    penalty = np.where(np.arange(500) % 3 == 0, 0.02, 0.0).astype(np.float32)
    rows = Rows(labels)
    got = rows.group_max(queries, starts, penalty)
    assert got.shape == (len(starts), 6)
    want = np.maximum.reduceat(rows.against(queries, rows_first=True) - penalty[:, None], starts)
    np.testing.assert_array_equal(got, want)  # the same bfloat16 products, the same maxima
    exact = np.maximum.reduceat((labels @ queries.T) - penalty[:, None], starts)
    np.testing.assert_allclose(got, exact, atol=2e-2)
    assert rows.group_max(np.zeros((0, 64), np.float32), starts, penalty).shape == (len(starts), 0)
