"""Reads and writes of the demographics table (the fairness audit reads it in bulk)."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from talentmarket.db.chunked import where_in
from talentmarket.demographics.models import Demographics


def find(session: Session, employee_id: int) -> Demographics | None:
    """A person's answers, if they consented."""
    return session.get(Demographics, employee_id)


def save(session: Session, row: Demographics) -> Demographics:
    """Insert or update a person's answers."""
    merged = session.merge(row)
    session.flush()
    return merged


def forget(session: Session, employee_id: int) -> None:
    """Delete a person's answers (consent withdrawn)."""
    session.execute(delete(Demographics).where(Demographics.employee_id == employee_id))


def of_people(session: Session, ids: Collection[int]) -> dict[int, Demographics]:
    """employee id -> answers, for those of these people who consented."""
    found: dict[int, Demographics] = {}
    for q in where_in(select(Demographics), Demographics.employee_id, sorted(set(ids))):
        found.update({d.employee_id: d for d in session.scalars(q)})
    return found
