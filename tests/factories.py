"""Typed factory functions that put rows in the test database directly with the ORM.

Each returns the flushed object (it has an id); names, URIs and emails are unique per call.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from talentmarket.openings.models import Opening, OpeningRequirement
from talentmarket.people.models import Employee, EmployeeSkill
from talentmarket.taxonomy.models import Role, Skill

_seq = itertools.count(1)


def make_skill(
    session: Session,
    label: str | None = None,
    *,
    uri: str | None = None,
    kind: str = "skill",
    skill_type: str = "skill",
    **fields: Any,
) -> Skill:
    """A skill (or a skill group with kind='group')."""
    n = next(_seq)
    label = label or f"skill {n}"
    skill = Skill(
        uri=uri or f"urn:test:skill:{n}",
        label=label,
        kind=kind,
        skill_type=skill_type,
        search_text=label.lower(),
        **fields,
    )
    session.add(skill)
    session.flush()
    return skill


def make_role(
    session: Session,
    title: str | None = None,
    *,
    uri: str | None = None,
    code: str = "",
    kind: str = "role",
    **fields: Any,
) -> Role:
    """A role (or a role group with kind='group')."""
    n = next(_seq)
    title = title or f"role {n}"
    role = Role(
        uri=uri or f"urn:test:role:{n}",
        title=title,
        code=code,
        kind=kind,
        search_text=title.lower(),
        **fields,
    )
    session.add(role)
    session.flush()
    return role


def make_employee(
    session: Session,
    name: str | None = None,
    *,
    email: str | None = None,
    skills: Sequence[tuple[Skill, int]] = (),
    open_to_opportunities: bool = True,
    visible_to_recruiters: bool = True,
    **fields: Any,
) -> Employee:
    """An employee, by default findable (open and visible), holding skills at levels."""
    n = next(_seq)
    employee = Employee(
        name=name or f"Employee {n}",
        email=email or f"employee{n}@example.com",
        open_to_opportunities=open_to_opportunities,
        visible_to_recruiters=visible_to_recruiters,
        **fields,
    )
    session.add(employee)
    session.flush()
    for skill, level in skills:
        make_employee_skill(session, employee, skill, level)
    return employee


def make_employee_skill(
    session: Session,
    employee: Employee,
    skill: Skill,
    proficiency: int = 3,
    *,
    status: str = "accepted",
    source: str = "self",
    confidence: float = 1.0,
    **fields: Any,
) -> EmployeeSkill:
    """One skill row of an employee (status 'suggested' for an inferred skill)."""
    row = EmployeeSkill(
        employee_id=employee.id,
        skill_id=skill.id,
        proficiency=proficiency,
        status=status,
        source=source,
        confidence=confidence,
        **fields,
    )
    session.add(row)
    session.flush()
    return row


def make_opening(
    session: Session,
    title: str | None = None,
    *,
    kind: str = "gig",
    requirements: Sequence[tuple[Skill, int]] = (),
    must_have: Sequence[Skill] = (),
    **fields: Any,
) -> Opening:
    """An opening with requirements (skill, min level); skills in must_have are must-haves."""
    n = next(_seq)
    opening = Opening(title=title or f"Opening {n}", kind=kind, **fields)
    session.add(opening)
    session.flush()
    must = {s.id for s in must_have}
    for skill, level in requirements:
        make_requirement(session, opening, skill, level, must_have=skill.id in must)
    return opening


def make_requirement(
    session: Session,
    opening: Opening,
    skill: Skill,
    min_proficiency: int = 3,
    *,
    must_have: bool = False,
    weight: float = 1.0,
    status: str = "active",
    **fields: Any,
) -> OpeningRequirement:
    """One requirement of an opening (status 'suggested' for an extracted one)."""
    row = OpeningRequirement(
        opening_id=opening.id,
        skill_id=skill.id,
        min_proficiency=min_proficiency,
        must_have=must_have,
        weight=weight,
        status=status,
        **fields,
    )
    session.add(row)
    session.flush()
    return row
