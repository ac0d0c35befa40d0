"""Appends to the outbox and reads it in order."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentmarket.db.keyset import keyset_rows
from talentmarket.events.models import Event
from talentmarket.paging import PageRequest


def append(session: Session, event: Event) -> Event:
    """Add an event in the caller's transaction."""
    session.add(event)
    session.flush()
    return event


def page(
    session: Session, page: PageRequest, types: Collection[str] = ()
) -> tuple[list[Event], int, bool]:
    """Events after the cursor in outbox order (optionally of some types)."""
    stmt = select(Event)
    if types:
        stmt = stmt.where(Event.type.in_(sorted(types)))
    return keyset_rows(session, stmt, Event.id, page)


def about(session: Session, employee_id: int) -> list[Event]:
    """The events about one person."""
    return list(session.scalars(select(Event).where(Event.employee_id == employee_id)))


def position_of(session: Session, event_id: str) -> int | None:
    """The outbox id of the event with this CloudEvents id."""
    return session.scalar(select(Event.id).where(Event.event_id == event_id))
