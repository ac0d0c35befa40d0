"""Rules of the people feature: create, update, sync and read employees and their skills.

Services flush, never commit; every write bumps the "people" data version so ranking
caches rebuild.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from sqlalchemy.orm import Session

from talentmarket.db.base import utcnow
from talentmarket.db.versions import note_change
from talentmarket.embeddings.service import ensure_entity_vectors
from talentmarket.errors import Conflict, NotFound
from talentmarket.events import service as events
from talentmarket.paging import Page, PageRequest
from talentmarket.people import skills_service
from talentmarket.people.document import employee_sources
from talentmarket.people.models import Employee, EmployeeAspiration
from talentmarket.people.repository import EmployeeFilters, PeopleRepository
from talentmarket.people.schemas import (
    AspirationsIn,
    AspirationsRead,
    EmployeeCreate,
    EmployeeRead,
    EmployeeSkillIn,
    EmployeeSummary,
    EmployeeUpdate,
    EmployeeUpsert,
    EmployeeUpsertResult,
    RoleBrief,
    UpsertOutcome,
)
from talentmarket.people.shared import assign, fields_of, resolve_role, resolve_skills
from talentmarket.principal import Principal
from talentmarket.requestctx import note_read
from talentmarket.shapes import SkillBrief
from talentmarket.taxonomy.models import Role, Skill
from talentmarket.textintel.encoders import Encoder

SCALAR_FIELDS = (
    "name",
    "email",
    "profile",
    "job_title",
    "department",
    "location",
    "availability_pct",
    "available_from",
    "open_to_remote",
    "open_to_relocation",
    "preferred_kinds",
    "preferred_locations",
    "open_to_opportunities",
    "visible_to_recruiters",
    "share_skills",
    "status",
    "external_id",
)


# --- reads ---------------------------------------------------------------------------------


def employee_read(session: Session, employee: Employee) -> EmployeeRead:
    """An employee with skills, aspirations and current role."""
    repo = PeopleRepository(session)
    roles, grow = repo.aspiration_targets(employee.id)
    role = repo.current_role(employee)
    summary = EmployeeSummary.model_validate(employee).model_dump()
    return EmployeeRead(
        **summary,
        profile=employee.profile,
        current_role=RoleBrief.model_validate(role) if role else None,
        manager_id=employee.manager_id,
        available_from=employee.available_from,
        open_to_remote=employee.open_to_remote,
        open_to_relocation=employee.open_to_relocation,
        preferred_kinds=list(employee.preferred_kinds),
        preferred_locations=list(employee.preferred_locations),
        skills=[skills_service.skill_read(row, skill) for row, skill in repo.skills(employee.id)],
        aspirations=AspirationsRead(
            target_roles=[RoleBrief.model_validate(r) for r in roles],
            grow_skills=[SkillBrief.model_validate(s) for s in grow],
        ),
    )


CONSENT_BOUND: frozenset[str] = frozenset({"recruiter", "integration"})
"""Roles that reach a person by internal id only if they consented to be found: a
recruiter, and an HRIS or ATS, which keeps people by its own external id instead."""


def _readable(session: Session, principal: Principal, employee_id: int) -> Employee:
    # Recruiters and integrations see only people who consented; the person sees themself.
    repo = PeopleRepository(session)
    if principal.role not in CONSENT_BOUND or principal.employee_id == employee_id:
        return repo.get(employee_id)
    employee = repo.first(repo.visible_candidates(only_ids=[employee_id]))
    if employee is None:
        raise NotFound(f"employee {employee_id} does not exist")
    return employee


def require_reachable(session: Session, principal: Principal, employee_id: int) -> None:
    """Refuse (404, as if absent) a route about a person the caller may not reach."""
    _readable(session, principal, employee_id)


def get_employee(session: Session, principal: Principal, employee_id: int) -> EmployeeRead:
    """One employee, as the caller may see it."""
    read = employee_read(session, _readable(session, principal, employee_id))
    note_read([employee_id])
    return read


def get_employee_by_external_id(
    session: Session, principal: Principal, external_id: str
) -> EmployeeRead:
    """One employee by HRIS id, as the caller may see it."""
    employee = PeopleRepository(session).by_external_id(external_id)
    if employee is None:
        raise NotFound(f"no employee has external id {external_id}")
    return get_employee(session, principal, employee.id)


def list_employees(
    session: Session, principal: Principal, filters: EmployeeFilters, page: PageRequest
) -> Page[EmployeeSummary]:
    """A page of employees; recruiters get only those who consented to be found."""
    repo = PeopleRepository(session)
    if principal.role in CONSENT_BOUND:
        stmt = repo.filter(repo.visible_candidates(), filters)
    else:
        stmt = repo.query(filters)
    items, total, more = repo.page(stmt, page)
    note_read([e.id for e in items], action="list", result_count=total)
    return page.keyed(
        [EmployeeSummary.model_validate(e) for e in items], total, more, key=attrgetter("id")
    )


# --- writes --------------------------------------------------------------------------------


@dataclass
class _Changes:
    """A request's changes, resolved and checked before anything is written."""

    values: dict[str, Any] = field(default_factory=dict)
    skills: list[tuple[EmployeeSkillIn, Skill]] | None = None
    roles: list[Role] | None = None
    grow: list[Skill] | None = None


