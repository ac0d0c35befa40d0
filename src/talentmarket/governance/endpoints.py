"""HTTP endpoints of taxonomy governance: local skills, deprecation, merge, change feed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from talentmarket.api.deps import PrincipalDep, RuntimeDep, SessionDep
from talentmarket.api.problems import problem_responses
from talentmarket.governance import schemas as gschemas
from talentmarket.governance import service as governance
from talentmarket.ids import ID_MAX

router = APIRouter(prefix="/v1")
SkillIdPath = Annotated[int, Path(ge=1, le=ID_MAX, description="skill id")]
Strict = Annotated[
    bool, Query(description="answer 409 instead of a warning when a near-duplicate exists")
]


@router.post(
    "/skills",
    response_model=gschemas.SkillWritten,
    status_code=201,
    tags=["skills"],
    responses=problem_responses(403, 404, 409, 422),
)
def create_skill(
    session: SessionDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    payload: gschemas.SkillCreate,
    strict: Strict = False,
) -> gschemas.SkillWritten:
    """Add a local skill (admin); near-duplicates of existing skills come back as warnings."""
    return governance.create_skill(runtime, session, principal, payload, strict)


@router.patch(
    "/skills/{skill_id}",
    response_model=gschemas.SkillWritten,
    tags=["skills"],
    responses=problem_responses(403, 404, 409, 422),
)
def update_skill(
    session: SessionDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    skill_id: SkillIdPath,
    payload: gschemas.SkillUpdate,
    strict: Strict = False,
) -> gschemas.SkillWritten:
    """Edit a local skill's labels, description or type (admin); imported skills are 409."""
    return governance.update_skill(runtime, session, principal, skill_id, payload, strict)


@router.post(
    "/skills/merge",
    response_model=gschemas.GovernanceResult,
    tags=["skills"],
    responses=problem_responses(403, 404, 409, 422),
)
def merge_skills(
    session: SessionDep, principal: PrincipalDep, payload: gschemas.MergeRequest
) -> gschemas.GovernanceResult:
    """Merge source into target (admin): labels united, every reference moved, source
    retired with replaced_by_id = target."""
    return governance.merge_skills(session, principal, payload)


@router.post(
    "/skills/{skill_id}/deprecate",
    response_model=gschemas.GovernanceResult,
    tags=["skills"],
    responses=problem_responses(403, 404, 409, 422),
)
def deprecate_skill(
    session: SessionDep,
    principal: PrincipalDep,
    skill_id: SkillIdPath,
    payload: gschemas.DeprecateRequest,
) -> gschemas.GovernanceResult:
    """Deprecate a skill (admin): employee skills, requirements, aspirations and links
    move to the replacement in one transaction; the counts go to the change feed."""
    return governance.deprecate_skill(session, principal, skill_id, payload)


@router.get(
    "/taxonomy/changes",
    response_model=gschemas.ChangePage,
    tags=["taxonomy"],
    responses=problem_responses(422),
)
def list_changes(
    session: SessionDep,
    principal: PrincipalDep,
    since: Annotated[
        str | None,
        Query(
            max_length=64,
            description="a change id, or an ISO 8601 timestamp; changes strictly after it",
        ),
    ] = None,
    cursor: Annotated[
        str | None, Query(max_length=32, description="`next_cursor` of the previous page")
    ] = None,
    entity: Annotated[str | None, Query(max_length=32, description="skill, role, task")] = None,
    action: Annotated[
        str | None, Query(max_length=32, description="created, updated, deprecated, merged")
    ] = None,
    entity_id: Annotated[int | None, Query(ge=1, le=ID_MAX)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> gschemas.ChangePage:
    """The taxonomy change feed, oldest first: poll with `since=<poll_since>`."""
    return governance.list_changes(
        session,
        since=since,
        cursor=cursor,
        entity=entity,
        action=action,
        entity_id=entity_id,
        limit=limit,
    )
