"""Audit settings (TALENTMARKET_AUDIT_<NAME>), kept apart from the service-wide ones."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class AuditSettings(BaseSettings):
    """How long the audit log keeps its rows, and whether rankings are logged."""

    model_config = SettingsConfigDict(
        env_prefix="TALENTMARKET_AUDIT_", env_file=".env", extra="ignore"
    )

    retention_days: int = Field(
        default=365,
        ge=1,
        description="audit events older than this many days are deleted by `audit prune`",
    )
    rankings: bool = Field(
        default=True,
        description="write one audit row per ranking (off only to measure its cost)",
    )


@lru_cache
def get_audit_settings() -> AuditSettings:
    """The process-wide audit settings, read once."""
    return AuditSettings()
