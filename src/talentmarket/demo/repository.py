"""The demo seeder's reads of the taxonomy and its bulk writes of people and openings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, func, insert, select, update
from sqlalchemy.orm import Session

from talentmarket.db.chunked import chunks, where_in
from talentmarket.openings.models import Opening
from talentmarket.people.models import Employee
from talentmarket.taxonomy.models import Role, RoleSkill, Skill, Task

INSERT_BATCH = 10_000  # rows a bulk insert statement carries


def has_starter_roles(session: Session) -> bool:
    """Whether the starter taxonomy is loaded."""
    stmt = select(func.count()).select_from(Role).where(Role.source == "starter")
    return bool(session.scalar(stmt))


def active_roles(session: Session, source: str | None) -> list[Row[int, str, str, int | None, str]]:
    """(id, URI, title, parent, description) of active roles (of one source), by URI."""
    stmt = select(Role.id, Role.uri, Role.title, Role.parent_id, Role.description).where(
        Role.kind == "role", Role.status == "active"
    )
    if source:
        stmt = stmt.where(Role.source == source)
    return list(session.execute(stmt.order_by(Role.uri)).all())


def groups(session: Session) -> tuple[dict[int, int | None], dict[int, str]]:
    """Role groups: id -> parent and id -> title."""
    rows = session.execute(select(Role.id, Role.parent_id, Role.title).where(Role.kind == "group"))
    parents: dict[int, int | None] = {}
    titles: dict[int, str] = {}
    for group_id, parent_id, title in rows:
        parents[group_id] = parent_id
        titles[group_id] = title
    return parents, titles


def role_skill_edges(session: Session) -> list[Row[int, int, str, str, float | None]]:
    """(role, skill, label, relation, level) of active skills (not groups), by role and
    skill URI."""
    stmt = (
        select(RoleSkill.role_id, Skill.id, Skill.label, RoleSkill.relation, RoleSkill.level)
        .join(Skill, Skill.id == RoleSkill.skill_id)
        .where(Skill.status == "active", Skill.kind == "skill")
        .order_by(RoleSkill.role_id, Skill.uri)
    )
    return list(session.execute(stmt).all())


def task_statements(session: Session) -> list[Row[int, str]]:
    """(role, statement) of every task, by role and task id."""
    stmt = select(Task.role_id, Task.statement).order_by(Task.role_id, Task.id)
    return list(session.execute(stmt).all())


def existing_external_ids(
    session: Session, model: type[Employee] | type[Opening], prefix: str
) -> set[str]:
    """External ids of employees or openings that start with `prefix`."""
    rows = session.scalars(select(model.external_id).where(model.external_id.like(prefix + "%")))
    return {r for r in rows if r}


def employee_ids_like(session: Session, prefix: str) -> list[int]:
    """Ids of employees whose external id starts with `prefix`, in id order."""
    stmt = select(Employee.id).where(Employee.external_id.like(prefix + "%"))
    return [int(i) for i in session.scalars(stmt.order_by(Employee.id))]


def ids_by_external(
    session: Session, model: type[Employee] | type[Opening], external_ids: Sequence[str]
) -> dict[str, int]:
    """External id -> id of these employees or openings."""
    out: dict[str, int] = {}
    query = select(model.external_id, model.id)
    for q in where_in(query, model.external_id, external_ids):
        for external_id, ident in session.execute(q):
            out[str(external_id)] = ident
    return out


def insert_rows(session: Session, model: type[Any], rows: Sequence[dict[str, Any]]) -> None:
    """Bulk insert of plain rows, in batches."""
    for batch in chunks(rows, INSERT_BATCH):
        session.execute(insert(model), list(batch))


def flush(session: Session) -> None:
    """Write staged changes without committing."""
    session.flush()


def is_empty(session: Session) -> tuple[bool, bool]:
    """(no roles loaded, no employees yet): what `demo up` still has to load."""
    roles = session.scalar(select(func.count()).select_from(Role))
    people = session.scalar(select(func.count()).select_from(Employee))
    return not roles, not people


def first_employee(session: Session) -> int | None:
    """The id of the first employee, if there is one."""
    return session.scalar(select(Employee.id).order_by(Employee.id).limit(1))


def assign_managers(session: Session, external_prefix: str) -> int:
    """In each department, the first seeded person manages the other seeded people who
    have no manager yet; returns how many got one."""
    like = f"{external_prefix}%"
    firsts = session.execute(
        select(Employee.department, func.min(Employee.id))
        .where(Employee.external_id.like(like))
        .group_by(Employee.department)
    ).all()
    assigned = 0
    for department, manager_id in firsts:
        result = session.execute(
            update(Employee)
            .where(
                Employee.external_id.like(like),
                Employee.department == department,
                Employee.manager_id.is_(None),
                Employee.id != manager_id,
            )
            .values(manager_id=manager_id)
        )
        assigned += int(getattr(result, "rowcount", 0) or 0)
    return assigned
