"""`talentmarket bench analytics`: workforce analytics and deprecating a widely held skill.

On a seeded database (for example 100,000 employees from `talentmarket demo seed`):
the first call per grouping computes the table (three GROUP BY queries), later calls
page through the cached table until people, openings or the taxonomy change; the CSV
holds every row. Deprecating the skill held by about `--holders` employees runs in a
transaction that is rolled back, so the database is left as it was.
"""

from __future__ import annotations

import time
from typing import Any

import httpx

from talentmarket.benchmarks import repository
from talentmarket.benchmarks.server import Server
from talentmarket.config import Settings
from talentmarket.governance import service as governance
from talentmarket.governance.schemas import DeprecateRequest
from talentmarket.principal import Principal
from talentmarket.runtime import Runtime

ADMIN = Principal(id="bench", role="admin")


def _timed(client: httpx.Client, **params: str | int | None) -> tuple[float, int, int]:
    """(seconds, status, bytes) of one GET /v1/analytics/skills."""
    started = time.perf_counter()
    resp = client.get("/v1/analytics/skills", params=params)
    return time.perf_counter() - started, resp.status_code, len(resp.content)


def _grouping(client: httpx.Client, group_by: str) -> dict[str, Any]:
    cpu = time.process_time()
    cold, status, _ = _timed(client, group_by=group_by, limit=50)
    cold_cpu = time.process_time() - cpu
    warm, _, _ = _timed(client, group_by=group_by, limit=50)
    page = client.get("/v1/analytics/skills", params={"group_by": group_by}).json()
    csv_s, _, csv_bytes = _timed(client, group_by=group_by, format="csv")
    one = page["items"][0]["skill_id"] if page["items"] else None
    single, _, _ = _timed(client, group_by=group_by, skill_id=one)
    return {
        "status": status,
        "first_call_s": round(cold, 2),
        "first_call_cpu_s": round(cold_cpu, 2),
        "cached_ms": round(warm * 1000, 1),
        "one_skill_ms": round(single * 1000, 1),
        "rows": page["total"],
        "csv_s": round(csv_s, 2),
        "csv_bytes": csv_bytes,
    }


def _deprecation(runtime: Runtime, holders: int) -> dict[str, Any]:
    with runtime.sessionmaker() as session:
        source_id, held_by, target_id = repository.skill_held_by_about(session, holders)
        started = time.perf_counter()
        result = governance.deprecate_skill(
            session, ADMIN, source_id, DeprecateRequest(replacement_id=target_id)
        )
        session.flush()
        elapsed = time.perf_counter() - started
        session.rollback()
    return {
        "skill_id": source_id,
        "held_by": held_by,
        "ms": round(elapsed * 1000, 1),
        **result.counts,
        "rolled_back": True,
    }


def run(settings: Settings, holders: int) -> dict[str, Any]:
    """Time analytics per grouping and one deprecation; return the figures."""
    runtime = Runtime(settings.model_copy(update={"warmup": False}))
    try:
        with runtime.sessionmaker() as session:
            employees, held = repository.people_counts(session)
        out: dict[str, Any] = {"employees": employees, "employee_skills": held}
        with (
            Server(settings.database_url) as server,
            httpx.Client(base_url=server.base, timeout=300) as client,
        ):
            server.wait_ready(client)
            for group_by in ("department", "location", "role"):
                out[f"group_by_{group_by}"] = _grouping(client, group_by)
        out["deprecation"] = _deprecation(runtime, holders)
        return out
    finally:
        runtime.close()
