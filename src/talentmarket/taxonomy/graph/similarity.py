"""Skill similarity as sparse matrix work: co-occurrence in roles and tasks, shared
ancestors in the hierarchy, and embeddings. Free functions; shapes in the docstrings.

Rows are skill positions 0..n-1 (the caller maps skill ids to positions). Nothing here
loops over pairs in Python: one sparse product gives a whole block of similarities.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

FloatArray = NDArray[np.float32]
IntArray = NDArray[np.int64]
MAX_HIERARCHY_DEPTH = 32  # stops the closure on a cycle in bad data


def context_idf(counts: NDArray[np.float64], n_items: int) -> NDArray[np.float64]:
    """Smoothed inverse frequency of contexts (c,) from how many items each holds (c,).

    A role listing 150 skills says less about any two of them belonging together than a
    task using three: idf = log((1 + n_items) / (1 + count)) + 1, as scikit-learn smooths.
    """
    return np.log((1.0 + n_items) / (1.0 + counts)) + 1.0


def l2_normalise_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Rows of a sparse (n, m) matrix scaled to unit length; empty rows stay empty."""
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return sp.csr_matrix(sp.diags(scale) @ matrix)


def cooccurrence_matrix(
    skill_pos: IntArray, context_pos: IntArray, weights: NDArray[np.float64], n_skills: int
) -> sp.csr_matrix:
    """Skill-by-context matrix (n_skills, n_contexts), IDF-weighted, unit rows, float32.

    skill_pos, context_pos, weights (e,): one entry per (skill, context) edge, e.g. role
    needs skill (essential 1.0, optional less) or task uses skill. Duplicate pairs add up.
    The cosine of two rows is their co-occurrence similarity.
    """
    n_contexts = int(context_pos.max()) + 1 if context_pos.size else 0
    raw = sp.csr_matrix(
        (weights.astype(np.float64), (skill_pos, context_pos)), shape=(n_skills, n_contexts)
    )
    raw.sum_duplicates()
    counts = np.diff(raw.tocsc().indptr).astype(np.float64)
    n_items = int(np.count_nonzero(np.diff(raw.indptr)))
    weighted = sp.csr_matrix(raw @ sp.diags(context_idf(counts, max(n_items, 1))))
    return l2_normalise_rows(weighted).astype(np.float32)


def ancestor_closure(
    child_pos: IntArray, parent_pos: IntArray, n: int, max_depth: int = MAX_HIERARCHY_DEPTH
) -> sp.csr_matrix:
    """Binary (n, n) matrix: [i, j] = 1 when j is i or an ancestor of i.

    child_pos, parent_pos (e,): 'broader' edges child -> parent. A cycle cannot loop
    forever: the walk stops after max_depth levels.
    """
    step = sp.csr_matrix(
        (np.ones(child_pos.size, dtype=np.float32), (child_pos, parent_pos)), shape=(n, n)
    )
    step.data[:] = 1.0
    closure = sp.identity(n, dtype=np.float32, format="csr")
    frontier = sp.identity(n, dtype=np.float32, format="csr")
    for _ in range(max_depth):
        frontier = sp.csr_matrix(frontier @ step)
        if frontier.nnz == 0:
            break
        frontier.data[:] = 1.0
        grown = sp.csr_matrix(closure + frontier)
        grown.data[:] = 1.0
        if grown.nnz == closure.nnz:
            break
        closure = grown
    closure.sum_duplicates()
    closure.data[:] = 1.0
    return closure


def ancestor_weights(closure: sp.csr_matrix) -> NDArray[np.float64]:
    """IDF weight (n,) of each node as an ancestor: a root that everything shares is
    worth little, a small group a lot. closure (n, n) from `ancestor_closure`."""
    below = np.diff(closure.tocsc().indptr).astype(np.float64)
    return context_idf(below, closure.shape[0])


def hierarchy_similarity(
    closure: sp.csr_matrix,
    weights: NDArray[np.float64],
    a: IntArray,
    b: IntArray | None = None,
) -> FloatArray:
    """Weighted Jaccard of ancestor sets (each set includes the node): (len(a), len(b)).

    closure (n, n) and weights (n,) from `ancestor_closure` / `ancestor_weights`;
    a, b: node positions (b None: every node). Siblings score high, unrelated branches 0.
    """
    rows_a = closure[a]
    rows_b = closure if b is None else closure[b]
    totals = np.asarray(closure @ weights).ravel()
    tot_a = totals[a]
    tot_b = totals if b is None else totals[b]
    inter = np.asarray((rows_a @ sp.diags(weights) @ rows_b.T).toarray(), dtype=np.float64)
    union = tot_a[:, None] + tot_b[None, :] - inter
    out = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    result: FloatArray = out.astype(np.float32)
    return result


def cosine_block(matrix: sp.csr_matrix, a: IntArray, b: IntArray | None = None) -> FloatArray:
    """Cosine of unit sparse rows: (len(a), len(b)), or (len(a), n) when b is None."""
    rows_b = matrix if b is None else matrix[b]
    return np.asarray((matrix[a] @ rows_b.T).toarray(), dtype=np.float32)


def dense_cosine_block(
    vectors: FloatArray, present: NDArray[np.bool_], a: IntArray, b: IntArray | None = None
) -> tuple[FloatArray, NDArray[np.bool_]]:
    """Cosine of unit dense rows (n, dim): scores (len(a), len(b)) and a mask of the
    pairs where both rows have a vector (present (n,) bool)."""
    rows_b = vectors if b is None else vectors[b]
    has_b = present if b is None else present[b]
    scores = np.asarray(vectors[a] @ rows_b.T, dtype=np.float32)
    return scores, present[a][:, None] & has_b[None, :]


def combine_parts(
    parts: list[tuple[float, FloatArray, NDArray[np.bool_] | None]],
) -> FloatArray:
    """Weighted mean of similarity blocks, each (r, c) with an optional availability mask
    (r, c); a part missing for a pair drops out of that pair's mean."""
    total = np.zeros_like(parts[0][1], dtype=np.float32)
    mass = np.zeros_like(total)
    for weight, block, mask in parts:
        if weight <= 0:
            continue
        if mask is None:
            total += weight * block
            mass += weight
        else:
            total += np.where(mask, weight * block, 0.0).astype(np.float32)
            mass += np.where(mask, weight, 0.0).astype(np.float32)
    out: FloatArray = np.divide(total, mass, out=np.zeros_like(total), where=mass > 0)
    return out
