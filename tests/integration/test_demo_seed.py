"""Demo data: deterministic, consistent with the taxonomy, idempotent."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentmarket.demo.generator import generate_openings, generate_people
from talentmarket.demo.seed import load_role_profiles, seed_demo
from talentmarket.openings.models import Opening, OpeningRequirement
from talentmarket.people.models import Employee, EmployeeSkill
from talentmarket.taxonomy.importers import import_taxonomy
from talentmarket.taxonomy.models import RoleSkill


def test_same_seed_same_people(session: Session) -> None:
    import_taxonomy(session, "starter", None)
    roles = load_role_profiles(session)
    first = [p.profile for p in generate_people(roles, 20, seed=7)]
    again = [p.profile for p in generate_people(roles, 20, seed=7)]
    other = [p.profile for p in generate_people(roles, 20, seed=8)]
    assert first == again
    assert first != other
    kinds = {o.kind for o in generate_openings(roles, 8, seed=7, people=20)}
    assert kinds == {"job", "gig", "project", "mentorship"}


def test_seed_writes_consistent_data_once(session: Session) -> None:
    import_taxonomy(session, "starter", None)
    report = seed_demo(session, employees=50, openings=12, seed=3)
    assert report.employees_created == 50
    assert report.openings_created == 12
    again = seed_demo(session, employees=50, openings=12, seed=3)
    assert again.employees_created == 0
    assert again.employees_existing == 50
    # every held skill and requirement is a skill some role lists
    role_skills = set(session.scalars(select(RoleSkill.skill_id)))
    held = set(session.scalars(select(EmployeeSkill.skill_id)))
    required = set(session.scalars(select(OpeningRequirement.skill_id)))
    assert held <= role_skills
    assert required <= role_skills
    levels = session.execute(
        select(func.min(EmployeeSkill.proficiency), func.max(EmployeeSkill.proficiency))
    ).one()
    assert 1 <= levels[0] <= levels[1] <= 5
    musts = session.scalar(
        select(func.count()).select_from(OpeningRequirement).where(OpeningRequirement.must_have)
    )
    assert (musts or 0) >= 12
    hidden = session.scalar(
        select(func.count()).select_from(Employee).where(~Employee.visible_to_recruiters)
    )
    assert 0 < (hidden or 0) < 50
    assert session.scalar(select(func.count()).select_from(Opening)) == 12


def test_demo_openings_are_ones_the_api_would_accept(session: Session) -> None:
    import_taxonomy(session, "starter", None)
    roles = load_role_profiles(session)
    openings = list(generate_openings(roles, 300, seed=0, people=200))
    ended_early = [o.title for o in openings if o.end_date and o.end_date < o.start_date]
    assert ended_early == []
    doubled = [o.title for o in openings if re.search(r"\b(\w+) \1\b", o.title.lower())]
    assert doubled == []
