"""Shapes every feature answers with the same way: a skill named by id, URI and label,
and the provenance of an AI answer (which model and taxonomy release, which method or
scoring). One class each, so the OpenAPI document has one `SkillBrief` and one
`Provenance`."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class SkillBrief(BaseModel):
    """A skill as other resources name it: id, URI and label."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    uri: str
    label: str


class Provenance(BaseModel):
    """What produced an AI answer: the model and taxonomy release, and for rankings the
    scoring version and weights, for extractions the method."""

    model: str
    taxonomy_release: str
    method: str | None = Field(default=None, description="extraction method (extractions)")
    text_model: str | None = Field(
        default=None,
        description="the model that read the request's text, when not `model` itself (its "
        "int8 twin; `model` made the label vectors it was compared with)",
    )
    scoring_version: str | None = Field(default=None, description="scorer version (rankings)")
    weights: dict[str, float] | None = Field(
        default=None,
        description="configured weight of each part (rankings); an explanation's `weights` "
        "shows those one pair was scored with when a part is unavailable for it",
    )
