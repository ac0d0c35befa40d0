"""Keyset paging of a select: the rows after the previous page's last key, in key order."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from talentmarket.paging import PageRequest


def keyset_rows(
    session: Session,
    stmt: Select[Any],
    key: Any,
    page: PageRequest,
    *,
    descending: bool = False,
    entities: bool = True,
) -> tuple[list[Any], int, bool]:
    """Up to `limit` rows of `stmt` after `page.after` in `key` order (descending: before
    it), the number of rows in the whole list, and whether more rows follow. `stmt` is
    ordered here; a position cursor (from an older page) still reads by offset."""
    total = int(
        session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    )
    ordered = stmt.order_by(None).order_by(key.desc() if descending else key)
    if page.after is not None:
        ordered = ordered.where(key < page.after if descending else key > page.after)
    elif page.offset:
        ordered = ordered.offset(page.offset)
    ordered = ordered.limit(page.limit + 1)
    result = session.execute(ordered)
    rows = list(result.scalars()) if entities else list(result.all())
    return rows[: page.limit], total, len(rows) > page.limit
