"""Staffing plans: the rankings' candidates for many openings, one optimisation over
them, and each proposed line explained; accepting a plan records decisions.

Time: an opening takes its `hours_per_week`, else a default per kind (gig 8, project 16,
mentorship 2 hours); a person gives `availability_pct` of a 40-hour week. Candidates are
the opening's best `candidates_per_opening` among visible people open to opportunities
who meet every must-have (the candidates ranking without partial matches, so each of
those rankings is audited as any other).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy.orm import Session

from talentmarket.approvals.config import ApprovalSettings
from talentmarket.errors import Conflict, MalformedInput
from talentmarket.marketplace import feedback
from talentmarket.marketplace.schemas import DecisionCreate
from talentmarket.openings.models import Opening
from talentmarket.paging import PageRequest
from talentmarket.principal import Principal
from talentmarket.ranking.ranker import Ranker
from talentmarket.ranking.schemas import CandidateMatch
from talentmarket.staffing import planner, repository, schemas

WEEK_HOURS = 40.0
HOURS_BY_KIND = {"gig": 8.0, "project": 16.0, "mentorship": 2.0}


def opening_hours(opening: Opening) -> float:
    """Weekly hours an assignment to the opening takes."""
    if opening.hours_per_week:
        return float(opening.hours_per_week)
    return HOURS_BY_KIND.get(opening.kind, WEEK_HOURS)


@dataclass
class Candidates:
    """Every candidate pair of the planned openings, with the match behind it."""

    openings: list[Opening]
    pair_opening: list[int]
    pair_person: list[int]  # employee ids until `problem` indexes them
    matches: list[CandidateMatch]


def _openings(session: Session, body: schemas.PlanRequest) -> list[Opening]:
    if body.opening_ids is not None:
        wrong = repository.missing_or_closed(session, body.opening_ids)
        if wrong:
            raise MalformedInput(
                f"opening_ids: {wrong[:10]} are not open openings", field="opening_ids"
            )
    openings = repository.openings_to_plan(session, body.opening_ids, body.kinds)
    if body.opening_ids is not None and len(openings) < len(set(body.opening_ids)):
        kinds = ", ".join(body.kinds)
        raise MalformedInput(
            f"opening_ids: some are not of the kinds planned ({kinds}); jobs are not planned",
            field="opening_ids",
        )
    return openings


def candidate_pairs(ranker: Ranker, openings: list[Opening], limit: int) -> Candidates:
    out = Candidates(openings, [], [], [])
    for index, opening in enumerate(openings):
        page = ranker.candidates(opening.id, PageRequest(limit=limit), include_partial=False)
        for item in page.items:
            if item.score is None:
                raise Conflict(
                    "candidate scores are hidden from this caller (human oversight "
                    "settings); an admin can plan"
                )
            out.pair_opening.append(index)
            out.pair_person.append(item.employee.id)
            out.matches.append(item)
    return out


def build_problem(
    session: Session, found: Candidates, body: schemas.PlanRequest
) -> tuple[planner.Problem, list[int], list[set[int]]]:
    """The optimisation problem, the employee id of each person index, and per pair the
    wanted skills the work asks for."""
    people = sorted(set(found.pair_person))
    index = {eid: i for i, eid in enumerate(people)}
    facts = repository.time_and_department(session, people)
    wanted = repository.wanted_skills(session, people)
    asked = repository.required_skills(session, [o.id for o in found.openings])
    grows = [
        wanted.get(eid, set()) & asked.get(found.openings[o].id, set())
        for o, eid in zip(found.pair_opening, found.pair_person, strict=True)
    ]
    problem = planner.Problem(
        capacity=np.array([o.capacity for o in found.openings], dtype=np.int64),
        hours=np.array([opening_hours(o) for o in found.openings], dtype=np.float64),
        available=np.array(
            [facts.get(e, (0, ""))[0] / 100 * WEEK_HOURS for e in people], dtype=np.float64
        ),
        department=[facts.get(e, (0, ""))[1] for e in people],
        pair_opening=np.array(found.pair_opening, dtype=np.int64),
        pair_person=np.array([index[e] for e in found.pair_person], dtype=np.int64),
        score=np.array([m.score or 0.0 for m in found.matches], dtype=np.float64),
        grows=np.array([bool(g) for g in grows], dtype=bool),
        max_per_department=body.max_per_department,
        min_growth_share=body.min_growth_share,
    )
    return problem, people, grows


def _rules(body: schemas.PlanRequest) -> list[str]:
    rules = [
        "each opening takes at most its capacity",
        "a person's assigned hours stay within their availability (% of a 40-hour week)",
        "only people visible and open to opportunities who meet every must-have",
    ]
    if body.max_per_department is not None:
        rules.append(f"at most {body.max_per_department} people of one department per opening")
    if body.min_growth_share is not None:
        rules.append(
            f"at least {body.min_growth_share:.0%} of assignments grow a skill the person "
            "wants to grow"
        )
    return rules


def plan(session: Session, ranker: Ranker, body: schemas.PlanRequest) -> schemas.StaffingPlan:
    """The best plan the solver finds, each line explained, beside the greedy plan."""
    openings = _openings(session, body)
    found = candidate_pairs(ranker, openings, body.candidates_per_opening)
    problem, people, grows = build_problem(session, found, body)
    best = planner.solve(problem, time_limit=body.time_limit_s)
    greedy = planner.greedy(problem)
    if best.status in ("infeasible", "no plan found in time"):
        raise Conflict(f"no plan keeps every rule: {best.status}")
    chosen = sorted(best.chosen.tolist(), key=lambda p: (found.pair_opening[p], -problem.score[p]))
    lines = [_line(found, problem, people, grows, p) for p in chosen]
    staffed = {found.pair_opening[p] for p in chosen}
    totals = schemas.PlanTotals(
        score=round(best.total, 4),
        greedy_score=round(greedy.total, 4),
        assignments=len(chosen),
        greedy_assignments=int(greedy.chosen.size),
        violations=planner.violations(problem, best.chosen),
        greedy_violations=planner.violations(problem, greedy.chosen),
        status=best.status,
        gap=None if best.gap is None else round(best.gap, 6),
        seconds=round(best.seconds, 3),
    )
    unstaffed = [o.id for i, o in enumerate(openings) if i not in staffed]
    return schemas.StaffingPlan(lines=lines, unstaffed=unstaffed, totals=totals, rules=_rules(body))


def _line(
    found: Candidates, problem: planner.Problem, people: list[int], grows: list[set[int]], p: int
) -> schemas.PlanLine:
    match = found.matches[p]
    opening = found.openings[found.pair_opening[p]]
    hours = float(problem.hours[found.pair_opening[p]])
    available = float(problem.available[problem.pair_person[p]])
    reasons = [
        f"candidate {match.rank} for this opening, score {match.score:.2f}",
        f"takes {hours:g} of the {available:g} hours a week they can give",
    ]
    if grows[p]:
        names = {s.skill.id: s.skill.label for s in match.explanation.partial}
        names |= {s.skill.id: s.skill.label for s in match.explanation.matched}
        labels = sorted(names.get(s, f"skill {s}") for s in grows[p])
        reasons.append("grows what they want to grow: " + ", ".join(labels[:3]))
    return schemas.PlanLine(
        opening_id=opening.id,
        opening_title=opening.title,
        employee=match.employee,
        score=round(float(problem.score[p]), 4),
        hours_per_week=hours,
        explanation=match.explanation,
        reasons=reasons,
    )


def accept(
    session: Session,
    ranker: Ranker,
    principal: Principal,
    body: schemas.PlanAcceptance,
    settings: ApprovalSettings,
) -> schemas.AcceptanceResult:
    """Record the decision for every kept line, in one transaction (all or none)."""
    pairs = [(line.opening_id, line.employee_id) for line in body.lines]
    if len(set(pairs)) < len(pairs):
        raise MalformedInput("lines: the same person twice for one opening", field="lines")
    ids = []
    for opening_id, employee_id in pairs:
        score = ranker.decision_score(employee_id, opening_id)
        decision = DecisionCreate(
            employee_id=employee_id, decision=body.decision, reason=body.reason
        )
        ids.append(
            feedback.record_decision(session, principal, opening_id, decision, score, settings).id
        )
    return schemas.AcceptanceResult(decisions=ids)
