"""Eval fixtures in the database: one employee and one open opening per O*NET occupation.

Employee: profile = description and task statements; current role = the occupation;
skills = its rated skills of importance >= 3 at their level, plus its technology skills at
level 3. Opening: the occupation's title and text, requirements from the same skills (the
five most important are must-haves), owned by that occupation's employee so ranking never
shows a person their own occupation's opening. Created once, reused after.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from talentmarket.db.versions import bump_version
from talentmarket.errors import InvalidRequest
from talentmarket.evaluation import repository

PREFIX = "eval-onet"
MUST_HAVES = 5
MIN_IMPORTANCE = 3.0


def _level(value: float | None, default: int = 3) -> int:
    return max(1, min(5, round(value))) if value else default


def ensure_fixtures(session: Session) -> dict[str, tuple[int, int]]:
    """code -> (employee id, opening id) for every O*NET occupation, created if missing."""
    roles = repository.onet_roles(session)
    if not roles:
        raise InvalidRequest("no O*NET roles are loaded: run `taxonomy import onet` first")
    existing = repository.count_employees_like(session, f"{PREFIX}-e-%")
    if existing != len(roles):
        _create(session, roles)
    people = repository.employee_ids_like(session, f"{PREFIX}-e-%")
    openings = repository.opening_ids_like(session, f"{PREFIX}-o-%")
    return {
        code: (people[f"{PREFIX}-e-{code}"], openings[f"{PREFIX}-o-{code}"])
        for _id, code, _t, _d in roles
        if f"{PREFIX}-e-{code}" in people and f"{PREFIX}-o-{code}" in openings
    }


Need = tuple[int, float, float | None, str]  # skill id, importance, level, "tool" or "rated"


def _create(session: Session, roles: Sequence[Any]) -> None:
    tasks, needs = _role_texts_and_needs(session, [r[0] for r in roles])
    have = set(repository.employee_ids_like(session, f"{PREFIX}-%"))
    for role_id, code, title, description in roles:
        ext = f"{PREFIX}-e-{code}"
        if ext in have:
            continue
        text = " ".join([description or "", *tasks.get(role_id, [])]).strip()
        employee_id = repository.add_employee(
            session,
            external_id=ext,
            name=f"{title} (O*NET {code})",
            email=f"{code}@{PREFIX}.example.com",
            profile=text,
            current_role_id=role_id,
            job_title=title,
            open_to_opportunities=True,
            visible_to_recruiters=True,
        )
        skills = needs.get(role_id, [])
        _add_employee_skills(session, employee_id, skills)
        _add_opening(session, employee_id, role_id, code, title, text, skills)
    bump_version(session, "people")
    bump_version(session, "openings")


def _role_texts_and_needs(
    session: Session, role_ids: list[int]
) -> tuple[dict[int, list[str]], dict[int, list[Need]]]:
    """Each role's task statements and the skill needs a stand-in holder gets."""
    tasks: dict[int, list[str]] = defaultdict(list)
    for role_id, statement in repository.task_statements(session, role_ids):
        tasks[role_id].append(statement)
    needs: dict[int, list[Need]] = defaultdict(list)
    for role_id, skill_id, importance, level, skill_type in repository.role_skill_rows(
        session, role_ids
    ):
        if skill_type == "tool":
            needs[role_id].append((skill_id, 0.0, 3.0, "tool"))
        elif importance is not None and importance >= MIN_IMPORTANCE:
            needs[role_id].append((skill_id, importance, level, "rated"))
    return tasks, needs


def _add_employee_skills(session: Session, employee_id: int, skills: list[Need]) -> None:
    """The stand-in holder's skills, at the role's levels."""
    repository.add_employee_skills(
        session,
        [
            {
                "employee_id": employee_id,
                "skill_id": s,
                "proficiency": _level(level),
                "source": "imported",
                "status": "accepted",
            }
            for s, _imp, level, _kind in skills
        ],
    )


def _add_opening(
    session: Session,
    owner_id: int,
    role_id: int,
    code: str,
    title: str,
    text: str,
    skills: list[Need],
) -> None:
    """An open job for the role asking its needs (the most important as must-haves)."""
    opening_id = repository.add_opening(
        session,
        external_id=f"{PREFIX}-o-{code}",
        kind="job",
        title=title,
        role_id=role_id,
        description=text,
        status="open",
        owner_id=owner_id,
    )
    rated = sorted((s for s in skills if s[3] == "rated"), key=lambda s: -s[1])
    musts = {s[0] for s in rated[:MUST_HAVES]}
    if skills:
        repository.add_requirements(
            session,
            [
                {
                    "opening_id": opening_id,
                    "skill_id": s,
                    "must_have": s in musts,
                    "min_proficiency": _level(level),
                    "weight": round(imp / 5.0, 3) if kind == "rated" else 0.4,
                    "status": "active",
                }
                for s, imp, level, kind in skills
            ],
        )
