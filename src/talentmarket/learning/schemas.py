"""API shapes of the learning catalogue."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from talentmarket.people.schemas import SkillRefIn
from talentmarket.shapes import SkillBrief

Difficulty = Literal["beginner", "intermediate", "advanced"]
Format = Literal["course", "video", "book", "article", "workshop", "certification"]
UpsertOutcome = Literal["created", "updated", "unchanged"]


class CourseSkillIn(SkillRefIn):
    """A skill the source catalogue says the course teaches (a suggestion until an admin
    accepts it), and the level it brings a learner to."""

    proficiency: int = Field(default=3, ge=1, le=5)


class CourseIn(BaseModel):
    """A course or resource as an LMS exports it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=512)
    provider: str = Field(default="", max_length=256)
    description: str = Field(default="", max_length=20_000)
    url: str = Field(default="", max_length=2000, pattern=r"^(https?://\S+)?$")
    format: Format = "course"
    duration_hours: float = Field(gt=0, le=2000, description="time to complete, hours")
    difficulty: Difficulty = Field(
        default="beginner", description="who it is for: beginner, intermediate, advanced"
    )
    language: str = Field(default="en", min_length=2, max_length=16, pattern=r"^[a-zA-Z-]+$")
    status: Literal["active", "retired"] = "active"
    skills: list[CourseSkillIn] = Field(
        default_factory=list,
        max_length=50,
        description="skills the catalogue names (suggestions to confirm); more are found "
        "in the title and description",
    )


class CourseSkillRead(BaseModel):
    """A skill of a course and whether an admin confirmed it."""

    skill: SkillBrief
    status: Literal["suggested", "accepted", "rejected"]
    source: Literal["extracted", "catalogue", "admin"]
    proficiency: int
    confidence: float | None
    evidence: str = Field(description="the words of the course text it was found in")


class CourseRead(BaseModel):
    """A course with its skills."""

    id: int
    external_id: str | None
    title: str
    provider: str
    description: str
    url: str
    format: str
    duration_hours: float
    difficulty: str
    language: str
    status: str
    skills: list[CourseSkillRead]
    updated_at: datetime


class CourseUpsertResult(BaseModel):
    """What an upsert did."""

    result: UpsertOutcome
    course: CourseRead


class CourseSkillDecision(BaseModel):
    """An admin's answer about one skill of a course."""

    model_config = ConfigDict(extra="forbid")

    decision: Literal["accept", "reject"]
    proficiency: int | None = Field(default=None, ge=1, le=5)


class CourseOffer(BaseModel):
    """A course that closes part of a learning gap."""

    id: int
    title: str
    provider: str
    url: str
    duration_hours: float
    difficulty: str
    language: str
    covers: list[SkillBrief] = Field(description="skills of the gap it teaches")
    gap_per_hour: float = Field(
        description="the share of the gap's score it covers, per hour of learning"
    )
