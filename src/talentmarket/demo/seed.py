"""Write generated demo people and openings into the database, in bulk and idempotently."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from talentmarket.db.chunked import where_in
from talentmarket.db.versions import bump_version
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
from talentmarket.taxonomy.models import Role, RoleSkill, Skill, Task

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
        has_starter = session.scalar(
            select(func.count()).select_from(Role).where(Role.source == "starter")
        )
        source = "starter" if has_starter else None
    stmt = select(Role.id, Role.uri, Role.title, Role.parent_id, Role.description).where(
        Role.kind == "role", Role.status == "active"
    )
    if source:
        stmt = stmt.where(Role.source == source)
    roles = session.execute(stmt.order_by(Role.uri)).all()
    parents = dict(
        session.execute(select(Role.id, Role.parent_id).where(Role.kind == "group")).all()
    )
    titles = dict(session.execute(select(Role.id, Role.title).where(Role.kind == "group")).all())
    skills: dict[int, list[tuple[int, str, bool, float]]] = {}
    edges = session.execute(
        select(RoleSkill.role_id, Skill.id, Skill.label, RoleSkill.relation, RoleSkill.level)
        .join(Skill, Skill.id == RoleSkill.skill_id)
        .where(Skill.status == "active", Skill.kind == "skill")
        .order_by(RoleSkill.role_id, Skill.uri)
    )
    for role_id, skill_id, label, relation, level in edges:
        essential = relation == "essential"
        skills.setdefault(role_id, []).append(
            (skill_id, label, essential, float(level) if level else (3.0 if essential else 2.0))
        )
    tasks: dict[int, list[str]] = {}
    for role_id, statement in session.execute(
        select(Task.role_id, Task.statement).order_by(Task.role_id, Task.id)
    ):
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


def _existing(session: Session, model: type[Employee] | type[Opening], prefix: str) -> set[str]:
    rows = session.scalars(select(model.external_id).where(model.external_id.like(prefix + "%")))
    return {r for r in rows if r}


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
    have = _existing(session, Employee, f"{prefix}-{seed}-e")
    done = 0
    for batch in _chunked(generate_people(roles, employees, seed, prefix=prefix)):
        fresh = [p for p in batch if p.external_id not in have]
        report.employees_existing += len(batch) - len(fresh)
        _write_people(session, fresh, report)
        done += len(batch)
        progress("employees", done, employees)
    person_ids = [
        i
        for (i,) in session.execute(
            select(Employee.id)
            .where(Employee.external_id.like(f"{prefix}-{seed}-e%"))
            .order_by(Employee.id)
        )
    ]
    have = _existing(session, Opening, f"{prefix}-{seed}-o")
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
    session.flush()
    return report


def _ids_by_external(
    session: Session, model: type[Employee] | type[Opening], external_ids: Sequence[str]
) -> dict[str, int]:
    out: dict[str, int] = {}
    query = select(model.external_id, model.id)
    for q in where_in(query, model.external_id, external_ids):
        for external_id, ident in session.execute(q):
            out[str(external_id)] = ident
    return out


def _write_people(session: Session, people: list[PersonDraft], report: SeedReport) -> None:
    if not people:
        return
    session.execute(
        insert(Employee),
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
    ids = _ids_by_external(session, Employee, [p.external_id for p in people])
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
    for chunk in _chunked(skills, 10_000):
        session.execute(insert(EmployeeSkill), chunk)
    aspirations = [
        {"employee_id": ids[p.external_id], "role_id": r, "skill_id": None}
        for p in people
        for r in p.target_role_ids
    ] + [
        {"employee_id": ids[p.external_id], "role_id": None, "skill_id": s}
        for p in people
        for s in p.grow_skill_ids
    ]
    for chunk in _chunked(aspirations, 10_000):
        session.execute(insert(EmployeeAspiration), chunk)
    report.employees_created += len(people)
    report.employee_skills += len(skills)


def _write_openings(
    session: Session, openings: list[OpeningDraft], person_ids: list[int], report: SeedReport
) -> None:
    if not openings:
        return
    session.execute(
        insert(Opening),
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
    ids = _ids_by_external(session, Opening, [o.external_id for o in openings])
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
    for chunk in _chunked(rows, 10_000):
        session.execute(insert(OpeningRequirement), chunk)
    report.openings_created += len(openings)
    report.requirements += len(rows)
