"""SQL of company roles: their tasks and skills, the base they started from, and the
references that follow a retired role to its successor."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from talentmarket.openings.models import Opening
from talentmarket.people.models import Employee, EmployeeAspiration
from talentmarket.taxonomy.models import Role, RoleRelation, RoleSkill, Skill, Task

BASED_ON = "based_on"


def tasks(session: Session, role_id: int) -> list[Task]:
    """A role's tasks in id order."""
    return list(session.scalars(select(Task).where(Task.role_id == role_id).order_by(Task.id)))


def skills(session: Session, role_id: int) -> list[tuple[RoleSkill, Skill]]:
    """A role's skill links with their skills."""
    stmt = (
        select(RoleSkill, Skill)
        .join(Skill, Skill.id == RoleSkill.skill_id)
        .where(RoleSkill.role_id == role_id)
        .order_by(RoleSkill.relation, Skill.label)
    )
    return [(edge, skill) for edge, skill in session.execute(stmt)]


def base_of(session: Session, role_id: int) -> Role | None:
    """The standard occupation a role is based on."""
    stmt = (
        select(Role)
        .join(RoleRelation, RoleRelation.target_id == Role.id)
        .where(RoleRelation.source_id == role_id, RoleRelation.relation == BASED_ON)
    )
    return session.scalars(stmt.limit(1)).first()


def add_base(session: Session, role_id: int, base_id: int) -> None:
    """Record that a role started from a standard occupation."""
    session.add(RoleRelation(source_id=role_id, target_id=base_id, relation=BASED_ON))


def replace_skills(session: Session, role_id: int, rows: list[RoleSkill]) -> None:
    """A role's skills, replaced whole."""
    session.execute(delete(RoleSkill).where(RoleSkill.role_id == role_id))
    session.add_all(rows)


def remove_tasks(session: Session, role_id: int, task_ids: list[int]) -> int:
    """Delete these tasks of the role; how many went."""
    result = session.execute(delete(Task).where(Task.role_id == role_id, Task.id.in_(task_ids)))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def uri_taken(session: Session, uri: str) -> bool:
    """Whether a role already has this URI."""
    return session.scalar(select(Role.id).where(Role.uri == uri)) is not None


def move_references(session: Session, source_id: int, target_id: int) -> dict[str, int]:
    """Point employees, openings and aspirations at the successor; counts per kind."""
    people = session.execute(
        update(Employee)
        .where(Employee.current_role_id == source_id)
        .values(current_role_id=target_id)
    )
    openings = session.execute(
        update(Opening).where(Opening.role_id == source_id).values(role_id=target_id)
    )
    already = select(EmployeeAspiration.employee_id).where(EmployeeAspiration.role_id == target_id)
    dropped = session.execute(
        delete(EmployeeAspiration).where(
            EmployeeAspiration.role_id == source_id, EmployeeAspiration.employee_id.in_(already)
        )
    )
    aspirations = session.execute(
        update(EmployeeAspiration)
        .where(EmployeeAspiration.role_id == source_id)
        .values(role_id=target_id)
    )
    return {
        "employees": int(people.rowcount or 0),  # type: ignore[attr-defined]
        "openings": int(openings.rowcount or 0),  # type: ignore[attr-defined]
        "aspirations": int(aspirations.rowcount or 0) + int(dropped.rowcount or 0),  # type: ignore[attr-defined]
    }
