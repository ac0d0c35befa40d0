"""HTTP endpoints of the audit log: the admins' query and export, and each employee's own
access log."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Path, Query
from fastapi.responses import StreamingResponse

from talentmarket.api.deps import PageParams, PrincipalDep, RuntimeDep, SessionDep
from talentmarket.api.problems import problem_responses
from talentmarket.audit import detection
from talentmarket.audit import service as audit_service
from talentmarket.audit.anomalies import findings_as_dicts
from talentmarket.audit.explain import explain_logged
from talentmarket.audit.schemas import (
    AccessLogEntry,
    AnomalyFinding,
    AnomalyReport,
    AuditEventRead,
    AuditFilters,
    LoggedRanking,
)
from talentmarket.errors import Forbidden, NotFound
from talentmarket.ids import ID_MAX
from talentmarket.paging import Page
from talentmarket.principal import Principal, Role

router = APIRouter(prefix="/v1/audit", tags=["audit"])
me_router = APIRouter(prefix="/v1/me", tags=["audit"])


def require_admin(principal: PrincipalDep) -> Principal:
    """The caller, when an admin; 403 otherwise (until the one policy table decides)."""
    if principal.role != "admin":
        raise Forbidden("only admins may read the audit log")
    return principal


AdminDep = Annotated[Principal, Depends(require_admin)]


@router.get(
    "/events",
    response_model=Page[AuditEventRead],
    responses={
        **problem_responses(401, 403, 422),
        200: {"content": {"text/csv": {}}, "description": "JSON page, or every match as CSV"},
    },
)
def list_audit_events(
    session: SessionDep,
    runtime: RuntimeDep,
    _admin: AdminDep,
    page: PageParams,
    caller: Annotated[str | None, Query(max_length=128, description="principal id")] = None,
    role: Role | None = None,
    action: Annotated[
        str | None, Query(max_length=32, description="read, list, rank, search, export, ...")
    ] = None,
    route: Annotated[
        str | None,
        Query(max_length=256, description="route template, e.g. /v1/employees/{employee_id}"),
    ] = None,
    employee_id: Annotated[
        int | None, Query(ge=1, le=ID_MAX, description="events about this employee")
    ] = None,
    opening_id: Annotated[int | None, Query(ge=1, le=ID_MAX)] = None,
    status: Annotated[int | None, Query(ge=100, le=599, description="HTTP status")] = None,
    since: Annotated[datetime | None, Query(description="from this time (ISO 8601, incl.)")] = None,
    until: Annotated[datetime | None, Query(description="before this time (ISO 8601)")] = None,
    format: Annotated[Literal["json", "csv"] | None, Query()] = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Any:
    """Audit events, newest first, filtered by caller, role, action, route, employee,
    opening, status and time; `format=csv` downloads every match (cells made safe for
    spreadsheets)."""
    filters = AuditFilters(
        caller=caller,
        role=role,
        action=action,
        route=route,
        employee_id=employee_id,
        opening_id=opening_id,
        status=status,
        since=since,
        until=until,
    )
    if format == "csv" or (format is None and "text/csv" in (accept or "")):
        return StreamingResponse(
            audit_service.csv_chunks(runtime.sessionmaker, filters),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="audit-events.csv"'},
        )
    return audit_service.query(session, filters, page)


@router.get(
    "/events/{event_id}/explanation",
    response_model=LoggedRanking,
    responses=problem_responses(401, 403, 404, 409, 422),
)
def explain_logged_ranking(
    event_id: Annotated[int, Path(ge=1, le=ID_MAX, description="audit event id")],
    session: SessionDep,
    _admin: AdminDep,
) -> LoggedRanking:
    """A logged ranking re-explained from the audit log: the same scores, parts, gates and
    contributions for the model, taxonomy release, scoring version and data versions it
    ran with, and which data changed since (409 when the event is not a ranking)."""
    return explain_logged(session, event_id)


@router.get("/anomalies", responses=problem_responses(401, 403, 422))
def list_access_anomalies(
    session: SessionDep,
    _admin: AdminDep,
    since: Annotated[
        datetime | None, Query(description="start of the period (default: 24 hours ago)")
    ] = None,
    until: Annotated[datetime | None, Query(description="end of the period")] = None,
) -> AnomalyReport:
    """Callers whose access pattern is unusual (bulk reads, enumeration, reads outside
    their usual departments, off-hours bursts, repeated denials), each with its reasons."""
    start, findings, n = detection.detect(session, since, until)
    items = [AnomalyFinding.model_validate(f) for f in findings_as_dicts(findings)]
    return AnomalyReport(since=start, until=until, events_read=n, items=items)


@me_router.get("/access-log", responses=problem_responses(401, 404, 422))
def my_access_log(
    session: SessionDep, principal: PrincipalDep, page: PageParams
) -> Page[AccessLogEntry]:
    """Who read your profile or ranked you: caller, role, action, route and time, newest
    first (your own requests left out)."""
    if principal.employee_id is None:
        raise NotFound("the caller is not an employee, so has no access log")
    return audit_service.access_log_for(
        session, principal.employee_id, page, exclude_caller=principal.id
    )
