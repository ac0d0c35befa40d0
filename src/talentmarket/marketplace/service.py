"""Ranking services: opportunities for an employee, candidates for an opening, the
recruiter's search and one explained pair. Each ranking is one call whose inputs, versions
and results can be logged whole."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from talentmarket.careers.relatedness_service import RoleRelatednessView, get_relatedness
from talentmarket.db.versions import data_versions
from talentmarket.embeddings.index import pgvector_usable, vector_index
from talentmarket.embeddings.service import ensure_entity_vectors
from talentmarket.errors import NotFound
from talentmarket.marketplace import schemas
from talentmarket.marketplace.explain import to_explanation
from talentmarket.marketplace.snapshot import (
    RoleSpace,
    SkillSpace,
    Snapshots,
    build_employee_pool,
    build_opening_pool,
    location_code,
)
from talentmarket.matching.engine import (
    KINDS,
    EmployeePool,
    Matcher,
    OpeningPool,
    Ranked,
    RoleProximity,
    top,
)
from talentmarket.matching.scoring import PARTS, ScoringConfig
from talentmarket.openings.models import Decision, Interest, Opening
from talentmarket.paging import PageRequest
from talentmarket.people.models import Employee
from talentmarket.people.repository import PeopleRepository
from talentmarket.principal import Principal
from talentmarket.runtime import Runtime
from talentmarket.taxonomy.repository import ReleaseRepository

log = logging.getLogger(__name__)

SHORTLIST_EMPLOYEES = 2000
SHORTLIST_OPENINGS = 3000
VECTOR_NEIGHBOURS = 300
EAGER_VECTOR_LIMIT = 256  # pool members without a stored vector get one at build time


@dataclass
class Context:
    """Everything one ranking call uses, with the versions it used."""

    session: Session
    runtime: Runtime
    versions: dict[str, int]
    skills: SkillSpace
    roles: RoleSpace
    matcher: Matcher
    model_id: str
    dim: int

    def provenance(self) -> schemas.Provenance:
        """Model, taxonomy release and scoring version of this call."""
        config = self.matcher.config
        release = self.runtime.cached(
            "release-label",
            self.versions.get("taxonomy", 0),
            lambda: ReleaseRepository(self.session).label(),
        )
        weights = dict(zip(PARTS, config.part_weights().tolist(), strict=True))
        return schemas.Provenance(
            model=self.model_id,
            taxonomy_release=release,
            scoring_version=config.version,
            weights=weights,
        )


def role_proximity(roles: RoleSpace, relatedness: RoleRelatednessView) -> RoleProximity:
    """The engine's role proximity (over role positions) from the service's relatedness."""

    def proximity(origin: np.ndarray, dest: np.ndarray) -> np.ndarray:
        o = np.where(origin >= 0, roles.ids[np.maximum(origin, 0)], -1)
        d = np.where(dest >= 0, roles.ids[np.maximum(dest, 0)], -1)
        return relatedness.proximity(o, d)

    return proximity


def scoring_config(runtime: Runtime) -> ScoringConfig:
    """The scorer's configuration: defaults, overridden by TALENTMARKET_SCORING."""
    overrides = {k: v for k, v in runtime.settings.scoring.items() if k != "version"}
    unknown = set(overrides) - set(ScoringConfig.__dataclass_fields__)
    if unknown:
        raise ValueError(f"unknown scoring settings: {', '.join(sorted(unknown))}")
    if not overrides:
        return ScoringConfig()
    tag = ",".join(f"{k}={v:g}" for k, v in sorted(overrides.items()))
    version = f"{ScoringConfig.version}+{tag}"
    return ScoringConfig(**overrides, version=version)


