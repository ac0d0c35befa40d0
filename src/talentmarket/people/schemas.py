"""API shapes of the people feature, and the skill/role references openings share."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)

from talentmarket.ids import ID_MAX
from talentmarket.people.models import PROFICIENCY_SCALE
from talentmarket.shapes import SkillBrief
from talentmarket.taxonomy.repository import SkillRef
from talentmarket.timestamps import UtcTimestamp

PROFICIENCY_DOC = "Proficiency on the 1-5 scale: " + "; ".join(
    f"{level} = {text}" for level, text in PROFICIENCY_SCALE.items()
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def _check_email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError("is not an email address")
    return value.lower()


def _dedupe(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


Proficiency = Annotated[int, Field(ge=1, le=5, description=PROFICIENCY_DOC)]
Email = Annotated[
    str,
    Field(min_length=3, max_length=320, examples=["ada@example.com"]),
    AfterValidator(_check_email),
]
Kinds = Annotated[
    list[Literal["job", "gig", "project", "mentorship"]],
    Field(max_length=4),
    AfterValidator(_dedupe),
]
Name = Annotated[str, Field(min_length=1, max_length=256)]
Label = Annotated[str, Field(max_length=128)]
Places = Annotated[
    list[Annotated[str, Field(min_length=1, max_length=128)]],
    Field(max_length=20),
    AfterValidator(_dedupe),
]
ExternalId = Annotated[str, Field(min_length=1, max_length=128, description="id in the HRIS/ATS")]
RoleRefValue = (
    Annotated[int, Field(ge=1, le=ID_MAX)] | Annotated[str, Field(min_length=1, max_length=255)]
)
SkillSource = Literal["self", "manager", "assessment", "inferred", "endorsed", "imported"]
SkillStatus = Literal["accepted", "suggested", "rejected"]
EmployeeStatus = Literal["active", "inactive"]


class StrictIn(BaseModel):
    """Base of request bodies: unknown fields are rejected, strings trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class SkillRefIn(StrictIn):
    """A skill named by its id or by its URI (exactly one of the two)."""

    skill_id: int | None = Field(default=None, ge=1, le=ID_MAX)
    skill_uri: str | None = Field(default=None, min_length=1, max_length=255)

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        if (self.skill_id is None) == (self.skill_uri is None):
            raise ValueError("give exactly one of skill_id or skill_uri")
        return self

    def ref(self) -> SkillRef:
        """The taxonomy repository's reference."""
        return SkillRef(skill_id=self.skill_id, skill_uri=self.skill_uri)


class EmployeeSkillIn(SkillRefIn):
    """A skill the employee holds, at a level on the 1-5 proficiency scale."""

    proficiency: Proficiency
    source: SkillSource = "self"
    evidence: str = Field(default="", max_length=4000)
    last_used: date | None = None


class SkillReview(StrictIn):
    """Accepting a suggested skill may set the level the person really has."""

    proficiency: Proficiency | None = Field(
        default=None, description="the level to hold it at (default: the suggested level)"
    )


class AspirationsIn(StrictIn):
    """Where the employee wants to go: target roles and skills to grow."""

    target_roles: list[RoleRefValue] = Field(
        default_factory=list, max_length=20, description="role ids, or role URIs/codes"
    )
    grow_skills: list[SkillRefIn] = Field(default_factory=list, max_length=50)


class _RoleChoice(StrictIn):
    @model_validator(mode="after")
    def _not_both_roles(self) -> Self:
        if (
            getattr(self, "current_role_id", None) is not None
            and getattr(self, "current_role_uri", None) is not None
        ):
            raise ValueError("give current_role_id or current_role_uri, not both")
        return self


class EmployeeUpsert(_RoleChoice):
    """An employee as an HRIS sends it; fields left out keep their stored values on update."""

    name: Name
    email: Email
    profile: str = Field(default="", max_length=20000, description="free-text profile")
    current_role_id: int | None = Field(default=None, ge=1, le=ID_MAX)
    current_role_uri: str | None = Field(
        default=None, min_length=1, max_length=255, description="role URI or code"
    )
    job_title: str = Field(default="", max_length=256)
    department: Label = ""
    location: Label = ""
    manager_id: int | None = Field(default=None, ge=1, le=ID_MAX)
    availability_pct: int = Field(
        default=0, ge=0, le=100, description="share of time free for gigs"
    )
    available_from: date | None = None
    open_to_remote: bool = True
    open_to_relocation: bool = False
    preferred_kinds: Kinds = Field(default_factory=list)
    preferred_locations: Places = Field(default_factory=list)
    open_to_opportunities: bool = Field(
        default=False, description="consent: the employee wants to be matched"
    )
    visible_to_recruiters: bool = Field(
        default=False, description="consent: recruiters may find the profile"
    )
    share_skills: bool = Field(
        default=False,
        description="consent: the person's skills go to other systems (HRIS, LMS) through "
        "the skills export",
    )
    status: EmployeeStatus = "active"
    skills: list[EmployeeSkillIn] = Field(
        default_factory=list,
        max_length=500,
        description="skills held; " + PROFICIENCY_DOC,
    )
    aspirations: AspirationsIn | None = None


