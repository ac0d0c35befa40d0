"""What the fairness audit reads: decisions, applications and logged candidate rankings of
a period, and the demographics of the people in them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentmarket.audit.models import AuditEvent
from talentmarket.openings.models import Decision, Interest, Opening


@dataclass(frozen=True)
class Period:
    """The audited window and the kind of openings (None: all)."""

    since: datetime | None
    until: datetime | None
    kind: str | None


def _window(stmt: Any, column: Any, period: Period) -> Any:
    if period.since is not None:
        stmt = stmt.where(column >= period.since)
    if period.until is not None:
        stmt = stmt.where(column < period.until)
    if period.kind is not None:
        stmt = stmt.where(Opening.kind == period.kind)
    return stmt


def decisions(session: Session, period: Period) -> list[tuple[int, int, str, float | None]]:
    """(opening, employee, decision, score) of the period, oldest first."""
    stmt = (
        select(Decision.opening_id, Decision.employee_id, Decision.decision, Decision.score)
        .join(Opening, Opening.id == Decision.opening_id)
        .where(Decision.employee_id.is_not(None))
        .order_by(Decision.id)
    )
    rows = session.execute(_window(stmt, Decision.created_at, period))
    return [(int(o), int(e), str(d), s) for o, e, d, s in rows if e is not None]


def applications(session: Session, period: Period) -> list[tuple[int, int]]:
    """(opening, employee) of the applications of the period."""
    stmt = (
        select(Interest.opening_id, Interest.employee_id)
        .join(Opening, Opening.id == Interest.opening_id)
        .where(Interest.action == "apply")
    )
    return [
        (int(o), int(e)) for o, e in session.execute(_window(stmt, Interest.created_at, period))
    ]


def candidate_rankings(session: Session, period: Period) -> list[tuple[int, str | None, Any]]:
    """(opening, scoring version, details) of every logged candidate ranking."""
    stmt = (
        select(AuditEvent.opening_id, AuditEvent.scoring_version, AuditEvent.details)
        .join(Opening, Opening.id == AuditEvent.opening_id)
        .where(AuditEvent.action == "rank")
        .order_by(AuditEvent.id)
    )
    rows = session.execute(_window(stmt, AuditEvent.at, period))
    return [
        (int(o), v, d)
        for o, v, d in rows
        if o is not None and isinstance(d, dict) and d.get("kind") == "candidates"
    ]


def shadow_rankings(session: Session, version: str, since: datetime) -> list[tuple[int, Any]]:
    """(opening, details) of logged candidate rankings since the shadow ranker of this
    version was made that it also ordered."""
    stmt = (
        select(AuditEvent.opening_id, AuditEvent.details)
        .where(AuditEvent.action == "rank", AuditEvent.opening_id.is_not(None))
        .where(AuditEvent.at >= since)
        .order_by(AuditEvent.id)
    )
    out = []
    for opening, details in session.execute(stmt):
        shadow = details.get("shadow") if isinstance(details, dict) else None
        if isinstance(shadow, dict) and shadow.get("version") == version:
            out.append((int(opening), details))
    return out
