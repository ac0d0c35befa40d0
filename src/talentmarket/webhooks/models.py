"""Subscriptions and their deliveries: the state that makes delivery survive restarts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from talentmarket.db.base import Base, UtcDateTime, utcnow


class WebhookSubscription(Base):
    """A URL that wants some event types, signed with its secret.

    `started_after`: the outbox id when it was made (it gets the events after it).
    `low_water`: every outbox event up to this id has its delivery row already. `failures`
    counts failed attempts in a row; `retry_at` is when the worker tries again;
    `failing_since` the first failure of the streak. A worker holds the subscription while
    it delivers (`lease_owner` until `lease_until`), so that deliveries stay in order
    across workers and a crashed worker's lease lapses.
    """

    __tablename__ = "webhook_subscriptions"
    __table_args__ = (CheckConstraint("status IN ('active', 'failing')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    event_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    secret: Mapped[str] = mapped_column(String(256))
    owner: Mapped[str] = mapped_column(String(256), index=True)
    status: Mapped[str] = mapped_column(String(16), default="active")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    started_after: Mapped[int] = mapped_column(default=0)
    low_water: Mapped[int] = mapped_column(default=0)
    failures: Mapped[int] = mapped_column(default=0)
    failing_since: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    retry_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    last_error: Mapped[str | None] = mapped_column(String(500), default=None)
    last_delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    lease_owner: Mapped[str | None] = mapped_column(String(128), default=None)
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)


class WebhookDelivery(Base):
    """One event for one subscription: pending until the receiver answered 2xx."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("subscription_id", "event_id"),
        Index("ix_webhook_deliveries_pending", "subscription_id", "delivered_at", "event_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_subscriptions.id", ondelete="CASCADE")
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    last_status: Mapped[int | None] = mapped_column(default=None)
    last_error: Mapped[str | None] = mapped_column(String(500), default=None)
