"""Shapes of audit data: what callers ask the service to record, and what the API returns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from talentmarket.timestamps import UtcTimestamp

AuditAction = Literal[
    "read", "list", "rank", "search", "export", "write", "erase", "denied", "login"
]


@dataclass(frozen=True)
class AuditEntry:
    """One access to record: who (caller, role), what (action, route, method, status),
    about whom (subject employee ids, opening) and how much (result count)."""

    caller: str
    role: str
    action: str
    route: str
    method: str = "GET"
    status: int = 200
    subject_ids: Sequence[int] = ()
    opening_id: int | None = None
    result_count: int | None = None
    request_id: str | None = None  # default: the id of the request being served
    model_id: str | None = None
    taxonomy_release: str | None = None
    scoring_version: str | None = None
    details: dict[str, Any] | None = None
    at: datetime | None = None  # default: now (a simulation or an import may set it)


@dataclass(frozen=True)
class AuditFilters:
    """Filters of the audit event list; None means 'any'."""

    caller: str | None = None
    role: str | None = None
    action: str | None = None
    route: str | None = None
    employee_id: int | None = None
    opening_id: int | None = None
    status: int | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive


class AuditEventRead(BaseModel):
    """An audit event as admins see it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    at: UtcTimestamp
    request_id: str | None
    caller: str = Field(description="stable id of the principal that made the request")
    role: str
    action: str
    route: str = Field(description="route template, e.g. /v1/employees/{employee_id}")
    method: str
    status: int
    subject_employee_ids: list[int | None] = Field(
        description="employees the event was about (null where a person was erased); for "
        "rankings the page shown"
    )
    opening_id: int | None
    result_count: int | None
    model_id: str | None
    taxonomy_release: str | None
    scoring_version: str | None
    details: dict[str, Any] | None = Field(
        description="for rankings: kind, offset, total, items as [id, score, rank], filters"
    )


class AccessLogEntry(BaseModel):
    """One time someone read or ranked the caller's data: who, as what, how, when."""

    model_config = ConfigDict(from_attributes=True)

    at: UtcTimestamp
    caller: str
    role: str
    action: str
    route: str
    method: str
    status: int
    opening_id: int | None = Field(description="the opening the caller was ranked for, if any")


class AnomalyFinding(BaseModel):
    """A caller whose access pattern looks like misuse, with the reasons in numbers."""

    caller: str
    role: str
    kinds: list[str] = Field(description="strongest first: bulk_reads, enumeration, ...")
    score: float = Field(description="in [0, 1); higher is further from the caller's usual")
    start: datetime = Field(description="first flagged hour")
    end: datetime = Field(description="end of the last flagged hour")
    hours: int
    reasons: list[str]


class AnomalyReport(BaseModel):
    """Findings over a period of the audit log."""

    since: datetime
    until: datetime | None
    events_read: int = Field(description="audit events read, history included")
    items: list[AnomalyFinding]


class LoggedRow(BaseModel):
    """One row of a logged ranking, re-explained from the log."""

    id: int | None = Field(description="the employee (or opening) ranked; null if erased")
    rank: int
    score: float = Field(description="the score shown (or that would have been shown)")
    parts: dict[str, float | None] = Field(description="coverage, semantic, role, preferences")
    must_have_gate: float
    contributions: dict[str, float] = Field(description="gate x weight x part; they add up")
    recomputed_score: float = Field(description="the contributions' sum, equal to the score")


class LoggedRanking(BaseModel):
    """A ranking as it ran: who asked, the versions, and every row's parts."""

    event_id: int
    at: datetime
    kind: str
    route: str
    caller: str
    opening_id: int | None
    employee_id: int | None
    model_id: str | None
    taxonomy_release: str | None
    scoring_version: str | None
    weights: dict[str, float] = Field(description="the scorer's part weights at the time")
    data_versions: dict[str, int] = Field(description="data versions the ranking read")
    data_changed: list[str] = Field(
        description="data areas changed since: scoring again now would read other data"
    )
    filters: dict[str, Any]
    rows: list[LoggedRow]
    shadow: dict[str, Any] | None = Field(
        description="a shadow ranker's order of the same page (logged, never shown)"
    )
