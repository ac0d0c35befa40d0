"""Company roles: create from a standard occupation and tailor, edit (each change a new
version in the taxonomy change feed), retire into a successor.

A company role is a role like any other (`source` "company"), so employees, openings,
matching, career paths and analytics use it as they use imported ones; imported roles
stay read-only (409: create a company role based on one instead).
"""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from sqlalchemy.orm import Session

from talentmarket.db.versions import bump_version
from talentmarket.errors import Conflict, MalformedInput
from talentmarket.governance.changes import ChangeRepository
from talentmarket.governance.service import slugify
from talentmarket.jobarch import repository
from talentmarket.jobarch.schemas import (
    CompanyRoleBase,
    CompanyRoleIn,
    CompanyRolePatch,
    CompanyRoleRead,
    CompanyRoleSkill,
    CompanyRoleSkillIn,
    CompanyRoleTask,
    RetireResult,
    RetireRole,
)
from talentmarket.people.shared import resolve_skills
from talentmarket.principal import Principal
from talentmarket.shapes import SkillBrief
from talentmarket.taxonomy.importers.concepts import search_text
from talentmarket.taxonomy.models import Role, RoleSkill, Task
from talentmarket.taxonomy.repository import RoleRepository

SOURCE = "company"


def read(session: Session, role: Role) -> CompanyRoleRead:
    """A company role with its tasks, skills and base."""
    base = repository.base_of(session, role.id)
    return CompanyRoleRead(
        id=role.id,
        uri=role.uri,
        title=role.title,
        family=role.family,
        grade=role.grade,
        description=role.description,
        alt_titles=list(role.alt_titles or []),
        status=role.status,
        version=role.version,
        based_on=CompanyRoleBase(id=base.id, uri=base.uri, title=base.title, source=base.source)
        if base
        else None,
        replaced_by_id=role.replaced_by_id,
        tasks=[
            CompanyRoleTask(id=t.id, statement=t.statement)
            for t in repository.tasks(session, role.id)
        ],
        skills=[
            CompanyRoleSkill(
                skill=SkillBrief(id=s.id, uri=s.uri, label=s.label),
                relation=edge.relation,
                required_proficiency=edge.level,
            )
            for edge, s in repository.skills(session, role.id)
        ],
    )


def _skill_rows(
    session: Session, role_id: int, refs: list[CompanyRoleSkillIn], field: str
) -> list[RoleSkill]:
    found = resolve_skills(session, refs, field)
    return [
        RoleSkill(
            role_id=role_id,
            skill_id=s.id,
            relation=r.relation,
            level=float(r.required_proficiency),
            origin=SOURCE,
        )
        for s, r in zip(found, refs, strict=True)
    ]


def _free_uri(session: Session, title: str) -> str:
    base = f"urn:talentmarket:role:{slugify(title)}"
    uri, n = base, 1
    while repository.uri_taken(session, uri):
        n += 1
        uri = f"{base}-{n}"
    return uri


def _add_tasks(session: Session, role: Role, statements: list[str]) -> None:
    for statement in statements:
        uri = f"{role.uri}:task:{uuid4().hex[:12]}"
        session.add(Task(uri=uri, role_id=role.id, statement=statement, source=SOURCE))
    session.flush()


