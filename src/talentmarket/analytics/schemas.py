"""API shapes of workforce analytics."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from talentmarket.paging import Page
from talentmarket.shapes import SkillBrief


class GroupSkillGap(BaseModel):
    """Supply, demand and gap of one skill in one group."""

    skill: SkillBrief
    group_by: Literal["department", "location", "role"]
    group: str | None = Field(description="department or location name, or role id")
    group_label: str
    supply: int | None = Field(
        description="active employees holding the skill (accepted) at min_proficiency or above; "
        "null when suppressed to protect individuals"
    )
    demand: int = Field(description="people wanted: capacity of open openings requiring it")
    requirements: int = Field(description="active requirements of open openings")
    must_have: int = Field(description="of which must-haves")
    gap: int | None = Field(description="demand - supply; positive means short of people")
    coverage_ratio: float | None = Field(description="supply / demand")
    suppressed: bool = Field(description="supply, gap and ratio hidden (a small group/count)")


class GroupSkillGapPage(Page[GroupSkillGap]):
    """A page of skill gaps, largest shortage first, with the rules that made it."""

    min_proficiency: int
    min_cell: int = Field(description="groups and counts below this many people are hidden")
    demand_measure: Literal["capacity"] = "capacity"


class ApprovalTimes(BaseModel):
    """How a manager's (or a department's managers') approval requests were answered."""

    requested: int
    approved: int
    declined: int
    escalated: int = Field(description="went to HR: unanswered by the manager at the deadline")
    pending: int
    median_working_days: float | None = Field(description="from request to answer")
    p90_working_days: float | None


class MoveRow(BaseModel):
    """Moves in and out of one manager's team or one department through the marketplace."""

    manager_id: int | None = Field(description="the manager (by=manager); null by department")
    label: str = Field(description="the manager's name, or the department")
    moved_in: int = Field(description="people selected into this group's openings from elsewhere")
    moved_out: int = Field(description="people of this group selected for openings elsewhere")
    within: int = Field(description="selections inside the group")
    jobs_out: int = Field(description="of moved_out: jobs")
    lent_out: int = Field(description="of moved_out: gigs, projects and mentorships")
    approvals: ApprovalTimes
