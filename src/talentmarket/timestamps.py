"""One rule for time: the service speaks UTC with an offset, and takes a naive value
(SQLite's, or a caller's `2026-01-31T09:00`) as UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator


def as_utc(value: datetime) -> datetime:
    """The same moment in UTC; a naive value is taken as UTC already."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


UtcTimestamp = Annotated[datetime, AfterValidator(as_utc)]
"""A datetime field of a schema, always read and written in UTC with an offset."""
