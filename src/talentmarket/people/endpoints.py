"""HTTP endpoints of the people feature: employees, their skills and aspirations."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response, status

from talentmarket.api.deps import PageParams, PrincipalDep, RuntimeDep, SessionDep
from talentmarket.api.problems import problem_responses
from talentmarket.ids import ID_MAX
from talentmarket.paging import Page
from talentmarket.people import service as people_service
from talentmarket.people import skills_export, skills_service
from talentmarket.people.repository import EmployeeFilters
from talentmarket.people.schemas import (
    EmployeeCreate,
    EmployeeRead,
    EmployeeSkillIn,
    EmployeeSkillRead,
    EmployeeStatus,
    EmployeeSummary,
    EmployeeUpdate,
    EmployeeUpsert,
    EmployeeUpsertResult,
    SkillReview,
    SkillsExportItem,
)


def reachable_employee(request: Request, session: SessionDep, principal: PrincipalDep) -> None:
    """Every route about one employee by internal id: recruiters and integrations reach
    only people who consented to be found (others answer 404, as if absent)."""
    raw = request.path_params.get("employee_id", "")
    if raw.isdigit() and 0 < int(raw) <= ID_MAX:
        people_service.require_reachable(session, principal, int(raw))


router = APIRouter(
    prefix="/v1/employees", tags=["employees"], dependencies=[Depends(reachable_employee)]
)

EmployeeId = Annotated[int, Path(ge=1, le=ID_MAX, description="employee id")]
SkillId = Annotated[int, Path(ge=1, le=ID_MAX, description="skill id")]
ExternalIdPath = Annotated[
    str, Path(min_length=1, max_length=128, description="the employee's id in the HRIS")
]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(404, 409, 422),
)
def create_employee(body: EmployeeCreate, session: SessionDep, runtime: RuntimeDep) -> EmployeeRead:
    """Create an employee with profile, consent, skills and aspirations in one call."""
    return people_service.create_employee(session, body, runtime.encoder)


@router.get("", responses=problem_responses(422))
def list_employees(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageParams,
    department: Annotated[str | None, Query(max_length=128)] = None,
    location: Annotated[str | None, Query(max_length=128)] = None,
    role_id: Annotated[int | None, Query(ge=1, le=ID_MAX, description="current role")] = None,
    skill_id: Annotated[int | None, Query(ge=1, le=ID_MAX, description="holds this skill")] = None,
    min_proficiency: Annotated[
        int, Query(ge=1, le=5, description="with skill_id: held at least at this level")
    ] = 1,
    open_to_opportunities: bool | None = None,
    visible_to_recruiters: bool | None = None,
    employee_status: Annotated[EmployeeStatus | None, Query(alias="status")] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="matches name, email and job title")
    ] = None,
) -> Page[EmployeeSummary]:
    """List employees in id order; recruiters see only those who consented to be found."""
    filters = EmployeeFilters(
        department=department,
        location=location,
        role_id=role_id,
        skill_id=skill_id,
        min_proficiency=min_proficiency,
        open_to_opportunities=open_to_opportunities,
        visible_to_recruiters=visible_to_recruiters,
        status=employee_status,
        q=q.strip() if q else None,
    )
    return people_service.list_employees(session, principal, filters, page)


@router.get("/by-external-id/{external_id}", responses=problem_responses(404, 422))
def get_employee_by_external_id(
    external_id: ExternalIdPath, session: SessionDep, principal: PrincipalDep
) -> EmployeeRead:
    """Get an employee by their HRIS id."""
    return people_service.get_employee_by_external_id(session, principal, external_id)


@router.put(
    "/by-external-id/{external_id}",
    status_code=status.HTTP_200_OK,
    responses={
        201: {"model": EmployeeUpsertResult, "description": "Created"},
        **problem_responses(404, 409, 422),
    },
)
def upsert_employee(
    external_id: ExternalIdPath,
    body: EmployeeUpsert,
    session: SessionDep,
    principal: PrincipalDep,
    runtime: RuntimeDep,
    response: Response,
) -> EmployeeUpsertResult:
    """Create (201) or update (200) the employee with this HRIS id; idempotent. A hidden
    person's record is not sent back (`employee` is null)."""
    result = people_service.upsert_employee(session, principal, external_id, body, runtime.encoder)
    if result.result == "created":
        response.status_code = status.HTTP_201_CREATED
    return result


@router.delete(
    "/by-external-id/{external_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(404, 422),
)
def delete_employee_by_external_id(external_id: ExternalIdPath, session: SessionDep) -> None:
    """Delete the employee with this HRIS id, hidden or not: how the system of record
    removes a leaver (decisions about them stay, without them)."""
    people_service.delete_employee_by_external_id(session, external_id)


