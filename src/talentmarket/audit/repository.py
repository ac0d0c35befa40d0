"""Every SQL statement of the audit log: appends, filtered reads, the prune and the
anonymisation of an erased person (the only two statements that change stored rows)."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    JSON,
    CursorResult,
    Integer,
    Select,
    Table,
    bindparam,
    delete,
    func,
    insert,
    select,
    true,
    update,
)
from sqlalchemy import column as sql_column
from sqlalchemy import table as sql_table
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from talentmarket.audit.models import AuditEvent, AuditEventSubject, AuditMaintenance
from talentmarket.audit.schemas import AuditFilters
from talentmarket.db.chunked import where_in
from talentmarket.db.keyset import keyset_rows
from talentmarket.paging import PageRequest

EVENTS = cast(Table, AuditEvent.__table__)
SUBJECTS = cast(Table, AuditEventSubject.__table__)

# What an employee may see of an event about them: never its other subjects or details.
ACCESS_LOG_COLUMNS = (
    AuditEvent.id,
    AuditEvent.at,
    AuditEvent.caller,
    AuditEvent.role,
    AuditEvent.action,
    AuditEvent.route,
    AuditEvent.method,
    AuditEvent.status,
    AuditEvent.opening_id,
)
# Ranking kinds whose `details.items` are employees (the others rank openings).
PERSON_ITEM_KINDS = frozenset({"candidates", "search"})
ERASED_CALLER = "erased"


class AuditRepository:
    """Appends to and reads of audit_events and audit_event_subjects."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # --- appends --------------------------------------------------------------------------

    def event(self, event_id: int) -> AuditEvent | None:
        """One event by id."""
        return self.session.get(AuditEvent, event_id)

    def append(self, row: Mapping[str, Any], subject_ids: Sequence[int]) -> int:
        """Insert one event (a value for every column but id) and its subjects; returns
        the event id.

        Core statements on the session's connection, in its transaction (the ORM's unit
        of work would cost more than the inserts). On PostgreSQL one statement does both
        inserts, so a ranking pays one round trip; elsewhere an insert and an executemany.
        """
        conn = self.session.connection()
        if conn.dialect.name == "postgresql":
            params = {**row, "subjects": list(subject_ids)}
            return int(conn.execute(_postgres_append(), params).scalar_one())
        event_id = int(conn.execute(insert(EVENTS).returning(EVENTS.c.id), dict(row)).scalar_one())
        if subject_ids:
            conn.execute(
                insert(SUBJECTS), [{"event_id": event_id, "employee_id": s} for s in subject_ids]
            )
        return event_id

    def append_many(
        self, rows: Sequence[Mapping[str, Any]], subject_ids: Sequence[Sequence[int]]
    ) -> list[int]:
        """Insert many events (one statement for events, one for subjects); returns ids."""
        if not rows:
            return []
        conn = self.session.connection()
        stmt = insert(EVENTS).returning(EVENTS.c.id, sort_by_parameter_order=True)
        ids = [int(i) for i in conn.execute(stmt, [dict(r) for r in rows]).scalars()]
        links = [
            {"event_id": event_id, "employee_id": s}
            for event_id, subjects in zip(ids, subject_ids, strict=True)
            for s in subjects
        ]
        if links:
            conn.execute(insert(SUBJECTS), links)
        return ids

    # --- reads ----------------------------------------------------------------------------

    def query(self, filters: AuditFilters) -> Select[AuditEvent]:
        """Events matching the filters, newest first."""
        stmt = select(AuditEvent).order_by(AuditEvent.id.desc())
        equal = {
            AuditEvent.caller: filters.caller,
            AuditEvent.role: filters.role,
            AuditEvent.action: filters.action,
            AuditEvent.route: filters.route,
            AuditEvent.opening_id: filters.opening_id,
            AuditEvent.status: filters.status,
        }
        for column, value in equal.items():
            if value is not None:
                stmt = stmt.where(column == value)
        if filters.employee_id is not None:
            about = select(AuditEventSubject.event_id).where(
                AuditEventSubject.employee_id == filters.employee_id
            )
            stmt = stmt.where(AuditEvent.id.in_(about))
        if filters.since is not None:
            stmt = stmt.where(AuditEvent.at >= filters.since)
        if filters.until is not None:
            stmt = stmt.where(AuditEvent.at < filters.until)
        return stmt

    def page(self, stmt: Select[Any], page: PageRequest) -> tuple[list[Any], int, bool]:
        """The events of a page (newest first by id, one more than shown) and the total."""
        return keyset_rows(self.session, stmt, AuditEvent.id, page, descending=True)

    def iter_events(self, filters: AuditFilters, batch: int = 2000) -> Iterator[AuditEvent]:
        """Every matching event, newest first, read in batches by id (for exports)."""
        last: int | None = None
        while True:
            stmt = self.query(filters).limit(batch)
            if last is not None:
                stmt = stmt.where(AuditEvent.id < last)
            rows = list(self.session.execute(stmt).scalars())
            yield from rows
            if len(rows) < batch:
                return
            last = rows[-1].id
            self.session.expunge_all()  # an export of millions of rows must not pile up

    def access_log(
        self, employee_id: int, exclude_caller: str | None = None
    ) -> Select[*tuple[Any, ...]]:
        """Who read or ranked this employee: the events about them, newest first, with
        only the columns they may see."""
        stmt = (
            select(*ACCESS_LOG_COLUMNS)
            .join(AuditEventSubject, AuditEventSubject.event_id == AuditEvent.id)
            .where(AuditEventSubject.employee_id == employee_id)
            .order_by(AuditEvent.id.desc())
        )
        if exclude_caller is not None:
            stmt = stmt.where(AuditEvent.caller != exclude_caller)
        return stmt

    def page_rows(self, stmt: Select[Any], page: PageRequest) -> tuple[list[Any], int, bool]:
        """A page of a select of columns (not entities), newest first by event id (one
        more than shown), and the total."""
        return keyset_rows(self.session, stmt, AuditEvent.id, page, descending=True, entities=False)

    # --- the two changes the triggers allow ---------------------------------------------

    @contextlib.contextmanager
    def _gate(self, reason: str) -> Iterator[None]:
        """Open the append-only gate for this transaction only; closed again before the
        caller can commit, also when the work fails."""
        self.session.execute(insert(AuditMaintenance).values(reason=reason))
        try:
            yield
        except BaseException:
            # the transaction may be dead already (PostgreSQL); then rollback closes it
            with contextlib.suppress(DBAPIError):
                self._close_gate(reason)
            raise
        self._close_gate(reason)

    def _close_gate(self, reason: str) -> None:
        self.session.execute(delete(AuditMaintenance).where(AuditMaintenance.reason == reason))

    def prune(self, cutoff: datetime) -> int:
        """Delete events older than cutoff and their subject rows; returns events deleted."""
        old = select(AuditEvent.id).where(AuditEvent.at < cutoff)
        with self._gate("prune"):
            self.session.execute(delete(SUBJECTS).where(SUBJECTS.c.event_id.in_(old)))
            result = self.session.execute(delete(EVENTS).where(EVENTS.c.at < cutoff))
        return int(cast(CursorResult[Any], result).rowcount)

    def anonymise(self, employee_id: int, caller_ids: Sequence[str] = ()) -> int:
        """Remove an erased employee from every event (subjects, ranking details) and
        replace their own caller ids; the events stay, so counts still add up. Returns
        the number of rows updated."""
        about = select(AuditEventSubject.event_id).where(
            AuditEventSubject.employee_id == employee_id
        )
        events = self.session.execute(
            select(EVENTS.c.id, EVENTS.c.subject_employee_ids, EVENTS.c.details).where(
                EVENTS.c.id.in_(about)
            )
        ).all()
        changes = [
            {
                "target_id": event_id,
                "new_subjects": [None if s == employee_id else s for s in subjects or []],
                "new_details": _without(details, employee_id),
            }
            for event_id, subjects, details in events
        ]
        with self._gate("erase"):
            if changes:
                conn = self.session.connection()
                conn.execute(
                    update(EVENTS)
                    .where(EVENTS.c.id == bindparam("target_id"))
                    .values(
                        subject_employee_ids=bindparam("new_subjects", type_=JSON),
                        details=bindparam("new_details", type_=JSON),
                    ),
                    changes,
                )
                conn.execute(delete(SUBJECTS).where(SUBJECTS.c.employee_id == employee_id))
            renamed = 0
            if caller_ids:
                result = self.session.execute(
                    update(EVENTS)
                    .where(EVENTS.c.caller.in_(list(caller_ids)))
                    .values(caller=ERASED_CALLER)
                )
                renamed = int(cast(CursorResult[Any], result).rowcount)
        return len(changes) + renamed


