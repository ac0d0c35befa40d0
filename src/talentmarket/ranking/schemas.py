"""API shapes of rankings: ranked pages, explanations, one explained pair, the search."""

from __future__ import annotations

from typing import Annotated, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from talentmarket.ids import ID_MAX
from talentmarket.paging import Page
from talentmarket.shapes import Provenance, SkillBrief

T = TypeVar("T")
Level = Annotated[int, Field(ge=1, le=5)]


class RankedPage(Page[T], Generic[T]):
    """A page of ranked results with their provenance."""

    provenance: Provenance
    order: Literal["score", "neutral"] = Field(
        default="score",
        description="`neutral`: the company shows candidates in a fixed shuffle, not best "
        "first (human oversight setting)",
    )
    scores_hidden: bool = Field(
        default=False, description="scores and the explanations' numbers are left out"
    )
    names_masked: bool = Field(
        default=False, description="people not yet shortlisted are called 'Candidate <id>'"
    )


class Via(BaseModel):
    """The held skill that earned partial credit for a requirement, and why."""

    skill: SkillBrief
    held_proficiency: int
    similarity: float
    reason: str


class RequirementResult(BaseModel):
    """How one requirement fared."""

    skill: SkillBrief
    must_have: bool
    required_proficiency: int
    held_proficiency: int = Field(description="level held of this exact skill, 0 when not held")
    weight: float
    credit: float = Field(description="share of the requirement met, 0-1")
    via: Via | None = Field(default=None, description="adjacent held skill behind partial credit")


class Explanation(BaseModel):
    """Why a pair scores what it scores; contributions add up to the score."""

    score: float | None = Field(ge=0, le=1, description="null where the company hides scores")
    parts: dict[str, float | None] | None = Field(
        description="coverage, semantic, role, preferences in [0, 1]; a part is null when "
        "unavailable (all null where scores are hidden)"
    )
    weights: dict[str, float] | None = Field(
        description="the weights this pair was scored with: the configured weights "
        "(provenance.weights) with each unavailable part's weight spread over the others"
    )
    contributions: dict[str, float] | None = Field(
        description="each part's share of the score: gate x weight x part"
    )
    must_have_gate: float | None = Field(
        description="factor applied for unmet must-haves (1 = none)"
    )
    matched: list[RequirementResult]
    partial: list[RequirementResult]
    missing_must_haves: list[RequirementResult]
    missing_nice_to_haves: list[RequirementResult]
    would_grow: list[SkillBrief] = Field(description="skills this work would grow")


class EmployeeBrief(BaseModel):
    """An employee as candidate lists show them."""

    id: int
    name: str
    job_title: str
    department: str
    location: str
    current_role_id: int | None


class OpeningBrief(BaseModel):
    """An opening as opportunity lists show it."""

    id: int
    title: str
    kind: str
    department: str
    location: str
    remote: bool
    role_id: int | None
    status: str


class CandidateMatch(BaseModel):
    """An employee ranked for an opening."""

    rank: int
    employee: EmployeeBrief
    score: float | None = Field(description="null where the company hides scores")
    explanation: Explanation
    application_status: str | None = Field(
        default=None,
        description="for an opening's candidates: applied, shortlisted, declined or "
        "withdrawn (selected people are no longer candidates); null when they have not "
        "applied",
    )


class OpportunityMatch(BaseModel):
    """An opening ranked for an employee."""

    rank: int
    opening: OpeningBrief
    score: float
    explanation: Explanation


class MatchDetail(BaseModel):
    """One pair, fully explained."""

    employee: EmployeeBrief
    opening: OpeningBrief
    score: float | None = Field(description="null where the company hides scores")
    explanation: Explanation
    provenance: Provenance


class SearchSkill(BaseModel):
    """A skill the recruiter asks for."""

    model_config = ConfigDict(extra="forbid")

    skill_id: int | None = Field(default=None, ge=1, le=ID_MAX)
    skill_uri: str | None = Field(default=None, min_length=1, max_length=255)
    min_proficiency: Level = 3
    must_have: bool = False
    weight: float = Field(default=1.0, gt=0, le=10)

    @model_validator(mode="after")
    def _one_ref(self) -> SearchSkill:
        if (self.skill_id is None) == (self.skill_uri is None):
            raise ValueError("give exactly one of skill_id or skill_uri")
        return self


class SearchFilters(BaseModel):
    """Filters of the recruiter's search."""

    model_config = ConfigDict(extra="forbid")

    department: str | None = Field(default=None, max_length=128)
    location: str | None = Field(default=None, max_length=128)
    role_id: int | None = Field(default=None, ge=1, le=ID_MAX)
    min_availability_pct: int | None = Field(default=None, ge=0, le=100)


class CandidateSearch(BaseModel):
    """The recruiter's search box: free text and/or skills, with filters."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(default="", description="up to 20,000 characters (413 beyond)")
    skills: list[SearchSkill] = Field(default_factory=list, max_length=50)
    filters: SearchFilters = Field(default_factory=SearchFilters)
    min_score: float = Field(default=0.0, ge=0, le=1)

    @model_validator(mode="after")
    def _something(self) -> CandidateSearch:
        if not self.text.strip() and not self.skills:
            raise ValueError("give text, skills, or both")
        return self
