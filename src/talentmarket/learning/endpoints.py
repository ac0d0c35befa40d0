"""HTTP endpoints of the learning catalogue."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from talentmarket.api.deps import PageParams, RuntimeDep, SessionDep
from talentmarket.api.problems import problem_responses
from talentmarket.ids import ID_MAX
from talentmarket.learning import service
from talentmarket.learning.repository import CourseFilters
from talentmarket.learning.schemas import (
    CourseIn,
    CourseRead,
    CourseSkillDecision,
    CourseUpsertResult,
    Difficulty,
)
from talentmarket.paging import Page

router = APIRouter(prefix="/v1/courses", tags=["learning"])
CourseId = Annotated[int, Path(ge=1, le=ID_MAX, description="course id")]
SkillId = Annotated[int, Path(ge=1, le=ID_MAX, description="skill id")]
ExternalId = Annotated[
    str, Path(min_length=1, max_length=128, description="the LMS's id of the course")
]


@router.get("", response_model=Page[CourseRead], responses=problem_responses(422))
def list_courses(
    session: SessionDep,
    page: PageParams,
    q: Annotated[str | None, Query(max_length=200, description="words of title or text")] = None,
    skill_id: Annotated[
        int | None, Query(ge=1, le=ID_MAX, description="teaches this skill (confirmed)")
    ] = None,
    language: Annotated[str | None, Query(max_length=16)] = None,
    difficulty: Difficulty | None = None,
    provider: Annotated[str | None, Query(max_length=256)] = None,
) -> Page[CourseRead]:
    """The learning catalogue: active courses and resources with their skills."""
    filters = CourseFilters(q, skill_id, language, difficulty, provider)
    return service.list_courses(session, filters, page)


@router.post(
    "",
    response_model=CourseRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(404, 422),
)
def create_course(body: CourseIn, session: SessionDep, runtime: RuntimeDep) -> CourseRead:
    """Add a course; the skills it teaches are found in its title and description and
    wait, with the skills the body names, for an admin to confirm them."""
    return service.create_course(session, runtime, body)


@router.put(
    "/by-external-id/{external_id}",
    responses={
        201: {"model": CourseUpsertResult, "description": "Created"},
        **problem_responses(404, 422),
    },
)
def upsert_course(
    external_id: ExternalId,
    body: CourseIn,
    session: SessionDep,
    runtime: RuntimeDep,
    response: Response,
) -> CourseUpsertResult:
    """Create (201) or update (200) the course with this LMS id; idempotent."""
    result = service.upsert_course(session, runtime, external_id, body)
    if result.result == "created":
        response.status_code = status.HTTP_201_CREATED
    return result


@router.get("/{course_id}", response_model=CourseRead, responses=problem_responses(404, 422))
def get_course(course_id: CourseId, session: SessionDep) -> CourseRead:
    """One course with its skills and their status."""
    return service.get_course(session, course_id)


@router.delete(
    "/{course_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(404, 422)
)
def delete_course(course_id: CourseId, session: SessionDep) -> None:
    """Remove a course (retiring it, `status: retired`, keeps it but recommends it no more)."""
    service.delete_course(session, course_id)


@router.post(
    "/{course_id}/skills/{skill_id}/decision",
    response_model=CourseRead,
    responses=problem_responses(404, 422),
)
def decide_course_skill(
    course_id: CourseId, skill_id: SkillId, body: CourseSkillDecision, session: SessionDep
) -> CourseRead:
    """Confirm (accept) or reject a skill of a course; accepting one that was not
    suggested adds it. Only accepted skills make the course a recommendation."""
    return service.decide_skill(session, course_id, skill_id, body)
