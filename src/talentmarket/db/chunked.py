"""One way to run `column IN (...)` over many ids: SQLite binds at most a few hundred
parameters a statement in older builds, so long id lists are cut into chunks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

# bound parameters per IN (...) list: safe on every SQLite build and on PostgreSQL
IN_CHUNK = 900


def chunks(values: Sequence[T], size: int = IN_CHUNK) -> Iterator[Sequence[T]]:
    """Consecutive slices of at most `size` values."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def where_in(query: Any, column: Any, ids: Iterable[Any] | None) -> Iterator[Any]:
    """The query once for all rows (ids None), or once per chunk of the distinct ids,
    sorted, with `column IN (chunk)` added; nothing for an empty id list."""
    if ids is None:
        yield query
        return
    wanted = sorted(set(ids))
    for chunk in chunks(wanted):
        yield query.where(column.in_(chunk))