def context(session: Session, runtime: Runtime) -> Context:
    """Load (or reuse) the cached spaces for the current data versions."""
    versions = data_versions(session)
    snapshots = Snapshots(runtime)
    skills = snapshots.skills(session, versions)
    roles = snapshots.roles(session, versions)
    relatedness = get_relatedness(session, runtime)
    matcher = runtime.cached(
        "matcher",
        (versions.get("taxonomy", 0), relatedness.version),
        lambda: Matcher(
            skills.neighbours, role_proximity(roles, relatedness), scoring_config(runtime)
        ),
    )
    encoder = runtime.encoder
    return Context(
        session, runtime, versions, skills, roles, matcher, encoder.model_id, encoder.dim
    )


def _fresh_vector(ctx: Context, entity: str, entity_id: int) -> None:
    """Make the query side's stored vector current (its text may have just changed)."""
    ensure_entity_vectors(ctx.session, ctx.runtime.encoder, entity, [entity_id])


def visible_pool(ctx: Context) -> EmployeePool:
    """Employees ranking may show, through the visibility seam; cached per data version."""
    v = ctx.versions
    key = (v.get("people", 0), v.get("taxonomy", 0), v.get("vectors:employee", 0), ctx.model_id)

    def build() -> EmployeePool:
        stmt = PeopleRepository(ctx.session).visible_candidates()
        pool = build_employee_pool(ctx.session, stmt, ctx.skills, ctx.roles, ctx.model_id, ctx.dim)
        missing = pool.ids[~pool.has_vector]
        if 0 < len(missing) <= EAGER_VECTOR_LIMIT:
            ensure_entity_vectors(ctx.session, ctx.runtime.encoder, "employee", missing.tolist())
            pool = build_employee_pool(
                ctx.session, stmt, ctx.skills, ctx.roles, ctx.model_id, ctx.dim
            )
        elif len(missing):
            log.warning(
                "%d employees have no stored vector; run `talentmarket embed`", len(missing)
            )
        return pool

    return ctx.runtime.cached("employee-pool", key, build)


def open_openings(ctx: Context) -> OpeningPool:
    """Open openings with requirements; cached per data version."""
    v = ctx.versions
    key = (v.get("openings", 0), v.get("taxonomy", 0), v.get("vectors:opening", 0), ctx.model_id)
    stmt = select(Opening).where(Opening.status == "open")

    def build() -> OpeningPool:
        pool = build_opening_pool(ctx.session, stmt, ctx.skills, ctx.roles, ctx.model_id, ctx.dim)
        missing = pool.ids[~pool.has_vector]
        if 0 < len(missing) <= EAGER_VECTOR_LIMIT:
            ensure_entity_vectors(ctx.session, ctx.runtime.encoder, "opening", missing.tolist())
            pool = build_opening_pool(
                ctx.session, stmt, ctx.skills, ctx.roles, ctx.model_id, ctx.dim
            )
        return pool

    return ctx.runtime.cached("opening-pool", key, build)


def one_opening(ctx: Context, opening_id: int) -> OpeningPool:
    """A pool of one opening, read fresh (it may be a draft or just edited)."""
    stmt = select(Opening).where(Opening.id == opening_id)
    return build_opening_pool(ctx.session, stmt, ctx.skills, ctx.roles, ctx.model_id, ctx.dim)


def _latest(
    session: Session, model: type[Decision] | type[Interest], **where: Any
) -> dict[int, str]:
    """Latest decision/interest action per counterpart id."""
    if model is Decision:
        stmt = (
            select(Decision.employee_id, Decision.decision).filter_by(**where).order_by(Decision.id)
        )
    else:
        stmt = select(Interest.opening_id, Interest.action).filter_by(**where).order_by(Interest.id)
    return {int(k): str(v) for k, v in session.execute(stmt)}


