"""Helpers the people and openings services share: references and change-only writes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from talentmarket.errors import MalformedInput, NotFound
from talentmarket.people.schemas import SkillRefIn
from talentmarket.taxonomy.models import Role, Skill
from talentmarket.taxonomy.repository import RoleRepository, SkillRepository


def assign(obj: object, values: Mapping[str, Any]) -> bool:
    """Set only the attributes whose value differs; True when anything changed.

    Leaving equal values alone keeps `updated_at` still on no-op syncs.
    """
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def fields_of(body: BaseModel, *, sent_only: bool = False) -> dict[str, Any]:
    """A body's fields as parsed objects (nested models stay models)."""
    names = body.model_fields_set if sent_only else type(body).model_fields
    return {name: getattr(body, name) for name in names}


def resolve_role(session: Session, ref: int | str | None, field: str) -> Role | None:
    """The role an id (int) or URI/code (str) names; NotFound names the field."""
    if ref is None:
        return None
    repo = RoleRepository(session)
    try:
        role = repo.get(ref) if isinstance(ref, int) else repo.by_uri_or_code(ref)
    except NotFound as exc:
        raise NotFound(f"{field}: {exc.detail}", field=field) from exc
    if role.kind != "role":
        raise MalformedInput(f"{field}: {role.title!r} is a role group, not a role", field=field)
    return role


def resolve_skills(session: Session, refs: Sequence[SkillRefIn], field: str) -> list[Skill]:
    """Skills for refs, in order; unknown ones are a 404, a skill named twice a 422."""
    skills = SkillRepository(session).resolve([r.ref() for r in refs], field=field)
    seen: dict[int, int] = {}
    for i, skill in enumerate(skills):
        if skill.id in seen:
            raise MalformedInput(
                f"{field}[{i}]: skill {skill.label!r} is listed twice "
                f"(also at {field}[{seen[skill.id]}])",
                field=f"{field}.{i}",
            )
        seen[skill.id] = i
    return skills


def resolve_skill(session: Session, ref: SkillRefIn) -> Skill:
    """The one skill a body names; NotFound names skill_id or skill_uri."""
    name = "skill_id" if ref.skill_id is not None else "skill_uri"
    try:
        [skill] = SkillRepository(session).resolve([ref.ref()], field=name)
    except NotFound as exc:
        raise NotFound(f"{name}: no skill with {ref.ref().describe()}", field=name) from exc
    return skill
