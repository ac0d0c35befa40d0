"""Data versions: a counter per data area that in-process caches compare to notice changes.

Several workers or replicas share the database, so the counters live there (one row per
area: taxonomy, people, openings, ...).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, select
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
    return {row.name: row.version for row in session.scalars(select(DataVersion))}


def bump_version(session: Session, name: str) -> None:
    """Mark a data area as changed, so caches keyed on it rebuild."""
    row = session.get(DataVersion, name)
    if row is None:
        session.add(DataVersion(name=name, version=1))
    else:
        row.version += 1
    session.flush()
