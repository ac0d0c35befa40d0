"""Learning recommendations: skills to learn next, as array work over every active
requirement of every open opening, the employee's target roles and grow-skill wishes.

For a skill s the employee lacks (or holds below the level asked):

    demand(s) = sum over open openings o needing s of  share(o, s) x coverage_after(o, s)
              + sum over target roles r needing s of  share(r, s) x coverage_after(r, s)
              + 0.5 if s is a skill the employee wants to grow

share(o, s) is the requirement's weight x its unmet credit over the opening's total
weight (how much of the opening it closes) and coverage_after(o, s) the employee's
weighted coverage of the opening once s is learnt (how close that leaves them). Target
roles weigh needs by importance. Then

    score(s) = (need(s) x specificity(s) + 0.5 if grown) x (0.25 + 0.75 closeness(s))

where need is the demand from openings and target roles, specificity how rare the skill
is among the taxonomy's roles (`careers.specificity`: a skill every role lists, such as
active listening, counts for little however many openings ask for it), and closeness the
graph similarity to the closest held skill, so a skill next to what the employee knows
comes first, and an unrelated one keeps a quarter of its demand.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from talentmarket.careers import repository
from talentmarket.careers.employee_state import EmployeeState, ensure_can_view, load_state
from talentmarket.careers.provenance import careers_provenance
from talentmarket.careers.schemas import (
    LearningItem,
    LearningPlan,
    RoleRef,
    SkillRef,
    UnlockedOpening,
)
from talentmarket.careers.specificity import specificity
from talentmarket.careers.transfer import closest_held
from talentmarket.learning.schemas import CourseOffer
from talentmarket.learning.service import offers as course_offers
from talentmarket.mobility.levels import DEFAULT_REQUIRED_LEVEL, unit_importance
from talentmarket.principal import Principal
from talentmarket.runtime import Runtime
from talentmarket.shapes import SkillBrief

FloatArray = NDArray[np.float64]
GROW_BONUS = 0.5
CLOSENESS_FLOOR = 0.25
SHORTLIST = 200  # skills by demand whose closeness is computed
OPENINGS_SHOWN = 5
COURSES_CONSIDERED = 50
COURSES_PER_SKILL = 3
COURSES_SHOWN = 5
PRACTICE_KINDS = ("gig", "project", "mentorship")
SCORING = (
    "score = (need x specificity + 0.5 for a grow aspiration) x (0.25 + 0.75 closeness); "
    "need = sum over open openings and target roles of (share of the need it closes) x "
    "(coverage once learnt); specificity = log((1 + R) / (1 + roles listing the skill)) / "
    "log(1 + R) over the R roles of the taxonomy; closeness = taxonomy-graph similarity to "
    "the closest held skill"
)


@dataclass
class Demand:
    """What one skill would serve: its demand, and the needs (row indices) behind it."""

    value: float = 0.0  # need from openings and target roles, + GROW_BONUS when grown
    required_proficiency: float = 0.0
    opening_needs: list[int] = field(default_factory=list)
    roles: list[RoleRef] = field(default_factory=list)
    grow: bool = False

    def weighted(self, specific: float) -> float:
        """The need weighed by the skill's specificity, plus the grow bonus."""
        bonus = GROW_BONUS if self.grow else 0.0
        return (self.value - bonus) * specific + bonus


@dataclass(frozen=True)
class NeedRows:
    """Needs of many owners (openings or roles) as aligned arrays."""

    owner: NDArray[np.int64]
    skill: NDArray[np.int64]
    required: FloatArray
    weight: FloatArray
    must: NDArray[np.bool_]


Columns = tuple[list[int], list[int], list[float], list[float], list[bool]]


def _rows(cols: Columns) -> NeedRows:
    owner, skill, req, w, must = cols
    return NeedRows(
        np.asarray(owner, dtype=np.int64),
        np.asarray(skill, dtype=np.int64),
        np.asarray(req, dtype=np.float64),
        np.asarray(w, dtype=np.float64),
        np.asarray(must, dtype=np.bool_),
    )


@dataclass(frozen=True)
class Contributions:
    """Per need (k,): its demand contribution, owner coverage now and once learnt, whether
    it is short (not met), and whether learning it leaves no must-have of its owner unmet."""

    value: FloatArray
    now: FloatArray
    after: FloatArray
    short: NDArray[np.bool_]
    completes: NDArray[np.bool_]


