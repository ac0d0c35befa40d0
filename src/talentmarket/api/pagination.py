"""The FastAPI dependency that reads `limit` and `cursor` into a `PageRequest`."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from talentmarket.paging import DEFAULT_LIMIT, MAX_LIMIT, PageRequest, decode_cursor

__all__ = ["PageParams", "page_params"]


def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page")] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(description="`next_cursor` of the previous page")] = None,
) -> PageRequest:
    """Read `limit` and `cursor` from the query string."""
    return PageRequest(limit=limit, offset=decode_cursor(cursor) if cursor else 0)


PageParams = Annotated[PageRequest, Depends(page_params)]
