"""Reads and writes of approval requests."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import Session

from talentmarket.approvals.models import Approval
from talentmarket.db.keyset import keyset_rows
from talentmarket.openings.models import Opening
from talentmarket.paging import PageRequest
from talentmarket.people.models import Employee


def with_parties(session: Session, approval_id: int) -> tuple[Approval, Employee, Opening] | None:
    """An approval request by id, with the person and the opening."""
    row = session.execute(
        select(Approval, Employee, Opening)
        .join(Employee, Employee.id == Approval.employee_id)
        .join(Opening, Opening.id == Approval.opening_id)
        .where(Approval.id == approval_id)
    ).first()
    return None if row is None else (row[0], row[1], row[2])


def of_pair(session: Session, employee_id: int, opening_id: int) -> Approval | None:
    """The approval request about this person and opening, if one was made."""
    return session.scalars(
        select(Approval).where(
            Approval.employee_id == employee_id, Approval.opening_id == opening_id
        )
    ).first()


def of_employee(session: Session, employee_id: int) -> dict[int, Approval]:
    """opening id -> the approval request about this person there."""
    rows = session.scalars(select(Approval).where(Approval.employee_id == employee_id))
    return {a.opening_id: a for a in rows}


def add(session: Session, approval: Approval) -> Approval:
    """Store a new request and flush so it has an id."""
    session.add(approval)
    session.flush()
    return approval


def status_clause(status: str | None, now: datetime) -> ColumnElement[bool] | None:
    """The filter for an effective status: `escalated` is pending past its deadline, and
    `pending` is pending before it."""
    if status is None:
        return None
    if status == "escalated":
        return and_(Approval.status == "pending", Approval.due_at <= now)
    if status == "pending":
        return and_(Approval.status == "pending", Approval.due_at > now)
    return Approval.status == status


def page(
    session: Session,
    page: PageRequest,
    *,
    now: datetime,
    status: str | None = None,
    manager_id: int | None = None,
    hr_queue: bool = False,
) -> tuple[list[tuple[Approval, Employee, Opening]], int, bool]:
    """One page of requests (with the person and the opening) by id: all, a manager's, or
    HR's queue (escalated requests and those of people without a manager)."""
    stmt = (
        select(Approval, Employee, Opening)
        .join(Employee, Employee.id == Approval.employee_id)
        .join(Opening, Opening.id == Approval.opening_id)
    )
    if manager_id is not None:
        stmt = stmt.where(Approval.manager_id == manager_id)
    if hr_queue:
        stmt = stmt.where(
            Approval.status == "pending",
            or_(Approval.due_at <= now, Approval.manager_id.is_(None)),
        )
    clause = status_clause(status, now)
    if clause is not None:
        stmt = stmt.where(clause)
    rows, total, more = keyset_rows(
        session, cast(Select[Any], stmt), Approval.id, page, entities=False
    )
    return [(a, e, o) for a, e, o in rows], total, more


def all_decided_or_open(session: Session) -> list[Approval]:
    """Every request that was not cancelled (for analytics)."""
    return list(session.scalars(select(Approval).where(Approval.status != "cancelled")))
