"""API shapes of learned rankers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class RankerFit(BaseModel):
    """Fit a ranker on the decisions of [from, split) and evaluate it on [split, to)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    since: datetime = Field(alias="from", description="start of the training window")
    split: datetime | None = Field(
        default=None, description="end of training, start of evaluation (default: 3/4 through)"
    )
    until: datetime | None = Field(default=None, alias="to", description="end (default: now)")


class RankerRead(BaseModel):
    """A learned ranker: its part weights, windows, offline metrics and life cycle."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    version: str = Field(description="appears as scoring_version in every explanation")
    status: str = Field(description="shadow, active or retired")
    weights: dict[str, float] = Field(description="part weights, summing to 1")
    base_version: str = Field(description="the scorer it was trained beside")
    trained_from: datetime
    trained_until: datetime = Field(description="end of training, start of evaluation")
    evaluated_until: datetime
    metrics: dict[str, Any] = Field(
        description="lists, pairs and chosen people per window; nDCG@10 of the live scorer "
        "and of this ranker on the held-out window, and the gain"
    )
    shadow_audit: dict[str, Any] | None = Field(
        description="the shadow fairness audit that allowed its activation"
    )
    created_at: datetime
    created_by: str
    activated_at: datetime | None
    activated_by: str | None
    retired_at: datetime | None


class ActiveScorer(BaseModel):
    """What ranks now after a rollback: a learned ranker, or the configured scorer."""

    active: RankerRead | None
    scoring_version: str