def _resolve(session: Session, employee: Employee | None, data: Mapping[str, Any]) -> _Changes:
    repo = PeopleRepository(session)
    changes = _Changes(values={k: data[k] for k in SCALAR_FIELDS if k in data})
    email = changes.values.get("email")
    if email is not None and (employee is None or email != employee.email):
        other = repo.by_email(email)
        if other is not None:
            raise Conflict(f"email {email} is already used by employee {other.id}", field="email")
    external_id = changes.values.get("external_id")
    if external_id is not None and (employee is None or external_id != employee.external_id):
        other = repo.by_external_id(external_id)
        if other is not None:
            raise Conflict(
                f"external id {external_id} is already used by employee {other.id}",
                field="external_id",
            )
    if data.get("current_role_uri") is not None:
        role = resolve_role(session, data["current_role_uri"], "current_role_uri")
        changes.values["current_role_id"] = role.id if role else None
    elif "current_role_id" in data:
        role = resolve_role(session, data["current_role_id"], "current_role_id")
        changes.values["current_role_id"] = role.id if role else None
    if "manager_id" in data:
        changes.values["manager_id"] = _check_manager(repo, employee, data["manager_id"])
    aspirations: AspirationsIn | None = data.get("aspirations")
    if aspirations is not None:
        changes.roles = [
            r
            for i, ref in enumerate(aspirations.target_roles)
            if (r := resolve_role(session, ref, f"aspirations.target_roles[{i}]")) is not None
        ]
        changes.grow = resolve_skills(session, aspirations.grow_skills, "aspirations.grow_skills")
    if data.get("skills") is not None:
        items: list[EmployeeSkillIn] = data["skills"]
        changes.skills = list(zip(items, resolve_skills(session, items, "skills"), strict=True))
    return changes


def _check_manager(
    repo: PeopleRepository, employee: Employee | None, manager_id: int | None
) -> int | None:
    if manager_id is None:
        return None
    if repo.find(manager_id) is None:
        raise NotFound(f"manager_id: employee {manager_id} does not exist", field="manager_id")
    if employee is not None and employee.id in repo.manager_chain(manager_id):
        raise Conflict(
            f"manager_id: employee {manager_id} reports to employee {employee.id} already",
            field="manager_id",
        )
    return manager_id


def _write(session: Session, employee: Employee, changes: _Changes, encoder: Encoder) -> bool:
    """Apply changes; on any, bump the people version and refresh the stored vector (its
    text may have changed) in this transaction, so rankings never have to."""
    created = employee.id is None
    changed = assign(employee, changes.values)
    if created:
        PeopleRepository(session).add(employee)
    skills = changes.skills is not None and skills_service.sync_skills(
        session, employee.id, changes.skills
    )
    aspirations = (
        changes.roles is not None
        and changes.grow is not None
        and _sync_aspirations(session, employee.id, changes.roles, changes.grow)
    )
    if (skills or aspirations) and not changed:
        employee.updated_at = utcnow()
    if changed or skills or aspirations:
        PeopleRepository(session).flush()
        note_read([employee.id], action="write")  # audited with the request
        version = note_change(session, "people", [employee.id])
        ensure_entity_vectors(session, encoder, "employee", [employee.id], reader=employee_sources)
        kinds = ["employee.created"] if created else []
        kinds += ["employee.updated"] if not created and (changed or aspirations) else []
        kinds += ["employee.skills_changed"] if skills and not created else []
        for kind in kinds:
            _event(session, kind, employee, version)
    return changed or skills or aspirations


def _event(session: Session, kind: str, employee: Employee, version: int) -> None:
    """An event about the employee, in this transaction (ids and states only)."""
    states = {"external_id": employee.external_id, "status": employee.status}
    events.record_changed(
        session, kind, ("employee", employee.id), version, states, employee_id=employee.id
    )