class EmployeeCreate(EmployeeUpsert):
    """An employee to create, with skills and aspirations, in one call."""

    external_id: ExternalId | None = None


NOT_NULL = frozenset(
    {
        "name",
        "email",
        "profile",
        "job_title",
        "department",
        "location",
        "availability_pct",
        "open_to_remote",
        "open_to_relocation",
        "preferred_kinds",
        "preferred_locations",
        "open_to_opportunities",
        "visible_to_recruiters",
        "share_skills",
        "status",
        "aspirations",
    }
)


class EmployeeUpdate(_RoleChoice):
    """A partial update: only the fields given change; null clears a nullable field."""

    name: Name | None = None
    email: Email | None = None
    profile: str | None = Field(default=None, max_length=20000)
    current_role_id: int | None = Field(default=None, ge=1, le=ID_MAX)
    current_role_uri: str | None = Field(default=None, min_length=1, max_length=255)
    job_title: str | None = Field(default=None, max_length=256)
    department: Label | None = None
    location: Label | None = None
    manager_id: int | None = Field(default=None, ge=1, le=ID_MAX)
    availability_pct: int | None = Field(default=None, ge=0, le=100)
    available_from: date | None = None
    open_to_remote: bool | None = None
    open_to_relocation: bool | None = None
    preferred_kinds: Kinds | None = None
    preferred_locations: Places | None = None
    open_to_opportunities: bool | None = Field(
        default=None, description="consent: the employee wants to be matched"
    )
    visible_to_recruiters: bool | None = Field(
        default=None, description="consent: recruiters may find the profile"
    )
    share_skills: bool | None = Field(
        default=None, description="consent: the skills export may include the person's skills"
    )
    status: EmployeeStatus | None = None
    external_id: ExternalId | None = None
    aspirations: AspirationsIn | None = Field(default=None, description="replaces the set")

    @model_validator(mode="after")
    def _no_null_for_required(self) -> Self:
        nulled = sorted(f for f in self.model_fields_set & NOT_NULL if getattr(self, f) is None)
        if nulled:
            raise ValueError(f"{', '.join(nulled)} cannot be null")
        return self


class RoleBrief(BaseModel):
    """A role as other resources show it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    uri: str
    code: str
    title: str


class EmployeeSkillRead(BaseModel):
    """A skill an employee holds (or was suggested)."""

    skill: SkillBrief
    proficiency: Proficiency
    proficiency_label: str
    source: str
    evidence: str
    confidence: float
    status: SkillStatus = Field(description="accepted; suggested (inferred, to review); rejected")
    last_used: date | None
    updated_at: UtcTimestamp


class AspirationsRead(BaseModel):
    """Target roles and skills to grow."""

    target_roles: list[RoleBrief]
    grow_skills: list[SkillBrief]


class EmployeeSummary(BaseModel):
    """An employee as lists show it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    external_id: str | None
    name: str
    email: str
    job_title: str
    department: str
    location: str
    current_role_id: int | None
    availability_pct: int
    open_to_opportunities: bool
    visible_to_recruiters: bool
    share_skills: bool
    status: str
    created_at: UtcTimestamp
    updated_at: UtcTimestamp


class EmployeeRead(EmployeeSummary):
    """An employee with profile, preferences, skills and aspirations."""

    profile: str
    current_role: RoleBrief | None
    manager_id: int | None
    available_from: date | None
    open_to_remote: bool
    open_to_relocation: bool
    preferred_kinds: list[str]
    preferred_locations: list[str]
    skills: list[EmployeeSkillRead]
    aspirations: AspirationsRead


UpsertOutcome = Literal["created", "updated", "unchanged"]


class EmployeeUpsertResult(BaseModel):
    """What an upsert did (created, updated or unchanged) and the employee now stored."""

    result: UpsertOutcome
    id: int = Field(description="the employee's id in talentmarket, stable across upserts")
    employee: EmployeeRead | None = Field(
        description="the record now stored; null when the person chose not to be visible "
        "to recruiters and the caller is not allowed to read hidden people"
    )


class ExportedSkill(BaseModel):
    """A skill as the skills export gives it."""

    skill: SkillBrief
    proficiency: Proficiency
    proficiency_label: str


class SkillsExportItem(BaseModel):
    """One consenting person's accepted skills, for an HRIS or LMS."""

    employee_id: int
    external_id: str | None = Field(description="the person's id in the HRIS")
    skills: list[ExportedSkill]
