"""CLI commands beyond the core ones: demo data (more register here as features land)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from sqlalchemy import func, select

from talentmarket.config import Settings
from talentmarket.db.engine import transaction


def cmd_demo_seed(args: argparse.Namespace, settings: Settings) -> int:
    """Create deterministic synthetic employees and openings."""
    from talentmarket.cli import ProgressPrinter, open_runtime
    from talentmarket.demo.seed import seed_demo

    runtime = open_runtime(settings)
    started = time.perf_counter()
    with transaction(runtime.sessionmaker) as session:
        report = seed_demo(
            session,
            args.employees,
            args.openings,
            args.seed,
            args.source,
            ProgressPrinter("demo", quiet=args.quiet),
        )
    data = report.as_dict() | {"seconds": round(time.perf_counter() - started, 2)}
    print(json.dumps(data))
    runtime.close()
    return 0


def cmd_demo_up(args: argparse.Namespace, settings: Settings) -> int:
    """Make sure the starter taxonomy and demo data are loaded, then serve."""
    from talentmarket.auth.commands import demo_tokens
    from talentmarket.cli import ProgressPrinter, cmd_serve, open_runtime
    from talentmarket.demo.seed import seed_demo
    from talentmarket.embeddings.service import run_embed
    from talentmarket.people.models import Employee
    from talentmarket.taxonomy.importers import import_taxonomy
    from talentmarket.taxonomy.models import Role

    runtime = open_runtime(settings)
    with transaction(runtime.sessionmaker) as session:
        if not session.scalar(select(func.count()).select_from(Role)):
            report = import_taxonomy(session, "starter", None, ProgressPrinter("starter"))
            print(
                f"starter taxonomy loaded: {report.counts['skills'].total} skills", file=sys.stderr
            )
        if not session.scalar(select(func.count()).select_from(Employee)):
            seeded = seed_demo(session, args.employees, args.openings, args.seed)
            print(
                f"demo data: {seeded.employees_created} employees, "
                f"{seeded.openings_created} openings",
                file=sys.stderr,
            )
    with transaction(runtime.sessionmaker) as session:
        stats = run_embed(session, runtime.encoder, progress=ProgressPrinter("embed"))
        computed = sum(s.computed for s in stats)
        if computed:
            print(f"embedded {computed:,} new texts and documents", file=sys.stderr)
    print(demo_tokens(settings, runtime, f"http://{args.host}:{args.port}"))
    runtime.close()
    print(f"serving on http://{args.host}:{args.port}/docs", file=sys.stderr)
    return cmd_serve(args, settings)


def register_demo(sub: Any) -> None:
    """Add `demo seed` and `demo up`."""
    demo = sub.add_parser("demo", help="demo data").add_subparsers(dest="demo", required=True)
    seed = demo.add_parser("seed", help="create synthetic employees and openings")
    seed.add_argument("--employees", type=int, default=200)
    seed.add_argument("--openings", type=int, default=60)
    seed.add_argument("--seed", type=int, default=42)
    seed.add_argument("--source", help="draw roles from one taxonomy source (default: starter)")
    seed.add_argument("--quiet", action="store_true")
    seed.set_defaults(handler=cmd_demo_seed)
    up = demo.add_parser("up", help="load starter taxonomy and demo data if empty, then serve")
    up.add_argument("--host", default="127.0.0.1")
    up.add_argument("--port", type=int, default=8000)
    up.add_argument("--employees", type=int, default=200)
    up.add_argument("--openings", type=int, default=60)
    up.add_argument("--seed", type=int, default=42)
    up.set_defaults(handler=cmd_demo_up)


def register_embed(sub: Any) -> None:
    """Add `embed` (stored vectors; the logic lives in talentmarket.embeddings)."""
    from talentmarket.embeddings.command import add_embed_parser

    add_embed_parser(sub)


REGISTER = [register_demo, register_embed]


def cmd_bench_matching(args: argparse.Namespace, settings: Settings) -> int:
    """Time candidates, opportunities and search through the HTTP API at scale."""
    from talentmarket.benchmarks.matching import BenchParams, main
    from talentmarket.cli import open_runtime

    open_runtime(settings).close()
    params = BenchParams(args.employees, args.openings, args.queries, args.seed, args.source)
    return main(settings, params)


def cmd_bench_skills(args: argparse.Namespace, settings: Settings) -> int:
    """Restart time, extraction and normalisation latency, server memory."""
    from talentmarket.benchmarks.skills import main
    from talentmarket.cli import open_runtime

    open_runtime(settings).close()
    return main(settings.database_url, args.requests)


def register_bench(sub: Any) -> None:
    """Add `bench matching`."""
    bench = sub.add_parser("bench", help="benchmarks that print numbers")
    kinds = bench.add_subparsers(dest="bench", required=True)
    matching = kinds.add_parser("matching", help="ranking latency through the HTTP API")
    matching.add_argument("--employees", type=int, default=100_000)
    matching.add_argument("--openings", type=int, default=10_000)
    matching.add_argument("--queries", type=int, default=200)
    matching.add_argument("--seed", type=int, default=1)
    matching.add_argument("--source", help="draw roles from one taxonomy source")
    matching.set_defaults(handler=cmd_bench_matching)
    skills = kinds.add_parser("skills", help="restart, extraction and title latency, memory")
    skills.add_argument("--requests", type=int, default=100)
    skills.set_defaults(handler=cmd_bench_skills)


REGISTER.append(register_bench)


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    """Run one evaluation on labelled cases and print one JSON object."""
    from pathlib import Path

    from talentmarket.cli import open_runtime

    runtime = open_runtime(settings)
    with transaction(runtime.sessionmaker) as session:
        if args.eval == "extraction":
            from talentmarket.evaluation.extraction import eval_extraction

            result = eval_extraction(session, runtime, Path(args.cases), args.baseline)
        elif args.eval == "titles":
            from talentmarket.evaluation.extraction import eval_titles

            result = eval_titles(session, runtime, Path(args.cases), args.baseline)
        elif args.eval == "related-roles":
            from talentmarket.evaluation.mobility import eval_related_roles

            result = eval_related_roles(session, runtime, Path(args.cases), args.baseline)
        else:
            from talentmarket.evaluation.mobility import eval_mobility

            result = eval_mobility(session, runtime, Path(args.cases), args.baseline)
    print(json.dumps(result))
    runtime.close()
    return 0


def register_eval(sub: Any) -> None:
    """Add `eval extraction|titles|mobility|related-roles`."""
    evals = sub.add_parser("eval", help="quality on labelled cases").add_subparsers(
        dest="eval", required=True
    )
    helps = {
        "extraction": "rank all skills per text; RP@5, RP@10, MRR",
        "titles": "rank all roles per job title; acc@1, MRR",
        "mobility": "rank openings for O*NET occupation holders; nDCG@10, P@5, MRR",
        "related-roles": "rank related roles per O*NET occupation; nDCG@10, P@5, MRR",
    }
    for name, text in helps.items():
        cmd = evals.add_parser(name, help=text)
        cmd.add_argument("--cases", required=True, help="JSON lines file of labelled cases")
        cmd.add_argument("--baseline", action="store_true", help="add the baselines")
        cmd.set_defaults(handler=cmd_eval)


REGISTER.append(register_eval)
