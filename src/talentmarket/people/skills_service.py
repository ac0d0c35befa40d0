"""Rules for the skills an employee holds: replace, add, remove, accept and reject.

Suggested (inferred) skills await review; rejected ones are kept, never deleted by a
replace, so ranking and extraction can learn from them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from sqlalchemy.orm import Session

from talentmarket.db.base import utcnow
from talentmarket.db.sync import sync_children
from talentmarket.db.versions import note_change
from talentmarket.embeddings.service import ensure_entity_vectors
from talentmarket.events import service as events
from talentmarket.people.document import employee_sources
from talentmarket.people.models import PROFICIENCY_SCALE, Employee, EmployeeSkill
from talentmarket.people.repository import PeopleRepository
from talentmarket.people.schemas import EmployeeSkillIn, EmployeeSkillRead
from talentmarket.people.shared import assign, resolve_skill, resolve_skills
from talentmarket.shapes import SkillBrief
from talentmarket.taxonomy.models import Skill
from talentmarket.taxonomy.repository import SkillRepository
from talentmarket.textintel.encoders import Encoder


def skill_read(row: EmployeeSkill, skill: Skill) -> EmployeeSkillRead:
    """An employee skill row as the API shows it."""
    return EmployeeSkillRead(
        skill=SkillBrief(id=skill.id, uri=skill.uri, label=skill.label),
        proficiency=row.proficiency,
        proficiency_label=PROFICIENCY_SCALE[row.proficiency],
        source=row.source,
        evidence=row.evidence,
        confidence=row.confidence,
        status=row.status,
        last_used=row.last_used,
        updated_at=row.updated_at,
    )


def declared_values(item: EmployeeSkillIn) -> dict[str, Any]:
    """Column values of a skill the caller states the employee holds."""
    return {
        "proficiency": item.proficiency,
        "source": item.source,
        "evidence": item.evidence,
        "last_used": item.last_used,
        "status": "accepted",
        "confidence": 1.0,
    }


def sync_skills(
    session: Session, employee_id: int, pairs: Sequence[tuple[EmployeeSkillIn, Skill]]
) -> bool:
    """Make the accepted skills exactly pairs; unnamed suggested/rejected rows are kept."""
    return sync_children(
        session,
        PeopleRepository(session).skill_rows(employee_id),
        ((skill.id, item) for item, skill in pairs),
        create=lambda skill_id, item: EmployeeSkill(
            employee_id=employee_id, skill_id=skill_id, **declared_values(item)
        ),
        update=lambda row, item: assign(row, declared_values(item)),
        removable=lambda row: row.status == "accepted",
    )


def _skills_changed(session: Session, employee: Employee, encoder: Encoder) -> None:
    """Mark the employee changed and refresh their stored vector (it holds skill labels)."""
    employee.updated_at = utcnow()
    PeopleRepository(session).flush()
    version = note_change(session, "people", [employee.id])
    states = {"external_id": employee.external_id, "status": employee.status}
    events.record_changed(
        session,
        "employee.skills_changed",
        ("employee", employee.id),
        version,
        states,
        employee_id=employee.id,
    )
    ensure_entity_vectors(session, encoder, "employee", [employee.id], reader=employee_sources)


def replace_skills(
    session: Session, employee_id: int, items: Sequence[EmployeeSkillIn], encoder: Encoder
) -> list[EmployeeSkillRead]:
    """Replace the accepted skills; suggested and rejected ones not named are kept."""
    repo = PeopleRepository(session)
    employee = repo.get(employee_id)
    pairs = list(zip(items, resolve_skills(session, items, "skills"), strict=True))
    if sync_skills(session, employee_id, pairs):
        _skills_changed(session, employee, encoder)
    return [skill_read(row, skill) for row, skill in repo.skills(employee_id)]


def put_skill(
    session: Session, employee_id: int, item: EmployeeSkillIn, encoder: Encoder
) -> tuple[EmployeeSkillRead, bool]:
    """Add a skill or update its level and evidence; True when it was added."""
    repo = PeopleRepository(session)
    employee = repo.get(employee_id)
    skill = resolve_skill(session, item)
    row = repo.skill_rows(employee_id).get(skill.id)
    if row is None:
        row = EmployeeSkill(employee_id=employee_id, skill_id=skill.id, **declared_values(item))
        theirs = repo.add_skill_row(row)  # None: added; else a concurrent add won
        if theirs is None:
            _skills_changed(session, employee, encoder)
            return skill_read(row, skill), True
        row = theirs
    if assign(row, declared_values(item)):
        _skills_changed(session, employee, encoder)
    return skill_read(row, skill), False


def remove_skill(session: Session, employee_id: int, skill_id: int, encoder: Encoder) -> None:
    """Delete a skill row of an employee."""
    repo = PeopleRepository(session)
    employee = repo.get(employee_id)
    repo.remove(repo.skill_row(employee_id, skill_id))
    _skills_changed(session, employee, encoder)


def review_skill(
    session: Session,
    employee_id: int,
    skill_id: int,
    status: Literal["accepted", "rejected"],
    encoder: Encoder,
    proficiency: int | None = None,
) -> EmployeeSkillRead:
    """Accept (optionally at another level) or reject a suggested skill; rejected rows are
    kept as feedback for ranking."""
    repo = PeopleRepository(session)
    employee = repo.get(employee_id)
    row = repo.skill_row(employee_id, skill_id)
    level = row.proficiency if proficiency is None else proficiency
    if row.status != status or row.proficiency != level:
        row.status, row.proficiency = status, level
        _skills_changed(session, employee, encoder)
    return skill_read(row, SkillRepository(session).get(skill_id))


def store_suggestions(
    session: Session,
    employee_id: int,
    found: Sequence[tuple[int, float, str]],
    proficiency: int,
) -> list[EmployeeSkill]:
    """Store skills found in a text about an employee, (skill id, score, evidence) each,
    as suggestions (source `inferred`) to accept or reject; a skill already held,
    accepted or rejected keeps its row (a pending suggestion takes the higher score and
    the new evidence). Returns the row of each found skill, in order."""
    repo = PeopleRepository(session)
    repo.get(employee_id)
    held = repo.skill_rows(employee_id)
    rows = []
    for skill_id, score, evidence in found:
        row = held.get(skill_id)
        if row is None:
            row = EmployeeSkill(
                employee_id=employee_id,
                skill_id=skill_id,
                proficiency=proficiency,
                source="inferred",
                evidence=evidence,
                confidence=round(score, 4),
                status="suggested",
            )
            repo.stage(row)
            held[skill_id] = row
        elif row.status == "suggested":
            row.confidence = max(row.confidence, round(score, 4))
            row.evidence = evidence
        rows.append(row)
    repo.flush()
    return rows
