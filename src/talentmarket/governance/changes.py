"""The taxonomy change feed: write entries, and read them oldest first after a point.

Ids grow with every entry, so "after id N" is an exact, gap-free position for a consumer
that polls; a timestamp is accepted as a starting point too.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from talentmarket.db.base import utcnow
from talentmarket.errors import MalformedInput
from talentmarket.taxonomy.models import TaxonomyChange
from talentmarket.timestamps import as_utc


def parse_since(since: str) -> tuple[int | None, datetime | None]:
    """`since` as (change id, None) or (None, UTC timestamp); 422 when it is neither."""
    text = since.strip()
    if text.isdigit():
        return int(text), None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise MalformedInput(
            "since must be a change id or an ISO 8601 timestamp", field="query.since"
        ) from exc
    return None, as_utc(moment)


class ChangeRepository:
    """Entries of the taxonomy change feed."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def record(
        self,
        entity: str,
        entity_id: int | None,
        entity_uri: str,
        action: str,
        actor: str,
        details: dict[str, Any] | None = None,
        release_id: int | None = None,
    ) -> TaxonomyChange:
        """Add one entry (flushed, so it has its id)."""
        change = TaxonomyChange(
            occurred_at=utcnow(),
            entity=entity,
            entity_id=entity_id,
            entity_uri=entity_uri,
            action=action,
            actor=actor,
            details=details or {},
            release_id=release_id,
        )
        self.session.add(change)
        self.session.flush()
        return change

    def query(
        self,
        *,
        after_id: int | None = None,
        since: datetime | None = None,
        entity: str | None = None,
        action: str | None = None,
        entity_id: int | None = None,
    ) -> Select[TaxonomyChange]:
        """Entries after a change id and/or a moment, filtered, oldest first."""
        stmt = select(TaxonomyChange).order_by(TaxonomyChange.id)
        if after_id is not None:
            stmt = stmt.where(TaxonomyChange.id > after_id)
        if since is not None:
            stmt = stmt.where(TaxonomyChange.occurred_at > since)
        if entity:
            stmt = stmt.where(TaxonomyChange.entity == entity)
        if action:
            stmt = stmt.where(TaxonomyChange.action == action)
        if entity_id is not None:
            stmt = stmt.where(TaxonomyChange.entity_id == entity_id)
        return stmt

    def page(self, stmt: Select[TaxonomyChange], limit: int) -> Sequence[TaxonomyChange]:
        """Up to limit + 1 entries (the extra one tells whether more follow)."""
        return self.session.scalars(stmt.limit(limit + 1)).all()

    def last_id(self) -> int:
        """Id of the newest entry, 0 when the feed is empty."""
        stmt = select(TaxonomyChange.id).order_by(TaxonomyChange.id.desc()).limit(1)
        return int(self.session.scalar(stmt) or 0)
