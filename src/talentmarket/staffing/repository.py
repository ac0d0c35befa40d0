"""The staffing planner's reads: the openings to plan and the time people can give."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentmarket.db.chunked import where_in
from talentmarket.openings.models import Opening, OpeningRequirement
from talentmarket.people.models import Employee, EmployeeAspiration


def openings_to_plan(
    session: Session, ids: Sequence[int] | None, kinds: Sequence[str]
) -> list[Opening]:
    """Open openings of these kinds (of these ids, when given), by id."""
    stmt = select(Opening).where(Opening.status == "open", Opening.kind.in_(list(kinds)))
    if ids is not None:
        stmt = stmt.where(Opening.id.in_(list(ids)))
    return list(session.scalars(stmt.order_by(Opening.id)))


def missing_or_closed(session: Session, ids: Sequence[int]) -> list[int]:
    """Of these ids, those that are not open openings."""
    found = set(
        session.scalars(
            select(Opening.id).where(Opening.id.in_(list(ids)), Opening.status == "open")
        )
    )
    return [i for i in ids if i not in found]


def time_and_department(
    session: Session, employee_ids: Sequence[int]
) -> dict[int, tuple[int, str]]:
    """Employee id -> (availability in % of a week, department)."""
    out: dict[int, tuple[int, str]] = {}
    stmt = select(Employee.id, Employee.availability_pct, Employee.department)
    for query in where_in(stmt, Employee.id, employee_ids):
        for eid, pct, dept in session.execute(query):
            out[int(eid)] = (int(pct or 0), str(dept or ""))
    return out


def wanted_skills(session: Session, employee_ids: Sequence[int]) -> dict[int, set[int]]:
    """Employee id -> skills they want to grow."""
    out: dict[int, set[int]] = {}
    stmt = select(EmployeeAspiration.employee_id, EmployeeAspiration.skill_id).where(
        EmployeeAspiration.skill_id.is_not(None)
    )
    for query in where_in(stmt, EmployeeAspiration.employee_id, employee_ids):
        for eid, sid in session.execute(query):
            out.setdefault(int(eid), set()).add(int(sid))
    return out


def required_skills(session: Session, opening_ids: Sequence[int]) -> dict[int, set[int]]:
    """Opening id -> skills its active requirements ask for."""
    out: dict[int, set[int]] = {}
    stmt = select(OpeningRequirement.opening_id, OpeningRequirement.skill_id).where(
        OpeningRequirement.status == "active"
    )
    for query in where_in(stmt, OpeningRequirement.opening_id, opening_ids):
        for oid, sid in session.execute(query):
            out.setdefault(int(oid), set()).add(int(sid))
    return out
