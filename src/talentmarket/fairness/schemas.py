"""The fairness report: one row per stage, dimension and category, exposure, and limits."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class FairnessRow(BaseModel):
    """How one category fared at one stage; figures are null where suppressed."""

    stage: str = Field(description="ranked_top_k, shortlisted or selected")
    dimension: str = Field(description="sex, race_ethnicity, age_band, disability, sex x race")
    category: str
    count: int | None = Field(description="people considered (pairs of person and opening)")
    reached: int | None = Field(description="of whom reached the stage")
    rate: float | None
    impact_ratio: float | None = Field(description="rate / the most favoured category's rate")
    p_value: float | None = Field(description="Fisher's exact test against that category")
    flag: bool | None = Field(description="impact ratio under 0.8 and significant")
    scoring_rate: float | None = Field(
        default=None, description="ranked stage: share scoring above the median"
    )
    suppressed: bool = Field(description="fewer people than the smallest cell shown")


class ExposureRow(BaseModel):
    """A category's share of the attention in rankings against its share of candidates."""

    dimension: str
    category: str
    candidates: int | None
    exposure_share: float | None = Field(description="share of position-discounted exposure")
    candidate_share: float | None
    exposure_ratio: float | None = Field(description="exposure share / candidate share")
    suppressed: bool


class FairnessReport(BaseModel):
    """The audit of one period."""

    since: datetime | None
    until: datetime | None
    kind: str | None
    openings: int
    decisions: int
    rankings: int
    considered: int = Field(description="pairs of person and opening in the period")
    scoring_versions: list[str]
    top_k: int
    min_cell: int
    alpha: float
    rows: list[FairnessRow]
    exposure: list[ExposureRow]
    limits: list[str]


class FlagRef(BaseModel):
    """A flagged category of one dimension at the ranked stage."""

    dimension: str
    category: str
    impact_ratio: float | None
    p_value: float | None


class ShadowAudit(BaseModel):
    """The ranked stage audited twice over the same logged rankings: as the live scorer
    ordered them and as a shadow ranker did."""

    version: str
    rankings: int = Field(description="logged rankings the shadow ranker also ordered")
    considered: int = Field(description="pairs of person and opening on either page")
    top_k: int
    live_flags: list[FlagRef]
    shadow_flags: list[FlagRef]
    new_flags: list[FlagRef] = Field(description="flagged in the shadow ranking only")
    rows: list[FairnessRow] = Field(description="the shadow ranking's rows")
