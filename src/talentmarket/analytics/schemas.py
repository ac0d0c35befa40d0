"""API shapes of workforce analytics."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from talentmarket.paging import Page


class GroupSkillGap(BaseModel):
    """Supply, demand and gap of one skill in one group."""

    skill_id: int
    skill_uri: str
    skill_label: str
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
