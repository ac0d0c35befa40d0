"""API shapes of webhook subscriptions."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from talentmarket.events.schemas import EventType


class WebhookCreate(BaseModel):
    """A subscription: where to post, which event types, and the signing secret."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(
        min_length=8,
        max_length=2000,
        description="http(s) URL that receives each event as a POST",
        examples=["https://hris.example.com/hooks/talentmarket"],
    )
    events: list[EventType] = Field(
        min_length=1, max_length=20, description="event types wanted (without the prefix)"
    )
    secret: str = Field(
        min_length=24,
        max_length=256,
        description="shared secret for the HMAC-SHA256 signature (24 characters or more); "
        "never shown again",
    )


class WebhookRead(BaseModel):
    """A subscription and how its deliveries go (the secret is never returned)."""

    id: int
    url: str
    events: list[str]
    status: Literal["active", "failing"] = Field(
        description="failing: deliveries have failed for longer than the configured time "
        "(still retried, at the longest wait)"
    )
    owner: str = Field(description="the caller who subscribed")
    created_at: datetime
    pending: int = Field(description="events waiting for delivery")
    last_delivered_at: datetime | None
    failing_since: datetime | None = Field(description="first failure of the current streak")
    retry_at: datetime | None = Field(description="when the worker tries again after failures")
    last_error: str | None
    started_after: int = Field(
        description="the outbox position (`sequence`) it was made at: it receives the "
        "events after it; earlier ones are at GET /v1/events"
    )
