"""Skill gap of an employee against a role or an opening, most helpful gap first.

For a role: each need's weight is its importance on [0, 1] (O*NET's 1-5 importance
rescaled; unrated essential needs 0.75, optional 0.5) and its required level the role's
level (3 when the source gives none). For an opening: the requirement's weight and
minimum proficiency. A gap is the levels to gain (a missing skill counts from 0);
priority = weight x gap, and for an opening must-haves come first. Coverage is the
weighted share of needs met, credit min(1, held / required) per need.

Effort (`levels`, `months`) counts what a move asks, as career paths count it
(`mobility.levels.levels_to_gain` over the same needs): a role's essential needs, or
every requirement of an opening; optional needs are listed but are not effort.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from sqlalchemy.orm import Session

from talentmarket.careers.employee_state import ensure_can_view, load_state
from talentmarket.careers.schemas import GapSkill, GapTarget, SkillGap, SkillRef, TransferSkill
from talentmarket.careers.transfer import closest_held
from talentmarket.errors import MalformedInput
from talentmarket.mobility.levels import (
    DEFAULT_REQUIRED_LEVEL,
    EFFORT_ASSUMPTION,
    held_unit,
    levels_to_gain,
    months_for,
    unit_importance,
    unit_level,
)
from talentmarket.openings.repository import OpeningRepository
from talentmarket.principal import Principal
from talentmarket.runtime import Runtime
from talentmarket.taxonomy.repository import RoleRepository

Requirement = Literal["essential", "optional", "must_have", "nice_to_have"]


@dataclass(frozen=True)
class Need:
    """One need, whatever it comes from."""

    skill_id: int
    uri: str
    label: str
    requirement: Requirement
    required: float
    weight: float
    first: bool  # must-haves sort before everything else
    counted: bool  # part of the effort: a role's essential need, any opening requirement


def _role_needs(session: Session, role_ref: str) -> tuple[GapTarget, list[Need]]:
    repo = RoleRepository(session)
    role = repo.by_ref(role_ref)
    needs = [
        Need(
            skill.id,
            skill.uri,
            skill.label,
            "essential" if edge.relation == "essential" else "optional",
            float(edge.level) if edge.level is not None else DEFAULT_REQUIRED_LEVEL,
            unit_importance(edge.importance, edge.relation == "essential"),
            False,
            edge.relation == "essential",
        )
        for edge, skill in repo.skills(role.id)
        if skill.kind == "skill" and skill.status == "active"
    ]
    return GapTarget(kind="role", id=role.id, title=role.title), needs


def _opening_needs(session: Session, opening_id: int) -> tuple[GapTarget, list[Need]]:
    repo = OpeningRepository(session)
    opening = repo.get(opening_id)
    needs = [
        Need(
            skill.id,
            skill.uri,
            skill.label,
            "must_have" if req.must_have else "nice_to_have",
            float(req.min_proficiency),
            float(req.weight),
            bool(req.must_have),
            True,
        )
        for req, skill in repo.requirements(opening.id)
        if req.status == "active"
    ]
    return GapTarget(kind="opening", id=opening.id, title=opening.title), needs


def skill_gap(
    session: Session,
    runtime: Runtime,
    principal: Principal,
    employee_id: int,
    role_id: str | None,
    opening_id: int | None,
) -> SkillGap:
    """Missing and under-level skills of an employee for one role or one opening."""
    if (role_id is None) == (opening_id is None):
        raise MalformedInput("give exactly one of `role` and `opening`", field="query.role")
    ensure_can_view(principal, employee_id, "skill gaps")
    state = load_state(session, employee_id)
    if role_id is not None:
        target, needs = _role_needs(session, role_id)
    else:
        assert opening_id is not None
        target, needs = _opening_needs(session, opening_id)
    short = [n for n in needs if state.held.get(n.skill_id, 0) < n.required]
    _, transfers = closest_held(
        session, runtime, [n.skill_id for n in short], state.held, state.labels
    )
    transfer_of = {n.skill_id: t for n, t in zip(short, transfers, strict=True)}
    gaps: list[GapSkill] = []
    met: list[GapSkill] = []
    total_weight = covered = 0.0
    for need in needs:
        held = state.held.get(need.skill_id)
        gap = max(0.0, need.required - (held or 0))
        credit = min(1.0, (held or 0) / need.required) if need.required > 0 else 1.0
        total_weight += need.weight
        covered += need.weight * credit
        item = _gap_item(need, held, gap, transfer_of.get(need.skill_id))
        if gap > 0:
            gaps.append(item)
        else:
            met.append(item)
    levels = effort_levels(needs, state.held)
    first = {n.skill_id for n in needs if n.first}
    gaps.sort(key=lambda g: (g.skill.id not in first, -g.priority, -g.gap, g.skill.label))
    met.sort(key=lambda g: (-g.weight, g.skill.label))
    return SkillGap(
        employee_id=employee_id,
        target=target,
        coverage=round(covered / total_weight, 3) if total_weight else 1.0,
        levels=round(levels, 1),
        months=months_for(levels),
        gaps=gaps,
        met=met,
        effort_unit=EFFORT_ASSUMPTION,
    )


def effort_levels(needs: list[Need], held: dict[int, int]) -> float:
    """Skill-levels to gain for the counted needs, the way career paths count a move."""
    counted = [n for n in needs if n.counted]
    if not counted:
        return 0.0
    have = np.array([held_unit(held[n.skill_id]) if n.skill_id in held else 0.0 for n in counted])
    required = np.array([unit_level(n.required) for n in counted])
    return float(levels_to_gain(have, required).sum())


def _gap_item(need: Need, held: int | None, gap: float, transfer: TransferSkill | None) -> GapSkill:
    """One needed skill as the answer shows it."""
    return GapSkill(
        skill=SkillRef(id=need.skill_id, uri=need.uri, label=need.label),
        status="met" if gap == 0 else ("missing" if held is None else "under_level"),
        requirement=need.requirement,
        held_proficiency=held,
        required_proficiency=need.required,
        gap=round(gap, 2),
        weight=round(need.weight, 3),
        priority=round(need.weight * gap, 3),
        closest_held=transfer,
    )
