"""Reads and writes of the decision and interest logs (append-only)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from talentmarket.db.keyset import keyset_rows
from talentmarket.openings.models import Decision, Interest, Opening
from talentmarket.paging import PageRequest
from talentmarket.people.models import Employee

T = TypeVar("T")


def find_opening(session: Session, opening_id: int) -> Opening | None:
    """An opening by id, if it exists."""
    return session.get(Opening, opening_id)


def find_employee(session: Session, employee_id: int) -> Employee | None:
    """An employee by id, if it exists."""
    return session.get(Employee, employee_id)


def latest_interest(
    session: Session, employee_id: int, opening_id: int, skip: Collection[str]
) -> Interest | None:
    """This person's latest interest in this opening, not counting the `skip` actions."""
    return session.scalars(
        select(Interest)
        .where(
            Interest.employee_id == employee_id,
            Interest.opening_id == opening_id,
            Interest.action.not_in(list(skip)),
        )
        .order_by(Interest.id.desc())
        .limit(1)
    ).first()


def append(session: Session, entry: Decision | Interest) -> None:
    """Add an entry to its log and flush so it has an id and timestamp."""
    session.add(entry)
    session.flush()


def decisions_page(
    session: Session,
    opening_id: int,
    page: PageRequest,
    employee_id: int | None,
    exclude: Collection[int] = (),
) -> tuple[list[Decision], int, bool]:
    """One page of an opening's decisions (optionally about one employee, never about
    the `exclude` people), oldest first, with the total."""
    stmt = select(Decision).where(Decision.opening_id == opening_id)
    if employee_id is not None:
        stmt = stmt.where(Decision.employee_id == employee_id)
    if exclude:
        stmt = stmt.where(Decision.employee_id.not_in(sorted(exclude)))
    return _page(session, stmt, Decision.id, page)


def interests_page(
    session: Session, employee_id: int, page: PageRequest, action: str | None
) -> tuple[list[Interest], int, bool]:
    """One page of an employee's interests (optionally of one action), oldest first, with
    the total."""
    stmt = select(Interest).where(Interest.employee_id == employee_id)
    if action:
        stmt = stmt.where(Interest.action == action)
    return _page(session, stmt, Interest.id, page)


def _page(
    session: Session, stmt: Select[T], key: Any, page: PageRequest
) -> tuple[list[T], int, bool]:
    """The rows of a page in `key` order (one more than shown), with the total."""
    return keyset_rows(session, stmt, key, page)
