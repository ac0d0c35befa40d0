"""The FastAPI dependency that reads `limit` and `cursor` into a `PageRequest`."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from talentmarket.paging import DEFAULT_LIMIT, MAX_LIMIT, PageRequest, page_request

__all__ = ["PageParams", "page_params"]


async def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page")] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(description="`next_cursor` of the previous page")] = None,
) -> PageRequest:
    """Read `limit` and `cursor` from the query string."""
    return page_request(limit, cursor)


PageParams = Annotated[PageRequest, Depends(page_params)]
