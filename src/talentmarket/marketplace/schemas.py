"""API shapes of decisions and interests (the ranked shapes are `ranking.schemas`)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from talentmarket.ids import ID_MAX


class DecisionCreate(BaseModel):
    """A person's decision about a candidate."""

    model_config = ConfigDict(extra="forbid")

    employee_id: int = Field(ge=1, le=ID_MAX)
    decision: Literal["shortlist", "reject", "select", "withdraw"]
    reason: str = Field(default="", max_length=2000)


class DecisionRead(BaseModel):
    """A recorded decision."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    opening_id: int
    employee_id: int | None = Field(
        description="the candidate; null once the person was erased (the decision stays)"
    )
    decision: str
    reason: str
    decided_by: str
    score: float | None
    created_at: datetime
    opening_status: str | None = Field(
        default=None,
        description="on a new decision: the opening's status after it (`filled` once "
        "selections reach its capacity)",
    )


class InterestCreate(BaseModel):
    """An employee's signal about an opening."""

    model_config = ConfigDict(extra="forbid")

    opening_id: int = Field(ge=1, le=ID_MAX)
    action: Literal["view", "save", "apply", "dismiss"]
    note: str = Field(default="", max_length=2000)


class InterestRead(BaseModel):
    """A recorded interest."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    employee_id: int
    opening_id: int
    action: str
    note: str
    created_at: datetime


class ApplicationRead(BaseModel):
    """One of a person's applications: the opening and where the person stands there."""

    opening_id: int
    title: str
    kind: str
    opening_status: str = Field(description="draft, open, closed or filled")
    status: Literal["applied", "shortlisted", "selected", "declined", "withdrawn"]
    approval_status: Literal["pending", "escalated", "approved", "declined", "cancelled"] | None = (
        Field(
            default=None,
            description="gigs, projects and mentorships: the manager's (or HR's) answer on the "
            "time share; null for jobs",
        )
    )
