"""HTTP endpoint of the event outbox: replay in order, from any point."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from talentmarket.api.deps import PageParams, PrincipalDep, SessionDep
from talentmarket.api.problems import problem_responses
from talentmarket.events import service
from talentmarket.events.schemas import EventRead, EventType
from talentmarket.paging import Page

router = APIRouter(prefix="/v1", tags=["events"])


@router.get("/events", response_model=Page[EventRead], responses=problem_responses(403, 404, 422))
def list_events(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageParams,
    type: Annotated[
        list[EventType] | None, Query(description="only these types (repeat the parameter)")
    ] = None,
    after: Annotated[
        str | None,
        Query(
            max_length=64,
            description="replay from an event: the `id` (or `sequence`) of the last event "
            "received, e.g. by a webhook; the events after it follow",
        ),
    ] = None,
) -> Page[EventRead]:
    """Events as CloudEvents, oldest first; a consumer keeps `next_cursor` (or the last
    event's id, as `after`) and replays from there after a restart, missing nothing (the
    outbox is written with each change)."""
    return service.list_events(session, principal, page, list(type or []), after)
