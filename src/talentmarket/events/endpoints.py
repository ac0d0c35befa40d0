"""HTTP endpoint of the event outbox: replay in order, from any point."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from talentmarket.api.deps import PageParams, PrincipalDep, SessionDep
from talentmarket.api.problems import problem_responses
from talentmarket.events import service
from talentmarket.events.schemas import EventRead
from talentmarket.paging import Page

router = APIRouter(prefix="/v1", tags=["events"])
EventType = Literal[
    "employee.created",
    "employee.updated",
    "employee.skills_changed",
    "employee.erased",
    "opening.opened",
    "opening.changed",
    "opening.closed",
    "taxonomy.release_imported",
    "skill.deprecated",
    "skill.merged",
    "decision.recorded",
    "interest.expressed",
    "approval.requested",
    "approval.answered",
]


@router.get("/events", response_model=Page[EventRead], responses=problem_responses(403, 422))
def list_events(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageParams,
    type: Annotated[
        list[EventType] | None, Query(description="only these types (repeat the parameter)")
    ] = None,
) -> Page[EventRead]:
    """Events as CloudEvents, oldest first; a consumer keeps `next_cursor` and replays
    from there after a restart, missing nothing (the outbox is written with each change)."""
    return service.list_events(session, page, list(type or []))
