"""API shapes of taxonomy governance: local skills, deprecation, merge, the change feed."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from talentmarket.ids import ID_MAX, RowId
from talentmarket.taxonomy.schemas import SkillRead

SkillType = Literal["skill", "knowledge", "tool", "language", "transversal"]
Label = Field(min_length=1, max_length=512)


class SkillCreate(BaseModel):
    """A local skill to add to the taxonomy."""

    model_config = ConfigDict(extra="forbid")

    label: str = Label
    alt_labels: list[str] = Field(default_factory=list, max_length=100)
    description: str = Field(default="", max_length=10_000)
    skill_type: SkillType = "skill"
    uri: str | None = Field(
        default=None,
        max_length=255,
        description="external URI; default urn:talentmarket:local:skill:<slug of the label>",
    )
    parent_ids: list[RowId] = Field(
        default_factory=list, max_length=20, description="skill groups (or skills) it is under"
    )
    related_ids: list[RowId] = Field(default_factory=list, max_length=100)


class SkillUpdate(BaseModel):
    """Changes to a local skill; fields left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    label: str | None = Field(default=None, min_length=1, max_length=512)
    alt_labels: list[str] | None = Field(default=None, max_length=100)
    description: str | None = Field(default=None, max_length=10_000)
    skill_type: SkillType | None = None


class TaxonomyWarning(BaseModel):
    """Something the caller should look at; the write went through."""

    type: Literal["near-duplicate"] = "near-duplicate"
    detail: str
    skill_id: int
    label: str
    matched_label: str
    method: Literal["lexical", "embedding"]
    score: float = Field(description="token_sort_ratio / 100, or cosine of label vectors")


class SkillWritten(SkillRead):
    """A created or edited skill, with near-duplicate warnings and the checks that ran."""

    warnings: list[TaxonomyWarning] = []
    checks: list[str] = Field(default=[], description="near-duplicate checks run")


class DeprecateRequest(BaseModel):
    """Retire a skill in favour of another."""

    model_config = ConfigDict(extra="forbid")

    replacement_id: int = Field(ge=1, le=ID_MAX)
    reason: str = Field(default="", max_length=2000)


class MergeRequest(BaseModel):
    """Fold one skill into another: the source is retired, the target keeps its labels."""

    model_config = ConfigDict(extra="forbid")

    source_id: int = Field(ge=1, le=ID_MAX)
    target_id: int = Field(ge=1, le=ID_MAX)
    reason: str = Field(default="", max_length=2000)


class GovernanceResult(BaseModel):
    """What a deprecation or merge did: both skills as they are now, and the counts."""

    skill: SkillRead = Field(description="the retired skill (status deprecated)")
    replacement: SkillRead
    counts: dict[str, int] = Field(
        description="rows moved to the replacement, and merged into rows it already had"
    )
    change_ids: list[int]


class ChangeRead(BaseModel):
    """One entry of the change feed."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    occurred_at: datetime
    entity: str
    entity_id: int | None
    entity_uri: str
    action: str = Field(description="created, updated, deprecated, merged")
    release_id: int | None
    actor: str
    details: dict[str, Any]


class ChangePage(BaseModel):
    """Changes oldest first; poll again with `since=poll_since`."""

    items: list[ChangeRead]
    total: int | None = Field(default=None, description="not counted: a feed has no end")
    limit: int
    next_cursor: str | None = Field(description="pass as `cursor` for more now; null at end")
    poll_since: str = Field(description="the change id to pass as `since` on the next poll")
