"""The categories people may choose (TALENTMARKET_DEMOGRAPHICS_<NAME>, JSON lists)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# the race/ethnicity categories of New York City Local Law 144 bias audits (EEO-1)
LL144_RACE_ETHNICITY = [
    "Hispanic or Latino",
    "White",
    "Black or African American",
    "Native Hawaiian or Pacific Islander",
    "Asian",
    "Native American or Alaska Native",
    "Two or more races",
]


class DemographicsSettings(BaseSettings):
    """The answers offered for each question; every question may also be left unanswered."""

    model_config = SettingsConfigDict(
        env_prefix="TALENTMARKET_DEMOGRAPHICS_", env_file=".env", extra="ignore"
    )

    sex: list[str] = Field(default_factory=lambda: ["female", "male", "another"])
    race_ethnicity: list[str] = Field(default_factory=lambda: list(LL144_RACE_ETHNICITY))
    age_band: list[str] = Field(
        default_factory=lambda: ["under 25", "25-39", "40-54", "55 and over"]
    )
    disability: list[str] = Field(default_factory=lambda: ["yes", "no"])


@lru_cache
def get_demographics_settings() -> DemographicsSettings:
    """The process-wide categories, read once."""
    return DemographicsSettings()
