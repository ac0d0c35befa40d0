"""Emit events with the change that causes them, and read them back as CloudEvents.

Every event is written in the same transaction as its change, so an event exists if and
only if the change was committed (a transactional outbox). Readers page by the outbox
id (`GET /v1/events?cursor=`), so a subscriber that fell behind, or restarted, replays
from the last event it saw and loses nothing. The JSON is CloudEvents 1.0 in structured
mode, written by the CloudEvents SDK; the outbox id travels as the `sequence` extension.
"""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import replace
from typing import Any

from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent
from sqlalchemy import event as orm_events
from sqlalchemy.orm import Session

from talentmarket.errors import Forbidden, MalformedInput, NotFound
from talentmarket.events import repository
from talentmarket.events.models import Event
from talentmarket.events.schemas import EventRead
from talentmarket.paging import Page, PageRequest
from talentmarket.principal import Principal

SOURCE = "/talentmarket"
PREFIX = "org.talentmarket."
TYPES = {
    "employee.created": "an employee was added (HRIS sync, API)",
    "employee.updated": "an employee's record or aspirations changed",
    "employee.skills_changed": "an employee's skills were added, changed or removed",
    "employee.erased": "an employee was deleted or erased: drop your copy (earlier events "
    "about them no longer name them)",
    "opening.opened": "an opening was published (created open, or reopened)",
    "opening.changed": "an opening's fields or requirements changed",
    "opening.closed": "an opening was closed, filled or deleted",
    "taxonomy.release_imported": "a taxonomy release (ESCO, O*NET, the starter) was imported "
    "with changes",
    "skill.deprecated": "an admin retired a skill in favour of another",
    "skill.merged": "an admin merged a skill into another",
    "decision.recorded": "a recruiter shortlisted, declined, selected or withdrew a candidate",
    "interest.expressed": "an employee applied for an opening",
    "approval.requested": "a manager was asked to approve the time a gig, project or "
    "mentorship takes",
    "approval.answered": "a manager (or HR) approved or declined such a request",
}

# set after a commit that wrote events: this process's webhook worker wakes at once
# instead of at its next poll (other processes find them at theirs)
COMMITTED = threading.Event()
EMITTED = "talentmarket.events.emitted"

# what a recruiting process decides about a person: the admin's, never an integration's
# (the integration role reads no decisions, applications or approvals)
PROCESS_TYPES = frozenset(
    {"decision.recorded", "interest.expressed", "approval.requested", "approval.answered"}
)


def readable_types(role: str) -> list[str]:
    """The event types a caller of this role may read or subscribe to."""
    return sorted(TYPES if role == "admin" else set(TYPES) - PROCESS_TYPES)


def check_readable(role: str, types: list[str], field: str) -> list[str]:
    """The types asked for (all the role may read when none), or Forbidden."""
    allowed = readable_types(role)
    refused = sorted(set(types) - set(allowed))
    if refused:
        raise Forbidden(
            f"{field}: a caller of role {role} may not read {', '.join(refused)} events "
            "(decisions, applications and approvals are HR's)"
        )
    return types or allowed


def emit(
    session: Session,
    kind: str,
    subject: str,
    data: dict[str, Any],
    employee_id: int | None = None,
) -> Event:
    """Append an event of a known kind (`TYPES`) in the caller's transaction."""
    if kind not in TYPES:
        raise ValueError(f"unknown event type {kind}")
    session.info[EMITTED] = True
    event = Event(
        event_id=str(uuid.uuid4()),
        type=PREFIX + kind,
        subject=subject,
        data=data,
        employee_id=employee_id,
    )
    return repository.append(session, event)


@orm_events.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop(EMITTED, False):
        COMMITTED.set()


@orm_events.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(EMITTED, None)


def record_changed(
    session: Session,
    kind: str,
    record: tuple[str, int],
    version: int,
    states: dict[str, Any],
    employee_id: int | None = None,
) -> Event:
    """An event about one record (`("employee", 12)`): subject `employees/12`, data with
    the record's id, its data version (larger is newer: a receiver drops older ones) and
    its states (ids, statuses, external ids; never free text)."""
    name, record_id = record
    data = {f"{name}_id": record_id, "version": version, **states}
    return emit(session, kind, f"{name}s/{record_id}", data, employee_id=employee_id)


def cloudevent(event: Event) -> dict[str, Any]:
    """The event as a CloudEvents 1.0 JSON object (structured mode)."""
    attributes = {
        "specversion": "1.0",
        "id": event.event_id,
        "source": SOURCE,
        "type": event.type,
        "subject": event.subject,
        "time": event.time,
        "datacontenttype": "application/json",
        "sequence": str(event.id),
    }
    body: dict[str, Any] = json.loads(JSONFormat().write(CloudEvent(attributes, dict(event.data))))
    return body


def list_events(
    session: Session,
    principal: Principal,
    page: PageRequest,
    types: list[str],
    after: str | None = None,
) -> Page[EventRead]:
    """Events in the order they happened, after the cursor or after the event `after`
    (its id or sequence); `types` without the prefix, only those the caller may read."""
    types = check_readable(principal.role, types, "query.type")
    if after is not None:
        page = replace(page, after=_position(session, page, after))
    rows, total, more = repository.page(session, page, [PREFIX + t for t in types])
    items = [EventRead.model_validate(cloudevent(e)) for e in rows]
    return page.keyed(items, total, more, key=lambda item: int(item.sequence))


def _position(session: Session, page: PageRequest, after: str) -> int:
    """The outbox id of the event a replay starts after."""
    if page.after is not None or page.offset:
        raise MalformedInput("give `after` or `cursor`, not both", field="query.after")
    numeric = after.isascii() and after.isdigit()
    position = int(after) if numeric else repository.position_of(session, after)
    if position is None or not 0 <= position < 2**63:
        raise NotFound(f"no event has id {after}", field="query.after")
    return position


def scrub_person(session: Session, employee_id: int) -> int:
    """Take an erased person out of the events about them (their id leaves the data);
    returns how many events changed."""
    events = repository.about(session, employee_id)
    for event in events:
        event.data = {k: (None if _names(k, v, employee_id) else v) for k, v in event.data.items()}
        if event.subject == f"employees/{employee_id}":
            event.subject = "employees/erased"
        event.employee_id = None
    session.flush()
    return len(events)


def _names(key: str, value: Any, employee_id: int) -> bool:
    """Whether a data field names the person: their id, or their HRIS id beside it."""
    return (key.endswith("employee_id") and value == employee_id) or key == "external_id"
