"""Bounds of the ids the API accepts: id columns are `integer`, which PostgreSQL holds
up to 2**31 - 1, so a larger id is a malformed request (422) or names nothing (404),
never an overflow deep in a query (500)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

ID_MAX = 2**31 - 1


def numeric_ref(ref: str) -> int | None:
    """The id a reference names when it is written in digits (`"42"` -> 42), else None.
    Digits beyond ID_MAX name no row: -1, which no table holds."""
    if not ref.isascii() or not ref.isdigit():
        return None
    value = int(ref)
    return value if value <= ID_MAX else -1


RowId = Annotated[int, Field(ge=1, le=ID_MAX)]
"""An id in a request body (a list of ids, for instance)."""
