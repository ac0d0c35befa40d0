"""HTTP endpoints of the staffing planner."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, status

from talentmarket.api.deps import PrincipalDep, SessionDep
from talentmarket.api.problems import problem_responses
from talentmarket.approvals.config import ApprovalSettings, get_approval_settings
from talentmarket.marketplace.endpoints import RankerDep
from talentmarket.staffing import schemas, service

router = APIRouter(prefix="/v1/staffing")


@router.post(
    "/plans",
    response_model=schemas.StaffingPlan,
    tags=["staffing"],
    responses=problem_responses(409, 422),
)
def create_plan(
    body: schemas.PlanRequest, session: SessionDep, ranker: RankerDep
) -> schemas.StaffingPlan:
    """Staff many gigs, projects and mentorships at once: the assignment of candidates
    that maximises the total match score within capacities, people's time and the limits
    asked, with each line explained and the greedy plan's figures beside it. A proposal:
    nothing is recorded until it is accepted."""
    return service.plan(session, ranker, body)


@router.post(
    "/plans/accept",
    response_model=schemas.AcceptanceResult,
    status_code=status.HTTP_201_CREATED,
    tags=["staffing"],
    responses=problem_responses(404, 422),
)
def accept_plan(
    body: schemas.PlanAcceptance,
    session: SessionDep,
    ranker: RankerDep,
    principal: PrincipalDep,
    settings: Annotated[ApprovalSettings, Depends(get_approval_settings)],
) -> schemas.AcceptanceResult:
    """Accept a plan as kept (lines removed or swapped by the recruiter): one decision per
    line, all or none."""
    return service.accept(session, ranker, principal, body, settings)
