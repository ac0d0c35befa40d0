"""Openings (jobs, gigs, projects, mentorships), their requirements, and decisions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talentmarket.db.base import Base, TimestampMixin, UtcDateTime, utcnow

OPENING_KINDS = ("job", "gig", "project", "mentorship")
OPENING_STATUSES = ("draft", "open", "closed", "filled")
DECISIONS = ("shortlist", "reject", "select", "withdraw")
INTERESTS = ("view", "save", "apply", "dismiss")


class Opening(TimestampMixin, Base):
    """Work someone could take on: a job, a gig, a project or a mentorship."""

    __tablename__ = "openings"
    __table_args__ = (
        CheckConstraint("kind IN ('job', 'gig', 'project', 'mentorship')", name="kind"),
        CheckConstraint("status IN ('draft', 'open', 'closed', 'filled')", name="status"),
        CheckConstraint("capacity >= 1", name="capacity"),
        Index("ix_openings_status_kind", "status", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(128), unique=True, default=None)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(512))
    role_id: Mapped[int | None] = mapped_column(
        ForeignKey("roles.id", ondelete="SET NULL"), default=None, index=True
    )
    description: Mapped[str] = mapped_column(Text, default="")
    department: Mapped[str] = mapped_column(String(128), default="", index=True)
    location: Mapped[str] = mapped_column(String(128), default="", index=True)
    remote: Mapped[bool] = mapped_column(Boolean, default=False)
    capacity: Mapped[int] = mapped_column(Integer, default=1)
    hours_per_week: Mapped[float | None] = mapped_column(Float, default=None)
    time_pct: Mapped[int | None] = mapped_column(Integer, default=None)
    start_date: Mapped[date | None] = mapped_column(Date, default=None)
    end_date: Mapped[date | None] = mapped_column(Date, default=None)
    status: Mapped[str] = mapped_column(String(16), default="open")
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), default=None, index=True
    )

    requirements: Mapped[list[OpeningRequirement]] = relationship(
        back_populates="opening", cascade="all, delete-orphan", lazy="raise_on_sql"
    )


class OpeningRequirement(Base):
    """A skill an opening asks for: must-have or nice-to-have, minimum level, weight."""

    __tablename__ = "opening_requirements"
    __table_args__ = (
        UniqueConstraint("opening_id", "skill_id"),
        Index("ix_opening_requirements_skill", "skill_id"),
        CheckConstraint("min_proficiency BETWEEN 1 AND 5", name="min_proficiency"),
        CheckConstraint("weight > 0", name="weight"),
        CheckConstraint("status IN ('active', 'suggested', 'rejected')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opening_id: Mapped[int] = mapped_column(ForeignKey("openings.id", ondelete="CASCADE"))
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id", ondelete="RESTRICT"))
    must_have: Mapped[bool] = mapped_column(Boolean, default=False)
    min_proficiency: Mapped[int] = mapped_column(Integer, default=3)
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    status: Mapped[str] = mapped_column(String(16), default="active")
    source: Mapped[str] = mapped_column(String(16), default="manual")
    confidence: Mapped[float] = mapped_column(Float, default=1.0)

    opening: Mapped[Opening] = relationship(back_populates="requirements", lazy="raise_on_sql")


class Decision(Base):
    """A person's decision about a candidate for an opening; never made by the system."""

    __tablename__ = "decisions"
    __table_args__ = (Index("ix_decisions_opening_employee", "opening_id", "employee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    opening_id: Mapped[int] = mapped_column(ForeignKey("openings.id", ondelete="CASCADE"))
    # NULL once the person was erased: the decision stays, anonymised, for the counts
    employee_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), index=True
    )
    decision: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(128), default="")
    score: Mapped[float | None] = mapped_column(Float, default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    # where the person came from when decided about (moves by manager and department);
    # not a foreign key, so a manager's export never lists decisions about their reports
    from_manager_id: Mapped[int | None] = mapped_column(Integer, default=None)
    from_department: Mapped[str] = mapped_column(String(128), default="")


class Interest(Base):
    """An employee's signal about an opening: view, save, apply, dismiss."""

    __tablename__ = "interests"
    __table_args__ = (
        Index("ix_interests_employee_opening", "employee_id", "opening_id"),
        Index("ix_interests_opening_action", "opening_id", "action"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    opening_id: Mapped[int] = mapped_column(
        ForeignKey("openings.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
