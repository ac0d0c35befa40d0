"""Vectorised skill coverage: how much of what a destination needs an origin already has.

A `SkillMatrix` holds many weighted skill lists (roles' needs or openings' requirements) as
one CSR structure with aligned data arrays (importance, level, essential). A holder is a
dense level vector over the same skill columns: 0 means "not held", held skills carry at
least `HELD_FLOOR` so that holding a skill at level 0 differs from not holding it.

Credit for one need is min(1, held / required) (1 when nothing above level 0 is
required and the skill is held). Optionally a held skill earns partial credit for a
similar needed one: the held level is carried over, discounted by the similarity and a
factor, and only the best single similar skill counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
HELD_FLOOR = 1e-3


class SkillNeed(Protocol):
    """Anything with a skill id, importance, optional level and an essential flag."""

    @property
    def skill_id(self) -> str: ...
    @property
    def importance(self) -> float: ...
    @property
    def level(self) -> float | None: ...
    @property
    def essential(self) -> bool: ...


@dataclass(frozen=True)
class SkillMatrix:
    """Rows of weighted skill needs in CSR layout; levels with no value are stored as 1.0."""

    skill_ids: list[str]
    indptr: NDArray[np.int64]
    indices: NDArray[np.int64]
    importance: FloatArray
    level: FloatArray
    essential: NDArray[np.bool_]

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, skills)."""
        return len(self.indptr) - 1, len(self.skill_ids)

    def _csr(self, data: NDArray[np.generic]) -> sp.csr_matrix:
        """A CSR matrix of this structure with the given aligned data."""
        return sp.csr_matrix((data, self.indices, self.indptr), shape=self.shape)

    def profile(self) -> sp.csr_matrix:
        """Importance x level per (row, skill); shape (rows, skills)."""
        return self._csr(self.importance * self.level)

    def weights(self, essential_only: bool = False) -> sp.csr_matrix:
        """Importance per (row, skill), optionally only essential needs; (rows, skills)."""
        data = self.importance * self.essential if essential_only else self.importance
        return self._csr(data.astype(np.float64))

    def row(self, i: int) -> tuple[NDArray[np.int64], FloatArray, FloatArray, NDArray[np.bool_]]:
        """Columns, importances, levels and essential flags of row i."""
        sl = slice(int(self.indptr[i]), int(self.indptr[i + 1]))
        return self.indices[sl], self.importance[sl], self.level[sl], self.essential[sl]

    def take(self, rows: NDArray[np.intp]) -> SkillMatrix:
        """A `SkillMatrix` of the given rows only, in that order (same skill columns)."""
        starts, ends = self.indptr[rows], self.indptr[np.asarray(rows) + 1]
        lengths = ends - starts
        picks = (
            np.concatenate([np.arange(a, b) for a, b in zip(starts, ends, strict=True)])
            if len(rows)
            else np.zeros(0, dtype=np.int64)
        ).astype(np.int64)
        return SkillMatrix(
            skill_ids=self.skill_ids,
            indptr=np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
            indices=self.indices[picks],
            importance=self.importance[picks],
            level=self.level[picks],
            essential=self.essential[picks],
        )

    def held_levels(self, i: int) -> FloatArray:
        """Row i read as a holder: dense levels over all skills, 0 where absent; (skills,)."""
        cols, _, levels, _ = self.row(i)
        held = np.zeros(len(self.skill_ids), dtype=np.float64)
        held[cols] = np.maximum(levels, HELD_FLOOR)
        return held