# -- candidates for an opening ---------------------------------------------------------------
def rank_candidates(
    session: Session,
    runtime: Runtime,
    opening_id: int,
    page: PageRequest,
    min_score: float = 0.0,
    include_partial: bool = True,
) -> schemas.RankedPage[schemas.CandidateMatch]:
    """Visible, consenting employees ranked for an opening, best first, with reasons.

    Never the opening's owner, never people already selected for it.
    """
    opening = session.get(Opening, opening_id)
    if opening is None:
        raise NotFound(f"opening {opening_id} does not exist")
    ctx = context(session, runtime)
    _fresh_vector(ctx, "opening", opening_id)
    one = one_opening(ctx, opening_id)
    pool = visible_pool(ctx)
    excluded = {
        e for e, d in _latest(session, Decision, opening_id=opening_id).items() if d == "select"
    }
    if opening.owner_id:
        excluded.add(opening.owner_id)
    allowed = ~np.isin(pool.ids, list(excluded)) if excluded else np.ones(len(pool), dtype=bool)
    return candidate_page(ctx, pool, one, allowed, page, min_score, include_partial)


def _vector_hits(
    ctx: Context, pool: EmployeePool, one: OpeningPool, allowed: np.ndarray
) -> np.ndarray | None:
    """Pool positions of the opening's nearest employees through pgvector (HNSW) on
    PostgreSQL; None elsewhere (the engine then searches the pool's vectors itself)."""
    if not one.has_vector[0] or not pgvector_usable(ctx.runtime):
        return None
    index = vector_index(ctx.runtime, "employee", ctx.model_id)
    ids, _scores = index.search(one.vectors[0], VECTOR_NEIGHBOURS * 2)
    where = np.searchsorted(pool.ids, ids)
    where = np.minimum(where, max(len(pool.ids) - 1, 0))
    hit = (len(pool.ids) > 0) & (pool.ids[where] == ids)
    positions = np.asarray(where[hit], dtype=np.int64)
    kept: np.ndarray = positions[allowed[positions]][:VECTOR_NEIGHBOURS]
    return kept


def candidate_page(
    ctx: Context,
    pool: EmployeePool,
    one: OpeningPool,
    allowed: np.ndarray,
    page: PageRequest,
    min_score: float,
    include_partial: bool,
) -> schemas.RankedPage[schemas.CandidateMatch]:
    """Shortlist, score and page candidates for a one-opening pool (real or ad-hoc)."""
    index = ctx.matcher.shortlist_employees(
        pool,
        0,
        one,
        allowed,
        SHORTLIST_EMPLOYEES,
        VECTOR_NEIGHBOURS,
        _vector_hits(ctx, pool, one, allowed),
    )
    ranked = ctx.matcher.score_employees(pool, index, one, 0)
    keep = ranked.scores.total >= min_score
    if not include_partial:
        keep &= ranked.scores.unmet_must == 0
    order = top(np.where(keep, ranked.scores.total, -1.0), int(keep.sum()))
    window = order[page.offset : page.offset + page.limit]
    ids = [int(pool.ids[ranked.index[p]]) for p in window]
    people = {e.id: e for e in ctx.session.scalars(select(Employee).where(Employee.id.in_(ids)))}
    items = [
        schemas.CandidateMatch(
            rank=page.offset + i + 1,
            employee=_employee_brief(people[ids[i]]),
            score=round(float(ranked.scores.total[p]), 6),
            explanation=to_explanation(ranked, int(p), one, ctx.skills),
        )
        for i, p in enumerate(window)
    ]
    base = page.page(items, len(order))
    return schemas.RankedPage[schemas.CandidateMatch](
        **base.model_dump(exclude={"items"}), items=items, provenance=ctx.provenance()
    )


# -- opportunities for an employee -------------------------------------------------------------
@dataclass(frozen=True)
class OpportunityFilters:
    """Hard filters of the opportunities list."""

    kind: str | None = None
    location: str | None = None
    remote: bool | None = None
    include_dismissed: bool = False


