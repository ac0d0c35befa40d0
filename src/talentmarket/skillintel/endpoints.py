"""HTTP endpoints of skill intelligence, and the skill and role lists with semantic search."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response, status

from talentmarket.api.deps import PageParams, PrincipalDep, RuntimeDep, SessionDep
from talentmarket.api.problems import problem_responses
from talentmarket.ids import ID_MAX
from talentmarket.openings import service as openings_service
from talentmarket.openings.schemas import RequirementReview
from talentmarket.paging import Page
from talentmarket.skillintel import mappings, schemas, suggest
from talentmarket.skillintel import search as skill_search
from talentmarket.skillintel import service as skillintel_service
from talentmarket.taxonomy import schemas as taxonomy_schemas
from talentmarket.taxonomy import service as taxonomy_service

router = APIRouter(prefix="/v1")
EmployeeId = Annotated[int, Path(ge=1, le=ID_MAX)]
OpeningId = Annotated[int, Path(ge=1, le=ID_MAX)]
SkillId = Annotated[int, Path(ge=1, le=ID_MAX)]
SkillType = Literal["skill", "knowledge", "tool", "language", "transversal"]
Mode = Annotated[
    Literal["lexical", "semantic", "hybrid"],
    Query(description="lexical: words in labels; semantic: meaning; hybrid: both (default)"),
]
Q = Annotated[str | None, Query(min_length=1, max_length=200, description="words to match")]


@router.post(
    "/skills/extract",
    response_model=schemas.ExtractResponse,
    tags=["skills"],
    responses=problem_responses(404, 413, 422),
)
def extract_skills(
    body: schemas.ExtractRequest, session: SessionDep, runtime: RuntimeDep, principal: PrincipalDep
) -> schemas.ExtractResponse:
    """Find taxonomy skills in a text, best first, each with a score and the spans behind it."""
    return skillintel_service.extract(session, runtime, body)


@router.post(
    "/employees/{employee_id}/skills/infer",
    response_model=schemas.SuggestionsResponse,
    tags=["employees"],
    responses=problem_responses(404, 413, 422),
)
def infer_skills(
    employee_id: EmployeeId,
    body: schemas.InferRequest,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> schemas.SuggestionsResponse:
    """Suggest skills for an employee from a text; they wait to be accepted or rejected."""
    return suggest.infer_employee_skills(session, runtime, employee_id, body)


@router.post(
    "/openings/{opening_id}/requirements/suggest",
    response_model=schemas.SuggestionsResponse,
    tags=["openings"],
    responses=problem_responses(404, 413, 422),
)
def suggest_requirements(
    opening_id: OpeningId,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    body: schemas.SuggestRequest | None = None,
) -> schemas.SuggestionsResponse:
    """Propose requirements from an opening's description; they wait to be accepted."""
    return suggest.suggest_requirements(
        session, runtime, opening_id, body or schemas.SuggestRequest()
    )


