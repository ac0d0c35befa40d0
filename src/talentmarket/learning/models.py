"""Courses from an LMS or a provider's catalogue, and the skills each one teaches."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from talentmarket.db.base import Base, TimestampMixin

COURSE_DIFFICULTIES = ("beginner", "intermediate", "advanced")
COURSE_FORMATS = ("course", "video", "book", "article", "workshop", "certification")


class Course(TimestampMixin, Base):
    """A course or learning resource: what, by whom, how long, at what difficulty, in which
    language, where. `status` retired keeps it out of recommendations."""

    __tablename__ = "courses"
    __table_args__ = (
        CheckConstraint(
            "difficulty IN ('beginner', 'intermediate', 'advanced')", name="difficulty"
        ),
        CheckConstraint("status IN ('active', 'retired')", name="status"),
        CheckConstraint("duration_hours > 0", name="duration"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(128), unique=True, default=None)
    title: Mapped[str] = mapped_column(String(512))
    provider: Mapped[str] = mapped_column(String(256), default="", index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(2000), default="")
    format: Mapped[str] = mapped_column(String(32), default="course")
    duration_hours: Mapped[float] = mapped_column(Float)
    difficulty: Mapped[str] = mapped_column(String(16), default="beginner")
    language: Mapped[str] = mapped_column(String(16), default="en", index=True)
    status: Mapped[str] = mapped_column(String(16), default="active")


class CourseSkill(Base):
    """A skill a course teaches: `suggested` (found in its text, or named by the source
    catalogue) until an admin accepts or rejects it; only accepted ones recommend it.
    `proficiency` is the level the course brings a learner to."""

    __tablename__ = "course_skills"
    __table_args__ = (
        UniqueConstraint("course_id", "skill_id"),
        CheckConstraint("status IN ('suggested', 'accepted', 'rejected')", name="status"),
        CheckConstraint("proficiency BETWEEN 1 AND 5", name="proficiency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="suggested")
    source: Mapped[str] = mapped_column(String(16), default="extracted")
    proficiency: Mapped[int] = mapped_column(Integer, default=3)
    confidence: Mapped[float | None] = mapped_column(Float, default=None)
    evidence: Mapped[str] = mapped_column(String(2000), default="")
