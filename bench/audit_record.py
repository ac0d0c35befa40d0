"""Cost of logging a ranking: `record_ranking` of a 20-person page, per request.

Three timings per database, each over `--records` requests in their own transaction as a
ranking request has: `empty` (begin and commit, what a ranking's transaction costs
without audit), `audited` (the same plus one `record_ranking` of `--subjects` people),
and `record` (the `record_ranking` call alone, before the commit). The difference of
`audited` and `empty` is what audit adds to a ranking's latency. `--prefill` first
appends that many events (record_many, in batches) so the indexes are not empty.

Prints one JSON object. Run from the project root, on a database you own (it migrates it
and leaves the rows there):

    python -m bench.audit_record                       # a fresh SQLite file
    python -m bench.audit_record --database postgresql+psycopg://USER:PW@HOST/DB
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from talentmarket.audit import service as audit_service
from talentmarket.audit.schemas import AuditEntry, RankingRecord
from talentmarket.db.engine import make_engine, make_sessionmaker, transaction
from talentmarket.db.migrate import upgrade
from talentmarket.principal import Principal

PRINCIPAL = Principal(id="bench:recruiter", role="recruiter")
ROUTE = "/v1/openings/{opening_id}/candidates"


def _ranking(rng: random.Random, subjects: int, pool: int) -> RankingRecord:
    ids = rng.sample(range(1, pool + 1), subjects)
    scores = sorted((rng.random() for _ in ids), reverse=True)
    return RankingRecord(
        kind="candidates",
        route=ROUTE,
        items=list(zip(ids, scores, strict=True)),
        total=pool,
        opening_id=rng.randint(1, 10_000),
        model_id="all-MiniLM-L6-v2",
        taxonomy_release="starter 2026.1",
        scoring_version="3",
        filters={"department": "Data"},
    )


def _summary(ms: list[float]) -> dict[str, float]:
    ordered = sorted(ms)
    return {
        "mean_ms": round(statistics.fmean(ms), 3),
        "p50_ms": round(ordered[len(ordered) // 2], 3),
        "p95_ms": round(ordered[int(len(ordered) * 0.95)], 3),
    }


def _prefill(factory: sessionmaker[Session], n: int, subjects: int, pool: int) -> float:
    rng = random.Random(7)
    started = time.perf_counter()
    for start in range(0, n, 5000):
        entries = [
            AuditEntry(
                caller=f"bench:caller{rng.randint(1, 300)}",
                role="recruiter",
                action="rank",
                route=ROUTE,
                subject_ids=rng.sample(range(1, pool + 1), subjects),
            )
            for _ in range(min(5000, n - start))
        ]
        with transaction(factory) as session:
            audit_service.record_many(session, entries)
    return time.perf_counter() - started


def run(url: str, records: int, subjects: int, pool: int, prefill: int) -> dict[str, Any]:
    """Time empty, audited and record-only transactions on one database."""
    upgrade(url)
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    prefill_s = _prefill(factory, prefill, subjects, pool) if prefill else 0.0
    rng = random.Random(1)
    rankings = [_ranking(rng, subjects, pool) for _ in range(records)]
    empty: list[float] = []
    audited: list[float] = []
    record_only: list[float] = []
    for ranking in rankings:  # interleaved, so drift in the machine hits both alike
        started = time.perf_counter()
        with transaction(factory) as session:
            session.connection()  # a ranking's transaction has begun before it is logged
        empty.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        with transaction(factory) as session:
            session.connection()
            before = time.perf_counter()
            audit_service.record_ranking(session, PRINCIPAL, ranking)
            record_only.append((time.perf_counter() - before) * 1000)
        audited.append((time.perf_counter() - started) * 1000)
    engine.dispose()
    return {
        "backend": engine.dialect.name,
        "records": records,
        "subjects": subjects,
        "prefill": prefill,
        "prefill_s": round(prefill_s, 1),
        "empty": _summary(empty),
        "audited": _summary(audited),
        "record": _summary(record_only),
        "added_mean_ms": round(statistics.fmean(audited) - statistics.fmean(empty), 3),
    }


def main() -> None:
    """Measure and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="database URL (default: a new SQLite file)")
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--subjects", type=int, default=20)
    parser.add_argument("--pool", type=int, default=100_000, help="employee ids drawn from")
    parser.add_argument("--prefill", type=int, default=0, help="events appended first")
    args = parser.parse_args()
    if args.database:
        result = run(args.database, args.records, args.subjects, args.pool, args.prefill)
    else:
        with tempfile.TemporaryDirectory(prefix="audit-bench-") as tmp:
            url = f"sqlite:///{tmp}/audit.db"
            result = run(url, args.records, args.subjects, args.pool, args.prefill)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
