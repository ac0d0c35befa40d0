"""A learned ranker: a versioned artefact of part weights with its training window,
offline metrics and life cycle (shadow -> active -> retired)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from talentmarket.db.base import Base, UtcDateTime, utcnow

STATUSES = ("shadow", "active", "retired")


class LearnedRanker(Base):
    """Part weights fitted on one window of decisions; one ranker at most is in shadow and
    one at most is active (the configured scorer ranks when none is)."""

    __tablename__ = "learned_rankers"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="shadow", index=True)
    weights: Mapped[dict[str, float]] = mapped_column(JSON)
    base_version: Mapped[str] = mapped_column(String(64))  # the scorer it learned beside
    trained_from: Mapped[datetime] = mapped_column(UtcDateTime())
    trained_until: Mapped[datetime] = mapped_column(UtcDateTime())  # evaluation starts here
    evaluated_until: Mapped[datetime] = mapped_column(UtcDateTime())
    metrics: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    shadow_audit: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(128), default="")
    activated_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    activated_by: Mapped[str | None] = mapped_column(String(128), default=None)
    retired_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
