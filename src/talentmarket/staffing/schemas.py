"""Requests and answers of the staffing planner."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from talentmarket.ids import ID_MAX
from talentmarket.ranking.schemas import EmployeeBrief, Explanation

PlannedKind = Literal["gig", "project", "mentorship"]


class PlanRequest(BaseModel):
    """Which openings to staff, and the limits a plan keeps."""

    model_config = ConfigDict(extra="forbid")

    opening_ids: list[int] | None = Field(
        default=None,
        max_length=2000,
        description="open gigs, projects or mentorships to staff; omit for all open ones of "
        "`kinds`",
    )
    kinds: list[PlannedKind] = Field(
        default=["gig", "project", "mentorship"], min_length=1, description="kinds planned"
    )
    candidates_per_opening: int = Field(
        default=30, ge=1, le=200, description="best candidates of each opening considered"
    )
    max_per_department: int | None = Field(
        default=None, ge=1, description="at most this many people from one department per opening"
    )
    min_growth_share: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="at least this share of assignments grow a skill the person wants to grow",
    )
    time_limit_s: float = Field(default=20.0, gt=0, le=120, description="solver time limit")


class PlanLine(BaseModel):
    """One proposed assignment, with why."""

    opening_id: int
    opening_title: str
    employee: EmployeeBrief
    score: float
    hours_per_week: float = Field(description="hours the assignment takes")
    explanation: Explanation
    reasons: list[str]


class PlanTotals(BaseModel):
    """The plan against the greedy one (best pair first) on the same candidates."""

    score: float
    greedy_score: float
    assignments: int
    greedy_assignments: int
    violations: int
    greedy_violations: int
    status: str
    gap: float | None = Field(description="relative optimality gap; 0 when proven optimal")
    seconds: float


class StaffingPlan(BaseModel):
    """A proposal: a recruiter accepts it, or edits it and accepts the rest."""

    lines: list[PlanLine]
    unstaffed: list[int] = Field(description="openings the plan leaves with no one")
    totals: PlanTotals
    rules: list[str] = Field(description="the constraints the plan keeps")


class AcceptedLine(BaseModel):
    """One line of a plan, as the recruiter keeps it."""

    model_config = ConfigDict(extra="forbid")

    opening_id: int = Field(ge=1, le=ID_MAX)
    employee_id: int = Field(ge=1, le=ID_MAX)


class PlanAcceptance(BaseModel):
    """The lines kept, and the decision recorded for each."""

    model_config = ConfigDict(extra="forbid")

    lines: list[AcceptedLine] = Field(min_length=1, max_length=2000)
    decision: Literal["shortlist", "select"] = "shortlist"
    reason: str = Field(default="accepted from a staffing plan", max_length=2000)


class AcceptanceResult(BaseModel):
    """The decisions recorded."""

    decisions: list[int] = Field(description="ids of the decisions recorded, in line order")
