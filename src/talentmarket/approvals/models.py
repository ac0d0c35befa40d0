"""One approval request per person and opening: the manager's yes or no to the time share
and dates a gig, project or mentorship asks of their report."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from talentmarket.db.base import Base, UtcDateTime, utcnow

APPROVAL_STATUSES = ("pending", "approved", "declined", "cancelled")


class Approval(Base):
    """A request to the person's manager; HR (admins) answers it once `due_at` passed.

    `manager_id` is the manager when the request was made (null: no manager, so HR from
    the start). `status` is what was decided; a pending request past `due_at` reads as
    `escalated` (derived when read, so no job has to move it).
    """

    __tablename__ = "approvals"
    __table_args__ = (
        CheckConstraint(
            "status IN ('pending', 'approved', 'declined', 'cancelled')", name="status"
        ),
        UniqueConstraint("employee_id", "opening_id", name="uq_approvals_employee_opening"),
        Index("ix_approvals_manager_status", "manager_id", "status"),
        Index("ix_approvals_status_due", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True
    )
    opening_id: Mapped[int] = mapped_column(
        ForeignKey("openings.id", ondelete="CASCADE"), index=True
    )
    manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), default=None
    )
    time_pct: Mapped[int | None] = mapped_column(Integer, default=None)
    start_date: Mapped[date | None] = mapped_column(Date, default=None)
    end_date: Mapped[date | None] = mapped_column(Date, default=None)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    decided_by: Mapped[str] = mapped_column(String(128), default="")
    decided_as: Mapped[str] = mapped_column(String(16), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
