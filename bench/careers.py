"""Career mobility on a loaded taxonomy: build times, and latency of related roles, career
paths, skill gaps, learning and the role-proximity interface, measured over HTTP.

    python -m bench.careers sqlite:////tmp/careers_bench.db [--employees 60] [--seed 0]

The database gets synthetic employees and open gigs (committed: use a copy). Each
employee holds a sampled
occupation with its essential skills at the role's levels, one skill a level lower, and a
target role two or three moves away on the relatedness graph (a neighbour of a
neighbour's neighbour, not a direct neighbour), so "career paths (target within 3 steps)"
is a real multi-step search. Requests run through the app in-process (TestClient: no
network), one after another. Prints one JSON object. The machine is shared: figures vary.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
from fastapi.testclient import TestClient
from sqlalchemy import select

from talentmarket.app import create_app
from talentmarket.config import Settings
from talentmarket.openings.models import Opening, OpeningRequirement
from talentmarket.people.models import Employee, EmployeeSkill
from talentmarket.relatedness.service import get_relatedness
from talentmarket.runtime import Runtime
from talentmarket.taxonomy.graph.service import get_graph
from talentmarket.taxonomy.models import RoleSkill

BENCH_EMAIL = "careers-bench-{n}@example.com"


def percentiles(times_ms: list[float]) -> dict[str, float]:
    """p50 and p95 of timings in milliseconds."""
    return {
        "p50_ms": round(statistics.median(times_ms), 1),
        "p95_ms": round(float(np.percentile(times_ms, 95)), 1),
        "n": len(times_ms),
    }


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Wall milliseconds of one call and its result."""
    start = time.perf_counter()
    out = fn()
    return (time.perf_counter() - start) * 1000.0, out


def seed_employees(runtime: Runtime, count: int, seed: int) -> list[tuple[int, int]]:
    """Synthetic employees with a target 2-3 moves away: [(employee id, target role id)]."""
    rng = np.random.default_rng(seed)
    with runtime.sessionmaker() as session:
        view = get_relatedness(session, runtime)
        existing = session.scalars(
            select(Employee.id).where(Employee.email.like("careers-bench-%"))
        ).all()
        pairs: list[tuple[int, int]] = []
        for row in rng.choice(len(view), size=count * 3, replace=False).tolist():
            if len(pairs) == count:
                break
            near, _ = view.neighbours(row, 15)
            second = {int(r) for n in near.tolist() for r in view.neighbours(n, 15)[0]}
            far = sorted(second - set(near.tolist()) - {row})
            if not far:
                continue
            target = int(view.role_ids[rng.choice(far)])
            role_id = int(view.role_ids[row])
            needs = session.execute(
                select(RoleSkill.skill_id, RoleSkill.level).where(
                    RoleSkill.role_id == role_id, RoleSkill.relation == "essential"
                )
            ).all()
            if not needs:
                continue
            n = len(existing) + len(pairs)
            employee = Employee(
                name=f"Bench {n}", email=BENCH_EMAIL.format(n=n), current_role_id=role_id
            )
            session.add(employee)
            session.flush()
            for k, (skill_id, level) in enumerate(needs):
                proficiency = round(level or 3.0) - (1 if k == 0 else 0)
                session.add(
                    EmployeeSkill(
                        employee_id=employee.id,
                        skill_id=skill_id,
                        proficiency=min(5, max(1, proficiency)),
                    )
                )
            pairs.append((employee.id, target))
        session.commit()
    return pairs


def seed_openings(runtime: Runtime, count: int, seed: int) -> int:
    """Open openings for sampled roles, requiring up to 8 of the role's essential skills
    (the first two as must-haves); returns how many were added."""
    rng = np.random.default_rng(seed)
    with runtime.sessionmaker() as session:
        view = get_relatedness(session, runtime)
        added = 0
        for row in rng.choice(len(view), size=count, replace=True).tolist():
            role_id = int(view.role_ids[row])
            needs = session.execute(
                select(RoleSkill.skill_id, RoleSkill.level)
                .where(RoleSkill.role_id == role_id, RoleSkill.relation == "essential")
                .limit(8)
            ).all()
            if not needs:
                continue
            opening = Opening(kind="gig", title=f"Bench gig {added}", role_id=role_id)
            session.add(opening)
            session.flush()
            for k, (skill_id, level) in enumerate(needs):
                session.add(
                    OpeningRequirement(
                        opening_id=opening.id,
                        skill_id=skill_id,
                        must_have=k < 2,
                        min_proficiency=min(5, max(1, round(level or 3.0))),
                    )
                )
            added += 1
        session.commit()
    return added


