"""`talentmarket bench load`: many concurrent users against one server, with locust.

Starts `talentmarket serve --workers N` on the database (rate limits off, as the other
benchmarks, and a signing key of its own: its users call with a token, as real ones do,
also on the demo database, whose server has authentication on), warms every worker, then
runs locust headless in its own process for a bounded time: `users` simulated people,
each waiting one to two seconds between requests, rank candidates and opportunities,
search candidates and read profiles (`benchmarks/locustfile.py`). Prints requests per
second, failures and latency percentiles per kind, as locust measured them at the
client. Nothing is written but audit rows.
"""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from talentmarket.benchmarks import repository
from talentmarket.benchmarks.server import Server
from talentmarket.config import Settings
from talentmarket.db.engine import make_engine, make_sessionmaker

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
KINDS = ("candidates", "opportunities", "search", "profile")


@dataclass(frozen=True)
class LoadParams:
    """How many users, for how long, against how many server processes."""

    users: int = 50
    seconds: int = 60
    workers: int = 1
    spawn_rate: float = 10.0
    seed: int = 1


def _plan(settings: Settings, seed: int) -> dict[str, Any]:
    """Employees, open openings and search bodies the users pick from."""
    engine = make_engine(settings.database_url)
    try:
        with make_sessionmaker(engine)() as session:
            people, openings = repository.sample_pairs(session, 200, seed)
            searches = []
            for oid in openings[:50]:
                opening, skills = repository.opening_with_skills(session, oid, 1)
                searches.append(
                    {
                        "text": f"{opening.title}. {opening.description[:400]}",
                        "skills": [{"skill_id": s, "min_proficiency": 3} for s in skills],
                    }
                )
    finally:
        engine.dispose()
    if not people or not openings:
        raise RuntimeError("no employees or open openings: run `demo seed` or `bench matching`")
    return {"employees": people, "openings": openings, "searches": searches}


def _warm(base: str, headers: dict[str, str], plan: dict[str, Any], workers: int) -> float:
    """Seconds until every kind has answered a few times from concurrent callers (each
    worker process builds its pools on its first rankings)."""
    rng = random.Random(0)

    def one(i: int) -> None:
        with httpx.Client(base_url=base, timeout=600, headers=headers) as client:
            for answer in (
                client.get(f"/v1/openings/{rng.choice(plan['openings'])}/candidates?limit=20"),
                client.get(f"/v1/employees/{rng.choice(plan['employees'])}/opportunities?limit=20"),
                client.post("/v1/candidates/search?limit=20", json=plan["searches"][i % 5]),
            ):
                check_answer(answer)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2 * workers) as pool:
        for _ in range(3):
            list(pool.map(one, range(2 * workers)))
    return time.perf_counter() - started


def check_answer(answer: httpx.Response) -> None:
    """Stop before timing when the server refuses the benchmark's requests (for example
    a database whose server has authentication on: locust would count only failures)."""
    if answer.is_error:
        request = answer.request
        msg = (
            f"{request.method} {request.url.path} answered {answer.status_code}: "
            f"{answer.text[:300]}"
        )
        raise RuntimeError(msg)


def _stats(prefix: str) -> dict[str, Any]:
    """Per kind and in total: requests, failures, requests/s and percentiles (ms)."""
    out: dict[str, Any] = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = "total" if row["Name"] == "Aggregated" else row["Name"]
            out[name] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": round(float(row["Requests/s"]), 1),
                "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
                "p99_ms": float(row["99%"]),
            }
    return out


def run(settings: Settings, p: LoadParams, log: Any) -> dict[str, Any]:
    """Start the server, warm it, run locust; returns the figures."""
    plan = _plan(settings, p.seed)
    with (
        Server(
            settings.database_url, serve_args=("--workers", str(p.workers)), signed="admin"
        ) as server,
        httpx.Client(base_url=server.base, timeout=600, headers=server.headers) as client,
        tempfile.TemporaryDirectory() as folder,
    ):
        ready = server.wait_ready(client)
        warm = _warm(server.base, server.headers, plan, p.workers)
        log(f"ready in {ready:.1f} s, warm in {warm:.1f} s; {p.users} users for {p.seconds} s")
        prefix = str(Path(folder) / "load")
        command = [
            *(sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"),
            *("--users", str(p.users), "--spawn-rate", str(p.spawn_rate)),
            *("--run-time", f"{p.seconds}s", "--host", server.base, "--csv", prefix),
            *("--only-summary", "--loglevel", "WARNING", "--stop-timeout", "10"),
        ]
        env = dict(
            os.environ,
            TALENTMARKET_LOAD_PLAN=json.dumps(plan),
            TALENTMARKET_LOAD_HEADERS=json.dumps(server.headers),
        )
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if not Path(f"{prefix}_stats.csv").exists():
            raise RuntimeError(f"locust did not finish: {done.stderr[-2000:]}")
        stats = _stats(prefix)
    return {
        "database": settings.database_url.split(":", 1)[0],
        "users": p.users,
        "seconds": p.seconds,
        "workers": p.workers,
        "server_ready_s": round(ready, 1),
        "warmup_s": round(warm, 1),
        **{f"{kind}_p95_ms": stats.get(kind, {}).get("p95_ms") for kind in KINDS},
        "rps": stats.get("total", {}).get("rps"),
        "failures": stats.get("total", {}).get("failures"),
        "by_kind": stats,
    }


def main(settings: Settings, p: LoadParams) -> int:
    """Run and print one JSON object."""

    def log(message: str) -> None:
        print(f"[bench] {message}", file=sys.stderr, flush=True)

    try:
        result = run(settings, p, log)
    except RuntimeError as exc:
        log(f"error: {exc}")
        return 1
    print(json.dumps(result, indent=1))
    return 0
