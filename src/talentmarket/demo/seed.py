"""Write generated demo people and openings into the database, in bulk and idempotently."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from talentmarket.db.versions import bump_version
from talentmarket.demo import repository
from talentmarket.demo.generator import (
    OpeningDraft,
    PersonDraft,
    RoleProfile,
    generate_openings,
    generate_people,
)
from talentmarket.errors import InvalidRequest
from talentmarket.openings.models import Opening, OpeningRequirement
from talentmarket.people.models import Employee, EmployeeAspiration, EmployeeSkill
from talentmarket.taxonomy.importers.rows import Progress, no_progress

CHUNK = 2000


@dataclass
class SeedReport:
    """What a seed run wrote."""

    employees_created: int = 0
    employees_existing: int = 0
    openings_created: int = 0
    openings_existing: int = 0
    employee_skills: int = 0
    requirements: int = 0

    def as_dict(self) -> dict[str, int]:
        """JSON-friendly counts."""
        return dict(vars(self))


def load_role_profiles(session: Session, source: str | None = None) -> list[RoleProfile]:
    """Roles with at least three skills, ordered by URI so seeds are stable."""
    if source is None:
        source = "starter" if repository.has_starter_roles(session) else None
    roles = repository.active_roles(session, source)
    parents, titles = repository.groups(session)
    skills: dict[int, list[tuple[int, str, bool, float]]] = {}
    for role_id, skill_id, label, relation, level in repository.role_skill_edges(session):
        essential = relation == "essential"
        skills.setdefault(role_id, []).append(
            (skill_id, label, essential, float(level) if level else (3.0 if essential else 2.0))
        )
    tasks: dict[int, list[str]] = {}
    for role_id, statement in repository.task_statements(session):
        if len(tasks.setdefault(role_id, [])) < 5:
            tasks[role_id].append(statement)
    out = []
    for role_id, _uri, title, parent_id, description in roles:
        top = parent_id
        while top is not None and parents.get(top) is not None:
            top = parents[top]
        department = titles.get(top, "General") if top is not None else "General"
        out.append(
            RoleProfile(
                id=role_id,
                title=title,
                department=department[:128],
                description=description or "",
                skills=tuple(skills.get(role_id, ())),
                tasks=tuple(tasks.get(role_id, ())),
            )
        )
    return [r for r in out if len(r.skills) >= 3]


def _chunked(items: Iterable[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def seed_demo(
    session: Session,
    employees: int,
    openings: int,
    seed: int,
    source: str | None = None,
    progress: Progress = no_progress,
    prefix: str = "demo",
) -> SeedReport:
    """Create `employees` people and `openings` openings; existing rows of the same
    prefix and seed are kept (external ids `<prefix>-<seed>-e<i>` / `-o<i>`)."""
    roles = load_role_profiles(session, source)
    if not roles:
        raise InvalidRequest("no roles with skills are loaded: import a taxonomy first")
    report = SeedReport()
    have = repository.existing_external_ids(session, Employee, f"{prefix}-{seed}-e")
    done = 0
    for batch in _chunked(generate_people(roles, employees, seed, prefix=prefix)):
        fresh = [p for p in batch if p.external_id not in have]
        report.employees_existing += len(batch) - len(fresh)
        _write_people(session, fresh, report)
        done += len(batch)
        progress("employees", done, employees)
    if report.employees_created:  # every department gets a manager (approvals need one)
        repository.assign_managers(session, f"{prefix}-{seed}-e")
    person_ids = repository.employee_ids_like(session, f"{prefix}-{seed}-e")
    have = repository.existing_external_ids(session, Opening, f"{prefix}-{seed}-o")
    done = 0
    for batch in _chunked(generate_openings(roles, openings, seed, len(person_ids), prefix=prefix)):
        fresh = [o for o in batch if o.external_id not in have]
        report.openings_existing += len(batch) - len(fresh)
        _write_openings(session, fresh, person_ids, report)
        done += len(batch)
        progress("openings", done, openings)
    if report.employees_created:
        bump_version(session, "people")
    if report.openings_created:
        bump_version(session, "openings")
    repository.flush(session)
    return report


def _write_people(session: Session, people: list[PersonDraft], report: SeedReport) -> None:
    if not people:
        return
    repository.insert_rows(
        session,
        Employee,
        [
            {
                "external_id": p.external_id,
                "name": p.name,
                "email": p.email,
                "profile": p.profile,
                "current_role_id": p.role_id,
                "job_title": p.job_title,
                "department": p.department,
                "location": p.location,
                "availability_pct": p.availability_pct,
                "open_to_remote": p.open_to_remote,
                "open_to_relocation": False,
                "preferred_kinds": p.preferred_kinds,
                "preferred_locations": [p.location],
                "open_to_opportunities": p.open_to_opportunities,
                "visible_to_recruiters": p.visible_to_recruiters,
                "status": "active",
                "attributes": {},
            }
            for p in people
        ],
    )
    ids = repository.ids_by_external(session, Employee, [p.external_id for p in people])
    skills = [
        {
            "employee_id": ids[p.external_id],
            "skill_id": skill_id,
            "proficiency": level,
            "source": "imported",
            "evidence": "",
            "confidence": 1.0,
            "status": "accepted",
        }
        for p in people
        for skill_id, level in p.skills
    ]
    repository.insert_rows(session, EmployeeSkill, skills)
    aspirations = [
        {"employee_id": ids[p.external_id], "role_id": r, "skill_id": None}
        for p in people
        for r in p.target_role_ids
    ] + [
        {"employee_id": ids[p.external_id], "role_id": None, "skill_id": s}
        for p in people
        for s in p.grow_skill_ids
    ]
    repository.insert_rows(session, EmployeeAspiration, aspirations)
    report.employees_created += len(people)
    report.employee_skills += len(skills)


def _write_openings(
    session: Session, openings: list[OpeningDraft], person_ids: list[int], report: SeedReport
) -> None:
    if not openings:
        return
    repository.insert_rows(
        session,
        Opening,
        [
            {
                "external_id": o.external_id,
                "kind": o.kind,
                "title": o.title[:512],
                "role_id": o.role_id,
                "description": o.description,
                "department": o.department,
                "location": o.location,
                "remote": o.remote,
                "capacity": o.capacity,
                "hours_per_week": o.hours_per_week,
                "time_pct": o.time_pct,
                "start_date": o.start_date,
                "end_date": o.end_date,
                "status": o.status,
                "owner_id": person_ids[o.owner_index] if person_ids else None,
            }
            for o in openings
        ],
    )
    ids = repository.ids_by_external(session, Opening, [o.external_id for o in openings])
    rows = [
        {
            "opening_id": ids[o.external_id],
            "skill_id": skill_id,
            "must_have": must,
            "min_proficiency": level,
            "weight": weight,
            "status": "active",
            "source": "manual",
            "confidence": 1.0,
        }
        for o in openings
        for skill_id, must, level, weight in o.requirements
    ]
    repository.insert_rows(session, OpeningRequirement, rows)
    report.openings_created += len(openings)
    report.requirements += len(rows)