def main() -> None:
    """Run the benchmark and print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--employees", type=int, default=60)
    parser.add_argument("--roles", type=int, default=100, help="roles timed for related")
    parser.add_argument("--openings", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    runtime = Runtime(Settings(database_url=args.url, warmup=False))
    out: dict[str, Any] = {"database": args.url}

    with runtime.sessionmaker() as session:
        graph_ms, _ = timed(lambda: get_graph(runtime, session))
        view_ms, view = timed(lambda: get_relatedness(session, runtime))
        out["build"] = {
            "taxonomy_graph_s": round(graph_ms / 1000, 2),
            "relatedness_s": round(view_ms / 1000, 2),
            "relatedness_parts_s": {
                "load": view.info.load_s,
                "vectors": view.info.vectors_s,
                "fit": view.info.fit_s,
            },
            "roles": len(view),
            "embedding": view.info.embedding,
        }
    pairs = seed_employees(runtime, args.employees, args.seed)
    out["seeded"] = {
        "employees": len(pairs),
        "open_openings": seed_openings(runtime, args.openings, args.seed),
    }
    # seeding filled the neighbour cache around the sampled roles: start cold again
    runtime.invalidate()
    rng = np.random.default_rng(args.seed + 1)
    roles = view.role_ids[rng.choice(len(view), size=args.roles, replace=False)].tolist()

    # the engine's calls: one origin x many destinations, many origins x one destination
    dests = view.role_ids[rng.choice(len(view), size=1000, replace=False)]
    one_many, many_one = [], []
    for role_id in roles[:50]:
        one_many.append(timed(partial(view.proximity, np.full(1000, role_id), dests))[0])
        many_one.append(timed(partial(view.proximity, dests, np.full(1000, role_id)))[0])
    out["proximity_1000_pairs"] = {
        "one_origin": percentiles(one_many),
        "one_destination": percentiles(many_one),
    }
    with runtime.sessionmaker() as session:
        skill_ids = session.scalars(
            select(RoleSkill.skill_id).distinct().order_by(RoleSkill.skill_id)
        ).all()
    skills = rng.choice(np.asarray(skill_ids), size=50, replace=False).tolist()

    app = create_app(runtime=runtime)
    with TestClient(app) as client:

        def get(url: str, **params: int) -> tuple[float, Any]:
            """Milliseconds and body of one GET that must succeed."""
            ms, resp = timed(partial(client.get, url, params=params))
            assert resp.status_code == 200, resp.text
            return ms, resp.json()

        out["build"]["first_request_s"] = round(get(f"/v1/roles/{roles[0]}/related")[0] / 1000, 2)
        employee, target = pairs[0]
        graph_ms, _ = get(f"/v1/employees/{employee}/skill-gap", role=target)
        out["build"]["first_skill_gap_s"] = round(graph_ms / 1000, 2)  # builds the graph
        out["related_roles"] = percentiles([get(f"/v1/roles/{r}/related")[0] for r in roles])
        out["related_skills"] = percentiles([get(f"/v1/skills/{s}/related")[0] for s in skills])

        paths: list[float] = []
        moves: list[int] = []
        for employee, target in pairs:
            url = f"/v1/employees/{employee}/career-paths"
            ms, body = get(url, target_role=target, max_steps=3, limit=5)
            paths.append(ms)
            moves.extend(len(p["steps"]) for p in body["paths"][:1])
        out["career_paths_target"] = {
            **percentiles(paths),
            "with_a_path": len(moves),
            "best_path_moves": dict(sorted(Counter(moves).items())),
        }
        # the same searches again: neighbour lists of the roles visited are cached now
        out["career_paths_target_repeat"] = percentiles(
            [get(f"/v1/employees/{e}/career-paths", target_role=t)[0] for e, t in pairs]
        )
        some = pairs[:30]
        out["career_paths_no_target"] = percentiles(
            [get(f"/v1/employees/{e}/career-paths")[0] for e, _ in some]
        )
        out["skill_gap_role"] = percentiles(
            [get(f"/v1/employees/{e}/skill-gap", role=t)[0] for e, t in some]
        )
        out["learning"] = percentiles([get(f"/v1/employees/{e}/learning")[0] for e, _ in some])
    runtime.close()
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
