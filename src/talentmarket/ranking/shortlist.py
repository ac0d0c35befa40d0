"""Shortlist and score, in both directions: candidate generation narrows the other side's
pool, role proximity is computed for the shortlist, and the matching core scores it in
one call. Every route that ranks or scores a pair comes through here, so the same pair
gets the same score on every route at the same moment."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from talentmarket.embeddings.index import pgvector_usable, vector_index_at
from talentmarket.matching.engine import Ranked, top
from talentmarket.matching.opening_pool import OpeningPool
from talentmarket.matching.pools import EmployeePool, Person
from talentmarket.ranking.context import Context

SHORTLIST_EMPLOYEES = 2000
SHORTLIST_OPENINGS = 3000
VECTOR_NEIGHBOURS = 300
I64 = NDArray[np.int64]
B = NDArray[np.bool_]


@dataclass(frozen=True)
class Scored:
    """A scored shortlist, with the kept pairs best first."""

    ranked: Ranked
    order: I64  # (K,) positions into the ranked pairs, best first
    ids: I64  # (P,) the other side's id of each ranked pair
    openings: OpeningPool  # the pool whose requirement rows the explanations read

    @property
    def total(self) -> int:
        """Results kept (before paging)."""
        return len(self.order)


def score_employees(
    ctx: Context,
    pool: EmployeePool,
    one: OpeningPool,
    allowed: B,
    *,
    min_score: float = 0.0,
    include_partial: bool = True,
    shortlist: bool = True,
) -> Scored:
    """Employees of the pool (where allowed) scored for the one-opening pool `one`.

    shortlist=False scores every allowed employee (one pair: the match route).
    """
    if shortlist:
        hits = _vector_hits(ctx, pool, one, allowed)
        index = ctx.matcher.shortlist_employees(
            pool, 0, one, allowed, SHORTLIST_EMPLOYEES, VECTOR_NEIGHBOURS, hits
        )
    else:
        index = np.flatnonzero(allowed).astype(np.int64)
    role = ctx.role_proximity(pool.role[index], np.full(len(index), one.role[0], np.int32))
    ranked = ctx.matcher.score_employees(pool, index, one, 0, role)
    keep = ranked.scores.total >= min_score
    if shortlist:  # a list of matches never shows people who match nothing
        keep &= ranked.scores.total > 0
    if not include_partial:
        keep &= ranked.scores.unmet_must == 0
    order = top(np.where(keep, ranked.scores.total, -1.0), int(keep.sum()))
    return Scored(ranked, order, pool.ids[index], one)


def score_openings(ctx: Context, person: Person, pool: OpeningPool, allowed: B) -> Scored:
    """Openings of the pool (where allowed) scored for one person."""
    index = ctx.matcher.shortlist_openings(person, pool, allowed, SHORTLIST_OPENINGS)
    role = ctx.role_proximity(np.full(len(index), person.role, np.int32), pool.role[index])
    ranked = ctx.matcher.score_openings(person, pool, index, role)
    order = top(ranked.scores.total, len(index))
    return Scored(ranked, order, pool.ids[index], pool)


def _vector_hits(ctx: Context, pool: EmployeePool, one: OpeningPool, allowed: B) -> I64 | None:
    """Pool positions of the opening's nearest employees through pgvector (HNSW) on
    PostgreSQL for pools larger than `exact_vector_search_up_to`, plus the nearest of
    those whose vector is only in memory; None elsewhere (the core then searches the
    pool's vectors itself, exactly: faster than a round trip to the index at 100,000)."""
    if len(pool.ids) <= ctx.runtime.settings.exact_vector_search_up_to:
        return None
    if not one.has_vector[0] or not pgvector_usable(ctx.runtime):
        return None
    query = one.vectors[0]
    positions = np.zeros(0, dtype=np.int64)
    index, since = vector_index_at(ctx.runtime, "employee", ctx.model_id)
    if len(index) and len(pool.ids) and index.dim == len(query):
        ids, _scores = index.search(query, VECTOR_NEIGHBOURS * 2)
        where = np.minimum(np.searchsorted(pool.ids, ids), len(pool.ids) - 1)
        hit = pool.ids[where] == ids
        positions = np.asarray(where[hit], dtype=np.int64)
        positions = positions[allowed[positions]][:VECTOR_NEIGHBOURS]
    # vectors the index does not hold: computed in memory, or written since it was built
    lagging = ctx.changed_rows(pool, "vectors:employee", since)
    unstored = np.union1d(ctx.unstored_employees(), lagging).astype(np.int64)
    unstored = unstored[allowed[unstored]]
    if len(unstored):
        nearest = top(pool.vector_rows(unstored) @ query, VECTOR_NEIGHBOURS)
        positions = np.union1d(positions, unstored[nearest])
    kept: I64 = positions.astype(np.int64)
    return kept
