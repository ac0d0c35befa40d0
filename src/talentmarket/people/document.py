"""The text an employee's document vector is computed from: job title, profile, and the
labels of the skills they hold (accepted). The embeddings package reads it through
`employee_sources`, passed in by whoever refreshes or ranks employee vectors."""

from __future__ import annotations

from sqlalchemy.orm import Session

from talentmarket.people.repository import PeopleRepository


def employee_sources(session: Session, ids: list[int] | None) -> dict[int, list[str]]:
    """employee id -> source pieces, for all employees or these ids."""
    repo = PeopleRepository(session)
    held = repo.held_labels(ids)
    return {
        eid: [title, profile, *held.get(eid, [])]
        for eid, title, profile in repo.document_fields(ids)
    }
