"""HTTP endpoints of career mobility: related roles, career paths, skill gaps, learning."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from talentmarket.api.deps import PrincipalDep, RuntimeDep, SessionDep
from talentmarket.api.problems import problem_responses
from talentmarket.careers import gap_service, learning_service, paths_service, related_service
from talentmarket.careers.schemas import CareerPaths, LearningPlan, RelatedRoles, SkillGap
from talentmarket.ids import ID_MAX

router = APIRouter(prefix="/v1", tags=["careers"])

EmployeeId = Annotated[int, Path(ge=1, le=ID_MAX, description="employee id")]
RoleId = Annotated[int, Path(ge=1, le=ID_MAX, description="role id")]


@router.get(
    "/roles/{role_id}/related",
    response_model=RelatedRoles,
    tags=["roles"],
    responses=problem_responses(404, 422),
)
def related_roles(
    role_id: RoleId,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> RelatedRoles:
    """Occupations most related to a role, best first: score, move proximity, signals,
    and the shared, transferable, to-grow and missing skills behind each."""
    return related_service.related_roles(session, runtime, role_id, limit)


@router.get(
    "/employees/{employee_id}/career-paths",
    response_model=CareerPaths,
    responses=problem_responses(400, 403, 404, 422),
)
def career_paths(
    employee_id: EmployeeId,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    target_role: Annotated[
        str | None,
        Query(min_length=1, max_length=255, description="role to reach: id, code or URI"),
    ] = None,
    max_steps: Annotated[int, Query(ge=1, le=4, description="moves at most")] = 3,
    limit: Annotated[int, Query(ge=1, le=20)] = 5,
) -> CareerPaths:
    """Paths of role moves from the employee's role and skills to a target role (or,
    without one, to the most reachable attractive roles), each move with its skill gap
    and effort. Visible to the employee and admins only."""
    return paths_service.career_paths(
        session, runtime, principal, employee_id, target_role, max_steps, limit
    )


@router.get(
    "/employees/{employee_id}/skill-gap",
    response_model=SkillGap,
    responses=problem_responses(403, 404, 422),
)
def skill_gap(
    employee_id: EmployeeId,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    role: Annotated[
        str | None,
        Query(min_length=1, max_length=255, description="role id, code or URI (or give opening)"),
    ] = None,
    opening: Annotated[
        int | None, Query(ge=1, le=ID_MAX, description="opening id (or give role)")
    ] = None,
) -> SkillGap:
    """Missing and under-level skills for a role or an opening, the most helpful to close
    first (must-haves first for an opening), each with the closest held skill."""
    return gap_service.skill_gap(session, runtime, principal, employee_id, role, opening)


@router.get(
    "/employees/{employee_id}/learning",
    response_model=LearningPlan,
    responses=problem_responses(403, 404, 422),
)
def learning(
    employee_id: EmployeeId,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> LearningPlan:
    """Skills to learn next, ranked by the open openings and target roles they unlock and
    how close they are to what the employee holds."""
    return learning_service.learning(session, runtime, principal, employee_id, limit)
