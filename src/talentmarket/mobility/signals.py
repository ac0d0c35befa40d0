"""Vectorised building blocks of role relatedness: row-normalised feature matrices.

Every signal is a matrix whose rows are unit length (or zero), so the similarity of one
role to all others is one sparse or dense product. Numeric helpers are free functions;
shapes are given as (n roles, m features).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.feature_extraction.text import TfidfVectorizer

FloatArray = NDArray[np.float64]
Matrix: TypeAlias = sp.csr_matrix | NDArray[np.float32] | NDArray[np.float64]


def normalize_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Scale each row of a sparse (n, m) matrix to unit L2 norm; zero rows stay zero."""
    csr = sp.csr_matrix(matrix, dtype=np.float64)
    norms = np.sqrt(np.asarray(csr.multiply(csr).sum(axis=1)).ravel())
    norms[norms == 0.0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ csr)


def normalize_dense_rows(matrix: NDArray[np.floating]) -> NDArray[np.float32]:
    """Scale each row of a dense (n, d) matrix to unit L2 norm; zero rows stay zero."""
    dense = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(dense, axis=1, keepdims=True)
    norms[norms == 0.0] = 1.0
    out: NDArray[np.float32] = (dense / norms).astype(np.float32)
    return out


def tfidf_rows(docs: Sequence[str]) -> sp.csr_matrix:
    """Sublinear TF-IDF (English stop words removed) of n documents; (n, vocab), unit rows."""
    if not any(doc.strip() for doc in docs):
        return sp.csr_matrix((len(docs), 1), dtype=np.float64)
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english", dtype=np.float64)
    try:
        return normalize_rows(vectorizer.fit_transform(list(docs)))
    except ValueError:  # only stop words: no vocabulary
        return sp.csr_matrix((len(docs), 1), dtype=np.float64)


def smooth_idf(presence: sp.csr_matrix) -> FloatArray:
    """Smoothed inverse document frequency ln((n + 1) / (df + 1)) + 1 of (n, m) columns; (m,)."""
    n_rows = presence.shape[0]
    df = np.asarray((presence != 0).sum(axis=0)).ravel().astype(np.float64)
    idf: FloatArray = np.log((n_rows + 1.0) / (df + 1.0)) + 1.0
    return idf


def idf_weighted_rows(counts: sp.csr_matrix) -> sp.csr_matrix:
    """Weight an (n, m) count or weight matrix by column IDF, then normalise the rows."""
    csr = sp.csr_matrix(counts, dtype=np.float64)
    return normalize_rows(sp.csr_matrix(csr @ sp.diags(smooth_idf(csr))))


def row_similarity(matrix: Matrix, row: int) -> FloatArray:
    """Cosine similarity of role `row` to all roles of a unit-row (n, m) matrix; (n,).

    One sparse-matrix x dense-vector product: no fancy indexing, so a query stays cheap.
    """
    if isinstance(matrix, sp.csr_matrix):
        csr = matrix
        start, end = csr.indptr[row], csr.indptr[row + 1]
        dense_row = np.zeros(csr.shape[1], dtype=np.float64)
        dense_row[csr.indices[start:end]] = csr.data[start:end]
        return np.asarray(csr @ dense_row, dtype=np.float64)
    dense: NDArray[np.floating] = np.asarray(matrix)
    # einsum, not BLAS gemv: a threaded gemv on a busy machine costs ~20x more per query
    return np.asarray(np.einsum("ij,j->i", dense, dense[row]), dtype=np.float64)


def transpose_for_products(matrix: Matrix) -> Matrix:
    """The (m, n) transpose in a layout that makes `block_similarity` products fast."""
    if isinstance(matrix, sp.csr_matrix):
        return sp.csr_matrix(matrix.T)
    dense: NDArray[np.floating] = np.ascontiguousarray(np.asarray(matrix).T)
    return dense


def block_similarity(
    matrix: Matrix, rows: NDArray[np.intp], transposed: Matrix | None = None
) -> FloatArray:
    """Cosine similarity of several roles to all roles; (len(rows), n).

    `transposed` is `transpose_for_products(matrix)`, precomputed once to keep a query fast.
    """
    if isinstance(matrix, sp.csr_matrix):
        right = sp.csr_matrix(matrix.T) if transposed is None else transposed
        sims = matrix[rows] @ right
        return np.asarray(sims.toarray(), dtype=np.float64)
    dense: NDArray[np.floating] = np.asarray(matrix)
    return np.asarray(dense[rows] @ dense.T, dtype=np.float64)


def code_matrix(codes: Sequence[str]) -> NDArray[np.uint32]:
    """Hierarchical codes as an (n, L) array of code points, right-padded with zeros."""
    width = max((len(c) for c in codes), default=0)
    out = np.zeros((len(codes), max(width, 1)), dtype=np.uint32)
    for i, code in enumerate(codes):
        out[i, : len(code)] = [ord(ch) for ch in code]
    return out


def prefix_similarity(codes: NDArray[np.uint32], row: int) -> FloatArray:
    """Shared leading characters of role `row`'s code with every code over the longer length.

    Hierarchical codes (O*NET-SOC, ISCO) put the broad group first, so a longer common
    prefix means a closer group. Roles without a code get 0. Shape (n,).
    """
    lengths = (codes != 0).sum(axis=1)
    same = np.cumprod((codes == codes[row]) & (codes != 0), axis=1).sum(axis=1)
    longer = np.maximum(lengths, lengths[row]).astype(np.float64)
    longer[longer == 0.0] = 1.0
    result: FloatArray = same / longer
    return result


def sample_rows(n_rows: int, max_rows: int, seed: int) -> NDArray[np.intp]:
    """Up to `max_rows` distinct row indices, sorted, drawn with a fixed seed."""
    if n_rows <= max_rows:
        return np.arange(n_rows, dtype=np.intp)
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(n_rows, size=max_rows, replace=False)).astype(np.intp)


def off_diagonal_stats(
    sims: FloatArray, rows: NDArray[np.intp], quantile: float
) -> tuple[float, float]:
    """Mean and high quantile of a (k, n) similarity block, leaving out each row's self pair."""
    mask = np.ones(sims.shape, dtype=bool)
    mask[np.arange(len(rows)), rows] = False
    values = sims[mask]
    if values.size == 0:
        return 0.0, 1.0
    return float(values.mean()), float(np.quantile(values, quantile))