def contributions(rows: NeedRows, held: dict[int, int]) -> Contributions:
    """Score every need of many owners against held proficiencies, as array work."""
    have = np.zeros(rows.skill.size, dtype=np.float64)
    if held and rows.skill.size:
        keys = np.array(sorted(held), dtype=np.int64)
        levels = np.array([held[k] for k in keys.tolist()], dtype=np.float64)
        at = np.minimum(np.searchsorted(keys, rows.skill), keys.size - 1)
        have = np.where(keys[at] == rows.skill, levels[at], 0.0)
    credit = np.minimum(1.0, have / np.maximum(rows.required, 1e-9))
    owners, inverse = np.unique(rows.owner, return_inverse=True)
    total = np.bincount(inverse, rows.weight, minlength=owners.size)
    covered = np.bincount(inverse, rows.weight * credit, minlength=owners.size)
    short = credit < 1.0
    unmet_must = np.bincount(inverse, (rows.must & short).astype(np.float64), owners.size)
    gain = rows.weight * (1.0 - credit) / np.maximum(total[inverse], 1e-9)
    now = covered[inverse] / np.maximum(total[inverse], 1e-9)
    after = np.minimum(now + gain, 1.0)
    completes = unmet_must[inverse] - (rows.must & short) == 0
    return Contributions(gain * after, now, after, short, completes)


@dataclass(frozen=True)
class OpeningFacts:
    """Titles and kinds of the open openings, by id."""

    title: dict[int, str]
    kind: dict[int, str]


def _open_needs(session: Session, employee_id: int) -> tuple[NeedRows, OpeningFacts]:
    """Active requirements of open openings (not owned by the employee), one query."""
    cols: Columns = ([], [], [], [], [])
    facts = OpeningFacts({}, {})
    for opening_id, skill_id, level, weight, must, title, kind in repository.open_requirements(
        session, employee_id
    ):
        cols[0].append(opening_id)
        cols[1].append(skill_id)
        cols[2].append(float(level))
        cols[3].append(float(weight))
        cols[4].append(bool(must))
        facts.title[opening_id] = title
        facts.kind[opening_id] = kind
    return _rows(cols), facts


def _role_needs(session: Session, state: EmployeeState) -> NeedRows:
    """Needs of the employee's target roles, weighted by importance."""
    role_ids = [r.id for r in state.target_roles]
    cols: Columns = ([], [], [], [], [])
    for role_id, skill_id, level, importance, relation in repository.role_needs(session, role_ids):
        essential = relation == "essential"
        cols[0].append(role_id)
        cols[1].append(skill_id)
        cols[2].append(float(level) if level is not None else DEFAULT_REQUIRED_LEVEL)
        cols[3].append(max(unit_importance(importance, essential), 0.05))
        cols[4].append(essential)
    return _rows(cols)


def _demand(
    session: Session, state: EmployeeState
) -> tuple[dict[int, Demand], NeedRows, Contributions, OpeningFacts]:
    """Demand of every skill the employee could learn, with the needs behind it."""
    out: dict[int, Demand] = defaultdict(Demand)
    needs, facts = _open_needs(session, state.employee.id)
    scored = contributions(needs, state.held)
    short = np.flatnonzero(scored.short)
    if short.size:
        skills, inverse = np.unique(needs.skill[short], return_inverse=True)
        value = np.bincount(inverse, scored.value[short], skills.size)
        level = np.zeros(skills.size)
        np.maximum.at(level, inverse, needs.required[short])
        order = np.argsort(inverse, kind="stable")
        groups = np.split(short[order], np.cumsum(np.bincount(inverse, minlength=skills.size))[:-1])
        for k, sid in enumerate(skills.tolist()):
            out[sid] = Demand(float(value[k]), float(level[k]), groups[k].tolist())
    roles = _role_needs(session, state)
    if roles.owner.size:
        role_scores = contributions(roles, state.held)
        by_id = {r.id: r for r in state.target_roles}
        for k in np.flatnonzero(role_scores.short).tolist():
            item = out[int(roles.skill[k])]
            item.value += float(role_scores.value[k])
            item.required_proficiency = max(item.required_proficiency, float(roles.required[k]))
            role = by_id[int(roles.owner[k])]
            item.roles.append(
                RoleRef(id=role.id, title=role.title, code=role.code, source=role.source)
            )
    for skill in state.grow_skills:
        if state.held.get(skill.id, 0) < 5:
            item = out[skill.id]
            item.value += GROW_BONUS
            item.grow = True
            item.required_proficiency = max(
                item.required_proficiency, min(5.0, state.held.get(skill.id, 0) + 1.0)
            )
    return out, needs, scored, facts


