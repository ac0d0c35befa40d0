"""The careers feature's own reads: open openings per role, the requirements of open
openings, the skill needs of target roles, and skill labels."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from talentmarket.openings.models import Opening, OpeningRequirement
from talentmarket.taxonomy.models import Role, RoleSkill, Skill


def open_openings_by_role(session: Session) -> dict[int, int]:
    """Role id -> number of open openings for it."""
    stmt = (
        select(Opening.role_id, func.count())
        .where(Opening.status == "open", Opening.role_id.is_not(None))
        .group_by(Opening.role_id)
    )
    return {int(r): int(n) for r, n in session.execute(stmt) if r is not None}


def open_requirements(
    session: Session, employee_id: int
) -> Iterator[Row[int, int, int, float, bool, str, str]]:
    """(opening, skill, min level, weight, must have, title, kind) of the active
    requirements of open openings the employee does not own."""
    stmt = (
        select(
            OpeningRequirement.opening_id,
            OpeningRequirement.skill_id,
            OpeningRequirement.min_proficiency,
            OpeningRequirement.weight,
            OpeningRequirement.must_have,
            Opening.title,
            Opening.kind,
        )
        .join(Opening, Opening.id == OpeningRequirement.opening_id)
        .where(
            Opening.status == "open",
            OpeningRequirement.status == "active",
            (Opening.owner_id.is_(None)) | (Opening.owner_id != employee_id),
        )
    )
    yield from session.execute(stmt)


def role_needs(
    session: Session, role_ids: Sequence[int]
) -> Iterator[Row[int, int, float | None, float | None, str]]:
    """(role, skill, level, importance, relation) of these roles' active skills."""
    if not role_ids:
        return
    stmt = (
        select(
            RoleSkill.role_id,
            RoleSkill.skill_id,
            RoleSkill.level,
            RoleSkill.importance,
            RoleSkill.relation,
        )
        .join(Skill, Skill.id == RoleSkill.skill_id)
        .where(RoleSkill.role_id.in_(role_ids), Skill.kind == "skill", Skill.status == "active")
    )
    yield from session.execute(stmt)


def skill_names(session: Session, skill_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """Skill id -> (URI, label) of these skills (a shortlist)."""
    if not skill_ids:
        return {}
    stmt = select(Skill.id, Skill.uri, Skill.label).where(Skill.id.in_(list(skill_ids)))
    return {int(sid): (uri, label) for sid, uri, label in session.execute(stmt)}


def roles_listing_skills(session: Session) -> tuple[dict[int, int], int]:
    """(skill id -> active roles listing it, active roles listing any skill)."""
    active = Role.status == "active"
    per_skill = (
        select(RoleSkill.skill_id, func.count(func.distinct(RoleSkill.role_id)))
        .join(Role, Role.id == RoleSkill.role_id)
        .where(active)
        .group_by(RoleSkill.skill_id)
    )
    total = (
        select(func.count(func.distinct(RoleSkill.role_id)))
        .join(Role, Role.id == RoleSkill.role_id)
        .where(active)
    )
    counts = {int(sid): int(n) for sid, n in session.execute(per_skill)}
    return counts, int(session.scalar(total) or 0)
