"""Vector search latency on 100,000 x 384 vectors: numpy in-process and pgvector (HNSW).

The vectors are perturbations of real all-MiniLM-L6-v2 label vectors (from the shared
embedding cache, or a talentmarket database's text_vectors), so neighbourhoods look like
real ones rather than uniform noise. Queries are fresh perturbations of other real vectors.
Prints one JSON object. Run from the project root:

    python -m bench.vector_search --n 100000 --queries 200 \
        --sqlite /tmp/bench_vectors.db --pg postgresql+psycopg://USER:PW@HOST:PORT/DB
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bench.embcache import CACHE_PATH
from talentmarket.db.engine import make_engine, make_sessionmaker
from talentmarket.db.migrate import upgrade
from talentmarket.textintel.vectors import NumpyIndex
from talentmarket.vectorstore.pgschema import hnsw_index_ddl, hnsw_index_name
from talentmarket.vectorstore.repository import VectorRepository

F32 = NDArray[np.float32]
MODEL = "bench-minilm-perturbed"


def rss_mb() -> float:
    """Resident memory now, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def real_vectors(limit: int, path: Path) -> F32:
    """Up to limit real MiniLM vectors from the shared cache (n, 384)."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rows = db.execute(
        "SELECT v FROM vec WHERE model = 'all-MiniLM-L6-v2' LIMIT ?", (limit,)
    ).fetchall()
    return np.stack([np.frombuffer(r[0], dtype=np.float32) for r in rows]).astype(np.float32)


def perturbed(base: F32, n: int, noise: float, rng: np.random.Generator) -> F32:
    """n unit vectors, each a real vector plus gaussian noise (n, dim)."""
    picks = base[rng.integers(0, base.shape[0], n)]
    m = picks + noise * rng.standard_normal(picks.shape).astype(np.float32) / np.sqrt(base.shape[1])
    out: F32 = (m / np.linalg.norm(m, axis=1, keepdims=True)).astype(np.float32)
    return out


def latency(fn: Callable[[int], Any], count: int) -> dict[str, float]:
    """p50/p95/mean milliseconds of fn(i) over count calls (after 3 warm-ups)."""
    for i in range(3):
        fn(i)
    times = []
    for i in range(count):
        t = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - t) * 1000)
    arr = np.array(times)
    return {
        "p50_ms": round(float(np.percentile(arr, 50)), 2),
        "p95_ms": round(float(np.percentile(arr, 95)), 2),
        "mean_ms": round(float(arr.mean()), 2),
    }


def bench_numpy(ids: NDArray[np.int64], matrix: F32, queries: F32, k: int) -> dict[str, Any]:
    """Exact numpy search: single queries, batches of 100, 1,000-id subsets."""
    t = time.perf_counter()
    index = NumpyIndex(ids, matrix)
    build = time.perf_counter() - t
    rng = np.random.default_rng(3)
    subsets = [rng.choice(ids, 1000, replace=False) for _ in range(8)]
    out: dict[str, Any] = {"build_s": round(build, 3)}
    out["single"] = latency(lambda i: index.search(queries[i % len(queries)], k), len(queries))
    batch = queries[:100]
    t = time.perf_counter()
    reps = 5
    for _ in range(reps):
        index.search_many(batch, k)
    out["batched_100_per_query_ms"] = round((time.perf_counter() - t) * 1000 / (reps * 100), 2)
    out["allowed_1000"] = latency(
        lambda i: index.search(queries[i % len(queries)], k, allowed=subsets[i % 8]),
        len(queries),
    )
    return out


def bench_sqlite_load(path: Path, ids: NDArray[np.int64], matrix: F32) -> dict[str, Any]:
    """Store n employee vectors in SQLite, then time loading them back (a restart)."""
    path.unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    t = time.perf_counter()
    with factory() as session:
        VectorRepository(session).upsert_entity_vectors(
            "employee", MODEL, ids.tolist(), ["bench"] * len(ids), matrix
        )
        session.commit()
    store = time.perf_counter() - t
    before = rss_mb()
    t = time.perf_counter()
    with factory() as session:
        got_ids, got = VectorRepository(session).entity_matrix("employee", MODEL)
        index = NumpyIndex(got_ids, got)
    load = time.perf_counter() - t
    engine.dispose()
    return {
        "store_s": round(store, 2),
        "load_and_index_s": round(load, 2),
        "rss_growth_mb": round(rss_mb() - before, 1),
        "db_mb": round(path.stat().st_size / 1e6, 1),
        "rows": len(index),
    }


def bench_pgvector(
    url: str, ids: NDArray[np.int64], matrix: F32, queries: F32, k: int, exact: NumpyIndex
) -> dict[str, Any]:
    """Store the vectors in PostgreSQL (HNSW kept up to date row by row), then query."""
    from sqlalchemy import text

    from talentmarket.embeddings.pgvector_index import PgVectorIndex

    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    upgrade(url)
    factory = make_sessionmaker(engine)
    index_name = hnsw_index_name("employee")
    extra = 1000
    with factory() as session:
        # bulk load: rows first, then one HNSW build (as for a first import)
        session.execute(text(f"DROP INDEX {index_name}"))
        repo = VectorRepository(session)
        t = time.perf_counter()
        for start in range(0, len(ids) - extra, 10_000):
            stop = min(start + 10_000, len(ids) - extra)
            repo.upsert_entity_vectors(
                "employee",
                MODEL,
                ids[start:stop].tolist(),
                ["bench"] * (stop - start),
                matrix[start:stop],
            )
        session.commit()
        insert_s = time.perf_counter() - t
        session.execute(text("SET maintenance_work_mem = '1GB'"))
        session.execute(text("SET max_parallel_maintenance_workers = 1"))
        t = time.perf_counter()
        session.execute(text(hnsw_index_ddl("employee")))
        session.commit()
        build_s = time.perf_counter() - t
        # then the last rows one batch at a time with the index in place (as `embed` does)
        t = time.perf_counter()
        for start in range(len(ids) - extra, len(ids), 100):
            repo.upsert_entity_vectors(
                "employee",
                MODEL,
                ids[start : start + 100].tolist(),
                ["bench"] * 100,
                matrix[start : start + 100],
            )
            session.commit()
        incremental_s = time.perf_counter() - t
        repo.refresh_statistics()  # as `talentmarket embed` does after a bulk write
        session.commit()
    index = PgVectorIndex(factory, "employee", MODEL, matrix.shape[1])
    with factory() as session:
        plan = "\n".join(
            str(r[0])
            for r in session.execute(
                text(
                    "EXPLAIN SELECT entity_id FROM entity_vectors WHERE entity = 'employee' "
                    "AND dim = 384 AND model_id = :m ORDER BY embedding::vector(384) <=> "
                    "CAST(:q AS vector(384)) LIMIT 20"
                ),
                {"m": MODEL, "q": "[" + ",".join(f"{x:.6f}" for x in queries[0]) + "]"},
            )
        )
    recalls = []
    for q in queries[:50]:
        got = set(index.search(q, k)[0].tolist())
        want = set(exact.search(q, k)[0].tolist())
        recalls.append(len(got & want) / k)
    rng = np.random.default_rng(3)
    subsets = [rng.choice(ids, 1000, replace=False).tolist() for _ in range(8)]
    out = {
        "insert_rows_s": round(insert_s, 1),
        "hnsw_build_s": round(build_s, 1),
        f"insert_{extra}_more_with_index_rows_per_s": round(extra / incremental_s, 1),
        "uses_hnsw_index": "ix_entity_vectors_hnsw_employee_384" in plan,
        "ef_search": index.ef_search,
        f"recall_at_{k}": round(float(np.mean(recalls)), 3),
        "single": latency(lambda i: index.search(queries[i % len(queries)], k), len(queries)),
        "allowed_1000_exact": latency(
            lambda i: index.search(queries[i % len(queries)], k, allowed=subsets[i % 8]),
            len(queries) // 2,
        ),
    }
    engine.dispose()
    return out


def main() -> None:
    """Run the benchmark and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--k", type=int, default=20)
    parser.add_argument("--noise", type=float, default=0.6, help="relative perturbation")
    parser.add_argument("--cache", type=Path, default=CACHE_PATH, help="shared embedding cache")
    parser.add_argument("--sqlite", type=Path, help="scratch SQLite file for the load test")
    parser.add_argument("--pg", help="scratch PostgreSQL URL (its public schema is dropped!)")
    parser.add_argument("--threads-note", default="", help="free text recorded in the output")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    base = real_vectors(40_000, args.cache)
    matrix = perturbed(base[:30_000], args.n, args.noise, rng)
    ids = np.arange(1, args.n + 1, dtype=np.int64)
    queries = perturbed(base[30_000:], args.queries, args.noise, rng)
    result: dict[str, Any] = {
        "n": args.n,
        "dim": int(matrix.shape[1]),
        "k": args.k,
        "queries": args.queries,
        "real_vectors_used": int(base.shape[0]),
        "note": args.threads_note,
    }
    result["numpy"] = bench_numpy(ids, matrix, queries, args.k)
    if args.sqlite:
        result["sqlite_restart_load"] = bench_sqlite_load(args.sqlite, ids, matrix)
    if args.pg:
        exact = NumpyIndex(ids, matrix)
        result["pgvector"] = bench_pgvector(args.pg, ids, matrix, queries, args.k, exact)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
