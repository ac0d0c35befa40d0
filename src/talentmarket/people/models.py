"""Employees, the skills they hold, and what they aspire to."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    JSON,
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
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talentmarket.db.base import Base, TimestampMixin

# The proficiency scale used everywhere (employee skills, role levels, requirements).
PROFICIENCY_SCALE = {
    1: "Awareness: knows what it is and when it applies",
    2: "Beginner: applies it with guidance on simple cases",
    3: "Practitioner: applies it independently on typical work",
    4: "Advanced: handles complex cases, guides others",
    5: "Expert: recognised authority, sets practice for others",
}
SKILL_SOURCES = ("self", "manager", "assessment", "inferred", "endorsed", "imported")
SKILL_STATUSES = ("accepted", "suggested", "rejected")
EMPLOYEE_STATUSES = ("active", "inactive")


class Employee(TimestampMixin, Base):
    """A person in the company, with visibility and consent from day one."""

    __tablename__ = "employees"
    __table_args__ = (
        Index("ix_employees_visibility", "visible_to_recruiters", "open_to_opportunities"),
        # department and location filters compare case-insensitively (`same_text`)
        Index("ix_employees_department_ci", text("lower(department)")),
        Index("ix_employees_location_ci", text("lower(location)")),
        CheckConstraint("availability_pct BETWEEN 0 AND 100", name="availability_pct"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(128), unique=True, default=None)
    name: Mapped[str] = mapped_column(String(256))
    email: Mapped[str] = mapped_column(String(320), unique=True)
    profile: Mapped[str] = mapped_column(Text, default="")
    current_role_id: Mapped[int | None] = mapped_column(
        ForeignKey("roles.id", ondelete="SET NULL"), default=None, index=True
    )
    job_title: Mapped[str] = mapped_column(String(256), default="")
    department: Mapped[str] = mapped_column(String(128), default="", index=True)
    location: Mapped[str] = mapped_column(String(128), default="", index=True)
    manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="SET NULL"), default=None, index=True
    )
    availability_pct: Mapped[int] = mapped_column(Integer, default=0)
    available_from: Mapped[date | None] = mapped_column(Date, default=None)
    open_to_remote: Mapped[bool] = mapped_column(Boolean, default=True)
    open_to_relocation: Mapped[bool] = mapped_column(Boolean, default=False)
    preferred_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    preferred_locations: Mapped[list[str]] = mapped_column(JSON, default=list)
    open_to_opportunities: Mapped[bool] = mapped_column(Boolean, default=False)
    visible_to_recruiters: Mapped[bool] = mapped_column(Boolean, default=False)
    share_skills: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    status: Mapped[str] = mapped_column(String(16), default="active")
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    skills: Mapped[list[EmployeeSkill]] = relationship(
        back_populates="employee", cascade="all, delete-orphan", lazy="raise_on_sql"
    )
    aspirations: Mapped[list[EmployeeAspiration]] = relationship(
        cascade="all, delete-orphan", lazy="raise_on_sql"
    )


class EmployeeSkill(TimestampMixin, Base):
    """A skill an employee holds (or may hold, when inferred and not yet accepted)."""

    __tablename__ = "employee_skills"
    __table_args__ = (
        UniqueConstraint("employee_id", "skill_id"),
        Index("ix_employee_skills_skill", "skill_id", "status", "proficiency"),
        CheckConstraint("proficiency BETWEEN 1 AND 5", name="proficiency"),
        CheckConstraint("status IN ('accepted', 'suggested', 'rejected')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id", ondelete="RESTRICT"))
    proficiency: Mapped[int] = mapped_column(Integer, default=3)
    source: Mapped[str] = mapped_column(String(16), default="self")
    evidence: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    status: Mapped[str] = mapped_column(String(16), default="accepted")
    last_used: Mapped[date | None] = mapped_column(Date, default=None)

    employee: Mapped[Employee] = relationship(back_populates="skills", lazy="raise_on_sql")


class EmployeeAspiration(Base):
    """A role an employee wants to reach, or a skill they want to grow."""

    __tablename__ = "employee_aspirations"
    __table_args__ = (
        UniqueConstraint("employee_id", "role_id", "skill_id"),
        CheckConstraint("(role_id IS NULL) <> (skill_id IS NULL)", name="role_xor_skill"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True
    )
    role_id: Mapped[int | None] = mapped_column(
        ForeignKey("roles.id", ondelete="CASCADE"), default=None
    )
    skill_id: Mapped[int | None] = mapped_column(
        ForeignKey("skills.id", ondelete="RESTRICT"), default=None
    )
