"""NumpyIndex against brute force; chunking and pooling of long texts."""

from __future__ import annotations

import numpy as np
import pytest

from talentmarket.textintel.encoders import HashingEncoder
from talentmarket.textintel.vectors import (
    NumpyIndex,
    VectorIndex,
    document_vector,
    mean_pool,
    split_chunks,
    top_k,
)


def _unit(rng: np.random.Generator, n: int, dim: int) -> np.ndarray:
    m = rng.standard_normal((n, dim)).astype(np.float32)
    out: np.ndarray = m / np.linalg.norm(m, axis=1, keepdims=True)
    return out


def _brute(matrix: np.ndarray, ids: np.ndarray, q: np.ndarray, k: int) -> np.ndarray:
    scores = matrix @ (q / np.linalg.norm(q))
    return ids[np.argsort(-scores, kind="stable")[:k]]


@pytest.fixture
def data() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    ids = rng.permutation(np.arange(1000, 1500)).astype(np.int64)
    return ids, _unit(rng, 500, 32), _unit(rng, 20, 32)


def test_search_matches_brute_force(data: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    ids, matrix, queries = data
    index = NumpyIndex(ids, matrix)
    assert isinstance(index, VectorIndex)
    for q in queries:
        got, scores = index.search(q, 10)
        np.testing.assert_array_equal(got, _brute(matrix, ids, q, 10))
        assert got.dtype == np.int64
        assert scores.dtype == np.float32
        assert np.all(np.diff(scores) <= 0)
        rows = [int(np.flatnonzero(ids == i)[0]) for i in got]
        np.testing.assert_allclose(scores, matrix[rows] @ q, rtol=1e-5)


def test_scores_are_cosines_of_unnormalised_rows() -> None:
    index = NumpyIndex([1, 2, 3], [[2.0, 0.0], [0.0, 5.0], [1.0, 1.0]])
    ids, scores = index.search(np.array([3.0, 3.0], dtype=np.float32), 3)
    assert ids.tolist() == [3, 1, 2]
    np.testing.assert_allclose(scores, [1.0, np.sqrt(0.5), np.sqrt(0.5)], rtol=1e-6)


def test_search_many_matches_search(data: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    ids, matrix, queries = data
    index = NumpyIndex(ids, matrix)
    many_ids, many_scores = index.search_many(queries, 7)
    assert many_ids.shape == (20, 7)
    assert many_scores.shape == (20, 7)
    for row, q in enumerate(queries):
        one_ids, one_scores = index.search(q, 7)
        np.testing.assert_array_equal(many_ids[row], one_ids)
        np.testing.assert_allclose(many_scores[row], one_scores, rtol=1e-5)


def test_allowed_restricts_candidates(data: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    ids, matrix, queries = data
    index = NumpyIndex(ids, matrix)
    allowed = set(ids[::7].tolist()) | {999_999}  # an unknown id is ignored
    mask = np.isin(ids, list(allowed))
    for q in queries[:5]:
        got, _ = index.search(q, 5, allowed=allowed)
        np.testing.assert_array_equal(got, _brute(matrix[mask], ids[mask], q, 5))
    big = set(ids[:450].tolist())  # the full-product path
    mask = np.isin(ids, list(big))
    got, _ = index.search(queries[0], 5, allowed=big)
    np.testing.assert_array_equal(got, _brute(matrix[mask], ids[mask], queries[0], 5))
    assert index.search(queries[0], 5, allowed=[])[0].size == 0


def test_k_larger_than_n() -> None:
    index = NumpyIndex([5, 6, 7], np.eye(3, dtype=np.float32))
    ids, scores = index.search(np.array([1, 0, 0], dtype=np.float32), 10)
    assert ids.tolist() == [5, 6, 7]  # ties broken by position
    assert scores.tolist() == [1.0, 0.0, 0.0]
    many, _ = index.search_many(np.eye(3, dtype=np.float32), 10)
    assert many.shape == (3, 3)
    assert many[:, 0].tolist() == [5, 6, 7]
    assert index.search(np.array([1, 0, 0], dtype=np.float32), 2, allowed=[7])[0].tolist() == [7]


def test_empty_index_and_bad_shapes() -> None:
    index = NumpyIndex(np.zeros(0, dtype=np.int64), np.zeros((0, 4), dtype=np.float32))
    assert len(index) == 0
    assert index.search(np.ones(4, dtype=np.float32), 3)[0].size == 0
    assert index.search_many(np.ones((2, 4), dtype=np.float32), 3)[0].shape == (2, 0)
    with pytest.raises(ValueError, match="dimensions"):
        NumpyIndex([1], np.ones((1, 4))).search(np.ones(3, dtype=np.float32), 1)
    with pytest.raises(ValueError, match="ids"):
        NumpyIndex([1, 2], np.ones((1, 4)))


def test_top_k_breaks_ties_by_position() -> None:
    assert top_k(np.array([0.5, 0.9, 0.5, 0.9], dtype=np.float32), 3).tolist() == [1, 3, 0]


def test_long_text_is_chunked_not_truncated() -> None:
    sentence = "Led a team of engineers building payment systems in Python and Go. "
    text = sentence * 300 + "Finally, I speak fluent Japanese."  # about 20,000 characters
    chunks = split_chunks(text)
    assert len(text) > 19_000
    assert chunks[-1] == "Finally, I speak fluent Japanese."
    assert all(len(c.split()) <= 120 for c in chunks)
    encoder = HashingEncoder()
    vec = document_vector(encoder, text)
    assert vec.shape == (64,)
    assert np.isclose(np.linalg.norm(vec), 1.0)
    expected = mean_pool(encoder.encode(chunks))
    np.testing.assert_allclose(vec, expected, rtol=1e-6)
    # the last sentence counts, though it sits past any 256-token window
    assert float(vec @ encoder.encode(["fluent Japanese"])[0]) > float(
        document_vector(encoder, sentence * 300) @ encoder.encode(["fluent Japanese"])[0]
    )
