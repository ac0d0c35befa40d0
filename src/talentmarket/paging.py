"""One pagination scheme everywhere: `limit` and an opaque `cursor`; pages carry a total.

Framework-neutral: services and repositories page with these; `api.pagination` reads them
from the query string."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from pydantic import BaseModel, Field

from talentmarket.errors import MalformedInput

T = TypeVar("T")
U = TypeVar("U")

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


def encode_cursor(offset: int) -> str:
    """Opaque cursor for a position in a list."""
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """Position encoded in a cursor; a malformed cursor is a 422."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, _, value = raw.partition(":")
        offset = int(value)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise MalformedInput("cursor is not one this service issued", field="query.cursor") from exc
    if prefix != "o" or offset < 0:
        raise MalformedInput("cursor is not one this service issued", field="query.cursor")
    return offset


class Page(BaseModel, Generic[T]):
    """A page of a list: items, the total when known, and the cursor of the next page."""

    items: list[T]
    total: int | None = Field(description="number of items in the whole list, when known")
    limit: int
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null at end")


@dataclass(frozen=True)
class PageRequest:
    """What page the caller wants."""

    limit: int = DEFAULT_LIMIT
    offset: int = 0

    def page(self, items: Sequence[T], total: int | None) -> Page[T]:
        """Wrap this page's items (already sliced) with the total."""
        end = self.offset + len(items)
        more = (total is not None and end < total) or (total is None and len(items) == self.limit)
        return Page[T](
            items=list(items),
            total=total,
            limit=self.limit,
            next_cursor=encode_cursor(end) if more and items else None,
        )

    def slice(self, items: Sequence[T]) -> Page[T]:
        """Page through a list held in memory."""
        return self.page(items[self.offset : self.offset + self.limit], len(items))
