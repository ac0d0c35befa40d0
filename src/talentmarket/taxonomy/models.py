"""Taxonomy tables: releases, skills, roles, tasks, work activities and their edges."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
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

SKILL_TYPES = ("skill", "knowledge", "tool", "language", "transversal")
SKILL_KINDS = ("skill", "group")
SKILL_STATUSES = ("active", "deprecated")
SKILL_RELATIONS = ("broader", "related", "requires", "essential_for", "optional_for", "same_as")
ROLE_KINDS = ("role", "group")
ROLE_RELATIONS = ("broader", "related", "same_as", "close_match")
ROLE_SKILL_RELATIONS = ("essential", "optional")


class TaxonomyRelease(Base):
    """One imported release of a source taxonomy (ESCO 1.1.1, O*NET 29.0, starter...)."""

    __tablename__ = "taxonomy_releases"
    __table_args__ = (UniqueConstraint("source", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(32))
    version: Mapped[str] = mapped_column(String(64))
    checksum: Mapped[str] = mapped_column(String(64), default="")
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    notes: Mapped[str] = mapped_column(Text, default="")


class Skill(TimestampMixin, Base):
    """A skill concept, or a skill group (kind='group') of the hierarchy."""

    __tablename__ = "skills"
    __table_args__ = (
        CheckConstraint("kind IN ('skill', 'group')", name="kind"),
        CheckConstraint("status IN ('active', 'deprecated')", name="status"),
        Index("ix_skills_source_kind", "source", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uri: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="skill")
    label: Mapped[str] = mapped_column(String(512), index=True)
    alt_labels: Mapped[list[str]] = mapped_column(JSON, default=list)
    hidden_labels: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    skill_type: Mapped[str] = mapped_column(String(32), default="skill")
    reuse_level: Mapped[str] = mapped_column(String(32), default="")
    status: Mapped[str] = mapped_column(String(16), default="active")
    replaced_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("skills.id", ondelete="SET NULL"), default=None
    )
    source: Mapped[str] = mapped_column(String(32), default="local")
    release_id: Mapped[int | None] = mapped_column(
        ForeignKey("taxonomy_releases.id", ondelete="SET NULL"), default=None, index=True
    )
    code: Mapped[str] = mapped_column(String(64), default="", index=True)
    same_as: Mapped[list[str]] = mapped_column(JSON, default=list)
    # lower-cased label + alternative labels, for portable lexical search
    search_text: Mapped[str] = mapped_column(Text, default="")


class SkillRelation(Base):
    """A typed, weighted edge between skills: source --relation--> target.

    'broader': target is the broader concept (group or skill) of source.
    'requires': source needs target first. 'essential_for'/'optional_for' follow ESCO's
    skill-skill relations. 'same_as': the two concepts mean the same (cross-taxonomy).
    """

    __tablename__ = "skill_relations"
    __table_args__ = (
        UniqueConstraint("source_id", "target_id", "relation"),
        Index("ix_skill_relations_target", "target_id", "relation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("skills.id", ondelete="CASCADE"))
    target_id: Mapped[int] = mapped_column(ForeignKey("skills.id", ondelete="CASCADE"))
    relation: Mapped[str] = mapped_column(String(32))
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    origin: Mapped[str] = mapped_column(String(32), default="local")


class Role(TimestampMixin, Base):
    """An occupation (kind='role') or a group of them (ISCO group, job family)."""

    __tablename__ = "roles"
    __table_args__ = (
        CheckConstraint("kind IN ('role', 'group')", name="kind"),
        Index("ix_roles_source_kind", "source", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uri: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="role")
    code: Mapped[str] = mapped_column(String(64), default="", index=True)
    isco_code: Mapped[str] = mapped_column(String(16), default="", index=True)
    title: Mapped[str] = mapped_column(String(512), index=True)
    alt_titles: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("roles.id", ondelete="SET NULL"), default=None, index=True
    )
    status: Mapped[str] = mapped_column(String(16), default="active")
    source: Mapped[str] = mapped_column(String(32), default="local")
    release_id: Mapped[int | None] = mapped_column(
        ForeignKey("taxonomy_releases.id", ondelete="SET NULL"), default=None, index=True
    )
    same_as: Mapped[list[str]] = mapped_column(JSON, default=list)
    search_text: Mapped[str] = mapped_column(Text, default="")
    # job architecture (company roles): family, grade (level), version, successor
    family: Mapped[str] = mapped_column(String(128), default="", server_default="")
    grade: Mapped[str] = mapped_column(String(32), default="", server_default="")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # not a foreign key, so adding it needs no table rebuild; kept valid by jobarch
    replaced_by_id: Mapped[int | None] = mapped_column(Integer, default=None)

    skills: Mapped[list[RoleSkill]] = relationship(
        back_populates="role", cascade="all, delete-orphan", lazy="raise_on_sql"
    )


class RoleRelation(Base):
    """A typed edge between roles (broader, related, same_as, close_match)."""

    __tablename__ = "role_relations"
    __table_args__ = (
        UniqueConstraint("source_id", "target_id", "relation"),
        Index("ix_role_relations_target", "target_id", "relation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"))
    target_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"))
    relation: Mapped[str] = mapped_column(String(32))
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    origin: Mapped[str] = mapped_column(String(32), default="local")


class RoleSkill(Base):
    """A role needs a skill: essential or optional, with importance (1-5) and level (1-5)."""

    __tablename__ = "role_skills"
    __table_args__ = (
        UniqueConstraint("role_id", "skill_id"),
        Index("ix_role_skills_skill", "skill_id"),
        CheckConstraint("relation IN ('essential', 'optional')", name="relation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"))
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id", ondelete="CASCADE"))
    relation: Mapped[str] = mapped_column(String(16), default="essential")
    importance: Mapped[float | None] = mapped_column(Float, default=None)
    level: Mapped[float | None] = mapped_column(Float, default=None)
    source_level: Mapped[float | None] = mapped_column(Float, default=None)
    origin: Mapped[str] = mapped_column(String(32), default="local")

    role: Mapped[Role] = relationship(back_populates="skills", lazy="raise_on_sql")


class Task(TimestampMixin, Base):
    """A statement of work belonging to a role."""

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    uri: Mapped[str] = mapped_column(String(255), unique=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="CASCADE"), index=True)
    statement: Mapped[str] = mapped_column(Text)
    task_type: Mapped[str] = mapped_column(String(32), default="core")
    source: Mapped[str] = mapped_column(String(32), default="local")
    release_id: Mapped[int | None] = mapped_column(
        ForeignKey("taxonomy_releases.id", ondelete="SET NULL"), default=None
    )


class TaskSkill(Base):
    """A task uses a skill."""

    __tablename__ = "task_skills"
    __table_args__ = (
        UniqueConstraint("task_id", "skill_id"),
        Index("ix_task_skills_skill", "skill_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    skill_id: Mapped[int] = mapped_column(ForeignKey("skills.id", ondelete="CASCADE"))
    weight: Mapped[float] = mapped_column(Float, default=1.0)


class WorkActivity(Base):
    """A detailed work activity (O*NET DWA), with its intermediate activity (IWA)."""

    __tablename__ = "work_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    uri: Mapped[str] = mapped_column(String(255), unique=True)
    code: Mapped[str] = mapped_column(String(64), default="", index=True)
    title: Mapped[str] = mapped_column(Text)
    parent_code: Mapped[str] = mapped_column(String(64), default="")
    parent_title: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(32), default="onet")


class TaskActivity(Base):
    """A task is an instance of a detailed work activity."""

    __tablename__ = "task_activities"
    __table_args__ = (
        UniqueConstraint("task_id", "activity_id"),
        Index("ix_task_activities_activity", "activity_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    activity_id: Mapped[int] = mapped_column(ForeignKey("work_activities.id", ondelete="CASCADE"))


class TaxonomyChange(Base):
    """One entry of the taxonomy change feed."""

    __tablename__ = "taxonomy_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, index=True)
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int | None] = mapped_column(Integer, default=None)
    entity_uri: Mapped[str] = mapped_column(String(255), default="")
    action: Mapped[str] = mapped_column(String(32))
    release_id: Mapped[int | None] = mapped_column(
        ForeignKey("taxonomy_releases.id", ondelete="SET NULL"), default=None
    )
    actor: Mapped[str] = mapped_column(String(128), default="system")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
