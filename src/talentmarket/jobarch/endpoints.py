"""HTTP endpoints of company roles (job architecture)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, status

from talentmarket.api.deps import PrincipalDep, SessionDep
from talentmarket.api.problems import problem_responses
from talentmarket.ids import ID_MAX
from talentmarket.jobarch import service
from talentmarket.jobarch.schemas import (
    CompanyRoleIn,
    CompanyRolePatch,
    CompanyRoleRead,
    RetireResult,
    RetireRole,
)

router = APIRouter(prefix="/v1", tags=["job architecture"])


@router.post(
    "/roles",
    response_model=CompanyRoleRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(400, 403, 404, 422),
)
def create_company_role(
    body: CompanyRoleIn, session: SessionDep, principal: PrincipalDep
) -> CompanyRoleRead:
    """A company role: job family, level, tasks and skills with levels, optionally started
    from an ESCO or O*NET occupation (`based_on`) whose tasks and skills it copies unless
    given."""
    return service.create(session, principal, body)


@router.patch(
    "/roles/{role_ref}",
    response_model=CompanyRoleRead,
    responses=problem_responses(400, 403, 404, 409, 422),
)
def update_company_role(
    role_ref: Annotated[str, Path(min_length=1, max_length=255, description="id, URI or code")],
    body: CompanyRolePatch,
    session: SessionDep,
    principal: PrincipalDep,
) -> CompanyRoleRead:
    """Tailor a company role: fields, tasks added or removed, skills replaced; each change
    is a new version in the taxonomy change feed (409 for imported roles)."""
    return service.update(session, principal, role_ref, body)


@router.post(
    "/roles/{role_id}/retire",
    response_model=RetireResult,
    responses=problem_responses(400, 403, 404, 409, 422),
)
def retire_company_role(
    role_id: Annotated[int, Path(ge=1, le=ID_MAX)],
    body: RetireRole,
    session: SessionDep,
    principal: PrincipalDep,
) -> RetireResult:
    """Retire a company role into a successor: employees, openings and aspirations move."""
    return service.retire(session, principal, role_id, body)
