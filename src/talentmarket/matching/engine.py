"""Ranking in both directions over in-memory pools, as array work.

Pools (`matching.pools`) are plain arrays built by the ranking service from the database;
this module never sees a database. Candidate generation narrows the pool with a sparse
pre-score (held skills and their neighbours against the requirements) and embedding
nearest neighbours; the shortlist is then scored by `scoring` exactly as a single pair
would be, so both directions give the same number for the same pair. Role proximity comes
in as an array per shortlist, computed by the caller from role relatedness: the core
calls out to nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from talentmarket.matching.adjacency import SkillNeighbours
from talentmarket.matching.opening_pool import OpeningPool
from talentmarket.matching.pools import EmployeePool, Person
from talentmarket.matching.scoring import (
    PairScores,
    PreferenceInputs,
    RequirementCredit,
    ScoringConfig,
    aggregate_coverage,
    combine,
    preferences_part,
    requirement_credit,
    semantic_part,
)

F32 = NDArray[np.float32]
I32 = NDArray[np.int32]
I64 = NDArray[np.int64]
B = NDArray[np.bool_]


@dataclass
class Ranked:
    """Scores of a set of pairs with what explanations need."""

    index: I64  # (P,) position in the pool of the other side
    scores: PairScores
    rows_pair: I64  # (N,) pair of each requirement row
    rows: I64  # (N,) requirement row index in the opening pool (or ad-hoc rows)
    credit: RequirementCredit
    neighbours: I32  # (N, J) neighbour skill positions per row
    direct_level: F32  # (N,) held level of each row's skill
    neighbour_level: F32  # (N, J) held level of each row's neighbour slots


class Matcher:
    """Scores and ranks pairs with one configuration and skill graph."""

    def __init__(self, neighbours: SkillNeighbours, config: ScoringConfig | None = None) -> None:
        self.neighbours = neighbours
        self.config = config or ScoringConfig()

    # -- opportunities: one person, many openings -----------------------------------------
    def shortlist_openings(self, person: Person, pool: OpeningPool, allowed: B, size: int) -> I64:
        """Openings worth scoring: all allowed ones when few, else a pre-scored subset."""
        candidates = np.flatnonzero(allowed)
        if len(candidates) <= size:
            return candidates.astype(np.int64)
        spread = self._spread(person.levels)
        rows_score = spread[pool.req_skill] * pool.req_weight
        pre = (
            np.add.reduceat(np.append(rows_score, 0.0), pool.req_ptr[:-1])
            if len(rows_score)
            else np.zeros(len(pool))
        )
        empty = pool.req_ptr[1:] == pool.req_ptr[:-1]
        pre = np.where(empty, 0.0, pre)
        if person.vector is not None:
            pre = pre / max(float(pre.max()), 1e-6) + pool.vectors @ person.vector
        keep = candidates[np.argpartition(-pre[candidates], size - 1)[:size]]
        return np.sort(keep).astype(np.int64)

    def score_openings(self, person: Person, pool: OpeningPool, index: I64, role: F32) -> Ranked:
        """Score one person against the openings at `index`.

        role: (P,) proximity of the person's role to each opening's role, NaN unknown.
        """
        lengths = pool.req_ptr[index + 1] - pool.req_ptr[index]
        pair = np.repeat(np.arange(len(index), dtype=np.int64), lengths)
        rows = _ranges(pool.req_ptr[index], lengths)
        skill = pool.req_skill[rows]
        nbr = self.neighbours.nbr[skill]
        direct = person.levels[skill]
        nbr_level = np.where(nbr >= 0, person.levels[np.maximum(nbr, 0)], 0.0).astype(np.float32)
        credit = requirement_credit(
            direct,
            nbr_level,
            self.neighbours.sim[skill],
            pool.req_min[rows],
            self.config.adjacent_credit,
        )
        sem = self._semantic(pool.vectors[index], pool.has_vector[index], person.vector)
        prefs = _opening_preferences(person, pool, index, pair, skill, credit)
        return self._finish(
            index,
            pair,
            rows,
            nbr,
            (direct, nbr_level),
            credit,
            pool.req_weight[rows],
            pool.req_must[rows],
            sem,
            role,
            prefs,
        )

    # -- candidates: one opening, many employees ------------------------------------------
    def shortlist_employees(
        self,
        pool: EmployeePool,
        o: int,
        openings: OpeningPool,
        allowed: B,
        size: int,
        vector_k: int = 300,
        vector_hits: I64 | None = None,
    ) -> I64:
        """Employees worth scoring for opening o: sparse pre-score plus vector neighbours.

        vector_hits: pool positions of the opening's nearest employees when an external
        index (pgvector) found them; otherwise they are found here by one matrix product.
        """
        candidates = np.flatnonzero(allowed)
        if len(candidates) <= size:
            return candidates.astype(np.int64)
        r0, r1 = int(openings.req_ptr[o]), int(openings.req_ptr[o + 1])
        q = np.zeros(pool.levels.shape[1], dtype=np.float32)
        skills = openings.req_skill[r0:r1]
        weights = openings.req_weight[r0:r1]
        nbr = self.neighbours.nbr[skills]
        sims = self.neighbours.sim[skills] * self.config.adjacent_credit
        valid = nbr >= 0
        np.maximum.at(q, nbr[valid], (sims * weights[:, None])[valid])
        np.maximum.at(q, skills, weights)
        pre = np.asarray(pool.levels @ q).ravel()
        pre = np.where(allowed, pre, -np.inf)
        chosen = set(np.argpartition(-pre, size - 1)[:size].tolist())
        if vector_hits is not None:
            chosen.update(vector_hits.tolist())
        elif openings.has_vector[o]:
            cos = pool.vector_product(openings.vectors[o])
            cos = np.where(allowed & pool.has_vector, cos, -np.inf)
            k = min(vector_k, len(candidates))
            chosen.update(np.argpartition(-cos, k - 1)[:k].tolist())
        return np.array(sorted(i for i in chosen if allowed[i]), dtype=np.int64)

    def score_employees(
        self, pool: EmployeePool, index: I64, openings: OpeningPool, o: int, role: F32
    ) -> Ranked:
        """Score the employees at `index` against opening o.

        role: (P,) proximity of each employee's role to the opening's role, NaN unknown.
        """
        r0, r1 = int(openings.req_ptr[o]), int(openings.req_ptr[o + 1])
        k, r = len(index), r1 - r0
        pair = np.repeat(np.arange(k, dtype=np.int64), r)
        rows = np.tile(np.arange(r0, r1, dtype=np.int64), k)
        skill = openings.req_skill[rows]
        nbr = self.neighbours.nbr[skill]
        direct, nbr_level = self._held_levels(pool, index, openings.req_skill[r0:r1], pair, skill)
        credit = requirement_credit(
            direct,
            nbr_level,
            self.neighbours.sim[skill],
            openings.req_min[rows],
            self.config.adjacent_credit,
        )
        query = openings.vectors[o] if openings.has_vector[o] else None
        sem = self._semantic(pool.vector_rows(index), pool.has_vector[index], query)
        prefs = _employee_preferences(pool, index, openings, o, pair, credit)
        return self._finish(
            index,
            pair,
            rows,
            nbr,
            (direct, nbr_level),
            credit,
            openings.req_weight[rows],
            openings.req_must[rows],
            sem,
            role,
            prefs,
        )

    def _held_levels(
        self, pool: EmployeePool, index: I64, needed: I32, pair: I64, skill: I32
    ) -> tuple[F32, F32]:
        """Held levels of each requirement row's skill, (N,), and of its neighbour slots,
        (N, J), for the employees at `index`, reading only the columns the opening's
        skills (needed, (R,)) and their neighbours touch."""
        nbr = self.neighbours.nbr[skill]
        universe = np.unique(np.concatenate([needed, self.neighbours.nbr[needed].ravel()]))
        universe = universe[universe >= 0]
        column = np.full(pool.levels.shape[1] + 1, -1, dtype=np.int64)
        column[universe] = np.arange(len(universe))
        dense = np.zeros((len(index), len(universe) + 1), dtype=np.float32)
        if len(index) and len(universe):
            dense[:, :-1] = pool.levels[index][:, universe].toarray()
        direct = dense[pair, column[skill]]
        nbr_col = np.where(nbr >= 0, column[np.maximum(nbr, 0)], -1)
        return direct, dense[pair[:, None], nbr_col]

    def _semantic(self, vectors: F32, has_vector: B, query: F32 | None) -> F32:
        """Semantic part of each row of vectors (P, D) against query (D,); NaN where a
        side has no vector."""
        if query is None:
            return np.full(len(vectors), np.nan, dtype=np.float32)
        cosine = vectors @ query
        floor, ceiling = self.config.semantic_floor, self.config.semantic_ceiling
        return np.where(has_vector, semantic_part(cosine, floor, ceiling), np.nan).astype(
            np.float32
        )

    # -- shared tail ---------------------------------------------------------------------
    def _finish(
        self,
        index: I64,
        pair: I64,
        rows: I64,
        nbr: I32,
        levels: tuple[F32, F32],
        credit: RequirementCredit,
        weight: F32,
        must: B,
        sem: F32,
        role: F32,
        prefs: F32,
    ) -> Ranked:
        cov = aggregate_coverage(
            pair,
            len(index),
            credit.credit,
            weight,
            must,
            self.config.must_penalty,
            self.config.partial_threshold,
        )
        scores = combine(cov, sem, role, prefs, self.config)
        return Ranked(
            index=index,
            scores=scores,
            rows_pair=pair,
            rows=rows,
            credit=credit,
            neighbours=nbr,
            direct_level=levels[0],
            neighbour_level=levels[1],
        )

    def _spread(self, levels: F32) -> F32:
        """Per skill: the best credit a person could earn for it (direct or adjacent)."""
        held = np.flatnonzero(levels > 0)
        spread = (levels > 0).astype(np.float32)
        if len(held):
            nbr = self.neighbours.nbr[held]
            sims = self.neighbours.sim[held] * self.config.adjacent_credit
            valid = nbr >= 0
            np.maximum.at(spread, nbr[valid], sims[valid])
        return spread


def _opening_preferences(
    person: Person, pool: OpeningPool, index: I64, pair: I64, skill: I32, credit: RequirementCredit
) -> F32:
    """Preferences part of one person for the openings at `index`, (P,); `skill` and
    `credit` are those of the requirement rows, (N,)."""
    grows = (
        np.bincount(pair, weights=person.grow[skill] & (credit.credit < 1.0), minlength=len(index))
        > 0
    )
    return preferences_part(
        PreferenceInputs(
            same_location=(pool.location[index] == person.location) & (person.location >= 0),
            opening_remote=pool.remote[index],
            employee_remote_ok=np.full(len(index), person.remote_ok),
            employee_relocates=np.full(len(index), person.relocates),
            is_job=pool.kind[index] == 0,
            kind_preferred=(person.kinds == 0)
            | ((person.kinds >> pool.kind[index].astype(np.int64)) & 1).astype(bool),
            need_share=pool.need_share[index],
            available_share=np.full(len(index), person.available_share, dtype=np.float32),
            aspiration=grows | np.isin(pool.role[index], list(person.target_roles)),
        )
    )


def _employee_preferences(
    pool: EmployeePool,
    index: I64,
    openings: OpeningPool,
    o: int,
    pair: I64,
    credit: RequirementCredit,
) -> F32:
    """Preferences part of the employees at `index` for opening o, (P,); NaN for an ad-hoc
    search (kind -1), which has no preferences."""
    k = len(index)
    kind = int(openings.kind[o])  # -1: ad-hoc search, no preferences
    if kind < 0:
        return np.full(k, np.nan, dtype=np.float32)
    r0, r1 = int(openings.req_ptr[o]), int(openings.req_ptr[o + 1])
    r = r1 - r0
    grow_rows = (
        np.asarray(pool.grow[index][:, openings.req_skill[r0:r1]].toarray(), dtype=bool).ravel()
        if r
        else np.zeros(0, dtype=bool)
    )
    grows = np.bincount(pair, weights=grow_rows & (credit.credit < 1.0), minlength=k) > 0
    target = np.zeros(k, dtype=bool)
    if openings.role[o] >= 0 and openings.role[o] < pool.target_roles.shape[1]:
        target = (
            np.asarray(pool.target_roles[index][:, int(openings.role[o])].toarray()).ravel() > 0
        )
    return preferences_part(
        PreferenceInputs(
            same_location=(pool.location[index] == openings.location[o])
            & (openings.location[o] >= 0),
            opening_remote=np.full(k, bool(openings.remote[o])),
            employee_remote_ok=pool.remote_ok[index],
            employee_relocates=pool.relocates[index],
            is_job=np.full(k, kind == 0),
            kind_preferred=(pool.kinds[index] == 0)
            | ((pool.kinds[index].astype(np.int64) >> max(kind, 0)) & 1).astype(bool),
            need_share=np.full(k, openings.need_share[o], dtype=np.float32),
            available_share=pool.available_share[index],
            aspiration=grows | target,
        )
    )


def _ranges(starts: I64, lengths: I64) -> I64:
    """Concatenate arange(start, start + length) for each pair; shape (sum(lengths),)."""
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
    return (offsets + np.arange(total)).astype(np.int64)


def top(scores: F32, k: int) -> I64:
    """Indices of the k largest scores, best first; ties by position (stable)."""
    k = min(k, len(scores))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    part = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
    order = np.lexsort((part, -scores[part]))
    return part[order].astype(np.int64)
