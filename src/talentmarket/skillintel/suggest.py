"""Suggested skills for employees and suggested requirements for openings.

Suggestions are stored with status `suggested` (source `inferred`) and wait for a person:
accepted ones count in ranking, rejected ones are kept so the same skill is not suggested
again and so ranking can learn from them later. An existing decision is never overwritten.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from talentmarket.openings.repository import OpeningRepository
from talentmarket.openings.service import store_requirement_suggestions
from talentmarket.people.repository import PeopleRepository
from talentmarket.people.skills_service import store_suggestions
from talentmarket.runtime import Runtime
from talentmarket.skillintel import schemas
from talentmarket.skillintel.service import extract_skills, provenance
from talentmarket.taxonomy.repository import SkillRepository
from talentmarket.taxonomy.schemas import SkillSummary
from talentmarket.textintel.extracted import ExtractedSkill

SUGGESTED_PROFICIENCY = 3  # a stated skill, level unknown: practitioner until reviewed
MUST_HAVE_SCORE = 0.85


def _spans(text: str, found: ExtractedSkill) -> list[schemas.SpanRead]:
    return [schemas.SpanRead.of(text, s.start, s.end) for s in found.spans]


def evidence_of(found: ExtractedSkill) -> str:
    """The words a skill was found in, once each, as stored with a suggestion."""
    return " | ".join(dict.fromkeys(s.text for s in found.spans))[:2000]


def _skill_summaries(session: Session, found: list[ExtractedSkill]) -> dict[int, SkillSummary]:
    skills = SkillRepository(session).by_ids([f.skill_id for f in found])
    return {s.id: SkillSummary.model_validate(s) for s in skills}


def infer_employee_skills(
    session: Session, runtime: Runtime, employee_id: int, body: schemas.InferRequest
) -> schemas.SuggestionsResponse:
    """Store skills found in a text about an employee as suggestions to accept or reject."""
    PeopleRepository(session).get(employee_id)
    found = extract_skills(session, runtime, body.text, body.limit, body.min_score)
    rows = store_suggestions(
        session,
        employee_id,
        [(f.skill_id, f.score, evidence_of(f)) for f in found],
        SUGGESTED_PROFICIENCY,
    )
    levels = [(row.status, None, row.proficiency) for row in rows]
    return _answer(session, runtime, body.text, found, levels)


def suggest_requirements(
    session: Session, runtime: Runtime, opening_id: int, body: schemas.SuggestRequest
) -> schemas.SuggestionsResponse:
    """Store requirements proposed from an opening's text as suggestions."""
    opening = OpeningRepository(session).get(opening_id)
    text = body.text or f"{opening.title}.\n{opening.description}"
    found = extract_skills(session, runtime, text, body.limit, body.min_score)
    rows = store_requirement_suggestions(
        session,
        opening_id,
        [(f.skill_id, f.score) for f in found],
        SUGGESTED_PROFICIENCY,
        MUST_HAVE_SCORE,
    )
    levels = [(row.status, row.must_have, row.min_proficiency) for row in rows]
    return _answer(session, runtime, text, found, levels)


def _answer(
    session: Session,
    runtime: Runtime,
    text: str,
    found: list[ExtractedSkill],
    stored: Sequence[tuple[str, bool | None, int]],
) -> schemas.SuggestionsResponse:
    """Each found skill with what is stored for it: (status, must-have, proficiency)."""
    skills = _skill_summaries(session, found)
    out = [
        schemas.Suggestion(
            skill=skills[f.skill_id],
            score=round(f.score, 4),
            status=status,
            must_have=must_have,
            proficiency=proficiency,
            spans=_spans(text, f),
        )
        for f, (status, must_have, proficiency) in zip(found, stored, strict=True)
    ]
    return schemas.SuggestionsResponse(
        suggestions=out, provenance=provenance(session, runtime, "skill-extractor")
    )
