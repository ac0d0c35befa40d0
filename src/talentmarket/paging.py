"""One pagination scheme everywhere: `limit` and an opaque `cursor`; pages carry a total.

Lists stored in the database are paged by key (keyset): the cursor holds the last key of
the page, in a stable order (id), so pages never skip or repeat rows while others write
and a deep page costs what the first one costs. Lists computed per request (rankings,
relevance-ordered searches) are paged by position. Both cursors are opaque.

Framework-neutral: services and repositories page with these; `api.pagination` reads them
from the query string."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from pydantic import BaseModel, Field

from talentmarket.errors import MalformedInput

T = TypeVar("T")
U = TypeVar("U")

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


POSITION, KEY = "o", "k"


def encode_cursor(value: int, kind: str = POSITION) -> str:
    """Opaque cursor for a position in a list (`o`) or the last key of a page (`k`)."""
    return base64.urlsafe_b64encode(f"{kind}:{value}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, int]:
    """(kind, value) encoded in a cursor; a malformed cursor is a 422."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, text = raw.partition(":")
        value = int(text)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise MalformedInput("cursor is not one this service issued", field="query.cursor") from exc
    if kind not in (POSITION, KEY) or value < 0 or value > 2**63:
        raise MalformedInput("cursor is not one this service issued", field="query.cursor")
    return kind, value


def page_request(limit: int, cursor: str | None) -> PageRequest:
    """The page a `limit` and `cursor` ask for."""
    if not cursor:
        return PageRequest(limit=limit)
    kind, value = decode_cursor(cursor)
    if kind == KEY:
        return PageRequest(limit=limit, after=value)
    return PageRequest(limit=limit, offset=value)


class Page(BaseModel, Generic[T]):
    """A page of a list: items, the total when known, and the cursor of the next page."""

    items: list[T]
    total: int | None = Field(description="number of items in the whole list, when known")
    limit: int
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null at end")


def whole_page(items: Sequence[T], limit: int | None = None) -> Page[T]:
    """A short list that always fits on one page, in the one list envelope."""
    return Page[T](
        items=list(items), total=len(items), limit=limit or max(len(items), 1), next_cursor=None
    )


@dataclass(frozen=True)
class PageRequest:
    """What page the caller wants."""

    limit: int = DEFAULT_LIMIT
    offset: int = 0
    after: int | None = None  # keyset: the last key of the previous page

    def keyed(
        self, items: Sequence[T], total: int | None, more: bool, key: Callable[[T], int]
    ) -> Page[T]:
        """A page of a keyed list: the items read after `after` in key order, and whether
        more follow; the next cursor holds the last item's key."""
        return Page[T](
            items=list(items),
            total=total,
            limit=self.limit,
            next_cursor=encode_cursor(key(items[-1]), KEY) if more and items else None,
        )

    def page(self, items: Sequence[T], total: int | None) -> Page[T]:
        """Wrap this page's items (already sliced by position) with the total."""
        if self.after is not None:
            raise MalformedInput(
                "cursor belongs to another list (this one pages by position)",
                field="query.cursor",
            )
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
