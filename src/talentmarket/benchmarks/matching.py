"""`talentmarket bench matching`: seed (or reuse) a large synthetic company, then time
candidate, opportunity and search requests through the HTTP API of a real server process.

Prints one JSON object: p50/p95 per request type in ms, seed and warm-up seconds, and the
server's peak resident memory. With `audit="both"` the same queries run against the same
data twice, on a server with ranking audit off and then on, and the p95 increase per
request type is printed beside both sets of figures. With `--writes-per-second N` a
thread creates people through the API while the requests are timed, and the figures add
the write latency and the staleness (acknowledged until a ranking shows the person):
`staleness_p95_ms` beside `candidates_p95_ms`, `opportunities_p95_ms`, `search_p95_ms`.
"""

from __future__ import annotations

import json
import random
import sys
import time
from dataclasses import dataclass
from typing import Any

import httpx
import numpy as np

from talentmarket.benchmarks import repository
from talentmarket.benchmarks.server import Server
from talentmarket.benchmarks.writes import WriteStream
from talentmarket.config import Settings
from talentmarket.db.engine import transaction
from talentmarket.runtime import Runtime
from talentmarket.textintel.cpu import machine

PREFIX = "bench"


@dataclass(frozen=True)
class BenchParams:
    """What to seed and how many requests to time."""

    employees: int
    openings: int
    queries: int
    seed: int = 1
    source: str | None = None
    limit: int = 20
    audit: str = "on"  # on | off | both: whether rankings write audit rows
    writes_per_second: float = 0.0  # people created through the API while timing
    updates: bool = False  # every other write updates a person instead of creating one


def _seed(runtime: Runtime, p: BenchParams, log: Any) -> float:
    from talentmarket.demo.seed import seed_demo
    from talentmarket.embeddings.bulk import run_embed
    from talentmarket.openings.document import opening_sources
    from talentmarket.people.document import employee_sources

    started = time.perf_counter()
    with transaction(runtime.sessionmaker) as session:
        have_e, have_o = repository.count_external(session, f"{PREFIX}-{p.seed}-")
    if have_e != p.employees or have_o != p.openings:
        log(f"seeding {p.employees:,} employees and {p.openings:,} openings")
        with transaction(runtime.sessionmaker) as session:
            seed_demo(session, p.employees, p.openings, p.seed, p.source, log_progress(log), PREFIX)
    else:
        log("reusing seeded data")
    log("embedding what is not embedded yet")
    with transaction(runtime.sessionmaker) as session:

        def checkpoint() -> None:
            session.commit()

        run_embed(
            session,
            runtime.encoder,
            ("skills", "roles", "employees", "openings"),
            readers={"employee": employee_sources, "opening": opening_sources},
            progress=log_progress(log),
            checkpoint=checkpoint,
        )
    return time.perf_counter() - started


def log_progress(log: Any) -> Any:
    """A progress callback printing at most every 5 s."""
    last = [0.0]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 5 or done == total:
            last[0] = now
            log(f"{stage}: {done:,}/{total:,}")

    return progress


def _percentiles(values: list[float]) -> tuple[float, float]:
    arr = np.asarray(values)
    return round(float(np.percentile(arr, 50)), 1), round(float(np.percentile(arr, 95)), 1)