@router.get("/{employee_id}", responses=problem_responses(404, 422))
def get_employee(
    employee_id: EmployeeId, session: SessionDep, principal: PrincipalDep
) -> EmployeeRead:
    """Get an employee with skills (label, URI, level) and aspirations."""
    return people_service.get_employee(session, principal, employee_id)


@router.patch("/{employee_id}", responses=problem_responses(404, 409, 422))
def update_employee(
    employee_id: EmployeeId, body: EmployeeUpdate, session: SessionDep, runtime: RuntimeDep
) -> EmployeeRead:
    """Change some fields of an employee, including their visibility and consent."""
    return people_service.update_employee(session, employee_id, body, runtime.encoder)


@router.delete(
    "/{employee_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(404, 422),
)
def delete_employee(employee_id: EmployeeId, session: SessionDep) -> None:
    """Delete an employee with their skills and aspirations."""
    people_service.delete_employee(session, employee_id)


@router.put("/{employee_id}/skills", responses=problem_responses(404, 422))
def replace_skills(
    employee_id: EmployeeId, body: list[EmployeeSkillIn], session: SessionDep, runtime: RuntimeDep
) -> list[EmployeeSkillRead]:
    """Replace the accepted skills; suggested and rejected skills not listed are kept."""
    return skills_service.replace_skills(session, employee_id, body, runtime.encoder)


@router.post(
    "/{employee_id}/skills",
    responses={
        201: {"model": EmployeeSkillRead, "description": "Created"},
        **problem_responses(404, 422),
    },
)
def put_skill(
    employee_id: EmployeeId,
    body: EmployeeSkillIn,
    session: SessionDep,
    runtime: RuntimeDep,
    response: Response,
) -> EmployeeSkillRead:
    """Add a skill (201) or update the level and evidence of one already held (200)."""
    read, created = skills_service.put_skill(session, employee_id, body, runtime.encoder)
    if created:
        response.status_code = status.HTTP_201_CREATED
    return read


@router.delete(
    "/{employee_id}/skills/{skill_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(404, 422),
)
def remove_skill(
    employee_id: EmployeeId, skill_id: SkillId, session: SessionDep, runtime: RuntimeDep
) -> None:
    """Remove a skill from an employee."""
    skills_service.remove_skill(session, employee_id, skill_id, runtime.encoder)


@router.post("/{employee_id}/skills/{skill_id}/accept", responses=problem_responses(404, 422))
def accept_skill(
    employee_id: EmployeeId,
    skill_id: SkillId,
    session: SessionDep,
    runtime: RuntimeDep,
    body: SkillReview | None = None,
) -> EmployeeSkillRead:
    """Accept a suggested (inferred) skill: it counts as held from now on, at the level
    given in the body (`{"proficiency": 4}`) or the suggested one."""
    level = body.proficiency if body is not None else None
    return skills_service.review_skill(
        session, employee_id, skill_id, "accepted", runtime.encoder, proficiency=level
    )


@router.post("/{employee_id}/skills/{skill_id}/reject", responses=problem_responses(404, 422))
def reject_skill(
    employee_id: EmployeeId, skill_id: SkillId, session: SessionDep, runtime: RuntimeDep
) -> EmployeeSkillRead:
    """Reject a suggested skill; it is kept as rejected so it is not suggested again."""
    return skills_service.review_skill(session, employee_id, skill_id, "rejected", runtime.encoder)


exports_router = APIRouter(prefix="/v1/exports", tags=["employees"])


@exports_router.get(
    "/employee-skills",
    response_model=Page[SkillsExportItem],
    responses={
        **problem_responses(422),
        200: {
            "content": {"text/csv": {}},
            "description": "a page of people with their skills; `format=csv`: the same page "
            "as CSV, the next page in the `Link` header",
        },
    },
)
def export_employee_skills(
    session: SessionDep,
    request: Request,
    page: PageParams,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> Any:
    """The accepted skills of every active employee who consented to share them with other
    systems (`share_skills`), for an HRIS or LMS; nobody else's."""
    found = skills_export.skills_page(session, page)
    if format == "json":
        return found
    headers = {"Content-Disposition": 'attachment; filename="employee-skills.csv"'}
    if found.next_cursor:
        url = request.url.include_query_params(cursor=found.next_cursor)
        headers["Link"] = f'<{url}>; rel="next"'
    return Response(
        skills_export.as_csv(found), media_type="text/csv; charset=utf-8", headers=headers
    )
