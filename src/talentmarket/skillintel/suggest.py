"""Suggested skills for employees and suggested requirements for openings.

Suggestions are stored with status `suggested` (source `inferred`) and wait for a person:
accepted ones count in ranking, rejected ones are kept so the same skill is not suggested
again and so ranking can learn from them later. An existing decision is never overwritten.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentmarket.db.versions import bump_version
from talentmarket.embeddings.service import ensure_entity_vectors
from talentmarket.errors import Conflict, NotFound
from talentmarket.openings.document import opening_sources
from talentmarket.openings.models import Opening, OpeningRequirement
from talentmarket.people.models import Employee, EmployeeSkill
from talentmarket.runtime import Runtime
from talentmarket.skillintel import schemas
from talentmarket.skillintel.service import extract_skills, provenance
from talentmarket.taxonomy.models import Skill
from talentmarket.taxonomy.schemas import SkillSummary
from talentmarket.textintel.encoders import Encoder
from talentmarket.textintel.extracted import ExtractedSkill

SUGGESTED_PROFICIENCY = 3  # a stated skill, level unknown: practitioner until reviewed
MUST_HAVE_SCORE = 0.85


def _spans(found: ExtractedSkill) -> list[schemas.SpanRead]:
    return [schemas.SpanRead(start=s.start, end=s.end, text=s.text) for s in found.spans]


def _evidence(found: ExtractedSkill) -> str:
    return " | ".join(dict.fromkeys(s.text for s in found.spans))[:2000]


def infer_employee_skills(
    session: Session, runtime: Runtime, employee_id: int, body: schemas.InferRequest
) -> schemas.SuggestionsResponse:
    """Store skills found in a text about an employee as suggestions to accept or reject."""
    if session.get(Employee, employee_id) is None:
        raise NotFound(f"employee {employee_id} does not exist")
    found = extract_skills(session, runtime, body.text, body.limit, body.min_score)
    held = {
        r.skill_id: r
        for r in session.scalars(
            select(EmployeeSkill).where(EmployeeSkill.employee_id == employee_id)
        )
    }
    skills = {
        s.id: s
        for s in session.scalars(select(Skill).where(Skill.id.in_([f.skill_id for f in found])))
    }
    out = []
    for f in found:
        row = held.get(f.skill_id)
        if row is None:
            row = EmployeeSkill(
                employee_id=employee_id,
                skill_id=f.skill_id,
                proficiency=SUGGESTED_PROFICIENCY,
                source="inferred",
                evidence=_evidence(f),
                confidence=round(f.score, 4),
                status="suggested",
            )
            session.add(row)
        elif row.status == "suggested":
            row.confidence = max(row.confidence, round(f.score, 4))
            row.evidence = _evidence(f)
        out.append(
            schemas.Suggestion(
                skill=SkillSummary.model_validate(skills[f.skill_id]),
                score=round(f.score, 4),
                status=row.status,
                proficiency=row.proficiency,
                spans=_spans(f),
            )
        )
    session.flush()
    return schemas.SuggestionsResponse(
        suggestions=out, provenance=provenance(session, runtime, "skill-extractor")
    )


def suggest_requirements(
    session: Session, runtime: Runtime, opening_id: int, body: schemas.SuggestRequest
) -> schemas.SuggestionsResponse:
    """Store requirements proposed from an opening's text as suggestions."""
    opening = session.get(Opening, opening_id)
    if opening is None:
        raise NotFound(f"opening {opening_id} does not exist")
    text = body.text or f"{opening.title}.\n{opening.description}"
    found = extract_skills(session, runtime, text, body.limit, body.min_score)
    current = {
        r.skill_id: r
        for r in session.scalars(
            select(OpeningRequirement).where(OpeningRequirement.opening_id == opening_id)
        )
    }
    skills = {
        s.id: s
        for s in session.scalars(select(Skill).where(Skill.id.in_([f.skill_id for f in found])))
    }
    out = []
    for f in found:
        row = current.get(f.skill_id)
        if row is None:
            row = OpeningRequirement(
                opening_id=opening_id,
                skill_id=f.skill_id,
                must_have=f.score >= MUST_HAVE_SCORE,
                min_proficiency=SUGGESTED_PROFICIENCY,
                weight=round(0.5 + f.score / 2, 3),
                status="suggested",
                source="inferred",
                confidence=round(f.score, 4),
            )
            session.add(row)
        out.append(
            schemas.Suggestion(
                skill=SkillSummary.model_validate(skills[f.skill_id]),
                score=round(f.score, 4),
                status=row.status,
                must_have=row.must_have,
                proficiency=row.min_proficiency,
                spans=_spans(f),
            )
        )
    session.flush()
    return schemas.SuggestionsResponse(
        suggestions=out, provenance=provenance(session, runtime, "skill-extractor")
    )


def decide_requirement(
    session: Session, encoder: Encoder, opening_id: int, skill_id: int, accept: bool
) -> None:
    """Accept (make active) or reject a suggested requirement; rejected ones are kept."""
    row = session.scalar(
        select(OpeningRequirement).where(
            OpeningRequirement.opening_id == opening_id, OpeningRequirement.skill_id == skill_id
        )
    )
    if row is None:
        raise NotFound(f"opening {opening_id} has no requirement for skill {skill_id}")
    if row.status not in ("suggested", "rejected" if accept else "suggested"):
        raise Conflict(f"requirement is {row.status}; only suggestions can be decided")
    row.status = "active" if accept else "rejected"
    session.flush()
    bump_version(session, "openings")
    ensure_entity_vectors(  # the document holds skill labels
        session, encoder, "opening", [opening_id], reader=opening_sources
    )
