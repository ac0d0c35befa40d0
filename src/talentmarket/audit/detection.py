"""Access anomaly detection over the stored audit log: read the log from far enough back
for every caller's baseline, map rows to `AccessEvent`, run `AccessAnomalyDetector`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from talentmarket.audit.access_events import AccessEvent
from talentmarket.audit.anomalies import AccessAnomalyDetector, Finding
from talentmarket.audit.models import AuditEvent
from talentmarket.audit.repository import AuditRepository, departments_of
from talentmarket.audit.schemas import AuditFilters
from talentmarket.timestamps import as_utc

# audit-log actions -> the detector's vocabulary (a list shows people's records too)
ACTIONS = {"list": "read", "erase": "write", "match": "rank"}
DEFAULT_WINDOW = timedelta(days=1)


def to_access_events(
    rows: Sequence[AuditEvent], employee_dept: dict[int, str], opening_dept: dict[int, str]
) -> list[AccessEvent]:
    """Audit rows as the detector's events, oldest first. The department is the subject's
    for a one-person access and the opening's for an access about an opening."""
    out: list[AccessEvent] = []
    for row in sorted(rows, key=lambda r: (r.at, r.id)):
        subjects = tuple(i for i in row.subject_employee_ids or () if i is not None)
        department = None
        if row.opening_id is not None:
            department = opening_dept.get(row.opening_id)
        elif len(subjects) == 1:
            department = employee_dept.get(subjects[0])
        action = "denied" if row.status in (401, 403) else ACTIONS.get(row.action, row.action)
        out.append(
            AccessEvent(
                at=as_utc(row.at),
                caller=row.caller,
                role=row.role,
                action=action,
                route=row.route,
                subject_ids=subjects,
                opening_id=row.opening_id,
                department=department,
                status=row.status,
                result_count=row.result_count or 0,
            )
        )
    return out


def detect(
    session: Session,
    since: datetime | None = None,
    until: datetime | None = None,
    detector: AccessAnomalyDetector | None = None,
) -> tuple[datetime, list[Finding], int]:
    """Findings about accesses from `since` (default: the last day) to `until`, with the
    callers' history before `since` as their baseline; also the number of events read."""
    detector = detector or AccessAnomalyDetector()
    since = as_utc(since) if since is not None else datetime.now(UTC) - DEFAULT_WINDOW
    filters = AuditFilters(since=detector.history_start(since), until=until)
    rows = list(AuditRepository(session).iter_events(filters))
    employees = {i for r in rows for i in r.subject_employee_ids or () if i is not None}
    openings = {r.opening_id for r in rows if r.opening_id is not None}
    employee_dept, opening_dept = departments_of(session, sorted(employees), sorted(openings))
    events = to_access_events(rows, employee_dept, opening_dept)
    if not events:
        return since, [], 0
    return since, detector.fit_detect(events, since=since), len(events)
