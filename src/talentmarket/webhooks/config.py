"""Webhook delivery settings (TALENTMARKET_WEBHOOK_<NAME>)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class WebhookSettings(BaseSettings):
    """How the delivery worker polls, waits, retries and gives a subscription up as failing."""

    model_config = SettingsConfigDict(
        env_prefix="TALENTMARKET_WEBHOOK_", env_file=".env", extra="ignore"
    )

    worker: bool = Field(
        default=True, description="run the delivery worker as a thread of `talentmarket serve`"
    )
    poll_seconds: float = Field(default=1.0, gt=0, le=60, description="idle wait between polls")
    timeout_seconds: float = Field(default=10.0, gt=0, le=120, description="one POST's limit")
    retry_base_seconds: float = Field(
        default=1.0, gt=0, description="first retry wait; doubles per failure, with jitter"
    )
    retry_max_seconds: float = Field(default=300.0, gt=0, description="longest retry wait")
    failing_after_seconds: float = Field(
        default=3600.0,
        ge=0,
        description="a subscription whose deliveries fail this long is marked failing "
        "(it is still retried, at the longest wait)",
    )
    lease_seconds: float = Field(
        default=60.0,
        gt=0,
        description="how long a worker holds a subscription; a crashed worker's lease "
        "lapses after it and another worker takes over",
    )
    batch: int = Field(default=100, ge=1, le=10_000, description="deliveries per pass")
    commit_grace_seconds: float = Field(
        default=300.0,
        ge=0,
        description="events younger than this are looked for again on every pass, in case "
        "a slower transaction committed them after a newer one",
    )


@lru_cache
def get_webhook_settings() -> WebhookSettings:
    """The process-wide webhook settings, read once."""
    return WebhookSettings()
