"""The audit log's rules: what an event records, who may see which part, how long it stays.

Writes happen in the caller's transaction (`record`, `record_read`, `record_ranking`), so
an audited write and its audit row commit or roll back together. A refused request rolls
its transaction back, so denials go through `record_detached`, which commits on its own.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from operator import attrgetter
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from talentmarket.audit.config import get_audit_settings
from talentmarket.audit.repository import AuditRepository
from talentmarket.audit.schemas import (
    AccessLogEntry,
    AuditEntry,
    AuditEventRead,
    AuditFilters,
)
from talentmarket.csvsafe import safe_row
from talentmarket.db.base import utcnow
from talentmarket.db.engine import transaction
from talentmarket.paging import Page, PageRequest
from talentmarket.principal import Principal
from talentmarket.rankrecord import RankingRecord
from talentmarket.requestctx import ReadNote, current_request_id
from talentmarket.timestamps import as_utc

CSV_COLUMNS = (
    "id",
    "at",
    "request_id",
    "caller",
    "role",
    "action",
    "route",
    "method",
    "status",
    "subject_employee_ids",
    "opening_id",
    "result_count",
    "model_id",
    "taxonomy_release",
    "scoring_version",
)
SCORE_DIGITS = 4  # enough to re-rank and re-explain; keeps `details` small


def _row(entry: AuditEntry) -> dict[str, Any]:
    """The audit_events row of an entry, with the request id and time filled in."""
    return {
        "at": as_utc(entry.at) if entry.at is not None else utcnow(),
        "request_id": entry.request_id if entry.request_id is not None else current_request_id(),
        "caller": entry.caller,
        "role": entry.role,
        "action": entry.action,
        "route": entry.route,
        "method": entry.method,
        "status": entry.status,
        "subject_employee_ids": _unique(entry.subject_ids),
        "opening_id": entry.opening_id,
        "result_count": entry.result_count,
        "model_id": entry.model_id,
        "taxonomy_release": entry.taxonomy_release,
        "scoring_version": entry.scoring_version,
        "details": entry.details,
    }


def _unique(ids: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(ids))


def record(session: Session, entry: AuditEntry) -> int:
    """Append one event in the session's transaction; returns its id."""
    row = _row(entry)
    return AuditRepository(session).append(row, row["subject_employee_ids"])


def record_many(session: Session, entries: Sequence[AuditEntry]) -> list[int]:
    """Append many events with two statements in all; returns their ids in order."""
    rows = [_row(e) for e in entries]
    return AuditRepository(session).append_many(rows, [r["subject_employee_ids"] for r in rows])


def record_detached(factory: sessionmaker[Session], entry: AuditEntry) -> int:
    """Append one event in a transaction of its own (denials: the request's rolls back)."""
    with transaction(factory) as session:
        return record(session, entry)


def record_read(
    session: Session,
    principal: Principal,
    route: str,
    subject_ids: Sequence[int],
    *,
    action: str = "read",
    method: str = "GET",
    status: int = 200,
    opening_id: int | None = None,
    result_count: int | None = None,
) -> int:
    """Record that the principal read (or listed, exported, wrote) these people's data."""
    entry = AuditEntry(
        caller=principal.id,
        role=principal.role,
        action=action,
        route=route,
        method=method,
        status=status,
        subject_ids=subject_ids,
        opening_id=opening_id,
        result_count=len(subject_ids) if result_count is None else result_count,
    )
    return record(session, entry)


# the widest action a request's notes name becomes the action of its one audit row
ACTION_ORDER = ("erase", "write", "export", "list", "read")


def record_reads(
    session: Session, principal: Principal, route: str, method: str, reads: Sequence[ReadNote]
) -> int | None:
    """One audit row for the reads and writes of personal data a request made: its
    subjects in order of first reading, the widest action (erase > write > export > list
    > read), the rows it had."""
    if not reads:
        return None
    subjects = list(dict.fromkeys(s for note in reads for s in note.subject_ids))
    actions = {note.action for note in reads}
    action = next(a for a in ACTION_ORDER if a in actions or a == "read")
    count = sum(len(n.subject_ids) if n.result_count is None else n.result_count for n in reads)
    opening = next((n.opening_id for n in reads if n.opening_id is not None), None)
    return record_read(
        session,
        principal,
        route,
        subjects,
        action=action,
        method=method,
        opening_id=opening,
        result_count=count,
    )


