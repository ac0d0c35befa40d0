"""`talentmarket bench staffing`: the staffing planner against best pair first, at scale.

Samples open gigs, projects and mentorships from the database (the `bench matching` data
for 100,000 people), ranks each one's best candidates with the live pipeline (people
visible, open to opportunities and meeting every must-have), then staffs them all at once
with the planner (HiGHS, `staffing/planner.py`) and with greedy (best pair first, the same
capacity, time and department limits). Nothing is written.
"""

from __future__ import annotations

import json
import random
import sys
import time
from dataclasses import dataclass
from typing import Any

from talentmarket.config import Settings
from talentmarket.ranking.ranker import Ranker
from talentmarket.runtime import Runtime
from talentmarket.staffing import planner, repository, schemas, service


@dataclass(frozen=True)
class StaffingParams:
    """How big a plan, and its limits."""

    openings: int = 500
    candidates: int = 30
    max_per_department: int | None = None
    min_growth_share: float | None = None
    time_limit: float = 60.0
    seed: int = 1


def run(settings: Settings, p: StaffingParams, log: Any) -> dict[str, Any]:
    """Rank, plan both ways, check both plans; returns the figures."""
    runtime = Runtime(settings)
    try:
        with runtime.sessionmaker() as session:
            pool = repository.openings_to_plan(session, None, ("gig", "project", "mentorship"))
            if not pool:
                raise RuntimeError("no open gigs, projects or mentorships: run `bench matching`")
            chosen = random.Random(p.seed).sample(pool, min(p.openings, len(pool)))
            chosen.sort(key=lambda o: o.id)
            started = time.perf_counter()
            found = service.candidate_pairs(Ranker(session, runtime), chosen, p.candidates)
            ranked_s = time.perf_counter() - started
            log(
                f"{len(found.matches)} candidate pairs for {len(chosen)} openings, {ranked_s:.1f} s"
            )
            limits = schemas.PlanRequest(
                max_per_department=p.max_per_department, min_growth_share=p.min_growth_share
            )
            problem, people, _ = service.build_problem(session, found, limits)
            session.rollback()
    finally:
        runtime.close()
    best = planner.solve(problem, time_limit=p.time_limit)
    greedy = planner.greedy(problem)
    return {
        "openings": len(chosen),
        "seats": int(problem.capacity.sum()),
        "candidate_pairs": int(problem.score.size),
        "people": len(people),
        "growing_pairs_share": round(float(problem.grows.mean()) if problem.grows.size else 0.0, 4),
        "planner_growing_share": _share(problem.grows, best.chosen),
        "greedy_growing_share": _share(problem.grows, greedy.chosen),
        "planner_total": round(best.total, 4),
        "greedy_total": round(greedy.total, 4),
        "planner_assignments": int(best.chosen.size),
        "greedy_assignments": int(greedy.chosen.size),
        "planner_violations": planner.violations(problem, best.chosen),
        "greedy_violations": planner.violations(problem, greedy.chosen),
        "gain_pct": round(100 * (best.total - greedy.total) / max(greedy.total, 1e-9), 2),
        "seconds": round(best.seconds, 2),
        "greedy_seconds": round(greedy.seconds, 3),
        "ranking_seconds": round(ranked_s, 1),
        "status": best.status,
        "gap": best.gap,
        "limits": {
            "max_per_department": p.max_per_department,
            "min_growth_share": p.min_growth_share,
        },
    }


def _share(grows: Any, chosen: Any) -> float:
    """Share of the chosen pairs that grow a skill the person wants to grow."""
    return round(float(grows[chosen].mean()), 4) if len(chosen) else 0.0


def main(settings: Settings, p: StaffingParams) -> int:
    """Run and print one JSON object."""

    def log(message: str) -> None:
        print(f"[bench] {message}", file=sys.stderr, flush=True)

    print(json.dumps(run(settings, p, log), indent=1))
    return 0
