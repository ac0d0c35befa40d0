"""`talentmarket bench careers`: career mobility on a loaded taxonomy.

Build times of the taxonomy graph and role relatedness, then the latency of related
roles and skills, career paths (to a target two or three moves away, and without one),
skill gaps and learning through a `talentmarket serve` process on a local port, one
request after another, and of the role-proximity interface in process. Synthetic
employees (each holding a sampled role's essential skills, one a level lower, with a
target role two or three moves away on the relatedness graph) and open gigs are added to
the database and committed: run it on a copy.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import partial
from typing import Any

import httpx
import numpy as np

from talentmarket.benchmarks import repository
from talentmarket.benchmarks.server import Server
from talentmarket.benchmarks.timing import percentiles, timed
from talentmarket.config import Settings
from talentmarket.relatedness.service import get_relatedness
from talentmarket.runtime import Runtime
from talentmarket.taxonomy.graph.service import get_graph

BENCH_EMAIL = "careers-bench-{n}@example.com"


@dataclass(frozen=True)
class CareersParams:
    """What to seed and how much to time."""

    employees: int = 60
    roles: int = 100
    openings: int = 1000
    seed: int = 0


def _level(level: float | None, minus: int = 0) -> int:
    return min(5, max(1, round(level or 3.0) - minus))


def seed_employees(runtime: Runtime, count: int, seed: int) -> list[tuple[int, int]]:
    """Synthetic employees with a target 2-3 moves away: [(employee id, target role id)]."""
    rng = np.random.default_rng(seed)
    with runtime.sessionmaker() as session:
        view = get_relatedness(session, runtime)
        existing = repository.count_by_email(session, "careers-bench-%")
        pairs: list[tuple[int, int]] = []
        for row in rng.choice(len(view), size=min(len(view), count * 3), replace=False).tolist():
            if len(pairs) == count:
                break
            near, _ = view.neighbours(row, 15)
            second = {int(r) for n in near.tolist() for r in view.neighbours(n, 15)[0]}
            far = sorted(second - set(near.tolist()) - {row})
            role_id = int(view.role_ids[row])
            needs = repository.essential_needs(session, role_id)
            if not far or not needs:
                continue
            n = existing + len(pairs)
            held = [(s, _level(level, 1 if k == 0 else 0)) for k, (s, level) in enumerate(needs)]
            employee = repository.add_employee(
                session, f"Bench {n}", BENCH_EMAIL.format(n=n), role_id, held
            )
            pairs.append((employee, int(view.role_ids[rng.choice(far)])))
        session.commit()
    return pairs


def seed_openings(runtime: Runtime, count: int, seed: int) -> int:
    """Open gigs for sampled roles, requiring up to 8 of the role's essential skills (the
    first two as must-haves); returns how many were added."""
    rng = np.random.default_rng(seed)
    added = 0
    with runtime.sessionmaker() as session:
        view = get_relatedness(session, runtime)
        for row in rng.choice(len(view), size=count, replace=True).tolist():
            role_id = int(view.role_ids[row])
            needs = repository.essential_needs(session, role_id, limit=8)
            if needs:
                wanted = [(s, _level(level), k < 2) for k, (s, level) in enumerate(needs)]
                repository.add_gig(session, f"Bench gig {added}", role_id, wanted)
                added += 1
        session.commit()
    return added


def _build(runtime: Runtime) -> tuple[dict[str, Any], Any]:
    with runtime.sessionmaker() as session:
        graph_ms, _ = timed(lambda: get_graph(runtime, session))
        view_ms, view = timed(lambda: get_relatedness(session, runtime))
    return {
        "taxonomy_graph_s": round(graph_ms / 1000, 2),
        "relatedness_s": round(view_ms / 1000, 2),
        "relatedness_parts_s": {
            "load": view.info.load_s,
            "vectors": view.info.vectors_s,
            "fit": view.info.fit_s,
        },
        "roles": len(view),
        "embedding": view.info.embedding,
    }, view


def _proximity(view: Any, roles: list[int], rng: np.random.Generator) -> dict[str, Any]:
    """The engine's calls: one origin x 1,000 destinations, 1,000 origins x one."""
    dests = view.role_ids[rng.choice(len(view), size=min(1000, len(view)), replace=False)]
    one_many, many_one = [], []
    for role_id in roles[:50]:
        same = np.full(len(dests), role_id)
        one_many.append(timed(partial(view.proximity, same, dests))[0])
        many_one.append(timed(partial(view.proximity, dests, same))[0])
    return {"one_origin": percentiles(one_many), "one_destination": percentiles(many_one)}


def _requests(
    client: httpx.Client, roles: list[int], skills: list[int], pairs: list[tuple[int, int]]
) -> dict[str, Any]:
    def get(url: str, **params: int) -> tuple[float, Any]:
        """Milliseconds and body of one GET that must succeed."""
        ms, resp = timed(partial(client.get, url, params=params))
        if resp.status_code != 200:
            raise RuntimeError(f"{url}: {resp.status_code} {resp.text[:200]}")
        return ms, resp.json()

    out: dict[str, Any] = {
        "first_request_s": round(get(f"/v1/roles/{roles[0]}/related")[0] / 1000, 2)
    }
    employee, target = pairs[0]
    out["first_skill_gap_s"] = round(
        get(f"/v1/employees/{employee}/skill-gap", role=target)[0] / 1000, 2
    )
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
    return out


def run(settings: Settings, p: CareersParams) -> dict[str, Any]:
    """Seed, time, and return the figures."""
    runtime = Runtime(settings.model_copy(update={"warmup": False}))
    try:
        build, view = _build(runtime)
        pairs = seed_employees(runtime, p.employees, p.seed)
        if not pairs:
            raise RuntimeError("no role has a target two or three moves away: import a taxonomy")
        seeded = {
            "employees": len(pairs),
            "open_openings": seed_openings(runtime, p.openings, p.seed),
        }
        runtime.invalidate()  # seeding filled the neighbour cache: start cold again
        rng = np.random.default_rng(p.seed + 1)
        picked = rng.choice(len(view), size=min(p.roles, len(view)), replace=False)
        roles = [int(r) for r in view.role_ids[picked]]
        proximity = _proximity(view, roles, rng)
        with runtime.sessionmaker() as session:
            skill_ids = repository.role_skill_ids(session)
        skills = [
            int(s)
            for s in rng.choice(np.asarray(skill_ids), size=min(50, len(skill_ids)), replace=False)
        ]
        with (
            Server(settings.database_url) as server,
            httpx.Client(base_url=server.base, timeout=300) as client,
        ):
            server.wait_ready(client)
            timings = _requests(client, roles, skills, pairs)
        build["first_request_s"] = timings.pop("first_request_s")
        build["first_skill_gap_s"] = timings.pop("first_skill_gap_s")
        return {
            "database": settings.database_url,
            "build": build,
            "seeded": seeded,
            "proximity_1000_pairs": proximity,
            **timings,
        }
    finally:
        runtime.close()
