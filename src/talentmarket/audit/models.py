"""The audit log: one append-only row per access to personal data or ranking.

`audit_events` holds who did what, when, through which route, with what outcome; for
rankings also the model, taxonomy release and scoring version and a compact `details`
document to re-explain the ranking later. `audit_event_subjects` repeats the subject
employee ids of each event, one row each, so "events about employee X" is an index lookup
on both SQLite and PostgreSQL (a JSON list cannot be indexed portably).

Neither table has a foreign key to employees or openings: an audit row outlives what it
is about, and a cascading delete or SET NULL would rewrite history. Rows change only
through the retention prune and the anonymisation of an erased person, both of which
open the gate in `audit_maintenance` for the length of their own transaction (database
triggers refuse every other UPDATE or DELETE; see the migration).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from talentmarket.db.base import Base, UtcDateTime, utcnow

# SQLite assigns ids only to a column declared exactly INTEGER PRIMARY KEY.
EventId = BigInteger().with_variant(Integer(), "sqlite")


class AuditEvent(Base):
    """One audited access: who, role, action, route, outcome, subjects and time."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_caller_at", "caller", "at"),
        Index("ix_audit_events_opening_id", "opening_id"),
    )

    id: Mapped[int] = mapped_column(EventId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, index=True)
    request_id: Mapped[str | None] = mapped_column(String(128), default=None)
    caller: Mapped[str] = mapped_column(String(128))  # the principal's stable id
    role: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(32))  # read, list, rank, search, export, ...
    route: Mapped[str] = mapped_column(String(256))  # the route template, not the path
    method: Mapped[str] = mapped_column(String(8), default="GET")
    status: Mapped[int] = mapped_column(SmallInteger, default=200)
    subject_employee_ids: Mapped[list[int | None]] = mapped_column(JSON, default=list)
    opening_id: Mapped[int | None] = mapped_column(Integer, default=None)
    result_count: Mapped[int | None] = mapped_column(Integer, default=None)
    model_id: Mapped[str | None] = mapped_column(String(256), default=None)
    taxonomy_release: Mapped[str | None] = mapped_column(String(128), default=None)
    scoring_version: Mapped[str | None] = mapped_column(String(64), default=None)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)


class AuditEventSubject(Base):
    """One subject employee of one audit event (the index behind an access log)."""

    __tablename__ = "audit_event_subjects"
    __table_args__ = (Index("ix_audit_event_subjects_employee_event", "employee_id", "event_id"),)

    event_id: Mapped[int] = mapped_column(
        EventId, ForeignKey("audit_events.id", ondelete="CASCADE"), primary_key=True
    )
    employee_id: Mapped[int] = mapped_column(Integer, primary_key=True)


class AuditMaintenance(Base):
    """The gate the append-only triggers check: a row exists only inside a prune or an
    anonymisation transaction, which deletes it again before committing."""

    __tablename__ = "audit_maintenance"

    reason: Mapped[str] = mapped_column(String(32), primary_key=True)