@functools.cache
def _postgres_append() -> Select[Any]:
    """`WITH e AS (INSERT event RETURNING id), s AS (INSERT subjects SELECT e.id,
    unnest(:subjects)) SELECT id FROM e`: built once, so SQLAlchemy's compiled cache holds it."""
    columns = [c for c in EVENTS.c if c.name != "id"]
    event = (
        insert(EVENTS)
        .values({c.name: bindparam(c.name, type_=c.type) for c in columns})
        .returning(EVENTS.c.id)
        .cte("e")
    )
    subjects = (
        func.unnest(bindparam("subjects", type_=ARRAY(Integer)))
        .table_valued("employee_id")
        .render_derived(name="u")
    )
    links = (
        insert(SUBJECTS)
        .from_select(
            ["event_id", "employee_id"],
            select(event.c.id, subjects.c.employee_id).select_from(event).join(subjects, true()),
        )
        .cte("s")
    )
    return select(event.c.id).add_cte(links)


def _without(details: dict[str, Any] | None, employee_id: int) -> dict[str, Any] | None:
    """Ranking details with an erased employee's id replaced by null."""
    if not details:
        return details
    out = dict(details)
    if out.get("employee_id") == employee_id:
        out["employee_id"] = None
    if out.get("kind") in PERSON_ITEM_KINDS:
        out["items"] = _items_without(out.get("items"), employee_id)
        shadow = out.get("shadow")
        if isinstance(shadow, dict):
            out["shadow"] = {**shadow, "items": _items_without(shadow.get("items"), employee_id)}
    return out


def _items_without(items: Any, employee_id: int) -> Any:
    """Ranked rows [id, score, rank] with an erased employee's id replaced by null."""
    if not isinstance(items, list):
        return items
    return [[None, *item[1:]] if item and item[0] == employee_id else item for item in items]


# The people and openings tables, read by name: only their department column, for the
# anomaly detector. The audit package must not import the features it audits.
_EMPLOYEES = sql_table("employees", sql_column("id"), sql_column("department"))
_OPENINGS = sql_table("openings", sql_column("id"), sql_column("department"))


def departments_of(
    session: Session, employee_ids: Sequence[int], opening_ids: Sequence[int]
) -> tuple[dict[int, str], dict[int, str]]:
    """Department of each employee and of each opening that still exists."""
    out: list[dict[int, str]] = []
    for tbl, ids in ((_EMPLOYEES, employee_ids), (_OPENINGS, opening_ids)):
        found: dict[int, str] = {}
        query = select(tbl.c.id, tbl.c.department).where(tbl.c.department.is_not(None))
        for stmt in where_in(query, tbl.c.id, ids):
            found.update({int(i): str(d) for i, d in session.execute(stmt)})
        out.append(found)
    return out[0], out[1]