def _unlocked(
    item: Demand, needs: NeedRows, scored: Contributions, facts: OpeningFacts
) -> list[UnlockedOpening]:
    """The openings a skill brings closest, most helped first."""
    picked = sorted(item.opening_needs, key=lambda k: (-scored.value[k], int(needs.owner[k])))
    out = []
    for k in picked[:OPENINGS_SHOWN]:
        oid = int(needs.owner[k])
        out.append(
            UnlockedOpening(
                id=oid,
                title=facts.title[oid],
                kind=facts.kind[oid],
                coverage_now=round(float(scored.now[k]), 3),
                coverage_after=round(float(scored.after[k]), 3),
                completes_must_haves=bool(scored.completes[k]),
            )
        )
    return out


def _reasons(
    item: Demand, unlocked: list[UnlockedOpening], held_proficiency: int | None, specific: str
) -> list[str]:
    reasons = []
    if item.opening_needs:
        text = f"asked by {len(item.opening_needs)} open opening(s)"
        unlocks = sum(1 for o in unlocked if o.completes_must_haves)
        if unlocks:
            text += f"; with it you meet every must-have of {unlocks} of those shown"
        reasons.append(text)
    if item.roles:
        reasons.append("needed for your target role " + ", ".join(r.title for r in item.roles[:2]))
    if item.grow:
        reasons.append("a skill you want to grow")
    if item.opening_needs or item.roles:
        reasons.append(specific)
    if held_proficiency is not None:
        reasons.append(
            f"you hold it at level {held_proficiency}; level {item.required_proficiency:g} is asked"
        )
    return reasons


def learning(
    session: Session, runtime: Runtime, principal: Principal, employee_id: int, limit: int
) -> LearningPlan:
    """Skills to learn next, best first, each with the openings and roles it serves."""
    ensure_can_view(principal, employee_id, "learning recommendations")
    state = load_state(session, employee_id)
    demand, needs, scored, facts = _demand(session, state)
    table = specificity(session, runtime)
    weighted = {s: item.weighted(table.of(s)) for s, item in demand.items()}
    ranked = sorted(weighted, key=lambda s: (-weighted[s], s))[:SHORTLIST]
    closeness, transfers = closest_held(session, runtime, ranked, state.held, state.labels)
    values = np.array([weighted[s] for s in ranked])
    scores = values * (CLOSENESS_FLOOR + (1.0 - CLOSENESS_FLOOR) * closeness.astype(np.float64))
    names = repository.skill_names(session, ranked)
    items = []
    for i in np.lexsort((np.asarray(ranked), -scores))[:limit].tolist():
        sid = ranked[i]
        item = demand[sid]
        unlocked = _unlocked(item, needs, scored, facts)
        held_proficiency = state.held.get(sid)
        items.append(
            LearningItem(
                skill=SkillRef(
                    id=sid, uri=names.get(sid, ("", ""))[0], label=names.get(sid, ("", ""))[1]
                ),
                score=round(float(scores[i]), 4),
                demand=round(item.value, 4),
                specificity=round(table.of(sid), 3),
                closeness=round(float(closeness[i]), 3),
                held_proficiency=held_proficiency,
                required_proficiency=item.required_proficiency,
                closest_held=transfers[i],
                openings=unlocked,
                openings_count=len(item.opening_needs),
                roles=item.roles,
                grow_aspiration=item.grow,
                reasons=_reasons(item, unlocked, held_proficiency, table.reason(sid)),
            )
        )
    offers = _with_courses(session, items)
    return LearningPlan(
        employee_id=employee_id,
        items=items,
        courses=offers[:COURSES_SHOWN],
        provenance=careers_provenance(session, runtime, SCORING),
    )


def _with_courses(session: Session, items: list[LearningItem]) -> list[CourseOffer]:
    """Give each item the courses that teach it and the gigs, projects and mentorships
    that ask for it; the courses best first by the share of the plan's gap they cover per
    hour (a skill weighs its score). Returns the plan's courses in that order."""
    gap = {i.skill.id: (i.score, i.required_proficiency) for i in items if i.score > 0}
    labels = {
        i.skill.id: SkillBrief(id=i.skill.id, uri=i.skill.uri, label=i.skill.label) for i in items
    }
    offers = course_offers(session, gap, labels, limit=COURSES_CONSIDERED)
    for item in items:
        item.courses = [o for o in offers if any(s.id == item.skill.id for s in o.covers)][
            :COURSES_PER_SKILL
        ]
        item.practice = [o for o in item.openings if o.kind in PRACTICE_KINDS]
    return offers
