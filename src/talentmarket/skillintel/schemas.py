"""API shapes of extraction, inference, suggestions and title normalisation."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from talentmarket.shapes import Provenance
from talentmarket.taxonomy.schemas import RoleSummary, SkillSummary


class ExtractRequest(BaseModel):
    """Text to find skills in (a CV, a profile, a job ad)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="up to 20,000 characters")
    limit: int = Field(default=20, ge=1, le=200)
    min_score: float | None = Field(default=None, ge=0, le=1)


class SpanRead(BaseModel):
    """Where in the text a skill was found: text[start:end] == text, in Unicode code
    points (Python, Java code points); `start_utf16`/`end_utf16` are the same place in
    UTF-16 code units, as JavaScript strings index."""

    start: int
    end: int
    start_utf16: int
    end_utf16: int
    text: str

    @classmethod
    def of(cls, source: str, start: int, end: int) -> SpanRead:
        """The span [start, end) of `source` (code points) with its UTF-16 offsets."""
        before = _utf16_units(source[:start])
        return cls(
            start=start,
            end=end,
            start_utf16=before,
            end_utf16=before + _utf16_units(source[start:end]),
            text=source[start:end],
        )


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class ExtractedSkillRead(BaseModel):
    """A skill found in a text."""

    skill: SkillSummary
    score: float = Field(ge=0, le=1)
    spans: list[SpanRead]


class ExtractResponse(BaseModel):
    """Skills found, best first."""

    skills: list[ExtractedSkillRead]
    provenance: Provenance


class InferRequest(BaseModel):
    """Text about an employee (CV, project notes) to infer skills from."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)
    min_score: float | None = Field(default=None, ge=0, le=1)
    limit: int = Field(default=30, ge=1, le=200)


class Suggestion(BaseModel):
    """A skill suggested for an employee or an opening, awaiting a person's decision."""

    skill: SkillSummary
    score: float
    status: str = Field(description="suggested, or already accepted/rejected (kept as decided)")
    proficiency: int | None = None
    must_have: bool | None = None
    spans: list[SpanRead]


class SuggestionsResponse(BaseModel):
    """Suggestions written (status suggested) and those already decided."""

    suggestions: list[Suggestion]
    provenance: Provenance


class SuggestRequest(BaseModel):
    """Where to read an opening's requirements from (default: its title and description)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, min_length=1)
    min_score: float | None = Field(default=None, ge=0, le=1)
    limit: int = Field(default=15, ge=1, le=100)


class NormalizeRequest(BaseModel):
    """A job title as an HRIS holds it."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=300)
    limit: int = Field(default=10, ge=1, le=100)


class ConfirmedTitle(BaseModel):
    """The nearest confirmed title mapped to a role, behind its vote."""

    title: str
    similarity: float = Field(
        description="the cosine of the titles' vectors mixed with the cosine of their word "
        "TF-IDF vectors (1 for the same title)"
    )


class NormalizedRole(BaseModel):
    """A role that fits a title: its score, the label that matched, and the part of the
    score that confirmed title mappings voted (with the nearest confirmed title)."""

    role: RoleSummary
    score: float
    matched_label: str
    from_mappings: float = Field(description="the part of `score` confirmed mappings voted")
    confirmed_title: ConfirmedTitle | None


class NormalizeResponse(BaseModel):
    """Roles for a title, best first."""

    roles: list[NormalizedRole]
    cleaned_title: str
    mappings: int = Field(description="confirmed title mappings the normaliser remembers")
    provenance: Provenance


class TitleMappingIn(BaseModel):
    """A title as the company writes it and the role it means (id, URI or code)."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=300)
    role: str = Field(min_length=1, max_length=255, description="role id, URI or code")


class TitleMappingsIn(BaseModel):
    """Confirmed mappings to add or update (one per title)."""

    model_config = ConfigDict(extra="forbid")

    mappings: list[TitleMappingIn] = Field(min_length=1, max_length=1000)


class TitleMappingRead(BaseModel):
    """A confirmed title mapping."""

    id: int
    title: str
    role: RoleSummary
    source: str = Field(description="api, import or confirmed (from a normalisation)")
    decided_by: str
    created_at: datetime
    updated_at: datetime


class TitleMappingReport(BaseModel):
    """What an upsert of mappings did."""

    created: int
    updated: int
    unchanged: int
    items: list[TitleMappingRead]