def create(session: Session, principal: Principal, body: CompanyRoleIn) -> CompanyRoleRead:
    """A company role, copying the base occupation's tasks and skills unless given."""
    roles = RoleRepository(session)
    base = None
    if body.based_on is not None:
        base = roles.by_ref(body.based_on)
        if base.kind != "role":
            raise MalformedInput(
                f"based_on: {base.title!r} is a group, not a role", field="based_on"
            )
    role = Role(
        uri=_free_uri(session, body.title),
        kind="role",
        title=body.title,
        alt_titles=body.alt_titles,
        description=body.description or (base.description if base else ""),
        family=body.family,
        grade=body.grade,
        source=SOURCE,
        status="active",
        code="",
        isco_code=base.isco_code if base else "",
        search_text=search_text(body.title, body.alt_titles),
    )
    session.add(role)
    session.flush()
    if base is not None:
        repository.add_base(session, role.id, base.id)
    statements = body.tasks
    if statements is None:
        statements = [t.statement for t in repository.tasks(session, base.id)] if base else []
    _add_tasks(session, role, statements)
    if body.skills is not None:
        rows = _skill_rows(session, role.id, body.skills, "skills")
    else:
        rows = [
            RoleSkill(
                role_id=role.id,
                skill_id=s.id,
                relation=edge.relation,
                importance=edge.importance,
                level=edge.level,
                origin=SOURCE,
            )
            for edge, s in (repository.skills(session, base.id) if base else [])
        ]
    repository.replace_skills(session, role.id, rows)
    details: dict[str, Any] = {"version": 1, "based_on": base.uri if base else None}
    ChangeRepository(session).record("role", role.id, role.uri, "created", principal.id, details)
    bump_version(session, "taxonomy")
    session.flush()
    return read(session, role)


def company_role(session: Session, ref: str) -> Role:
    """The active company role of a reference; imported or retired roles are a 409."""
    role = RoleRepository(session).by_ref(ref)
    if role.source != SOURCE:
        raise Conflict(
            f"role {role.title!r} is imported from {role.source} and read-only; create a "
            "company role based on it (POST /v1/roles with based_on)"
        )
    if role.status != "active":
        raise Conflict(f"role {role.title!r} is {role.status}")
    return role


def update(
    session: Session, principal: Principal, ref: str, body: CompanyRolePatch
) -> CompanyRoleRead:
    """Apply the changes given; the role's version goes up and the feed says what changed."""
    role = company_role(session, ref)
    changed: list[str] = []
    for field in ("title", "family", "grade", "description", "alt_titles"):
        value = getattr(body, field)
        if value is not None and value != getattr(role, field):
            setattr(role, field, value)
            changed.append(field)
    if "title" in changed or "alt_titles" in changed:
        role.search_text = search_text(role.title, role.alt_titles)
    if body.remove_task_ids:
        mine = {t.id for t in repository.tasks(session, role.id)}
        foreign = sorted(set(body.remove_task_ids) - mine)
        if foreign:
            raise MalformedInput(
                f"remove_task_ids: not tasks of this role: {foreign}", field="remove_task_ids"
            )
        repository.remove_tasks(session, role.id, body.remove_task_ids)
        changed.append("tasks")
    if body.add_tasks:
        _add_tasks(session, role, body.add_tasks)
        changed.append("tasks")
    if body.skills is not None:
        repository.replace_skills(
            session, role.id, _skill_rows(session, role.id, body.skills, "skills")
        )
        changed.append("skills")
    if changed:
        role.version += 1
        details = {"version": role.version, "changed": sorted(set(changed))}
        ChangeRepository(session).record(
            "role", role.id, role.uri, "updated", principal.id, details
        )
        bump_version(session, "taxonomy")
    session.flush()
    return read(session, role)


def retire(session: Session, principal: Principal, role_id: int, body: RetireRole) -> RetireResult:
    """Retire a company role: employees, openings and aspirations move to the successor."""
    role = company_role(session, str(role_id))
    successor = RoleRepository(session).get(body.successor_id)
    if successor.id == role.id or successor.kind != "role" or successor.status != "active":
        raise MalformedInput(
            "successor_id: the successor must be another active role", field="successor_id"
        )
    moved = repository.move_references(session, role.id, successor.id)
    role.status = "deprecated"
    role.replaced_by_id = successor.id
    role.version += 1
    details = {
        "version": role.version,
        "replaced_by_id": successor.id,
        "reason": body.reason,
        **moved,
    }
    ChangeRepository(session).record("role", role.id, role.uri, "deprecated", principal.id, details)
    bump_version(session, "taxonomy")
    if moved["employees"] or moved["aspirations"]:
        bump_version(session, "people")
    if moved["openings"]:
        bump_version(session, "openings")
    session.flush()
    session.expire_all()
    return RetireResult(
        role=read(session, RoleRepository(session).get(role_id)),
        successor_id=successor.id,
        moved=moved,
    )
