"""Bulk reads of the taxonomy tables that role profiles are built from (plain tuples via
`db.fetch.fetch_rows`: a full O*NET taxonomy is a few hundred thousand rows)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentmarket.db.fetch import fetch_rows
from talentmarket.taxonomy.models import Role, RoleSkill, Skill, Task, TaskActivity


def active_roles(session: Session) -> list[tuple[Any, ...]]:
    """(id, title, description, alt titles, code, ISCO code, source, URI) of every active
    occupation, by id."""
    stmt = (
        select(
            Role.id,
            Role.title,
            Role.description,
            Role.alt_titles,
            Role.code,
            Role.isco_code,
            Role.source,
            Role.uri,
        )
        .where(Role.kind == "role", Role.status == "active")
        .order_by(Role.id)
    )
    return fetch_rows(session, stmt)


def task_statements(session: Session) -> list[tuple[Any, ...]]:
    """(role, statement) of every task, by role and task id."""
    return fetch_rows(session, select(Task.role_id, Task.statement).order_by(Task.role_id, Task.id))


def task_activities(session: Session) -> list[tuple[Any, ...]]:
    """(role, activity id) of the work activities reached through each role's tasks."""
    stmt = (
        select(Task.role_id, TaskActivity.activity_id)
        .join(Task, Task.id == TaskActivity.task_id)
        .order_by(Task.role_id, TaskActivity.id)
    )
    return fetch_rows(session, stmt)


def role_skills(session: Session) -> list[tuple[Any, ...]]:
    """(role, skill, relation, importance, level, label, uri) of every role's active
    skills (not groups), by role and skill id."""
    stmt = (
        select(
            RoleSkill.role_id,
            RoleSkill.skill_id,
            RoleSkill.relation,
            RoleSkill.importance,
            RoleSkill.level,
            Skill.label,
            Skill.uri,
        )
        .join(Skill, Skill.id == RoleSkill.skill_id)
        .where(Skill.kind == "skill", Skill.status == "active")
        .order_by(RoleSkill.role_id, RoleSkill.skill_id)
    )
    return fetch_rows(session, stmt)
