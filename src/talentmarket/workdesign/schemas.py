"""API shapes of task exposure and work redesign."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from talentmarket.shapes import SkillBrief


class TaskText(BaseModel):
    """A task in a company's own words, with the work activities it performs if known."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=3, max_length=2000)
    activities: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="O*NET detailed (or intermediate, or generalised) work activity codes",
    )


class NeighbourTask(BaseModel):
    """A labelled task close to the one predicted: part of the reason."""

    task_id: int
    statement: str
    exposure: str
    similarity: float


class TaskExposurePrediction(BaseModel):
    """A predicted exposure level with its confidence and reason."""

    exposure: str = Field(description="E0 none, E1 direct, E2 with complementary software")
    confidence: float
    probabilities: dict[str, float]
    neighbours: list[NeighbourTask]
    used_activities: bool = Field(description="the work activities given were used")
    trained_on: int = Field(description="labelled tasks the classifier learned from")


class TaskExposureRow(BaseModel):
    """One task of a role with its exposure."""

    id: int
    statement: str
    task_type: str
    weight: float = Field(description="core 1, supplemental 0.5")
    exposure: str
    source: str = Field(description="labelled (people's label) or predicted")
    gpt4: str | None = Field(description="GPT-4's label beside people's, where labelled")
    automation: str | None
    confidence: float | None = Field(description="of a prediction")
    removed: bool = False


class RoleExposure(BaseModel):
    """The share of a role's (weighted) tasks that language models touch."""

    alpha: float = Field(description="share of E1 tasks")
    beta: float = Field(description="E1 + E2 / 2")
    gamma: float = Field(description="E1 + E2")
    method: str


class SkillShift(BaseModel):
    """How a skill's importance in the role moves if exposed tasks shrink."""

    skill: SkillBrief
    exposed_share: float = Field(description="share of its task weight in exposed tasks")
    importance_now: float
    importance_after: float
    change: float


class WorkRedesign(BaseModel):
    """A role's tasks by exposure, its exposure score and the skill shift."""

    role_id: int
    role_label: str
    shrink: float = Field(description="what-if: share of exposed tasks' time that goes")
    tasks: list[TaskExposureRow]
    by_exposure: dict[str, int]
    exposure: RoleExposure
    growing_skills: list[SkillShift]
    shrinking_skills: list[SkillShift]


class DepartmentExposure(BaseModel):
    """People of a department in highly exposed roles; null where the group is small."""

    department: str
    people: int | None
    with_known_exposure: int | None = Field(description="people whose role has tasks")
    highly_exposed: int | None = Field(description="people whose role's beta >= threshold")
    share: float | None = Field(description="highly exposed / with known exposure")
    suppressed: bool


class HeldRoleExposure(BaseModel):
    """A role people hold, with its exposure."""

    role_id: int
    title: str
    people: int
    beta: float
    gamma: float


class WorkforceExposure(BaseModel):
    """How many people hold highly exposed roles, by department, and the roles."""

    threshold: float = Field(description="beta at or above which a role is highly exposed")
    min_cell: int
    departments: list[DepartmentExposure]
    most_exposed_roles: list[HeldRoleExposure] = Field(
        description="roles held by at least min_cell people, most exposed first"
    )
    method: str


class ReskillingMove(BaseModel):
    """A related role that language models touch less."""

    role_id: int
    title: str
    proximity: float = Field(description="how near the move is (careers' move proximity)")
    beta: float
    skills_to_grow: list[str]


class Reskilling(BaseModel):
    """A person's role exposure, the skills that grow in it, and moves toward less exposed
    roles."""

    employee_id: int
    role_id: int | None
    role_title: str | None
    exposure: RoleExposure | None
    growing_skills: list[SkillShift]
    moves: list[ReskillingMove]
