"""db.sync: one child-collection sync on a real (in-memory SQLite) session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from talentmarket.db.sync import sync_children


class _Base(DeclarativeBase):
    """A throwaway schema for the test."""


class _Child(_Base):
    """A child row keyed by (parent_id, key)."""

    __tablename__ = "child"
    parent_id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[int]
    status: Mapped[str] = mapped_column(default="active")


@pytest.fixture
def session() -> Iterator[Session]:
    """An in-memory database with the child table."""
    engine = create_engine("sqlite://")
    _Base.metadata.create_all(engine)
    with Session(engine) as s:
        yield s
    engine.dispose()


def _rows(session: Session) -> dict[int, tuple[int, str]]:
    """The stored children as key -> (level, status)."""
    found = session.scalars(select(_Child)).all()
    return {c.key: (c.level, c.status) for c in found}


def _set_level(row: _Child, level: int) -> bool:
    """Update a row's level; True when it differed."""
    if row.level == level:
        return False
    row.level = level
    return True


def _sync(session: Session, wanted: list[tuple[int, int]]) -> bool:
    """Sync parent 1's children to wanted, keeping suggested rows not named."""
    existing = {c.key: c for c in session.scalars(select(_Child).where(_Child.parent_id == 1))}
    changed = sync_children(
        session,
        existing,
        wanted,
        create=lambda key, level: _Child(parent_id=1, key=key, level=level),
        update=_set_level,
        removable=lambda row: row.status == "active",
    )
    session.flush()
    return changed


def test_adds_updates_and_removes(session: Session) -> None:
    """Missing keys are added, named ones updated, unnamed active ones removed."""
    session.add_all(
        [
            _Child(parent_id=1, key=1, level=1),
            _Child(parent_id=1, key=2, level=2),
            _Child(parent_id=1, key=3, level=3, status="suggested"),
        ]
    )
    session.flush()
    assert _sync(session, [(2, 5), (4, 4)]) is True
    assert _rows(session) == {2: (5, "active"), 3: (3, "suggested"), 4: (4, "active")}


def test_no_change_reports_false(session: Session) -> None:
    """Syncing to what is stored changes nothing and says so."""
    session.add(_Child(parent_id=1, key=1, level=1))
    session.flush()
    assert _sync(session, [(1, 1)]) is False
    assert _rows(session) == {1: (1, "active")}


def test_removal_alone_is_a_change(session: Session) -> None:
    """Dropping a row with nothing else changed still reports a change."""
    session.add(_Child(parent_id=1, key=1, level=1))
    session.flush()
    assert _sync(session, []) is True
    assert _rows(session) == {}
