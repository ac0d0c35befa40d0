"""Fairness audit settings (TALENTMARKET_FAIRNESS_<NAME>)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class FairnessSettings(BaseSettings):
    """How the audit counts and when it flags."""

    model_config = SettingsConfigDict(
        env_prefix="TALENTMARKET_FAIRNESS_", env_file=".env", extra="ignore"
    )

    top_k: int = Field(default=10, ge=1, le=500, description="the ranked stage: top k places")
    min_cell: int = Field(
        default=5, ge=1, description="categories with fewer people are hidden, never numbers"
    )
    alpha: float = Field(default=0.05, gt=0, lt=1, description="significance level of a flag")


@lru_cache
def get_fairness_settings() -> FairnessSettings:
    """The process-wide settings, read once."""
    return FairnessSettings()
