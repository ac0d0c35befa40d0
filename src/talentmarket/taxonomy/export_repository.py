"""Reads for the taxonomy export: every skill, role and relation, in a stable order."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Row, select
from sqlalchemy.orm import Session, aliased

from talentmarket.taxonomy.models import Role, RoleRelation, RoleSkill, Skill, SkillRelation


def skills(session: Session) -> Iterator[Skill]:
    """Skills and skill groups, by URI."""
    yield from session.scalars(select(Skill).order_by(Skill.uri))


def roles(session: Session) -> Iterator[Role]:
    """Roles and role groups that are not placeholders, by URI."""
    stmt = select(Role).where(Role.status != "placeholder").order_by(Role.uri)
    yield from session.scalars(stmt)


def skill_edges(session: Session) -> Iterator[Row[str, str, str, float]]:
    """(source URI, target URI, relation, weight) of skill relations, in a stable order."""
    source, target = aliased(Skill), aliased(Skill)
    stmt = (
        select(source.uri, target.uri, SkillRelation.relation, SkillRelation.weight)
        .join(source, source.id == SkillRelation.source_id)
        .join(target, target.id == SkillRelation.target_id)
        .order_by(source.uri, target.uri, SkillRelation.relation)
    )
    yield from session.execute(stmt)


def role_edges(session: Session) -> Iterator[Row[str, str, str]]:
    """(source URI, target URI, relation) of role relations, in a stable order."""
    source, target = aliased(Role), aliased(Role)
    stmt = (
        select(source.uri, target.uri, RoleRelation.relation)
        .join(source, source.id == RoleRelation.source_id)
        .join(target, target.id == RoleRelation.target_id)
        .order_by(source.uri, target.uri, RoleRelation.relation)
    )
    yield from session.execute(stmt)


def role_skills(session: Session) -> Iterator[Row[str, str, str]]:
    """(role URI, skill URI, relation) of role-skill links, in a stable order."""
    stmt = (
        select(Role.uri, Skill.uri, RoleSkill.relation)
        .join(Role, Role.id == RoleSkill.role_id)
        .join(Skill, Skill.id == RoleSkill.skill_id)
        .order_by(Role.uri, Skill.uri)
    )
    yield from session.execute(stmt)


def skill_context(session: Session, skill_id: int, limit: int) -> tuple[str, list[Role]]:
    """The label of a skill's first broader concept, and up to `limit` active roles that
    list it (by title)."""
    broader = aliased(Skill)
    category = session.scalar(
        select(broader.label)
        .join(SkillRelation, SkillRelation.target_id == broader.id)
        .where(SkillRelation.source_id == skill_id, SkillRelation.relation == "broader")
        .order_by(broader.label)
        .limit(1)
    )
    roles = session.scalars(
        select(Role)
        .join(RoleSkill, RoleSkill.role_id == Role.id)
        .where(RoleSkill.skill_id == skill_id, Role.status == "active")
        .order_by(Role.title)
        .limit(limit)
    )
    return category or "", list(roles)
