"""Related roles: the occupations closest to one role, each with the skills behind it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from talentmarket.careers.provenance import careers_provenance
from talentmarket.careers.schemas import (
    RelatedRoleRead,
    RelatedRoles,
    RoleRef,
    SkillReasonRead,
    SkillRef,
)
from talentmarket.errors import NotFound
from talentmarket.mobility.relatedness import RelatedRole, SkillReason
from talentmarket.relatedness.service import RoleRelatednessView, get_relatedness
from talentmarket.runtime import Runtime
from talentmarket.taxonomy.repository import RoleRepository

SIGNAL_WORDS = {
    "text": "similar description and tasks",
    "titles": "similar job titles",
    "activities": "shared work activities",
    "skills": "similar skill profile",
    "embedding": "close in meaning",
    "group": "same occupation group",
}


def role_ref(view: RoleRelatednessView, row: int) -> RoleRef:
    """The role at a model row as answers name it."""
    info = view.info_of(row)
    return RoleRef(id=info.role_id, title=info.title, code=info.code, source=info.source)


def _level(unit: float | None) -> float | None:
    return None if unit is None else round(1.0 + 4.0 * unit, 1)


def _reasons(view: RoleRelatednessView, items: list[SkillReason]) -> list[SkillReasonRead]:
    return [
        SkillReasonRead(
            skill=SkillRef(id=int(r.skill_id), uri=view.skill_uri(int(r.skill_id)), label=r.label),
            origin_proficiency=_level(r.origin_proficiency),
            destination_proficiency=_level(r.destination_proficiency),
            importance=round(r.importance, 3),
        )
        for r in items
    ]


def _summary(view: RoleRelatednessView, item: RelatedRole) -> str:
    """One line: the strongest signals and the skills that carry over or are missing."""
    model = view.model
    assert model is not None
    parts = {
        name: weight * (item.signals[name] - model.scales_[name][0]) / model.scales_[name][1]
        for name, weight in model.active_.items()
        if name in item.signals
    }
    strongest = [SIGNAL_WORDS[n] for n, v in sorted(parts.items(), key=lambda kv: -kv[1]) if v > 0]
    bits = ["; ".join(strongest[:2]) or "weakly related"]
    if item.shared_skills:
        bits.append("shares " + ", ".join(r.label for r in item.shared_skills[:3]))
    if item.transferable_skills:
        bits.append("brings " + ", ".join(r.label for r in item.transferable_skills[:2]))
    if item.missing_skills:
        bits.append("would need " + ", ".join(r.label for r in item.missing_skills[:2]))
    if item.skills_to_grow:
        bits.append("deeper " + ", ".join(r.label for r in item.skills_to_grow[:2]))
    return "; ".join(bits)


def related_roles(session: Session, runtime: Runtime, role_id: int, limit: int) -> RelatedRoles:
    """The `limit` occupations most related to a role, best first, with the reasons."""
    role = RoleRepository(session).get(role_id)
    view = get_relatedness(session, runtime)
    row = view.row(role.id)
    if row is None:
        raise NotFound(
            f"role {role_id} is not an active occupation (kind {role.kind}, status "
            f"{role.status}); related roles are ranked between active occupations"
        )
    items = [
        RelatedRoleRead(
            role=role_ref(view, item.index),
            score=round(item.score, 4),
            proximity=round(item.proximity, 4),
            signals={k: round(v, 4) for k, v in item.signals.items()},
            reason=_summary(view, item),
            shared_skills=_reasons(view, item.shared_skills),
            transferable_skills=_reasons(view, item.transferable_skills),
            skills_to_grow=_reasons(view, item.skills_to_grow),
            missing_skills=_reasons(view, item.missing_skills),
        )
        for item in view.related(role.id, limit)
    ]
    return RelatedRoles(
        role=role_ref(view, row),
        items=items,
        embedding=view.info.embedding,
        provenance=careers_provenance(session, runtime, f"role relatedness {view.version}"),
    )
