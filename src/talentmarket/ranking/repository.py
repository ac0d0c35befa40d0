"""The ranking pipeline's own reads: the skill and role spaces, the rows pools are built
from, which openings to pool, the decisions and interests that filter a ranking, and the
rows a result page shows. People come through `PeopleRepository.visible_candidates`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import Session

from talentmarket.db.chunked import where_in
from talentmarket.errors import NotFound
from talentmarket.openings.models import Interest, Opening, OpeningRequirement
from talentmarket.openings.repository import latest_decisions
from talentmarket.people.models import Employee, EmployeeAspiration, EmployeeSkill
from talentmarket.taxonomy.models import Role, Skill, SkillRelation


def open_openings(only_ids: Sequence[int] | None = None) -> Select[Opening]:
    """The openings ranked for employees: those open (of these ids, when given)."""
    stmt = select(Opening).where(Opening.status == "open")
    return stmt if only_ids is None else stmt.where(Opening.id.in_(list(only_ids)))


def one_opening(opening_id: int) -> Select[Opening]:
    """One opening, whatever its status."""
    return select(Opening).where(Opening.id == opening_id)


def one_employee(employee_id: int) -> Select[Employee]:
    """One employee's own record (for themselves or an admin, not through visibility)."""
    return select(Employee).where(Employee.id == employee_id)


def get_opening(session: Session, opening_id: int) -> Opening:
    """An opening by id; NotFound when there is none."""
    opening = session.get(Opening, opening_id)
    if opening is None:
        raise NotFound(f"opening {opening_id} does not exist")
    return opening


def selected_for(session: Session, opening_id: int) -> set[int]:
    """Employees whose latest decision for an opening is `select`."""
    return {e for e, d in latest_decisions(session, opening_id).items() if d == "select"}


def dismissed_by(session: Session, employee_id: int) -> list[int]:
    """Openings whose latest interest from an employee is `dismiss`."""
    stmt = (
        select(Interest.opening_id, Interest.action)
        .where(Interest.employee_id == employee_id)
        .order_by(Interest.id)
    )
    latest = {int(o): str(a) for o, a in session.execute(stmt)}
    return [o for o, a in latest.items() if a == "dismiss"]


# what a result page shows of the other side (not whole rows: profiles, JSON columns)
EMPLOYEE_BRIEF = (
    Employee.id,
    Employee.name,
    Employee.job_title,
    Employee.department,
    Employee.location,
    Employee.current_role_id,
)
OPENING_BRIEF = (
    Opening.id,
    Opening.title,
    Opening.kind,
    Opening.department,
    Opening.location,
    Opening.remote,
    Opening.role_id,
    Opening.status,
)


def employee_briefs(session: Session, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """What a result page shows of its employees (`EMPLOYEE_BRIEF`), by id (a page holds
    at most a few hundred)."""
    stmt = select(*EMPLOYEE_BRIEF).where(Employee.id.in_(ids))
    return {int(r.id): dict(r._mapping) for r in session.execute(stmt)}


def opening_briefs(session: Session, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """What a result page shows of its openings (`OPENING_BRIEF`), by id."""
    stmt = select(*OPENING_BRIEF).where(Opening.id.in_(ids))
    return {int(r.id): dict(r._mapping) for r in session.execute(stmt)}


def skill_rows(session: Session) -> list[Row[int, str, str]]:
    """(id, uri, label) of every skill (not groups), in id order."""
    stmt = select(Skill.id, Skill.uri, Skill.label).where(Skill.kind == "skill")
    return list(session.execute(stmt.order_by(Skill.id)).all())


def skill_edges(session: Session) -> list[Row[int, int, str, float]]:
    """(source, target, relation, weight) of every skill relation."""
    stmt = select(
        SkillRelation.source_id,
        SkillRelation.target_id,
        SkillRelation.relation,
        SkillRelation.weight,
    )
    return list(session.execute(stmt).all())


def role_rows(session: Session) -> list[Row[int, str]]:
    """(id, title) of every role (not groups), in id order."""
    stmt = select(Role.id, Role.title).where(Role.kind == "role").order_by(Role.id)
    return list(session.execute(stmt).all())


def pooled_openings(session: Session, stmt: Select[Any]) -> list[Opening]:
    """The openings a select of Opening picks, in id order."""
    return list(session.scalars(stmt.order_by(Opening.id)))


def active_requirements(
    session: Session, opening_ids: Sequence[int]
) -> Iterator[Row[int, int, int, float, bool]]:
    """(opening, skill, min level, weight, must have) of these openings' active
    requirements, by opening and requirement id."""
    stmt = (
        select(
            OpeningRequirement.opening_id,
            OpeningRequirement.skill_id,
            OpeningRequirement.min_proficiency,
            OpeningRequirement.weight,
            OpeningRequirement.must_have,
        )
        .where(OpeningRequirement.status == "active")
        .order_by(OpeningRequirement.opening_id, OpeningRequirement.id)
    )
    for query in where_in(stmt, OpeningRequirement.opening_id, opening_ids):
        yield from session.execute(query)


def pooled_employees(session: Session, stmt: Select[Any]) -> list[Any]:
    """(id, current role, location, remote, relocation, availability, preferred kinds) of
    the employees a select of Employee picks, in id order."""
    cols = stmt.with_only_columns(
        Employee.id,
        Employee.current_role_id,
        Employee.location,
        Employee.open_to_remote,
        Employee.open_to_relocation,
        Employee.availability_pct,
        Employee.preferred_kinds,
    ).order_by(Employee.id)
    return list(session.execute(cols).all())


def accepted_skills(session: Session, stmt: Select[Any]) -> Iterator[Row[int, int, int]]:
    """(employee, skill, level) of the accepted skills of the employees `stmt` picks."""
    subquery = stmt.with_only_columns(Employee.id).order_by(None).scalar_subquery()
    query = select(EmployeeSkill.employee_id, EmployeeSkill.skill_id, EmployeeSkill.proficiency)
    yield from session.execute(
        query.where(EmployeeSkill.status == "accepted", EmployeeSkill.employee_id.in_(subquery))
    )


def aspirations(session: Session, stmt: Select[Any]) -> Iterator[Row[int, int | None, int | None]]:
    """(employee, target role, skill to grow) of the employees `stmt` picks."""
    subquery = stmt.with_only_columns(Employee.id).order_by(None).scalar_subquery()
    query = select(
        EmployeeAspiration.employee_id, EmployeeAspiration.role_id, EmployeeAspiration.skill_id
    )
    yield from session.execute(query.where(EmployeeAspiration.employee_id.in_(subquery)))


def employee_ids(session: Session, stmt: Select[Any]) -> list[int]:
    """Ids of the employees a select of Employee picks."""
    return [int(i) for i in session.scalars(stmt.with_only_columns(Employee.id))]
