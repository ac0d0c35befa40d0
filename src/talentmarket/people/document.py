"""The text an employee's document vector is computed from: job title, profile, and the
labels of the skills they hold (accepted). The embeddings package reads it through
`employee_sources`, passed in by whoever refreshes or ranks employee vectors."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentmarket.db.chunked import where_in
from talentmarket.embeddings.sources import labels_by
from talentmarket.people.models import Employee, EmployeeSkill


def employee_sources(session: Session, ids: list[int] | None) -> dict[int, list[str]]:
    """employee id -> source pieces, for all employees or these ids."""
    held = labels_by(
        session,
        EmployeeSkill.employee_id,
        EmployeeSkill.skill_id,
        ids,
        EmployeeSkill.status == "accepted",
    )
    out: dict[int, list[str]] = {}
    query = select(Employee.id, Employee.job_title, Employee.profile)
    for q in where_in(query, Employee.id, ids):
        for eid, title, profile in session.execute(q):
            out[int(eid)] = [title, profile, *held.get(int(eid), [])]
    return out
