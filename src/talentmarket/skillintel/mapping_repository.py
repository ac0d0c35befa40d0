"""SQL of confirmed title mappings."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentmarket.skillintel.models import TitleMapping
from talentmarket.taxonomy.models import Role


def by_keys(session: Session, keys: Sequence[str]) -> dict[tuple[str, int], TitleMapping]:
    """Mappings of these title keys, by title key and role id."""
    if not keys:
        return {}
    stmt = select(TitleMapping).where(TitleMapping.title_key.in_(keys))
    return {(m.title_key, m.role_id): m for m in session.scalars(stmt)}


def memory_rows(session: Session) -> list[tuple[str, int]]:
    """Every confirmed title with its role id, oldest first."""
    stmt = select(TitleMapping.title, TitleMapping.role_id).order_by(TitleMapping.id)
    return [(t, r) for t, r in session.execute(stmt)]


def page(
    session: Session, q: str | None, role_id: int | None, offset: int, limit: int
) -> tuple[list[tuple[TitleMapping, Role]], int]:
    """A page of mappings with their roles, newest first, and how many match."""
    stmt = select(TitleMapping, Role).join(Role, Role.id == TitleMapping.role_id)
    count = select(func.count(TitleMapping.id))
    if q:
        like = f"%{q.casefold()}%"
        stmt, count = (
            stmt.where(TitleMapping.title_key.like(like)),
            count.where(TitleMapping.title_key.like(like)),
        )
    if role_id is not None:
        stmt = stmt.where(TitleMapping.role_id == role_id)
        count = count.where(TitleMapping.role_id == role_id)
    rows = session.execute(stmt.order_by(TitleMapping.id.desc()).offset(offset).limit(limit)).all()
    return [(m, r) for m, r in rows], int(session.scalar(count) or 0)


def get(session: Session, mapping_id: int) -> TitleMapping | None:
    """One mapping."""
    return session.get(TitleMapping, mapping_id)
