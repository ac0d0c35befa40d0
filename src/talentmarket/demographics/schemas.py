"""API shapes of self-reported demographic data."""

from __future__ import annotations

from pydantic import BaseModel, Field

from talentmarket.people.schemas import StrictIn
from talentmarket.timestamps import UtcTimestamp

QUESTIONS = ("sex", "race_ethnicity", "age_band", "disability")


class DemographicsIn(StrictIn):
    """What a person chooses to tell, with their consent to its use in fairness audits.
    Without consent nothing is kept (what was kept before is deleted). Each answer is one
    of the configured categories, or null to leave it unanswered."""

    sex: str | None = Field(default=None, max_length=64)
    race_ethnicity: str | None = Field(default=None, max_length=64)
    age_band: str | None = Field(default=None, max_length=32)
    disability: str | None = Field(default=None, max_length=16)
    consent: bool = Field(description="true: keep and use these answers in fairness audits")


class DemographicsRead(BaseModel):
    """What is kept about a person (nothing, without consent)."""

    employee_id: int
    consent: bool
    sex: str | None = None
    race_ethnicity: str | None = None
    age_band: str | None = None
    disability: str | None = None
    consented_at: UtcTimestamp | None = None
    categories: dict[str, list[str]] = Field(description="the answers each question offers")
