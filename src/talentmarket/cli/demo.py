"""`talentmarket demo seed|up`: synthetic employees and openings, and a one-step demo server."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from talentmarket.cli.common import (
    ProgressPrinter,
    add_demo_options,
    add_server_options,
    open_runtime,
)
from talentmarket.cli.serve import cmd_serve
from talentmarket.config import Settings
from talentmarket.db.engine import transaction
from talentmarket.runtime import Runtime


def cmd_demo_seed(args: argparse.Namespace, settings: Settings) -> int:
    """Create deterministic synthetic employees and openings."""
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
    from talentmarket.cli.auth import demo_tokens
    from talentmarket.demo.repository import is_empty
    from talentmarket.demo.seed import seed_demo
    from talentmarket.documents import READERS
    from talentmarket.embeddings.bulk import run_embed
    from talentmarket.taxonomy.importers import import_taxonomy

    runtime = open_runtime(settings)
    with transaction(runtime.sessionmaker) as session:
        no_roles, no_people = is_empty(session)
        if no_roles:
            report = import_taxonomy(session, "starter", None, ProgressPrinter("starter"))
            print(
                f"starter taxonomy loaded: {report.counts['skills'].total} skills", file=sys.stderr
            )
        if no_people:
            seeded = seed_demo(session, args.employees, args.openings, args.seed)
            print(
                f"demo data: {seeded.employees_created} employees, "
                f"{seeded.openings_created} openings",
                file=sys.stderr,
            )
    with transaction(runtime.sessionmaker) as session:
        stats = run_embed(
            session, runtime.encoder, readers=READERS, progress=ProgressPrinter("embed")
        )
        computed = sum(s.computed for s in stats)
        if computed:
            print(f"embedded {computed:,} new texts and documents", file=sys.stderr)
    _demo_catalogue(runtime)
    print(demo_tokens(settings, runtime, f"http://{args.host}:{args.port}"))
    runtime.close()
    print(f"web app on http://{args.host}:{args.port}/app (pick a demo person)", file=sys.stderr)
    print(f"serving on http://{args.host}:{args.port}/docs", file=sys.stderr)
    return cmd_serve(args, settings)


def _demo_catalogue(runtime: Runtime) -> None:
    """Import the demo learning catalogue when there are no courses yet (its tags accepted,
    the skills found in its text left for an admin)."""
    from talentmarket.learning.catalogue import import_catalogue
    from talentmarket.learning.repository import CourseRepository
    from talentmarket.resources import shipped

    with transaction(runtime.sessionmaker) as session:
        if CourseRepository(session).count() == 0:
            path = shipped("data/learning/courses.csv")
            counts = import_catalogue(session, runtime, path, confirm_named=True)
            print(f"learning catalogue: {counts['created']} courses", file=sys.stderr)


def register(sub: Any) -> None:
    """Add `demo seed` and `demo up`."""
    demo = sub.add_parser("demo", help="demo data").add_subparsers(dest="demo", required=True)
    seed = demo.add_parser("seed", help="create synthetic employees and openings")
    add_demo_options(seed)
    seed.add_argument("--source", help="draw roles from one taxonomy source (default: starter)")
    seed.add_argument("--quiet", action="store_true", help="no progress lines")
    seed.set_defaults(handler=cmd_demo_seed)
    up = demo.add_parser("up", help="load starter taxonomy and demo data if empty, then serve")
    add_server_options(up)
    add_demo_options(up)
    up.set_defaults(handler=cmd_demo_up)