def _sync_aspirations(
    session: Session, employee_id: int, roles: Sequence[Role], skills: Sequence[Skill]
) -> bool:
    wanted = {("role", r.id) for r in roles} | {("skill", s.id) for s in skills}
    repo = PeopleRepository(session)
    changed = False
    for row in repo.aspirations(employee_id):
        key = ("role", row.role_id) if row.role_id is not None else ("skill", row.skill_id)
        if key in wanted:
            wanted.discard(key)
        else:
            repo.remove(row)
            changed = True
    for role in dict.fromkeys(roles):
        if ("role", role.id) in wanted:
            repo.stage(EmployeeAspiration(employee_id=employee_id, role_id=role.id))
            changed = True
    for skill in dict.fromkeys(skills):
        if ("skill", skill.id) in wanted:
            repo.stage(EmployeeAspiration(employee_id=employee_id, skill_id=skill.id))
            changed = True
    return changed


def _create(session: Session, data: Mapping[str, Any], encoder: Encoder) -> Employee:
    employee = Employee()
    _write(session, employee, _resolve(session, None, data), encoder)
    return employee


def create_employee(session: Session, body: EmployeeCreate, encoder: Encoder) -> EmployeeRead:
    """Create an employee with skills and aspirations; emails and external ids are unique."""
    return employee_read(session, _create(session, fields_of(body), encoder))


def update_employee(
    session: Session, employee_id: int, body: EmployeeUpdate, encoder: Encoder
) -> EmployeeRead:
    """Change the fields given; aspirations, when given, replace the stored set."""
    employee = PeopleRepository(session).get(employee_id)
    data = fields_of(body, sent_only=True)
    _write(session, employee, _resolve(session, employee, data), encoder)
    return employee_read(session, employee)


def delete_employee(session: Session, employee_id: int) -> None:
    """Delete an employee with their skills, aspirations and interests; decisions about
    them stay without them (migration 0005)."""
    repo = PeopleRepository(session)
    employee = repo.get(employee_id)
    external_id = employee.external_id
    repo.delete(employee)
    version = note_change(session, "people", [employee_id])
    # the notice other systems act on to drop their copy: it keeps the ids
    states = {"external_id": external_id, "status": "erased"}
    events.record_changed(session, "employee.erased", ("employee", employee_id), version, states)


def delete_employee_by_external_id(session: Session, external_id: str) -> None:
    """Delete the employee with this HRIS id (the system of record removes a leaver,
    hidden or not, by the id it keeps)."""
    employee = PeopleRepository(session).by_external_id(external_id)
    if employee is None:
        raise NotFound(f"no employee has external id {external_id}")
    note_read([employee.id], action="write")
    delete_employee(session, employee.id)


def upsert_employee(
    session: Session,
    principal: Principal,
    external_id: str,
    body: EmployeeUpsert,
    encoder: Encoder,
) -> EmployeeUpsertResult:
    """Create or update the employee with this HRIS id; the same body twice changes nothing.

    Fields left out keep their stored values (an HRIS sync never resets the employee's own
    consent choices); skills and aspirations, when given, replace the stored sets. An
    employee with the same email and no external id yet is linked, not duplicated.
    """
    repo = PeopleRepository(session)
    employee = repo.by_external_id(external_id)
    if employee is None:
        employee = repo.by_email(body.email)
        if employee is None:
            created = _create(session, {**fields_of(body), "external_id": external_id}, encoder)
            return _upserted(session, principal, "created", created)
        if employee.external_id is not None:
            raise Conflict(
                f"email {body.email} belongs to employee {employee.id} with external id "
                f"{employee.external_id}",
                field="email",
            )
    data = {**fields_of(body, sent_only=True), "external_id": external_id}
    changed = _write(session, employee, _resolve(session, employee, data), encoder)
    return _upserted(session, principal, "updated" if changed else "unchanged", employee)


def _upserted(
    session: Session, principal: Principal, result: UpsertOutcome, employee: Employee
) -> EmployeeUpsertResult:
    """The upsert's answer: the stored record only if the caller may read it (a hidden
    person's own skills and aspirations never go back to the HRIS)."""
    try:
        _readable(session, principal, employee.id)
    except NotFound:
        return EmployeeUpsertResult(result=result, id=employee.id, employee=None)
    return EmployeeUpsertResult(
        result=result, id=employee.id, employee=employee_read(session, employee)
    )
