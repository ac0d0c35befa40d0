"""The evaluations' reads and writes: O*NET occupations and their skills, and the
stand-in people and openings the mobility evaluation creates once and reuses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from talentmarket.openings.models import Opening, OpeningRequirement
from talentmarket.people.models import Employee, EmployeeSkill
from talentmarket.taxonomy.models import Role, RoleSkill, Skill, Task


def onet_roles(session: Session) -> list[tuple[int, str, str, str]]:
    """(id, code, title, description) of every O*NET occupation."""
    stmt = select(Role.id, Role.code, Role.title, Role.description).where(
        Role.source == "onet", Role.kind == "role"
    )
    return [(int(i), c, t, d) for i, c, t, d in session.execute(stmt)]


def count_employees_like(session: Session, pattern: str) -> int:
    """Employees whose external id is LIKE `pattern`."""
    stmt = select(func.count()).where(Employee.external_id.like(pattern))
    return int(session.scalar(stmt) or 0)


def employee_ids_like(session: Session, pattern: str) -> dict[str, int]:
    """external id -> id of the employees whose external id is LIKE `pattern`."""
    stmt = select(Employee.external_id, Employee.id).where(Employee.external_id.like(pattern))
    return {e: int(i) for e, i in session.execute(stmt) if e is not None}


def opening_ids_like(session: Session, pattern: str) -> dict[str, int]:
    """external id -> id of the openings whose external id is LIKE `pattern`."""
    stmt = select(Opening.external_id, Opening.id).where(Opening.external_id.like(pattern))
    return {e: int(i) for e, i in session.execute(stmt) if e is not None}


def task_statements(session: Session, role_ids: Sequence[int]) -> list[tuple[int, str]]:
    """(role id, statement) of the roles' tasks, in task order."""
    stmt = select(Task.role_id, Task.statement).where(Task.role_id.in_(role_ids)).order_by(Task.id)
    return [(int(r), s) for r, s in session.execute(stmt) if r is not None]


def role_skill_rows(
    session: Session, role_ids: Sequence[int] | None = None, source: str | None = None
) -> list[tuple[int, int, float | None, float | None, str]]:
    """(role id, skill id, importance, level, skill type) of the roles' skills (or of every
    role of a source)."""
    stmt = select(
        RoleSkill.role_id,
        RoleSkill.skill_id,
        RoleSkill.importance,
        RoleSkill.level,
        Skill.skill_type,
    ).join(Skill, Skill.id == RoleSkill.skill_id)
    if role_ids is not None:
        stmt = stmt.where(RoleSkill.role_id.in_(role_ids))
    if source is not None:
        stmt = stmt.join(Role, Role.id == RoleSkill.role_id).where(Role.source == source)
    return [(int(r), int(s), i, lv, t) for r, s, i, lv, t in session.execute(stmt)]


def add_employee(session: Session, **fields: Any) -> int:
    """A new employee; returns the id."""
    employee = Employee(**fields)
    session.add(employee)
    session.flush()
    return employee.id


def add_opening(session: Session, **fields: Any) -> int:
    """A new opening; returns the id."""
    opening = Opening(**fields)
    session.add(opening)
    session.flush()
    return opening.id


def add_employee_skills(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Employee skill rows, in one statement."""
    if rows:
        session.execute(insert(EmployeeSkill), list(rows))


def add_requirements(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Opening requirement rows, in one statement."""
    if rows:
        session.execute(insert(OpeningRequirement), list(rows))


def skill_sets(
    session: Session, employee_ids: Sequence[int], opening_ids: Sequence[int]
) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """Skills held per employee and skills required per opening, for these ids."""
    held: dict[int, set[int]] = {}
    for employee_id, skill_id in session.execute(
        select(EmployeeSkill.employee_id, EmployeeSkill.skill_id).where(
            EmployeeSkill.employee_id.in_(employee_ids)
        )
    ):
        held.setdefault(employee_id, set()).add(skill_id)
    needed: dict[int, set[int]] = {}
    for opening_id, skill_id in session.execute(
        select(OpeningRequirement.opening_id, OpeningRequirement.skill_id).where(
            OpeningRequirement.opening_id.in_(opening_ids)
        )
    ):
        needed.setdefault(opening_id, set()).add(skill_id)
    return held, needed
