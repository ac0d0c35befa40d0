"""API shapes of role profile suggestions: what to add or drop, the evidence, and the
admins' answers."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from talentmarket.jobarch.schemas import CompanyRoleBase
from talentmarket.people.schemas import SkillRefIn
from talentmarket.shapes import SkillBrief


class SkillEvidence(BaseModel):
    """How often a skill is asked for, by the company's recent openings of the role and by
    real vacancies whose titles went to the role (or to the occupation it is based on)."""

    openings: int = Field(description="recent openings of the role asking for the skill")
    openings_total: int
    vacancies: int = Field(description="imported vacancies of the role asking for it")
    vacancies_total: int
    share: float = Field(description="(openings + vacancies asking) / all of them")
    opening_ids: list[int] = Field(description="up to five of the openings asking")
    min_proficiency: float | None = Field(
        description="median minimum proficiency the openings ask (1-5), if any ask"
    )


class ProfileSuggestion(BaseModel):
    """Add a skill the work asks for, or drop one nothing asks for, and why."""

    action: Literal["add", "drop"]
    skill: SkillBrief
    relation: str | None = Field(description="how the profile holds it now (drop only)")
    evidence: SkillEvidence
    reason: str


class ProfileDecisionRead(BaseModel):
    """An admin's answer to a suggestion."""

    role_id: int
    skill: SkillBrief
    action: Literal["add", "drop"]
    decision: Literal["accept", "reject"]
    reason: str
    evidence: SkillEvidence
    decided_by: str
    decided_at: datetime
    role_version: int = Field(description="the role's version after the answer")


class RoleProfileSuggestions(BaseModel):
    """A role's profile against what its work asks today."""

    role: CompanyRoleBase
    version: int
    editable: bool = Field(description="company roles take accepted changes; imports do not")
    window_days: int
    min_share: float
    min_evidence: int
    openings: int = Field(description="recent openings of the role, past draft")
    vacancies: int = Field(description="imported vacancies that went to the role or its base")
    vacancy_titles: list[str] = Field(description="some of those vacancies' titles")
    add: list[ProfileSuggestion]
    drop: list[ProfileSuggestion]
    decided: list[ProfileDecisionRead] = Field(description="answers given so far, latest first")


class ProfileDecisionIn(SkillRefIn):
    """Accept or reject a suggestion; accepting changes a company role (a new version)."""

    action: Literal["add", "drop"]
    decision: Literal["accept", "reject"]
    reason: str = Field(default="", max_length=2000)
    relation: Literal["essential", "optional"] = Field(
        default="optional", description="how an added skill joins the profile"
    )
    required_proficiency: int | None = Field(
        default=None,
        ge=1,
        le=5,
        description="level of an added skill (1-5); default what the openings ask, else 3",
    )
