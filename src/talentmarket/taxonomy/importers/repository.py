"""The import's reads and writes: current rows to diff against, and bulk inserts,
updates and deletes in chunks (SQLite's parameter limit, PostgreSQL's packet size).

The writer (`writer.py`, `concepts.py`) decides what changes; this module is the only
part of an import that speaks SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Table,
    bindparam,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from talentmarket.db.chunked import chunks
from talentmarket.taxonomy.importers.report import CHUNK
from talentmarket.taxonomy.models import Skill, TaxonomyRelease

Target = Table | type[Any]  # a Core table or a mapped class


def _table(target: Target) -> Table:
    table: Table = target if isinstance(target, Table) else target.__table__
    return table


class ImportStore:
    """One import's access to the taxonomy tables, in the caller's transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- reads --------------------------------------------------------------------------
    def rows(self, *columns: Any, where: ColumnElement[bool] | None = None) -> list[Any]:
        """The given columns (or a whole table) of every row, optionally filtered."""
        stmt = select(*columns)
        if where is not None:
            stmt = stmt.where(where)
        return list(self.session.execute(stmt))

    def mapping(
        self, key: Any, value: Any, where: ColumnElement[bool] | None = None
    ) -> dict[Any, Any]:
        """key column -> value column over every row (optionally filtered)."""
        return {row[0]: row[1] for row in self.rows(key, value, where=where)}

    def release(self, source: str, version: str) -> tuple[TaxonomyRelease, bool]:
        """The release row of this source and version, created when new; and whether it
        was."""
        release = self.session.scalar(
            select(TaxonomyRelease).where(
                TaxonomyRelease.source == source, TaxonomyRelease.version == version
            )
        )
        if release is not None:
            return release, False
        release = TaxonomyRelease(source=source, version=version, counts={})
        self.session.add(release)
        self.session.flush()
        return release, True

    def replacements(self) -> dict[int, int]:
        """Skill id -> the skill an admin replaced it with."""
        return {
            i: t
            for i, t in self.mapping(
                Skill.id, Skill.replaced_by_id, Skill.replaced_by_id.is_not(None)
            ).items()
            if t is not None
        }

    # -- writes -------------------------------------------------------------------------
    def insert(
        self,
        target: Target,
        rows: Sequence[dict[str, Any]],
        done: Callable[[int, int], None] | None = None,
    ) -> None:
        """Insert rows in chunks; `done(rows written, rows)` after each chunk."""
        for i, chunk in enumerate(chunks(rows, CHUNK)):
            self.session.execute(insert(target), chunk)
            if done is not None:
                done(min((i + 1) * CHUNK, len(rows)), len(rows))

    def update(self, model: type[Any], rows: Sequence[dict[str, Any]]) -> None:
        """Update mapped rows by primary key (each dict holds `id` and the new values)."""
        for chunk in chunks(rows, CHUNK):
            self.session.execute(update(model), chunk)

    def update_table(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        """Update rows of a Core table by `id` (each dict holds `id` and the same columns)."""
        for chunk in chunks(rows, CHUNK):
            values: dict[str, Any] = {k: bindparam(f"v_{k}") for k in chunk[0] if k != "id"}
            stmt = update(table).where(table.c.id == bindparam("v_id")).values(values)
            self.session.execute(stmt, [{f"v_{k}": v for k, v in r.items()} for r in chunk])

    def delete(self, target: Target, ids: Iterable[int]) -> None:
        """Delete rows by id, in chunks."""
        table = _table(target)
        for chunk in chunks(list(ids), CHUNK):
            self.session.execute(delete(table).where(table.c.id.in_(chunk)))
