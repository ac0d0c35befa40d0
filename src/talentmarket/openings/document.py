"""The text an opening's document vector is computed from: title, description, and the
labels of the skills it requires (active requirements). The embeddings package reads it
through `opening_sources`, passed in by whoever refreshes or ranks opening vectors."""

from __future__ import annotations

from sqlalchemy.orm import Session

from talentmarket.openings.repository import OpeningRepository


def opening_sources(session: Session, ids: list[int] | None) -> dict[int, list[str]]:
    """opening id -> source pieces, for all openings or these ids."""
    repo = OpeningRepository(session)
    needed = repo.required_labels(ids)
    return {
        oid: [title, description, *needed.get(oid, [])]
        for oid, title, description in repo.document_fields(ids)
    }
