"""API shapes of approval requests and answers."""

from __future__ import annotations

from datetime import date
from typing import Literal, Self

from pydantic import BaseModel, Field, model_validator

from talentmarket.people.schemas import StrictIn
from talentmarket.timestamps import UtcTimestamp

EffectiveStatus = Literal["pending", "escalated", "approved", "declined", "cancelled"]


class ApprovalPerson(BaseModel):
    """The person whose time is asked for."""

    id: int
    name: str
    department: str


class ApprovalOpening(BaseModel):
    """The gig, project or mentorship that asks for the time."""

    id: int
    title: str
    kind: str
    department: str


class ApprovalRead(BaseModel):
    """A request for a manager's approval of the time share and dates."""

    id: int
    employee: ApprovalPerson
    opening: ApprovalOpening
    manager_id: int | None = Field(
        description="the manager asked; null when the person has none (HR answers)"
    )
    time_pct: int | None = Field(description="share of working time asked for, percent")
    start_date: date | None
    end_date: date | None
    status: EffectiveStatus = Field(
        description="`escalated`: still pending after `due_at`, so HR (admins) answers it"
    )
    requested_at: UtcTimestamp
    due_at: UtcTimestamp = Field(description="when an unanswered request goes to HR")
    decided_at: UtcTimestamp | None
    decided_by: str = Field(description="caller id of whoever answered; empty until then")
    decided_as: Literal["", "manager", "hr"]
    reason: str


class ApprovalAnswer(StrictIn):
    """A manager's (or HR's) answer. A decline needs a reason; an approval may narrow
    the time share or the dates."""

    decision: Literal["approve", "decline"]
    reason: str = Field(default="", max_length=2000)
    time_pct: int | None = Field(
        default=None, ge=1, le=100, description="approved share, at most the one asked for"
    )
    start_date: date | None = None
    end_date: date | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.decision == "decline" and not self.reason.strip():
            raise ValueError("reason: a decline needs a reason")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError("end_date: before start_date")
        return self
