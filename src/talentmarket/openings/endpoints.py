"""HTTP endpoints of the openings feature: openings and their requirements."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response, status

from talentmarket.api.deps import PageParams, RuntimeDep, SessionDep
from talentmarket.api.problems import problem_responses
from talentmarket.ids import ID_MAX
from talentmarket.openings import service as openings_service
from talentmarket.openings.jsonld import item_list, job_posting
from talentmarket.openings.repository import OpeningFilters
from talentmarket.openings.schemas import (
    OpeningCreate,
    OpeningKind,
    OpeningRead,
    OpeningStatus,
    OpeningSummary,
    OpeningUpdate,
    OpeningUpsert,
    OpeningUpsertResult,
    RequirementIn,
    RequirementRead,
)
from talentmarket.paging import Page

router = APIRouter(prefix="/v1/openings", tags=["openings"])
JSON_LD = "application/ld+json"

OpeningId = Annotated[int, Path(ge=1, le=ID_MAX, description="opening id")]
ExternalIdPath = Annotated[
    str, Path(min_length=1, max_length=128, description="the opening's id in the ATS")
]


@router.post("", status_code=status.HTTP_201_CREATED, responses=problem_responses(404, 409, 422))
def create_opening(body: OpeningCreate, session: SessionDep, runtime: RuntimeDep) -> OpeningRead:
    """Create an opening (job, gig, project or mentorship) with its requirements."""
    return openings_service.create_opening(session, body, runtime.encoder)


@router.get(
    "",
    response_model=Page[OpeningSummary],
    responses={
        **problem_responses(422),
        200: {
            "content": {
                "application/json": {},
                JSON_LD: {"schema": {"type": "object", "description": "schema.org ItemList"}},
            },
            "description": "a page of openings; with `Accept: application/ld+json` a feed: "
            "an ItemList of JobPostings, the next page in the `Link` header",
        },
    },
)
def list_openings(
    session: SessionDep,
    runtime: RuntimeDep,
    request: Request,
    page: PageParams,
    kind: OpeningKind | None = None,
    opening_status: Annotated[OpeningStatus | None, Query(alias="status")] = None,
    department: Annotated[str | None, Query(max_length=128)] = None,
    location: Annotated[str | None, Query(max_length=128)] = None,
    remote: bool | None = None,
    role_id: Annotated[int | None, Query(ge=1, le=ID_MAX)] = None,
    skill_id: Annotated[
        int | None, Query(ge=1, le=ID_MAX, description="requires this skill")
    ] = None,
    owner_id: Annotated[int | None, Query(ge=1, le=ID_MAX)] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="matches title and description")
    ] = None,
) -> Page[OpeningSummary] | Response:
    """List openings in id order, filtered; with `Accept: application/ld+json`, a feed of
    schema.org JobPostings (for example `?status=open` for a job board)."""
    filters = OpeningFilters(
        kind=kind,
        status=opening_status,
        department=department,
        location=location,
        remote=remote,
        role_id=role_id,
        skill_id=skill_id,
        owner_id=owner_id,
        q=q.strip() if q else None,
    )
    found = openings_service.list_openings(session, filters, page)
    if JSON_LD not in request.headers.get("accept", ""):
        return found
    readings = [openings_service.get_opening(session, o.id) for o in found.items]
    feed = item_list([job_posting(o, runtime.settings.company_name) for o in readings])
    headers = {}
    if found.next_cursor:
        headers["Link"] = (
            f'<{request.url.include_query_params(cursor=found.next_cursor)}>; rel="next"'
        )
    return Response(json.dumps(feed), media_type=JSON_LD, headers=headers)


@router.put(
    "/by-external-id/{external_id}",
    responses={
        201: {"model": OpeningUpsertResult, "description": "Created"},
        **problem_responses(404, 409, 422),
    },
)
def upsert_opening(
    external_id: ExternalIdPath,
    body: OpeningUpsert,
    session: SessionDep,
    runtime: RuntimeDep,
    response: Response,
) -> OpeningUpsertResult:
    """Create (201) or update (200) the opening with this ATS id; idempotent."""
    result = openings_service.upsert_opening(session, external_id, body, runtime.encoder)
    if result.result == "created":
        response.status_code = status.HTTP_201_CREATED
    return result


@router.get(
    "/{opening_id}",
    response_model=OpeningRead,
    responses={
        **problem_responses(404, 422),
        200: {
            "content": {
                "application/json": {},
                JSON_LD: {"schema": {"type": "object", "description": "schema.org JobPosting"}},
            },
            "description": "the opening; as a schema.org JobPosting with "
            "`Accept: application/ld+json`",
        },
    },
)
def get_opening(
    opening_id: OpeningId, session: SessionDep, runtime: RuntimeDep, request: Request
) -> OpeningRead | Response:
    """Get an opening with its requirements (skill label, URI, level, weight); with
    `Accept: application/ld+json`, as a schema.org JobPosting (skills as DefinedTerms
    with their taxonomy URIs)."""
    opening = openings_service.get_opening(session, opening_id)
    if JSON_LD in request.headers.get("accept", ""):
        posting = job_posting(opening, runtime.settings.company_name)
        return Response(json.dumps(posting), media_type=JSON_LD)
    return opening


@router.patch("/{opening_id}", responses=problem_responses(404, 409, 422))
def update_opening(
    opening_id: OpeningId, body: OpeningUpdate, session: SessionDep, runtime: RuntimeDep
) -> OpeningRead:
    """Change some fields of an opening."""
    return openings_service.update_opening(session, opening_id, body, runtime.encoder)


@router.delete(
    "/{opening_id}", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(404, 422)
)
def delete_opening(opening_id: OpeningId, session: SessionDep) -> None:
    """Delete an opening with its requirements."""
    openings_service.delete_opening(session, opening_id)


@router.put("/{opening_id}/requirements", responses=problem_responses(404, 422))
def replace_requirements(
    opening_id: OpeningId, body: list[RequirementIn], session: SessionDep, runtime: RuntimeDep
) -> list[RequirementRead]:
    """Replace the active requirements; suggested and rejected ones not listed are kept."""
    return openings_service.replace_requirements(session, opening_id, body, runtime.encoder)
