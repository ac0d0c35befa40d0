"""The ranking pipeline's own reads: which openings to pool, the decisions and interests
that filter a ranking, and the rows a result page shows. Pools read their arrays in
`ranking.pools`; people come through `PeopleRepository.visible_candidates`."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from talentmarket.errors import NotFound
from talentmarket.openings.models import Decision, Interest, Opening
from talentmarket.people.models import Employee


def open_openings() -> Select[Opening]:
    """The openings ranked for employees: those open."""
    return select(Opening).where(Opening.status == "open")


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
    stmt = (
        select(Decision.employee_id, Decision.decision)
        .where(Decision.opening_id == opening_id)
        .order_by(Decision.id)
    )
    latest = {int(e): str(d) for e, d in session.execute(stmt)}
    return {e for e, d in latest.items() if d == "select"}


def dismissed_by(session: Session, employee_id: int) -> list[int]:
    """Openings whose latest interest from an employee is `dismiss`."""
    stmt = (
        select(Interest.opening_id, Interest.action)
        .where(Interest.employee_id == employee_id)
        .order_by(Interest.id)
    )
    latest = {int(o): str(a) for o, a in session.execute(stmt)}
    return [o for o, a in latest.items() if a == "dismiss"]


def employees_by_id(session: Session, ids: Sequence[int]) -> dict[int, Employee]:
    """Employees of a result page, by id (a page holds at most a few hundred)."""
    return {e.id: e for e in session.scalars(select(Employee).where(Employee.id.in_(ids)))}


def openings_by_id(session: Session, ids: Sequence[int]) -> dict[int, Opening]:
    """Openings of a result page, by id."""
    return {o.id: o for o in session.scalars(select(Opening).where(Opening.id.in_(ids)))}
