"""Analytics settings (TALENTMARKET_ANALYTICS_<NAME>), kept apart from the service-wide ones."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class AnalyticsSettings(BaseSettings):
    """How analytics protect individuals."""

    model_config = SettingsConfigDict(
        env_prefix="TALENTMARKET_ANALYTICS_", env_file=".env", extra="ignore"
    )

    min_cell: int = Field(
        default=5,
        ge=1,
        description="smallest group or count of people shown; smaller ones are suppressed",
    )


@lru_cache
def get_analytics_settings() -> AnalyticsSettings:
    """The process-wide analytics settings, read once."""
    return AnalyticsSettings()
