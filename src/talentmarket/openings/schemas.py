"""API shapes of the openings feature."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from talentmarket.ids import ID_MAX
from talentmarket.people.schemas import (
    PROFICIENCY_DOC,
    ExternalId,
    Label,
    Proficiency,
    RoleBrief,
    SkillRefIn,
    StrictIn,
)
from talentmarket.shapes import SkillBrief
from talentmarket.timestamps import UtcTimestamp

OpeningKind = Literal["job", "gig", "project", "mentorship"]
OpeningStatus = Literal["draft", "open", "closed", "filled"]
Title = Annotated[str, Field(min_length=1, max_length=512)]
Description = Annotated[str, Field(max_length=50000)]
Capacity = Annotated[int, Field(ge=1, le=10000, description="people the opening takes")]
HoursPerWeek = Annotated[float, Field(gt=0, le=168)]
TimePct = Annotated[int, Field(ge=1, le=100, description="share of a full-time week")]


class RequirementIn(SkillRefIn):
    """A skill an opening asks for: must-have or nice-to-have, minimum level, weight."""

    must_have: bool = False
    min_proficiency: Proficiency = 3
    weight: float = Field(default=1.0, gt=0, le=100, description="relative importance, > 0")


class RequirementReview(StrictIn):
    """Accepting a suggested requirement may set what the opening really asks."""

    must_have: bool | None = Field(default=None, description="default: as suggested")
    min_proficiency: Proficiency | None = Field(
        default=None, description="default: as suggested; " + PROFICIENCY_DOC
    )
    weight: float | None = Field(default=None, gt=0, le=100, description="default: as suggested")


class _Dates(StrictIn):
    @model_validator(mode="after")
    def _end_after_start(self) -> Self:
        start = getattr(self, "start_date", None)
        end = getattr(self, "end_date", None)
        if start is not None and end is not None and end < start:
            raise ValueError("end_date is before start_date")
        if getattr(self, "role_id", None) is not None and getattr(self, "role_uri", None):
            raise ValueError("give role_id or role_uri, not both")
        return self


class OpeningUpsert(_Dates):
    """An opening as an ATS sends it; fields left out keep their stored values on update."""

    title: Title
    kind: OpeningKind
    description: Description = ""
    requirements: list[RequirementIn] = Field(
        default_factory=list,
        max_length=200,
        description="required skills; min_proficiency: " + PROFICIENCY_DOC,
    )
    role_id: int | None = Field(default=None, ge=1, le=ID_MAX)
    role_uri: str | None = Field(
        default=None, min_length=1, max_length=255, description="role URI or code"
    )
    department: Label = ""
    location: Label = ""
    remote: bool = False
    capacity: Capacity = 1
    hours_per_week: HoursPerWeek | None = None
    time_pct: TimePct | None = None
    start_date: date | None = None
    end_date: date | None = Field(default=None, description="on or after start_date")
    status: OpeningStatus = "open"
    owner_id: int | None = Field(
        default=None, ge=1, le=ID_MAX, description="the employee who owns it"
    )


class OpeningCreate(OpeningUpsert):
    """An opening to create, with its requirements, in one call."""

    external_id: ExternalId | None = None


NOT_NULL = frozenset(
    {"title", "kind", "description", "department", "location", "remote", "capacity", "status"}
)


class OpeningUpdate(_Dates):
    """A partial update: only the fields given change; null clears a nullable field."""

    title: Title | None = None
    kind: OpeningKind | None = None
    description: Description | None = None
    role_id: int | None = Field(default=None, ge=1, le=ID_MAX)
    role_uri: str | None = Field(default=None, min_length=1, max_length=255)
    department: Label | None = None
    location: Label | None = None
    remote: bool | None = None
    capacity: Capacity | None = None
    hours_per_week: HoursPerWeek | None = None
    time_pct: TimePct | None = None
    start_date: date | None = None
    end_date: date | None = None
    status: OpeningStatus | None = None
    owner_id: int | None = Field(default=None, ge=1, le=ID_MAX)
    external_id: ExternalId | None = None

    @model_validator(mode="after")
    def _no_null_for_required(self) -> Self:
        nulled = sorted(f for f in self.model_fields_set & NOT_NULL if getattr(self, f) is None)
        if nulled:
            raise ValueError(f"{', '.join(nulled)} cannot be null")
        return self


class RequirementRead(BaseModel):
    """A requirement of an opening."""

    skill: SkillBrief
    must_have: bool
    min_proficiency: int
    weight: float
    status: str = Field(description="active; suggested (extracted, to review); rejected")
    source: str
    confidence: float


class OpeningSummary(BaseModel):
    """An opening as lists show it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    external_id: str | None
    kind: str
    title: str
    status: str
    role_id: int | None
    department: str
    location: str
    remote: bool
    capacity: int
    start_date: date | None
    end_date: date | None
    owner_id: int | None
    created_at: UtcTimestamp
    updated_at: UtcTimestamp


class OpeningRead(OpeningSummary):
    """An opening with description, role and requirements."""

    description: str
    role: RoleBrief | None
    hours_per_week: float | None
    time_pct: int | None
    requirements: list[RequirementRead]
    applications: dict[str, int] = Field(
        default_factory=dict,
        description="how many people stand where: applied, shortlisted, selected, "
        "declined, withdrawn (each person counted once, by their latest step)",
    )


class OpeningUpsertResult(BaseModel):
    """What an upsert did (created, updated or unchanged) and the opening now stored."""

    result: Literal["created", "updated", "unchanged"]
    opening: OpeningRead
