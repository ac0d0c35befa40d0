"""HTTP endpoints of learned rankers (admins): fit, inspect, audit the shadow, activate,
roll back."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from talentmarket.api.deps import PageParams, PrincipalDep, RuntimeDep, SessionDep
from talentmarket.api.problems import problem_responses
from talentmarket.fairness.config import FairnessSettings, get_fairness_settings
from talentmarket.fairness.schemas import ShadowAudit
from talentmarket.ids import ID_MAX
from talentmarket.matching.scoring import configured
from talentmarket.paging import Page
from talentmarket.rankers import repository, service
from talentmarket.rankers.schemas import ActiveScorer, RankerFit, RankerRead

router = APIRouter(prefix="/v1/rankers", tags=["fairness"])
RankerId = Annotated[int, Path(ge=1, le=ID_MAX, description="ranker id")]
FairnessDep = Annotated[FairnessSettings, Depends(get_fairness_settings)]


@router.get("", response_model=Page[RankerRead], responses=problem_responses(403, 422))
def list_rankers(
    session: SessionDep, principal: PrincipalDep, page: PageParams
) -> Page[RankerRead]:
    """Every learned ranker, newest first, with its status and metrics."""
    return page.slice(service.listed(session))


@router.post(
    "", response_model=RankerRead, status_code=201, responses=problem_responses(400, 403, 409, 422)
)
def fit_ranker(
    body: RankerFit, session: SessionDep, principal: PrincipalDep, runtime: RuntimeDep
) -> RankerRead:
    """Fit part weights on the decisions of [from, split) and measure them on [split, to);
    the ranker starts in shadow (409 when the window holds nothing to learn from)."""
    active = repository.in_status(session, "active")
    base = active.version if active else configured(runtime.settings.scoring).version
    return service.fit(session, body, base, principal)


@router.post("/rollback", response_model=ActiveScorer, responses=problem_responses(403, 409))
def rollback_ranker(
    session: SessionDep, principal: PrincipalDep, runtime: RuntimeDep
) -> ActiveScorer:
    """Retire the active ranker: the one before it, or the configured scorer, ranks again."""
    return service.rollback(session, configured(runtime.settings.scoring).version)


@router.get("/{ranker_id}", response_model=RankerRead, responses=problem_responses(403, 404, 422))
def get_ranker(ranker_id: RankerId, session: SessionDep, principal: PrincipalDep) -> RankerRead:
    """One ranker."""
    return service.get(session, ranker_id)


@router.get(
    "/{ranker_id}/shadow-audit",
    response_model=ShadowAudit,
    responses=problem_responses(403, 404, 422),
)
def shadow_audit(
    ranker_id: RankerId, session: SessionDep, principal: PrincipalDep, settings: FairnessDep
) -> ShadowAudit:
    """The fairness audit (ranked stage) of the rankings this ranker ordered in shadow,
    against the live scorer's order of the same rankings; `new_flags` block activation."""
    return service.audit_shadow(
        session, ranker_id, settings.top_k, settings.min_cell, settings.alpha
    )


@router.post(
    "/{ranker_id}/activate",
    response_model=RankerRead,
    responses=problem_responses(403, 404, 409, 422),
)
def activate_ranker(
    ranker_id: RankerId, session: SessionDep, principal: PrincipalDep, settings: FairnessDep
) -> RankerRead:
    """Make a shadow ranker live: only with a held-out gain and a shadow fairness audit
    that adds no flag (409 names what is missing)."""
    return service.activate(
        session, ranker_id, principal, settings.top_k, settings.min_cell, settings.alpha
    )