@router.post(
    "/openings/{opening_id}/requirements/{skill_id}/accept",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["openings"],
    responses=problem_responses(404, 409, 422),
)
def accept_requirement(
    opening_id: OpeningId,
    skill_id: SkillId,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    body: RequirementReview | None = None,
) -> Response:
    """Accept a suggested requirement: it becomes active and counts in ranking, as
    suggested or with the must-have flag, minimum proficiency and weight in the body."""
    openings_service.decide_requirement(
        session, runtime.encoder, opening_id, skill_id, accept=True, review=body
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/openings/{opening_id}/requirements/{skill_id}/reject",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["openings"],
    responses=problem_responses(404, 409, 422),
)
def reject_requirement(
    opening_id: OpeningId,
    skill_id: SkillId,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> Response:
    """Reject a suggested requirement; it is kept, marked rejected, and not suggested again."""
    openings_service.decide_requirement(
        session, runtime.encoder, opening_id, skill_id, accept=False
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/roles/normalize",
    response_model=schemas.NormalizeResponse,
    tags=["roles"],
    responses=problem_responses(404, 422),
)
def normalize_title(
    body: schemas.NormalizeRequest,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> schemas.NormalizeResponse:
    """Rank roles for a free-text job title (abbreviations, seniority, locations, codes),
    with what confirmed title mappings near it added (`from_mappings`)."""
    return mappings.normalize(session, runtime, body)


@router.get(
    "/skills",
    response_model=Page[taxonomy_schemas.SkillHit],
    tags=["skills"],
    responses=problem_responses(422),
)
def list_skills(
    session: SessionDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    page: PageParams,
    q: Q = None,
    mode: Mode = "hybrid",
    kind: Annotated[Literal["skill", "group"] | None, Query()] = "skill",
    skill_type: Annotated[SkillType | None, Query(alias="type")] = None,
    source: Annotated[str | None, Query(max_length=32)] = None,
    status: Annotated[Literal["active", "deprecated"] | None, Query()] = None,
) -> Page[taxonomy_schemas.SkillHit]:
    """List skills, or search them with `q` by labels (lexical), meaning, or both."""
    if q and mode != "lexical" and kind == "skill" and status != "deprecated":
        lexical = taxonomy_service.lexical_skill_ids(session, q)
        return skill_search.search_skills(
            session, runtime, page, q, mode, skill_type, source, lexical
        )
    return taxonomy_service.list_skills(session, page, q, kind, skill_type, source, status)


@router.get(
    "/roles",
    response_model=Page[taxonomy_schemas.RoleHit],
    tags=["roles"],
    responses=problem_responses(422),
)
def list_roles(
    session: SessionDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    page: PageParams,
    q: Q = None,
    mode: Mode = "hybrid",
    kind: Annotated[Literal["role", "group"] | None, Query()] = "role",
    source: Annotated[str | None, Query(max_length=32)] = None,
) -> Page[taxonomy_schemas.RoleHit]:
    """List roles, or search them with `q` by titles and codes (lexical), meaning, or both."""
    if q and mode != "lexical" and kind == "role":
        lexical = taxonomy_service.lexical_role_ids(session, q)
        return skill_search.search_roles(session, runtime, page, q, mode, source, lexical)
    return taxonomy_service.list_roles(session, page, q, kind, source)


@router.post(
    "/roles/normalize/confirm",
    response_model=schemas.TitleMappingRead,
    tags=["roles"],
    responses=problem_responses(400, 403, 404, 422),
)
def confirm_normalized_title(
    body: schemas.TitleMappingIn,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> schemas.TitleMappingRead:
    """Confirm the role a title means (a normalisation result, or a correction of it): a
    title mapping the normaliser uses from its next answer on."""
    report = mappings.upsert(session, runtime, principal, [body], source="confirmed")
    return report.items[0]


@router.post(
    "/roles/mappings",
    response_model=schemas.TitleMappingReport,
    tags=["roles"],
    responses=problem_responses(400, 403, 404, 422),
)
def upsert_title_mappings(
    body: schemas.TitleMappingsIn,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> schemas.TitleMappingReport:
    """Add confirmed title mappings (one per title and role: posting again changes
    nothing); the normaliser uses them from its next answer on."""
    return mappings.upsert(session, runtime, principal, body.mappings)


@router.get(
    "/roles/mappings",
    response_model=Page[schemas.TitleMappingRead],
    tags=["roles"],
    responses=problem_responses(400, 403, 422),
)
def list_title_mappings(
    session: SessionDep,
    page: PageParams,
    q: Annotated[str | None, Query(max_length=300, description="words of the title")] = None,
    role_id: Annotated[int | None, Query(ge=1, le=ID_MAX)] = None,
) -> Page[schemas.TitleMappingRead]:
    """Confirmed title mappings, newest first."""
    return mappings.list_page(session, page, q, role_id)


@router.delete(
    "/roles/mappings/{mapping_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["roles"],
    responses=problem_responses(403, 404, 422),
)
def delete_title_mapping(
    mapping_id: Annotated[int, Path(ge=1, le=ID_MAX)], session: SessionDep
) -> Response:
    """Forget one confirmed title mapping."""
    mappings.delete(session, mapping_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
