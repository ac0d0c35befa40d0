"""`talentmarket bench pages`: the web app's heaviest pages at scale.

Starts `talentmarket serve` on the database with a signing key of its own (in a temporary
folder, so the database's own authentication setting is untouched), signs in a demo
employee session per request and a recruiter session, and times `/app/me/opportunities`
for random employees and `/app/openings/{id}/candidates` for random open openings: the
whole page, ranking and HTML, as the browser receives it over the loopback interface.
Nothing is written but audit rows.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from talentmarket.auth.keys import create_key_file
from talentmarket.auth.service import demo_token
from talentmarket.benchmarks import repository
from talentmarket.benchmarks.server import Server
from talentmarket.config import Settings
from talentmarket.db.engine import make_engine, make_sessionmaker


def _p(values: list[float]) -> dict[str, float]:
    arr = np.asarray(values)
    return {
        "p50_ms": round(float(np.percentile(arr, 50)), 1),
        "p95_ms": round(float(np.percentile(arr, 95)), 1),
        "n": len(values),
    }


def _timed(client: httpx.Client, url: str, token: str) -> float:
    started = time.perf_counter()
    answer = client.get(url, cookies={"tm_session": token})
    elapsed = (time.perf_counter() - started) * 1000
    if answer.status_code != 200:
        raise RuntimeError(f"{url}: {answer.status_code} {answer.text[:300]}")
    return elapsed


def run(settings: Settings, requests: int, seed: int) -> dict[str, Any]:
    """Time both pages `requests` times each, after one warm-up of each."""
    engine = make_engine(settings.database_url)
    try:
        with make_sessionmaker(engine)() as session:
            people, openings = repository.sample_pairs(session, requests, seed)
    finally:
        engine.dispose()
    if not people or not openings:
        raise RuntimeError("no employees or open openings: run `bench matching` or `demo seed`")
    with tempfile.TemporaryDirectory() as folder:
        key_file = Path(folder) / "signing-key.json"
        key = create_key_file(key_file)
        local = settings.model_copy(update={"auth_key_file": key_file})
        recruiter = demo_token(local, key, "recruiter", None)
        tokens = {e: demo_token(local, key, "employee", e) for e in people}
        with (
            Server(settings.database_url, TALENTMARKET_AUTH_KEY_FILE=str(key_file)) as server,
            httpx.Client(base_url=server.base, timeout=600) as client,
        ):
            ready = server.wait_ready(client)
            started = time.perf_counter()
            _timed(client, "/app/me/opportunities", tokens[people[0]])
            _timed(client, f"/app/openings/{openings[0]}/candidates", recruiter)
            warm = time.perf_counter() - started
            mine = [_timed(client, "/app/me/opportunities", tokens[e]) for e in people]
            ranked = [_timed(client, f"/app/openings/{o}/candidates", recruiter) for o in openings]
            peak = server.peak_rss_mb()
    return {
        "database": settings.database_url.split(":", 1)[0],
        "opportunities_page": _p(mine),
        "candidates_page": _p(ranked),
        "server_ready_s": round(ready, 1),
        "warmup_s": round(warm, 1),
        "server_peak_rss_mb": peak,
    }
