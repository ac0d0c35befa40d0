"""The text an opening's document vector is computed from: title, description, and the
labels of the skills it requires (active requirements). The embeddings package reads it
through `opening_sources`, passed in by whoever refreshes or ranks opening vectors."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentmarket.db.chunked import where_in
from talentmarket.embeddings.sources import labels_by
from talentmarket.openings.models import Opening, OpeningRequirement


def opening_sources(session: Session, ids: list[int] | None) -> dict[int, list[str]]:
    """opening id -> source pieces, for all openings or these ids."""
    needed = labels_by(
        session,
        OpeningRequirement.opening_id,
        OpeningRequirement.skill_id,
        ids,
        OpeningRequirement.status == "active",
    )
    out: dict[int, list[str]] = {}
    query = select(Opening.id, Opening.title, Opening.description)
    for q in where_in(query, Opening.id, ids):
        for oid, title, desc in session.execute(q):
            out[int(oid)] = [title, desc, *needed.get(int(oid), [])]
    return out
