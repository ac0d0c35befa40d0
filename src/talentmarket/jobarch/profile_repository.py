"""SQL of role profiles that stay current: what recent openings of a role ask, what the
imported vacancies of a role ask, and the admins' decisions on suggestions."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from talentmarket.jobarch.models import ProfileDecision
from talentmarket.openings.market import VacancyRole, VacancySkill
from talentmarket.openings.models import Opening, OpeningRequirement
from talentmarket.taxonomy.models import Role, RoleSkill, Skill


@dataclass
class Asked:
    """How many of some ads there are and how many of them ask for each skill."""

    total: int = 0
    by_skill: Counter[int] = field(default_factory=Counter)
    opening_ids: dict[int, list[int]] = field(default_factory=dict)
    levels: dict[int, list[int]] = field(default_factory=dict)
    titles: list[str] = field(default_factory=list)


def recent_openings(session: Session, role_id: int, since: datetime) -> Asked:
    """Openings of the role created since, past draft, and the skills they require."""
    mine = (
        Opening.role_id == role_id,
        Opening.created_at >= since,
        Opening.status != "draft",
    )
    asked = Asked(total=int(session.scalar(select(func.count(Opening.id)).where(*mine)) or 0))
    ids: dict[int, list[int]] = defaultdict(list)
    levels: dict[int, list[int]] = defaultdict(list)
    stmt = (
        select(OpeningRequirement.skill_id, Opening.id, OpeningRequirement.min_proficiency)
        .join(Opening, Opening.id == OpeningRequirement.opening_id)
        .where(*mine, OpeningRequirement.status == "active")
        .order_by(Opening.id)
    )
    for skill_id, opening_id, level in session.execute(stmt):
        asked.by_skill[skill_id] += 1
        ids[skill_id].append(opening_id)
        levels[skill_id].append(level)
    asked.opening_ids, asked.levels = dict(ids), dict(levels)
    return asked


def vacancies(session: Session, role_ids: Sequence[int]) -> Asked:
    """Imported vacancies whose titles went to these roles, and the skills they ask."""
    asked = Asked()
    for row in session.scalars(select(VacancyRole).where(VacancyRole.role_id.in_(role_ids))):
        asked.total += row.vacancies
        asked.titles.extend(row.titles)
    stmt = select(VacancySkill.skill_id, VacancySkill.vacancies).where(
        VacancySkill.role_id.in_(role_ids)
    )
    for skill_id, count in session.execute(stmt):
        asked.by_skill[skill_id] += count
    return asked


def profile(session: Session, role_id: int) -> dict[int, RoleSkill]:
    """A role's skill links by skill id."""
    rows = session.scalars(select(RoleSkill).where(RoleSkill.role_id == role_id))
    return {r.skill_id: r for r in rows}


def skills(session: Session, ids: Sequence[int]) -> dict[int, Skill]:
    """Skills by id."""
    if not ids:
        return {}
    return {s.id: s for s in session.scalars(select(Skill).where(Skill.id.in_(ids)))}


def decisions(session: Session, role_id: int) -> list[tuple[ProfileDecision, Skill]]:
    """A role's decided suggestions, latest first."""
    stmt = (
        select(ProfileDecision, Skill)
        .join(Skill, Skill.id == ProfileDecision.skill_id)
        .where(ProfileDecision.role_id == role_id)
        .order_by(ProfileDecision.decided_at.desc(), Skill.label)
    )
    return [(d, s) for d, s in session.execute(stmt)]


def decision(session: Session, role_id: int, skill_id: int, action: str) -> ProfileDecision | None:
    """The answer given to one suggestion, if any."""
    return session.get(ProfileDecision, (role_id, skill_id, action))


def skill_ids_by_label(session: Session) -> dict[str, int]:
    """Active skills by their preferred label, case-folded."""
    stmt = select(Skill.label, Skill.id).where(Skill.status == "active").order_by(Skill.id)
    out: dict[str, int] = {}
    for label, skill_id in session.execute(stmt):
        out.setdefault(label.casefold(), skill_id)
    return out


def role_titles(session: Session, role_ids: Sequence[int]) -> dict[int, Role]:
    """Roles by id."""
    return {r.id: r for r in session.scalars(select(Role).where(Role.id.in_(role_ids)))}


def stored_vacancies(session: Session) -> tuple[dict[int, int], dict[tuple[int, int], int]]:
    """The vacancy counts held now: per role, and per role and skill."""
    stmt_roles = select(VacancyRole.role_id, VacancyRole.vacancies)
    roles = {int(r): int(n) for r, n in session.execute(stmt_roles)}
    stmt = select(VacancySkill.role_id, VacancySkill.skill_id, VacancySkill.vacancies)
    pairs = {(r, s): n for r, s, n in session.execute(stmt)}
    return roles, pairs


def replace_vacancies(
    session: Session,
    roles: Mapping[int, int],
    titles: Mapping[int, list[str]],
    pairs: Mapping[tuple[int, int], int],
) -> None:
    """Vacancy counts replaced whole."""
    session.execute(delete(VacancySkill))
    session.execute(delete(VacancyRole))
    if roles:
        session.execute(
            insert(VacancyRole),
            [{"role_id": r, "vacancies": n, "titles": titles.get(r, [])} for r, n in roles.items()],
        )
    if pairs:
        session.execute(
            insert(VacancySkill),
            [{"role_id": r, "skill_id": s, "vacancies": n} for (r, s), n in pairs.items()],
        )
