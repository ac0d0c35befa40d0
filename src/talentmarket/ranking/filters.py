"""Filters and visibility of each ranking, as masks over a pool.

Who may appear at all is decided where the pool is read (`visible_candidates`); these
masks narrow a pool per request: an opening's owner and the people already selected for
it, an employee's own openings and the ones they dismissed, and the explicit filters of
the opportunities list and of the recruiter's search.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from talentmarket.matching.opening_pool import KINDS, OpeningPool
from talentmarket.matching.pools import EmployeePool
from talentmarket.openings.models import Opening
from talentmarket.people.repository import PeopleRepository
from talentmarket.ranking import repository, schemas
from talentmarket.ranking.context import Context
from talentmarket.ranking.spaces import location_code

B = NDArray[np.bool_]


@dataclass(frozen=True)
class OpportunityFilters:
    """Hard filters of the opportunities list."""

    kind: str | None = None
    location: str | None = None
    remote: bool | None = None
    include_dismissed: bool = False


def candidates_allowed(ctx: Context, pool: EmployeePool, opening: Opening) -> B:
    """Everyone in the pool but the opening's owner and the people already selected."""
    excluded = repository.selected_for(ctx.session, opening.id)
    if opening.owner_id:
        excluded.add(opening.owner_id)
    if not excluded:
        return np.ones(len(pool), dtype=bool)
    return ~np.isin(pool.ids, list(excluded))


def opportunities_allowed(
    ctx: Context, pool: OpeningPool, employee_id: int, filters: OpportunityFilters
) -> B:
    """Openings the employee does not own that pass the filters (and, unless asked, that
    they have not dismissed)."""
    allowed: B = pool.owner != employee_id
    if filters.kind:
        allowed &= pool.kind == KINDS.index(filters.kind)
    if filters.location:
        allowed &= (pool.location == location_code(filters.location)) | pool.remote
    if filters.remote is not None:
        allowed &= pool.remote == filters.remote
    if not filters.include_dismissed:
        dismissed = repository.dismissed_by(ctx.session, employee_id)
        if dismissed:
            allowed &= ~np.isin(pool.ids, dismissed)
    return allowed


def search_allowed(ctx: Context, pool: EmployeePool, f: schemas.SearchFilters) -> B:
    """Pool members the search's filters keep (all when there are none)."""
    if not (f.department or f.location or f.role_id or f.min_availability_pct is not None):
        return np.ones(len(pool), dtype=bool)
    stmt = PeopleRepository(ctx.session).visible_candidates(
        department=f.department,
        location=f.location,
        role_id=f.role_id,
        min_availability_pct=f.min_availability_pct,
    )
    kept = np.asarray(repository.employee_ids(ctx.session, stmt), dtype=np.int64)
    return np.isin(pool.ids, kept)