def build_skill_matrix(
    rows: Sequence[Iterable[SkillNeed]], skill_ids: Sequence[str] | None = None
) -> SkillMatrix:
    """Stack skill lists into a `SkillMatrix`; repeated skills in a row keep the strongest."""
    vocab = {s: k for k, s in enumerate(skill_ids or [])}
    fixed = skill_ids is not None
    indptr = [0]
    idx: list[int] = []
    imp: list[float] = []
    lvl: list[float] = []
    ess: list[bool] = []
    for needs in rows:
        merged: dict[int, tuple[float, float, bool]] = {}
        for need in needs:
            if fixed and need.skill_id not in vocab:
                continue
            col = vocab.setdefault(need.skill_id, len(vocab))
            level = 1.0 if need.level is None else float(need.level)
            old = merged.get(col)
            new = (float(need.importance), level, bool(need.essential))
            merged[col] = (
                new if old is None else (max(old[0], new[0]), max(old[1], new[1]), old[2] or new[2])
            )
        for col in sorted(merged):
            idx.append(col)
            imp.append(merged[col][0])
            lvl.append(merged[col][1])
            ess.append(merged[col][2])
        indptr.append(len(idx))
    ids = [""] * len(vocab)
    for s, k in vocab.items():
        ids[k] = s
    return SkillMatrix(
        skill_ids=ids,
        indptr=np.asarray(indptr, dtype=np.int64),
        indices=np.asarray(idx, dtype=np.int64),
        importance=np.asarray(imp, dtype=np.float64),
        level=np.clip(np.asarray(lvl, dtype=np.float64), 0.0, 1.0),
        essential=np.asarray(ess, dtype=bool),
    )


def level_credit(held: FloatArray, required: FloatArray) -> FloatArray:
    """Elementwise credit min(1, held / required); 1 if held > 0 and required <= 0; same shape."""
    safe = np.where(required > 0.0, required, 1.0)
    ratio = np.where(required > 0.0, held / safe, np.where(held > 0.0, 1.0, 0.0))
    credit: FloatArray = np.clip(ratio, 0.0, 1.0)
    return credit


def transfer_levels(
    held: FloatArray, similarity: sp.csr_matrix | None, factor: float = 0.5
) -> FloatArray:
    """Effective held levels: own level, or factor x sim x level of the best similar held skill.

    held (m,) levels, 0 where absent; similarity (m, m) sparse in [0, 1] with row s listing
    skills similar to s. Only one held skill's worth counts per skill. Returns (m,).
    """
    if similarity is None or factor <= 0.0:
        return held
    carried = sp.csr_matrix(similarity.multiply(held[np.newaxis, :]))
    best = np.zeros(len(held), dtype=np.float64)
    if carried.nnz:
        best = np.asarray(carried.max(axis=1).toarray(), dtype=np.float64).ravel()
    out: FloatArray = np.maximum(held, factor * best)
    return out


def weighted_coverage(
    needs: SkillMatrix, held: FloatArray, essential_only: bool = False
) -> FloatArray:
    """Share of each row's weighted needs that a holder with levels `held` (m,) covers; (rows,).

    Rows with no (essential) needs get 0.
    """
    weight = needs.importance * (needs.essential if essential_only else 1.0)
    credit = level_credit(held[needs.indices], needs.level)
    num = np.add.reduceat(np.append(weight * credit, 0.0), needs.indptr[:-1])
    den = np.add.reduceat(np.append(weight, 0.0), needs.indptr[:-1])
    empty = needs.indptr[1:] == needs.indptr[:-1]
    num[empty] = 0.0
    den[empty | (den == 0.0)] = 1.0
    result: FloatArray = num / den
    return result


def unmet_essential(needs: SkillMatrix, held: FloatArray, threshold: float = 0.5) -> FloatArray:
    """Count of each row's essential needs whose credit is below `threshold`; (rows,)."""
    credit = level_credit(held[needs.indices], needs.level)
    unmet = (needs.essential & (credit < threshold)).astype(np.float64)
    out = np.add.reduceat(np.append(unmet, 0.0), needs.indptr[:-1])
    out[needs.indptr[1:] == needs.indptr[:-1]] = 0.0
    result: FloatArray = out
    return result


def coverage_from(needs: SkillMatrix, origin: int) -> FloatArray:
    """Share of every row's weighted needs that row `origin` covers, level-aware; (rows,)."""
    return weighted_coverage(needs, needs.held_levels(origin))
