"""HTTP endpoints of manager approvals: the manager's and HR's queues, and answers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from talentmarket.api.deps import PageParams, PrincipalDep, SessionDep
from talentmarket.api.problems import problem_responses
from talentmarket.approvals import service
from talentmarket.approvals.schemas import ApprovalAnswer, ApprovalRead, EffectiveStatus
from talentmarket.ids import ID_MAX
from talentmarket.paging import Page

router = APIRouter(prefix="/v1", tags=["approvals"])
ApprovalId = Annotated[int, Path(ge=1, le=ID_MAX, description="approval request id")]
StatusQuery = Annotated[
    EffectiveStatus | None,
    Query(description="only requests in this state (`escalated`: past the deadline)"),
]


@router.get(
    "/approvals",
    response_model=Page[ApprovalRead],
    responses=problem_responses(403, 422),
)
def list_approvals(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageParams,
    status: StatusQuery = None,
    manager_id: Annotated[int | None, Query(ge=1, le=ID_MAX)] = None,
    hr_queue: Annotated[
        bool,
        Query(description="only what HR must answer: escalated, or the person has no manager"),
    ] = False,
) -> Page[ApprovalRead]:
    """Every approval request (HR), oldest first; `hr_queue=true` for HR's work."""
    return service.list_approvals(
        session, page, status=status, manager_id=manager_id, hr_queue=hr_queue
    )


@router.get(
    "/managers/{employee_id}/approvals",
    response_model=Page[ApprovalRead],
    responses=problem_responses(403, 404, 422),
)
def list_manager_approvals(
    employee_id: Annotated[int, Path(ge=1, le=ID_MAX, description="the manager's employee id")],
    session: SessionDep,
    principal: PrincipalDep,
    page: PageParams,
    status: StatusQuery = None,
) -> Page[ApprovalRead]:
    """The requests a manager was asked to answer, oldest first (gigs, projects and
    mentorships only: job applications are never shown to the manager)."""
    return service.list_approvals(session, page, status=status, manager_id=employee_id)


@router.get(
    "/approvals/{approval_id}",
    response_model=ApprovalRead,
    responses=problem_responses(403, 404, 422),
)
def get_approval(
    approval_id: ApprovalId, session: SessionDep, principal: PrincipalDep
) -> ApprovalRead:
    """One request: for the person it is about, their manager, or HR."""
    return service.get_approval(session, principal, approval_id)


@router.post(
    "/approvals/{approval_id}/answer",
    response_model=ApprovalRead,
    responses=problem_responses(400, 403, 404, 409, 422),
)
def answer_approval(
    approval_id: ApprovalId, body: ApprovalAnswer, session: SessionDep, principal: PrincipalDep
) -> ApprovalRead:
    """Approve (possibly for less time or shorter dates) or decline with a reason: the
    manager asked, until the deadline; HR (admins) any time. Answers are final."""
    return service.answer(session, principal, approval_id, body)
