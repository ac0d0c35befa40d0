"""Latency of workforce analytics and of deprecating a widely held skill, on a seeded
database (for example 100,000 employees from `talentmarket demo seed`).

    python bench/workforce_analytics.py sqlite:////tmp/analytics.db [--holders 1000]

Analytics go through the HTTP app (TestClient): the first call per grouping computes
the table (three GROUP BY queries), later calls page through the cached table until
people, openings or the taxonomy change. The deprecation runs in a transaction that is
rolled back, so the database is left as it was.
"""

from __future__ import annotations

import argparse
import time

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from talentmarket.app import create_app
from talentmarket.config import Settings
from talentmarket.db.engine import make_engine, make_sessionmaker
from talentmarket.governance import service as governance
from talentmarket.governance.schemas import DeprecateRequest
from talentmarket.people.models import Employee, EmployeeSkill
from talentmarket.principal import Principal
from talentmarket.runtime import Runtime
from talentmarket.taxonomy.models import Skill

ADMIN = Principal(id="bench", role="admin")


def timed(client: TestClient, **params: str | int | None) -> tuple[float, int, int]:
    """(seconds, status, bytes) of one GET /v1/analytics/skills."""
    started = time.perf_counter()
    resp = client.get("/v1/analytics/skills", params=params)
    return time.perf_counter() - started, resp.status_code, len(resp.content)


def analytics(url: str) -> None:
    """Cold, cached and CSV timings per grouping."""
    runtime = Runtime(Settings(database_url=url, encoder="hashing"))
    with runtime.sessionmaker() as session:
        employees = session.scalar(select(func.count()).select_from(Employee))
        held = session.scalar(select(func.count()).select_from(EmployeeSkill))
    print(f"database: {employees:,} employees, {held:,} employee skills")
    with TestClient(create_app(runtime=runtime)) as client:
        for group_by in ("department", "location", "role"):
            cpu = time.process_time()
            cold, status, _ = timed(client, group_by=group_by, limit=50)
            cold_cpu = time.process_time() - cpu
            warm, _, _ = timed(client, group_by=group_by, limit=50)
            page = client.get("/v1/analytics/skills", params={"group_by": group_by}).json()
            csv_s, _, csv_bytes = timed(client, group_by=group_by, format="csv")
            one = page["items"][0]["skill_id"] if page["items"] else None
            single, _, _ = timed(client, group_by=group_by, skill_id=one)
            print(
                f"group_by={group_by}: first call {cold:.2f} s ({cold_cpu:.2f} s CPU in this "
                f"process), cached {warm * 1000:.0f} ms, one skill {single * 1000:.0f} ms, "
                f"{page['total']:,} rows; CSV of all rows {csv_s:.2f} s, {csv_bytes:,} bytes "
                f"(status {status})"
            )
    runtime.close()


def deprecation(url: str, holders: int) -> None:
    """Deprecate the skill held by the number of employees closest to holders; roll back."""
    sessions = make_sessionmaker(make_engine(url))
    with sessions() as session:
        counts = (
            select(EmployeeSkill.skill_id, func.count().label("n"))
            .group_by(EmployeeSkill.skill_id)
            .subquery()
        )
        source_id, n = session.execute(
            select(counts.c.skill_id, counts.c.n).order_by(func.abs(counts.c.n - holders)).limit(1)
        ).one()
        target = session.scalars(
            select(Skill)
            .where(Skill.kind == "skill", Skill.status == "active", Skill.id != source_id)
            .order_by(Skill.id)
            .limit(1)
        ).one()
        started = time.perf_counter()
        result = governance.deprecate_skill(
            session, ADMIN, source_id, DeprecateRequest(replacement_id=target.id)
        )
        session.flush()
        elapsed = time.perf_counter() - started
        session.rollback()
    moved = result.counts
    print(
        f"deprecate skill {source_id} held by {n:,} employees: {elapsed * 1000:.0f} ms "
        f"(moved {moved['moved_employee_skills']:,}, merged "
        f"{moved['merged_employee_skills']:,} employee skills; moved "
        f"{moved['moved_requirements']:,} requirements, {moved['moved_role_skills']:,} role "
        f"links); rolled back"
    )


def main() -> None:
    """Run both benchmarks."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--holders", type=int, default=1000)
    args = parser.parse_args()
    analytics(args.url)
    deprecation(args.url, args.holders)


if __name__ == "__main__":
    main()