def rank_opportunities(
    session: Session,
    runtime: Runtime,
    employee_id: int,
    filters: OpportunityFilters,
    page: PageRequest,
) -> schemas.RankedPage[schemas.OpportunityMatch]:
    """Open openings ranked for an employee, best first, with reasons."""
    employee = PeopleRepository(session).get(employee_id)
    ctx = context(session, runtime)
    _fresh_vector(ctx, "employee", employee_id)
    mine = build_employee_pool(
        session,
        select(Employee).where(Employee.id == employee.id),
        ctx.skills,
        ctx.roles,
        ctx.model_id,
        ctx.dim,
    )
    person = mine.person(0)
    pool = open_openings(ctx)
    allowed = pool.owner != employee.id
    if filters.kind:
        allowed &= pool.kind == KINDS.index(filters.kind)
    if filters.location:
        allowed &= (pool.location == location_code(filters.location)) | pool.remote
    if filters.remote is not None:
        allowed &= pool.remote == filters.remote
    if not filters.include_dismissed:
        dismissed = [
            o
            for o, a in _latest(session, Interest, employee_id=employee_id).items()
            if a == "dismiss"
        ]
        if dismissed:
            allowed &= ~np.isin(pool.ids, dismissed)
    index = ctx.matcher.shortlist_openings(person, pool, allowed, SHORTLIST_OPENINGS)
    ranked = ctx.matcher.score_openings(person, pool, index)
    order = top(ranked.scores.total, len(index))
    window = order[page.offset : page.offset + page.limit]
    ids = [int(pool.ids[ranked.index[p]]) for p in window]
    openings = {o.id: o for o in session.scalars(select(Opening).where(Opening.id.in_(ids)))}
    items = [
        schemas.OpportunityMatch(
            rank=page.offset + i + 1,
            opening=_opening_brief(openings[ids[i]]),
            score=round(float(ranked.scores.total[p]), 6),
            explanation=to_explanation(ranked, int(p), pool, ctx.skills),
        )
        for i, p in enumerate(window)
    ]
    base = page.page(items, len(order))
    return schemas.RankedPage[schemas.OpportunityMatch](
        **base.model_dump(exclude={"items"}), items=items, provenance=ctx.provenance()
    )


# -- one pair -----------------------------------------------------------------------------
def get_match(
    session: Session, runtime: Runtime, principal: Principal, employee_id: int, opening_id: int
) -> schemas.MatchDetail:
    """One pair, scored exactly as the lists score it, fully explained.

    Recruiters and integrations see only employees who are visible and open to
    opportunities; employees see their own matches; admins see all.
    """
    people = PeopleRepository(session)
    employee = people.get(employee_id)
    opening = session.get(Opening, opening_id)
    if opening is None:
        raise NotFound(f"opening {opening_id} does not exist")
    own = principal.employee_id == employee_id
    if principal.role == "admin" or own:
        stmt = select(Employee).where(Employee.id == employee_id)
    else:
        stmt = people.visible_candidates(only_ids=[employee_id])
    ctx = context(session, runtime)
    _fresh_vector(ctx, "employee", employee_id)
    _fresh_vector(ctx, "opening", opening_id)
    pool = build_employee_pool(session, stmt, ctx.skills, ctx.roles, ctx.model_id, ctx.dim)
    if len(pool) == 0:
        raise NotFound(f"employee {employee_id} does not exist")
    one = one_opening(ctx, opening_id)
    ranked: Ranked = ctx.matcher.score_employees(pool, np.array([0], dtype=np.int64), one, 0)
    return schemas.MatchDetail(
        employee=_employee_brief(employee),
        opening=_opening_brief(opening),
        score=round(float(ranked.scores.total[0]), 6),
        explanation=to_explanation(ranked, 0, one, ctx.skills),
        provenance=ctx.provenance(),
    )


def _employee_brief(e: Employee) -> schemas.EmployeeBrief:
    return schemas.EmployeeBrief(
        id=e.id,
        name=e.name,
        job_title=e.job_title,
        department=e.department,
        location=e.location,
        current_role_id=e.current_role_id,
    )


def _opening_brief(o: Opening) -> schemas.OpeningBrief:
    return schemas.OpeningBrief(
        id=o.id,
        title=o.title,
        kind=o.kind,
        department=o.department,
        location=o.location,
        remote=o.remote,
        role_id=o.role_id,
        status=o.status,
    )