def ranking_details(ranking: RankingRecord) -> dict[str, Any]:
    """The compact document that re-explains a ranking: kind, page, scores, each row's
    parts and must-have gate, the part weights, the data versions, filters and a shadow
    ranker's page."""
    details: dict[str, Any] = {
        "kind": ranking.kind,
        "offset": ranking.offset,
        "total": ranking.total,
        "items": [
            [item_id, round(float(score), SCORE_DIGITS), ranking.offset + rank]
            for rank, (item_id, score) in enumerate(
                zip(ranking.result_ids, ranking.scores, strict=False), start=1
            )
        ],
    }
    if ranking.parts:
        details["parts"] = [
            [None if v is None else round(v, SCORE_DIGITS) for v in row] for row in ranking.parts
        ]
    if ranking.weights:
        details["weights"] = {k: round(v, 6) for k, v in ranking.weights.items()}
    if ranking.versions:
        details["versions"] = dict(ranking.versions)
    if ranking.employee_id is not None:
        details["employee_id"] = ranking.employee_id
    if ranking.filters:
        details["filters"] = ranking.filters
    if ranking.shadow:
        details["shadow"] = dict(ranking.shadow)
    return details


def ranking_subjects(ranking: RankingRecord) -> list[int]:
    """The people a ranking was about: the page of people shown, or the person ranked for."""
    if ranking.kind in ("candidates", "search"):
        return list(ranking.result_ids)
    return [ranking.employee_id] if ranking.employee_id is not None else []


def record_ranking(session: Session, principal: Principal, ranking: RankingRecord) -> int:
    """Record a ranking with its model, taxonomy release and scoring version; only the
    page shown is kept (its ids as subjects and, with scores, in `details`)."""
    entry = AuditEntry(
        caller=principal.id,
        role=principal.role,
        action="search" if ranking.kind == "search" else "rank",
        route=ranking.route,
        method=ranking.method,
        status=ranking.status,
        subject_ids=ranking_subjects(ranking),
        opening_id=ranking.opening_id,
        result_count=ranking.total if ranking.total is not None else len(ranking.result_ids),
        model_id=ranking.model_id,
        taxonomy_release=ranking.taxonomy_release,
        scoring_version=ranking.scoring_version,
        details=ranking_details(ranking),
        at=ranking.at,
    )
    return record(session, entry)


def _utc_filters(filters: AuditFilters) -> AuditFilters:
    """Filters with since/until in UTC (SQLite compares stored UTC times as text)."""
    since = as_utc(filters.since) if filters.since else None
    until = as_utc(filters.until) if filters.until else None
    return AuditFilters(**{**filters.__dict__, "since": since, "until": until})


def query(session: Session, filters: AuditFilters, page: PageRequest) -> Page[AuditEventRead]:
    """A page of audit events matching the filters, newest first."""
    repo = AuditRepository(session)
    rows, total, more = repo.page(repo.query(_utc_filters(filters)), page)
    return page.keyed(
        [AuditEventRead.model_validate(r) for r in rows], total, more, key=attrgetter("id")
    )


def access_log_for(
    session: Session, employee_id: int, page: PageRequest, exclude_caller: str | None = None
) -> Page[AccessLogEntry]:
    """Who read or ranked this employee, newest first; never the other subjects of an
    event, nor its details. `exclude_caller` leaves out the employee's own requests."""
    repo = AuditRepository(session)
    rows, total, more = repo.page_rows(repo.access_log(employee_id, exclude_caller), page)
    items = [AccessLogEntry.model_validate(r) for r in rows]
    # the cursor keys on the event id, which the entries themselves do not show
    return page.keyed(items, total, more, key=lambda _last: int(rows[-1].id))


def _csv_values(event: Any) -> list[Any]:
    """One event as the cells of CSV_COLUMNS (subjects space-separated, time in ISO)."""
    values = [getattr(event, column) for column in CSV_COLUMNS]
    values[1] = as_utc(event.at).isoformat()
    values[9] = " ".join("" if s is None else str(s) for s in event.subject_employee_ids)
    return values


def csv_chunks(
    factory: sessionmaker[Session], filters: AuditFilters, block: int = 2000
) -> Iterator[str]:
    """The matching events as CSV text, a block of rows at a time, cells neutralised
    against formula injection; reads in a session of its own (the response streams
    after the request's session has closed)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    with factory() as session:
        events = AuditRepository(session).iter_events(_utc_filters(filters), batch=block)
        for n, event in enumerate(events, start=1):
            writer.writerow(safe_row(_csv_values(event)))
            if n % block == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
    yield buffer.getvalue()


def retention_cutoff(older_than: timedelta | None = None, now: datetime | None = None) -> datetime:
    """The time before which events are pruned (default: the retention setting)."""
    keep = older_than if older_than is not None else timedelta(get_audit_settings().retention_days)
    return (now or utcnow()) - keep


def prune(
    session: Session, older_than: timedelta | None = None, now: datetime | None = None
) -> int:
    """Delete events older than `older_than` (default: the retention setting); returns
    how many. The only deletion of audit rows there is."""
    return AuditRepository(session).prune(retention_cutoff(older_than, now))


def anonymise_employee(session: Session, employee_id: int, caller_ids: Sequence[str] = ()) -> int:
    """For erasure: take a person out of every event about them (and rename the caller
    ids they used), keeping the events so that counts still add up."""
    return AuditRepository(session).anonymise(employee_id, caller_ids)