def run(settings: Settings, p: BenchParams, log: Any) -> dict[str, Any]:
    """Seed, start a server, time the requests, stop the server; returns the figures."""
    runtime = Runtime(settings)
    seed_s = _seed(runtime, p, log)
    rng = random.Random(p.seed)
    with transaction(runtime.sessionmaker) as session:
        employee_ids, opening_ids = repository.external_ids(session, f"{PREFIX}-{p.seed}-")
        sample_openings = rng.sample(opening_ids, min(p.queries, len(opening_ids)))
        searches = []
        for oid in rng.sample(opening_ids, min(p.queries, len(opening_ids))):
            opening, skills = repository.opening_with_skills(session, oid, 2)
            searches.append(
                {
                    "text": f"{opening.title}. {opening.description[:400]}",
                    "skills": [{"skill_id": s, "min_proficiency": 3} for s in skills[:1]],
                }
            )
    runtime.close()
    sample_people = rng.sample(employee_ids, min(p.queries, len(employee_ids)))
    queries = list(zip(sample_openings, sample_people, searches, strict=False))
    modes = ("off", "on") if p.audit == "both" else (p.audit,)
    result: dict[str, Any] = {
        "database": settings.database_url.split("://", 1)[0],
        "employees": p.employees,
        "openings": p.openings,
        "queries": p.queries,
        "seed_s": round(seed_s, 1),
        "machine": machine(),
    }
    runs = {mode: _time(settings, p, queries, mode, log) for mode in modes}
    if len(runs) == 1:
        return result | {"audit_rankings": p.audit} | runs[p.audit]
    for mode, figures in runs.items():
        result[f"audit_{mode}"] = figures
    result["p95_increase_pct"] = {
        kind: round(100 * (runs["on"][f"{kind}_p95_ms"] / runs["off"][f"{kind}_p95_ms"] - 1), 1)
        for kind in KINDS
    }
    return result


KINDS = ("candidates", "opportunities", "search")


def _time(
    settings: Settings, p: BenchParams, queries: list[tuple[int, int, Any]], audit: str, log: Any
) -> dict[str, Any]:
    """Start a server with ranking audit on or off, warm it, time every query kind."""
    limit = {"limit": p.limit}
    audited = "true" if audit == "on" else "false"
    with (
        Server(settings.database_url, TALENTMARKET_AUDIT_RANKINGS=audited) as server,
        httpx.Client(base_url=server.base, timeout=600) as client,
    ):
        ready_s = server.wait_ready(client)
        log(f"server up (ranking audit {audit}); warming caches")
        t0 = time.perf_counter()
        oid, eid, body = queries[0]
        client.get(f"/v1/openings/{oid}/candidates", params=limit).raise_for_status()
        client.get(f"/v1/employees/{eid}/opportunities", params=limit).raise_for_status()
        client.post("/v1/candidates/search", json=body, params=limit).raise_for_status()
        warm_s = time.perf_counter() - t0
        log(f"timing {len(queries)} queries of each kind")
        writes: dict[str, Any] = {}
        if p.writes_per_second > 0:
            skill = body["skills"][0]["skill_id"] if body["skills"] else 1
            tag = f"bench-w{int(time.time())}"
            stream = WriteStream(server.base, p.writes_per_second, skill, tag, p.updates)
            with stream:
                timings = _timed(client, queries, limit)
            writes = stream.figures() | {"writes_per_second": p.writes_per_second}
        else:
            timings = _timed(client, queries, limit)
        peak = server.peak_rss_mb()
    result: dict[str, Any] = writes
    for kind, values in timings.items():
        p50, p95 = _percentiles(values)
        result[f"{kind}_p50_ms"] = p50
        result[f"{kind}_p95_ms"] = p95
    return result | {
        "server_ready_s": round(ready_s, 1),
        "warmup_s": round(warm_s, 1),
        "server_peak_rss_mb": peak,
    }


def _timed(
    client: httpx.Client, queries: list[tuple[int, int, Any]], limit: dict[str, int]
) -> dict[str, list[float]]:
    """Milliseconds of each query of each kind, one after the other."""
    timings: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for oid, eid, body in queries:
        t = time.perf_counter()
        client.get(f"/v1/openings/{oid}/candidates", params=limit).raise_for_status()
        timings["candidates"].append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        client.get(f"/v1/employees/{eid}/opportunities", params=limit).raise_for_status()
        timings["opportunities"].append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        client.post("/v1/candidates/search", json=body, params=limit).raise_for_status()
        timings["search"].append((time.perf_counter() - t) * 1000)
    return timings


def main(settings: Settings, p: BenchParams) -> int:
    """Run and print the JSON line."""

    def log(message: str) -> None:
        print(f"[bench] {message}", file=sys.stderr, flush=True)

    print(json.dumps(run(settings, p, log)))
    return 0
