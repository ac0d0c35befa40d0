"""API shapes of the taxonomy."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SearchMode = Literal["lexical", "semantic", "hybrid"]


class SkillSummary(BaseModel):
    """A skill as lists show it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    uri: str
    label: str
    kind: str = Field(description="'skill', or 'group' for a node of the skill hierarchy")
    skill_type: str = Field(description="skill, knowledge, tool, language, transversal, group")
    status: str
    source: str


class SkillHit(SkillSummary):
    """A skill found by search, with its score and the label that matched."""

    score: float | None = Field(default=None, description="relevance in [0, 1] when ranked")
    matched_label: str | None = None


class SkillRead(SkillSummary):
    """A skill with all its labels and provenance."""

    alt_labels: list[str]
    hidden_labels: list[str]
    description: str
    reuse_level: str
    code: str
    replaced_by_id: int | None
    same_as: list[str]
    release: str | None = None
    created_at: datetime
    updated_at: datetime


class RelatedSkill(BaseModel):
    """A skill connected to another, with the reason."""

    skill: SkillSummary
    relation: str = Field(description="broader, related, requires, essential_for, same_as, ...")
    direction: Literal["out", "in", "similar"]
    weight: float
    reason: str


class RoleSummary(BaseModel):
    """A role as lists show it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    uri: str
    code: str
    title: str
    kind: str = Field(description="'role', or 'group' (ISCO group, SOC group, job family)")
    status: str
    source: str


class RoleHit(RoleSummary):
    """A role found by search, with its score and the title that matched."""

    score: float | None = None
    matched_label: str | None = None


class RoleSkillRead(BaseModel):
    """A skill a role needs."""

    skill: SkillSummary
    relation: Literal["essential", "optional"]
    importance: float | None = Field(description="1-5, when the source gives it")
    required_proficiency: float | None = Field(description="on the 1-5 proficiency scale")


class TaskRead(BaseModel):
    """A task statement and the skills it uses."""

    id: int
    uri: str
    role_id: int
    statement: str
    task_type: str
    skills: list[SkillSummary] = []


class RoleRead(RoleSummary):
    """A role with titles, hierarchy, skills and tasks."""

    isco_code: str
    alt_titles: list[str]
    description: str
    parent: RoleSummary | None = None
    same_as: list[str]
    skills: list[RoleSkillRead] = []
    tasks: list[TaskRead] = []


class ReleaseRead(BaseModel):
    """An imported taxonomy release."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    source: str
    version: str
    imported_at: datetime
    counts: dict[str, Any]
