"""HTTP endpoints of skill intelligence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from talentmarket.api.deps import PrincipalDep, RuntimeDep, SessionDep
from talentmarket.api.problems import problem_responses
from talentmarket.skillintel import schemas, suggest
from talentmarket.skillintel import service as skillintel_service

router = APIRouter(prefix="/v1")
EmployeeId = Annotated[int, Path(ge=1)]
OpeningId = Annotated[int, Path(ge=1)]
SkillId = Annotated[int, Path(ge=1)]


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
) -> Response:
    """Accept a suggested requirement: it becomes active and counts in ranking."""
    suggest.decide_requirement(session, runtime.encoder, opening_id, skill_id, accept=True)
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
    suggest.decide_requirement(session, runtime.encoder, opening_id, skill_id, accept=False)
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
    """Rank roles for a free-text job title (abbreviations, seniority, locations, codes)."""
    return skillintel_service.normalize(session, runtime, body)
