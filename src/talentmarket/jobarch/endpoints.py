"""HTTP endpoints of company roles (job architecture)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from talentmarket.api.deps import PrincipalDep, SessionDep
from talentmarket.api.problems import problem_responses
from talentmarket.ids import ID_MAX
from talentmarket.jobarch import profiles, service
from talentmarket.jobarch.profile_schemas import (
    ProfileDecisionIn,
    ProfileDecisionRead,
    RoleProfileSuggestions,
)
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


@router.get(
    "/roles/{role_id}/profile-suggestions",
    response_model=RoleProfileSuggestions,
    responses=problem_responses(400, 403, 404, 422),
)
def role_profile_suggestions(
    role_id: Annotated[int, Path(ge=1, le=ID_MAX)],
    session: SessionDep,
    days: Annotated[
        int, Query(ge=1, le=3650, description="recent openings: created this many days back")
    ] = profiles.WINDOW_DAYS,
    min_share: Annotated[
        float, Query(gt=0, le=1, description="share of the role's ads asking, to suggest adding")
    ] = profiles.MIN_SHARE,
    min_evidence: Annotated[
        int, Query(ge=1, le=10_000, description="ads needed before anything is suggested")
    ] = profiles.MIN_EVIDENCE,
    limit: Annotated[int, Query(ge=1, le=200, description="suggestions per action")] = 20,
) -> RoleProfileSuggestions:
    """Skills to add to a role's profile (asked by at least `min_share` of its recent
    openings and of the real vacancies with its title) and to drop (asked by none), with
    the evidence; answered suggestions are listed apart and not suggested again."""
    return profiles.suggestions(session, role_id, days, min_share, min_evidence, limit)


@router.post(
    "/roles/{role_id}/profile-suggestions/decisions",
    response_model=ProfileDecisionRead,
    responses=problem_responses(400, 403, 404, 409, 422),
)
def decide_role_profile_suggestion(
    role_id: Annotated[int, Path(ge=1, le=ID_MAX)],
    body: ProfileDecisionIn,
    session: SessionDep,
    principal: PrincipalDep,
) -> ProfileDecisionRead:
    """Accept or reject a suggestion: accepting adds or drops the skill of a company role
    (a new version in the change feed; imported roles are read-only, 409); the answer is
    kept with its evidence."""
    return profiles.decide(session, principal, role_id, body)
