"""Data versions: a counter per data area that in-process caches compare to notice changes.

Several workers or replicas share the database, so the counters live there (one row per
area: taxonomy, people, openings, ...). A change of a few rows may also say which rows
(`note_change`), so that a cache can patch those rows instead of rebuilding whole; a bump
without such a record means "rebuild".
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import Index, Integer, String, delete, insert, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from talentmarket.db.base import Base, UtcDateTime, utcnow


class DataVersion(Base):
    """A counter per data area; in-process caches compare it to notice changes."""

    __tablename__ = "data_versions"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)


def data_versions(session: Session) -> dict[str, int]:
    """Current data versions (taxonomy, people, openings) as stored in the database."""
    rows = session.execute(select(DataVersion.name, DataVersion.version))
    return {name: int(version) for name, version in rows}


class DataChange(Base):
    """A row that changed at one version of a data area (kept for the last versions)."""

    __tablename__ = "data_changes"
    __table_args__ = (Index("ix_data_changes_area_version", "area", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    area: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer)
    entity_id: Mapped[int] = mapped_column(Integer)


KEPT_VERSIONS = 10_000  # change records kept per area; a cache further behind rebuilds


def bump_version(session: Session, name: str) -> int:
    """Mark a data area as changed, so caches keyed on it rebuild; the new version.

    One UPDATE that adds one: concurrent writers queue on the row, so versions follow the
    order in which their transactions commit."""
    stmt = (
        update(DataVersion)
        .where(DataVersion.name == name)
        .values(version=DataVersion.version + 1, updated_at=utcnow())
        .returning(DataVersion.version)
    )
    version = session.execute(stmt).scalar()
    if version is None:
        session.add(DataVersion(name=name, version=1))
        session.flush()
        return 1
    return int(version)


def note_change(session: Session, area: str, ids: Collection[int]) -> int:
    """Bump the area and record which rows changed; the new version."""
    version = bump_version(session, area)
    rows = [{"area": area, "version": version, "entity_id": int(i)} for i in sorted(set(ids))]
    if rows:
        session.execute(insert(DataChange), rows)
    if version % 100 == 0:
        session.execute(
            delete(DataChange).where(
                DataChange.area == area, DataChange.version <= version - KEPT_VERSIONS
            )
        )
    return version


def note_rows(session: Session, area: str, ids: Collection[int] | None, most: int = 1000) -> int:
    """Record a change of these rows, or of unnamed or too many rows (a plain bump, which
    rebuilds what follows the area); the new version."""
    if ids is None or len(ids) > most:
        return bump_version(session, area)
    return note_change(session, area, ids)


def changed_since(session: Session, area: str, after: int, upto: int) -> set[int] | None:
    """Rows of the area changed in versions (after, upto]; None when a version there has no
    record (a change of many rows, or records pruned): then rebuild."""
    if upto <= after:
        return set()
    stmt = select(DataChange.version, DataChange.entity_id).where(
        DataChange.area == area, DataChange.version > after, DataChange.version <= upto
    )
    rows = session.execute(stmt).all()
    if {v for v, _ in rows} != set(range(after + 1, upto + 1)):
        return None
    return {int(e) for _, e in rows}
