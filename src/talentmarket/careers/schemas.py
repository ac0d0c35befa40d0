"""API shapes of career mobility: related roles, career paths, skill gaps, learning.

Levels are on the 1-5 proficiency scale everywhere (see `people.models.PROFICIENCY_SCALE`);
importance and weights on [0, 1]; effort in skill-levels to gain, with a rough months
figure whose assumption every answer states in `effort_unit`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from talentmarket.learning.schemas import CourseOffer
from talentmarket.shapes import Provenance


class SkillRef(BaseModel):
    """A skill as career answers name it: id, URI and label, like `SkillBrief`."""

    id: int
    uri: str
    label: str


class RoleRef(BaseModel):
    """A role as career answers name it."""

    id: int
    title: str
    code: str = ""
    source: str = ""


class SkillReasonRead(BaseModel):
    """One skill behind a role relation, with the origin's and destination's levels."""

    skill: SkillRef
    origin_proficiency: float | None = Field(description="level the origin role needs (1-5)")
    destination_proficiency: float | None = Field(description="level the destination needs (1-5)")
    importance: float = Field(description="importance to the destination, 0-1")


class RelatedRoleRead(BaseModel):
    """A role related to another, with the score, its parts and the skills behind it."""

    role: RoleRef
    score: float = Field(description="relatedness in [0, 1), symmetric")
    proximity: float = Field(
        description="asymmetric move proximity in [0, 1]: 20% destination needs the origin "
        "covers, 80% relatedness"
    )
    signals: dict[str, float] = Field(description="raw similarity per signal")
    reason: str
    shared_skills: list[SkillReasonRead] = Field(
        description="essential to the destination, needed by the origin at that level"
    )
    transferable_skills: list[SkillReasonRead] = Field(
        description="needed by the origin, used (not essential) by the destination"
    )
    skills_to_grow: list[SkillReasonRead] = Field(
        description="essential to the destination, needed by the origin at a lower level"
    )
    missing_skills: list[SkillReasonRead] = Field(
        description="essential to the destination, not needed by the origin"
    )


class RelatedRoles(BaseModel):
    """Roles related to one role, best first."""

    role: RoleRef
    items: list[RelatedRoleRead]
    embedding: str = Field(description="which vectors the embedding signal used, or 'off'")
    provenance: Provenance = Field(
        description="model, taxonomy release, and the relatedness version as `method`"
    )


class SkillGapItem(BaseModel):
    """A need that is missing or held below the level asked."""

    skill: SkillRef
    status: Literal["missing", "under_level"]
    held_proficiency: float | None = Field(description="held proficiency (1-5), null if missing")
    required_proficiency: float = Field(description="level asked (1-5)")
    levels: float = Field(description="skill-levels to gain (a missing skill counts from 0)")
    importance: float = Field(description="weight of the need, 0-1")


class PathStep(BaseModel):
    """One move of a career path and what it takes."""

    role: RoleRef
    relatedness: float = Field(description="relatedness of the previous role and this one")
    levels: float = Field(description="skill-levels to gain for this move")
    months: float = Field(description="rough duration of this move (see effort_unit)")
    missing: list[SkillGapItem] = Field(description="essential skills not held, top ones")
    under_level: list[SkillGapItem] = Field(description="essential skills held too low")
    missing_count: int
    under_level_count: int
    open_openings: int = Field(description="open openings for this role")


class CareerPathRead(BaseModel):
    """A path of role moves, its total effort and why it was chosen."""

    steps: list[PathStep]
    levels: float = Field(description="skill-levels to gain over the whole path")
    months: float
    cost: float = Field(description="search cost: effort weighted by distance of each move")
    score: float | None = Field(
        default=None,
        description="without a target: attractiveness x reachability; with a target: "
        "reachability, 1 / (1 + months / 6)",
    )
    reasons: list[str]


class CareerPaths(BaseModel):
    """Career paths of an employee, best first."""

    employee_id: int
    start_role: RoleRef | None
    target_role: RoleRef | None
    max_steps: int
    paths: list[CareerPathRead]
    note: str = ""
    effort_unit: str
    provenance: Provenance


class TransferSkill(BaseModel):
    """A held skill close to a needed one, whose practice may carry over."""

    skill: SkillRef
    held_proficiency: int
    similarity: float = Field(description="taxonomy-graph similarity, 0-1")


class GapSkill(BaseModel):
    """A need of a role or opening, as the employee stands against it."""

    skill: SkillRef
    status: Literal["missing", "under_level", "met"]
    requirement: Literal["essential", "optional", "must_have", "nice_to_have"]
    held_proficiency: int | None
    required_proficiency: float
    gap: float = Field(description="levels to gain (a missing skill counts from 0)")
    weight: float = Field(description="importance (role) or requirement weight (opening)")
    priority: float = Field(description="weight x gap: how much closing it helps")
    closest_held: TransferSkill | None = None


class GapTarget(BaseModel):
    """What the gap is measured against."""

    kind: Literal["role", "opening"]
    id: int
    title: str


class SkillGap(BaseModel):
    """Missing and under-level skills for a role or an opening, most helpful first."""

    employee_id: int
    target: GapTarget
    coverage: float = Field(description="weighted share of the needs met, level-aware, 0-1")
    levels: float = Field(
        description="skill-levels to gain for what the move asks: a role's essential needs "
        "or every requirement of an opening, counted as career paths count a move"
    )
    months: float
    gaps: list[GapSkill] = Field(
        description="missing and under level; for an opening must-haves first, then by priority"
    )
    met: list[GapSkill]
    effort_unit: str


class UnlockedOpening(BaseModel):
    """An open opening a skill brings closer."""

    id: int
    title: str
    kind: str
    coverage_now: float
    coverage_after: float
    completes_must_haves: bool = Field(description="learning the skill leaves no must-have unmet")


class LearningItem(BaseModel):
    """A skill to learn next, with what it unlocks and why."""

    skill: SkillRef
    score: float = Field(description="(need x specificity + grow bonus) x closeness")
    demand: float = Field(description="openings, target roles and aspirations it serves")
    specificity: float = Field(
        description="how rare the skill is among the taxonomy's roles, 0-1: general skills "
        "that every role lists count for little"
    )
    closeness: float = Field(description="similarity to the closest held skill, 0-1")
    held_proficiency: int | None
    required_proficiency: float
    closest_held: TransferSkill | None
    openings: list[UnlockedOpening]
    openings_count: int
    roles: list[RoleRef] = Field(description="target roles that need it")
    grow_aspiration: bool
    reasons: list[str]
    courses: list[CourseOffer] = Field(
        default_factory=list,
        description="courses with this skill (confirmed), best first by the share of the "
        "whole plan they cover per hour",
    )
    practice: list[UnlockedOpening] = Field(
        default_factory=list,
        description="open gigs, projects and mentorships that ask for it: learning by doing",
    )


class LearningPlan(BaseModel):
    """Skills to learn next, best first."""

    employee_id: int
    items: list[LearningItem]
    courses: list[CourseOffer] = Field(
        default_factory=list,
        description="the courses that close most of this plan's gap per hour of learning",
    )
    provenance: Provenance = Field(description="the scoring rule as `method`")
