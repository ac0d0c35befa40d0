"""The reads and writes of the benchmarks: their synthetic rows and the samples they time."""

from __future__ import annotations

import random
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentmarket.openings.models import Opening, OpeningRequirement
from talentmarket.people.models import Employee, EmployeeSkill
from talentmarket.taxonomy.models import RoleSkill, Skill


def count_external(session: Session, prefix: str) -> tuple[int, int]:
    """(employees, openings) whose external id starts with `prefix`."""
    people = session.scalar(select(func.count()).where(Employee.external_id.like(f"{prefix}e%")))
    openings = session.scalar(select(func.count()).where(Opening.external_id.like(f"{prefix}o%")))
    return int(people or 0), int(openings or 0)


def external_ids(session: Session, prefix: str) -> tuple[list[int], list[int]]:
    """Ids of the employees and of the open openings whose external id starts with
    `prefix`."""
    people = session.scalars(select(Employee.id).where(Employee.external_id.like(f"{prefix}e%")))
    openings = session.scalars(
        select(Opening.id).where(Opening.external_id.like(f"{prefix}o%"), Opening.status == "open")
    )
    return list(people), list(openings)


def opening_with_skills(session: Session, opening_id: int, limit: int) -> tuple[Opening, list[int]]:
    """An opening and up to `limit` of its required skill ids."""
    opening = session.get(Opening, opening_id)
    assert opening is not None
    skills = session.scalars(
        select(OpeningRequirement.skill_id)
        .where(OpeningRequirement.opening_id == opening_id)
        .limit(limit)
    )
    return opening, list(skills)


def essential_needs(
    session: Session, role_id: int, limit: int | None = None
) -> list[tuple[int, float | None]]:
    """(skill id, level) of a role's essential skills."""
    stmt = select(RoleSkill.skill_id, RoleSkill.level).where(
        RoleSkill.role_id == role_id, RoleSkill.relation == "essential"
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return [(int(s), level) for s, level in session.execute(stmt)]


def count_by_email(session: Session, pattern: str) -> int:
    """Employees whose email is LIKE `pattern`."""
    return int(session.scalar(select(func.count()).where(Employee.email.like(pattern))) or 0)


def add_employee(
    session: Session, name: str, email: str, role_id: int, skills: Sequence[tuple[int, int]]
) -> int:
    """A synthetic employee in a role holding skills at levels; returns the id."""
    employee = Employee(name=name, email=email, current_role_id=role_id)
    session.add(employee)
    session.flush()
    session.add_all(
        EmployeeSkill(employee_id=employee.id, skill_id=s, proficiency=p) for s, p in skills
    )
    return employee.id


def add_gig(
    session: Session, title: str, role_id: int, needs: Sequence[tuple[int, int, bool]]
) -> int:
    """An open gig for a role requiring (skill id, level, must-have); returns the id."""
    opening = Opening(kind="gig", title=title, role_id=role_id)
    session.add(opening)
    session.flush()
    session.add_all(
        OpeningRequirement(opening_id=opening.id, skill_id=s, min_proficiency=p, must_have=m)
        for s, p, m in needs
    )
    return opening.id


def role_skill_ids(session: Session) -> list[int]:
    """Every skill some role links to, by id."""
    return list(session.scalars(select(RoleSkill.skill_id).distinct().order_by(RoleSkill.skill_id)))


def people_counts(session: Session) -> tuple[int, int]:
    """(employees, employee skills) in the database."""
    people = session.scalar(select(func.count()).select_from(Employee))
    held = session.scalar(select(func.count()).select_from(EmployeeSkill))
    return int(people or 0), int(held or 0)


def skill_held_by_about(session: Session, holders: int) -> tuple[int, int, int]:
    """(skill id, holders) of the skill whose number of holders is closest to `holders`,
    and another active skill to replace it with."""
    counts = (
        select(EmployeeSkill.skill_id, func.count().label("n"))
        .group_by(EmployeeSkill.skill_id)
        .subquery()
    )
    source_id, n = session.execute(
        select(counts.c.skill_id, counts.c.n).order_by(func.abs(counts.c.n - holders)).limit(1)
    ).one()
    target = session.scalars(
        select(Skill.id)
        .where(Skill.kind == "skill", Skill.status == "active", Skill.id != source_id)
        .order_by(Skill.id)
        .limit(1)
    ).one()
    return int(source_id), int(n), int(target)


def skill_labels(session: Session, limit: int) -> list[str]:
    """Preferred labels of active skills, by id."""
    stmt = (
        select(Skill.label)
        .where(Skill.kind == "skill", Skill.status == "active")
        .order_by(Skill.id)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def sample_pairs(session: Session, n: int, seed: int) -> tuple[list[int], list[int]]:
    """Up to n random employee ids and n random open opening ids (repeatable by seed)."""
    people = list(session.scalars(select(Employee.id).order_by(Employee.id)))
    openings = list(
        session.scalars(select(Opening.id).where(Opening.status == "open").order_by(Opening.id))
    )
    rng = random.Random(seed)
    return rng.sample(people, min(n, len(people))), rng.sample(openings, min(n, len(openings)))


def opening_location(session: Session, opening_id: int) -> str:
    """An opening's location ('' when unknown)."""
    value = session.scalar(select(Opening.location).where(Opening.id == opening_id))
    return str(value or "")
