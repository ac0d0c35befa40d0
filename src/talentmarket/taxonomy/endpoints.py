"""HTTP endpoints of the taxonomy: skills, roles, tasks and releases."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from talentmarket.api.deps import PageParams, PrincipalDep, RuntimeDep, SessionDep
from talentmarket.api.problems import problem_responses
from talentmarket.ids import ID_MAX
from talentmarket.paging import Page, whole_page
from talentmarket.taxonomy import schemas
from talentmarket.taxonomy import service as taxonomy_service
from talentmarket.taxonomy.repository import SkillRepository

router = APIRouter(prefix="/v1")

Q = Annotated[str | None, Query(min_length=1, max_length=200, description="words to match")]
SkillIdPath = Annotated[int, Path(ge=1, le=ID_MAX, description="skill id")]
RoleIdPath = Annotated[int, Path(ge=1, le=ID_MAX, description="role id")]


@router.get(
    "/skills/lookup",
    response_model=schemas.SkillRead,
    tags=["skills"],
    responses=problem_responses(404, 422),
)
def lookup_skill(
    session: SessionDep,
    principal: PrincipalDep,
    uri: Annotated[str, Query(min_length=1, max_length=255, description="external URI")],
) -> schemas.SkillRead:
    """Get a skill by its external URI (ESCO conceptUri, O*NET id, our own)."""
    return taxonomy_service.skill_read(session, SkillRepository(session).by_uri(uri))


@router.get(
    "/skills/{skill_ref}",
    response_model=schemas.SkillRead,
    tags=["skills"],
    responses=problem_responses(404),
)
def get_skill(
    session: SessionDep,
    principal: PrincipalDep,
    skill_ref: Annotated[str, Path(max_length=255, description="numeric id or URI")],
) -> schemas.SkillRead:
    """Get a skill by id (or by a URI without slashes)."""
    return taxonomy_service.get_skill(session, skill_ref)


@router.get(
    "/skills/{skill_id}/parents",
    response_model=Page[schemas.SkillSummary],
    tags=["skills"],
    responses=problem_responses(404, 422),
)
def skill_parents(
    session: SessionDep, principal: PrincipalDep, skill_id: SkillIdPath
) -> Page[schemas.SkillSummary]:
    """The broader concepts (skill groups or skills) directly above a skill."""
    return whole_page(taxonomy_service.skill_parents(session, skill_id))


@router.get(
    "/skills/{skill_id}/rsd",
    tags=["skills"],
    responses={
        **problem_responses(404, 422),
        200: {"content": {"application/json": {"schema": {"type": "object"}}}},
    },
)
def skill_rsd(
    session: SessionDep, runtime: RuntimeDep, principal: PrincipalDep, skill_id: SkillIdPath
) -> dict[str, Any]:
    """A skill as an Open Skills Network Rich Skill Descriptor (RSD JSON): name, statement,
    keywords, category, occupations that list it, and its alignment to ESCO or O*NET."""
    return taxonomy_service.skill_rsd(session, skill_id, runtime.settings.company_name)


@router.get(
    "/skills/{skill_id}/children",
    response_model=Page[schemas.SkillSummary],
    tags=["skills"],
    responses=problem_responses(404, 422),
)
def skill_children(
    session: SessionDep, principal: PrincipalDep, skill_id: SkillIdPath, page: PageParams
) -> Page[schemas.SkillSummary]:
    """The narrower concepts directly below a skill or skill group."""
    return taxonomy_service.skill_children(session, skill_id, page)


@router.get(
    "/skills/{skill_id}/related",
    response_model=Page[schemas.RelatedSkill],
    tags=["skills"],
    responses=problem_responses(404, 422),
)
def related_skills(
    session: SessionDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    skill_id: SkillIdPath,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> Page[schemas.RelatedSkill]:
    """Skills related to a skill: typed taxonomy edges first (requires, essential for,
    related, same as), then the most similar skills of the taxonomy graph (co-occurrence
    in roles and tasks, shared skill groups, embeddings), each with the reason."""
    return whole_page(taxonomy_service.related_skills(session, skill_id, limit, runtime), limit)


@router.get(
    "/roles/{role_ref}",
    response_model=schemas.RoleRead,
    tags=["roles"],
    responses=problem_responses(404),
)
def get_role(
    session: SessionDep,
    principal: PrincipalDep,
    role_ref: Annotated[str, Path(max_length=255, description="numeric id, code or URI")],
) -> schemas.RoleRead:
    """Get a role by id or code (ISCO, O*NET-SOC), with its skills and tasks."""
    return taxonomy_service.get_role(session, role_ref)


@router.get(
    "/roles/{role_id}/children",
    response_model=Page[schemas.RoleSummary],
    tags=["roles"],
    responses=problem_responses(404, 422),
)
def role_children(
    session: SessionDep, principal: PrincipalDep, role_id: RoleIdPath, page: PageParams
) -> Page[schemas.RoleSummary]:
    """Roles and groups directly under a role group."""
    return taxonomy_service.role_children(session, role_id, page)


@router.get(
    "/tasks",
    response_model=Page[schemas.TaskRead],
    tags=["roles"],
    responses=problem_responses(404, 422),
)
def list_tasks(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageParams,
    role_id: Annotated[int | None, Query(ge=1, le=ID_MAX)] = None,
    q: Q = None,
) -> Page[schemas.TaskRead]:
    """List task statements, of one role or containing some words."""
    return taxonomy_service.list_tasks(session, page, role_id, q)


@router.get(
    "/tasks/{task_id}",
    response_model=schemas.TaskRead,
    tags=["roles"],
    responses=problem_responses(404, 422),
)
def get_task(
    session: SessionDep, principal: PrincipalDep, task_id: Annotated[int, Path(ge=1, le=ID_MAX)]
) -> schemas.TaskRead:
    """Get one task statement with the skills it uses."""
    return taxonomy_service.get_task(session, task_id)


@router.get("/taxonomy/releases", response_model=Page[schemas.ReleaseRead], tags=["taxonomy"])
def list_releases(session: SessionDep, principal: PrincipalDep) -> Page[schemas.ReleaseRead]:
    """Imported taxonomy releases, newest first."""
    return whole_page(taxonomy_service.list_releases(session))
