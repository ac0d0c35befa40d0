"""Approval settings (TALENTMARKET_APPROVAL_<NAME>): how long a manager has to answer."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ApprovalSettings(BaseSettings):
    """The deadline of a manager's answer, in working days, before HR answers instead."""

    model_config = SettingsConfigDict(
        env_prefix="TALENTMARKET_APPROVAL_", env_file=".env", extra="ignore"
    )

    working_days: int = Field(
        default=10, ge=0, le=250, description="working days a manager has to answer"
    )
    weekmask: str = Field(
        default="Mon Tue Wed Thu Fri",
        pattern=r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)( (Mon|Tue|Wed|Thu|Fri|Sat|Sun))*$",
        description="the working days of the week",
    )
    holidays: list[date] = Field(
        default_factory=list, description="dates that are not working days (JSON list)"
    )


@lru_cache
def get_approval_settings() -> ApprovalSettings:
    """The process-wide approval settings, read once."""
    return ApprovalSettings()
