"""API shapes of company roles."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from talentmarket.ids import ID_MAX
from talentmarket.people.schemas import SkillRefIn, StrictIn
from talentmarket.shapes import SkillBrief

Text = Annotated[str, Field(min_length=3, max_length=2000)]


class CompanyRoleSkillIn(SkillRefIn):
    """A skill the role needs, and how."""

    relation: Literal["essential", "optional"] = "essential"
    required_proficiency: int = Field(default=3, ge=1, le=5, description="1-5")


class CompanyRoleIn(StrictIn):
    """A company role; `based_on` copies a standard occupation's tasks and skills first."""

    title: str = Field(min_length=1, max_length=512)
    family: str = Field(default="", max_length=128, description="job family")
    grade: str = Field(default="", max_length=32, description="level or grade")
    description: str = Field(default="", max_length=20_000)
    alt_titles: list[str] = Field(default_factory=list, max_length=100)
    based_on: str | None = Field(
        default=None, max_length=255, description="id, URI or code of an ESCO or O*NET role"
    )
    tasks: list[Text] | None = Field(
        default=None, max_length=200, description="task statements (default: the base's)"
    )
    skills: list[CompanyRoleSkillIn] | None = Field(
        default=None, max_length=300, description="skills with levels (default: the base's)"
    )


class CompanyRolePatch(StrictIn):
    """Changes to a company role; each one given is applied, the version goes up."""

    title: str | None = Field(default=None, min_length=1, max_length=512)
    family: str | None = Field(default=None, max_length=128)
    grade: str | None = Field(default=None, max_length=32)
    description: str | None = Field(default=None, max_length=20_000)
    alt_titles: list[str] | None = Field(default=None, max_length=100)
    add_tasks: list[Text] = Field(default_factory=list, max_length=200)
    remove_task_ids: list[Annotated[int, Field(ge=1, le=ID_MAX)]] = Field(
        default_factory=list, max_length=200
    )
    skills: list[CompanyRoleSkillIn] | None = Field(
        default=None, max_length=300, description="replaces"
    )


class RetireRole(StrictIn):
    """Retire a role into its successor."""

    successor_id: int = Field(ge=1, le=ID_MAX)
    reason: str = Field(default="", max_length=2000)


class CompanyRoleTask(BaseModel):
    """A task of a company role."""

    id: int
    statement: str


class CompanyRoleSkill(BaseModel):
    """A skill of a company role."""

    skill: SkillBrief
    relation: str
    required_proficiency: float | None


class CompanyRoleBase(BaseModel):
    """The standard occupation a company role started from."""

    id: int
    uri: str
    title: str
    source: str


class CompanyRoleRead(BaseModel):
    """A company role as its owners see it."""

    id: int
    uri: str
    title: str
    family: str
    grade: str
    description: str
    alt_titles: list[str]
    status: str
    version: int
    based_on: CompanyRoleBase | None
    replaced_by_id: int | None
    tasks: list[CompanyRoleTask]
    skills: list[CompanyRoleSkill]


class RetireResult(BaseModel):
    """What moved when a role retired."""

    role: CompanyRoleRead
    successor_id: int
    moved: dict[str, int] = Field(description="employees, openings and aspirations moved")
