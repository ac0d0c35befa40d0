"""`talentmarket bench ...`: benchmarks that print numbers."""

from __future__ import annotations

import argparse
import json
import logging
from typing import Any

from talentmarket.cli.common import open_runtime
from talentmarket.config import Settings
from talentmarket.errors import MalformedInput


def _quiet_http_log() -> None:
    """Benchmarks print one JSON object; a line per HTTP request would bury it."""
    logging.getLogger("httpx").setLevel(logging.WARNING)


def cmd_bench_matching(args: argparse.Namespace, settings: Settings) -> int:
    """Time candidates, opportunities and search through the HTTP API at scale."""
    from talentmarket.benchmarks.matching import BenchParams, main

    _quiet_http_log()
    open_runtime(settings).close()
    params = BenchParams(
        args.employees,
        args.openings,
        args.queries,
        args.seed,
        args.source,
        audit=args.audit,
        writes_per_second=args.writes_per_second,
        updates=args.updates,
    )
    return main(settings, params)


def cmd_bench_skills(args: argparse.Namespace, settings: Settings) -> int:
    """Restart time, extraction and normalisation latency, server memory."""
    from talentmarket.benchmarks.skills import main

    _quiet_http_log()
    open_runtime(settings).close()
    return main(settings.database_url, args.requests)


def cmd_bench_host(args: argparse.Namespace, settings: Settings) -> int:
    """The model's throughput and a 100,000-row product on this machine."""
    from talentmarket.benchmarks.host import main

    if args.rounds < 1:
        raise MalformedInput(f"--rounds must be at least 1, not {args.rounds}")
    return main(settings, args.rounds)


def cmd_bench_access_anomalies(args: argparse.Namespace, settings: Settings) -> int:
    """Simulate a month of audited traffic with injected misuse; print detection figures."""
    from talentmarket.benchmarks.access_anomalies import run_access_anomaly_bench

    result = run_access_anomaly_bench(n_callers=args.callers, days=args.days, seed=args.seed)
    print(json.dumps(result))
    return 0


def cmd_bench_careers(args: argparse.Namespace, settings: Settings) -> int:
    """Career mobility latency on a loaded taxonomy (adds synthetic rows: use a copy)."""
    from talentmarket.benchmarks.careers import CareersParams, run

    _quiet_http_log()
    open_runtime(settings).close()
    params = CareersParams(args.employees, args.roles, args.openings, args.seed)
    print(json.dumps(run(settings, params), indent=1))
    return 0


def cmd_bench_analytics(args: argparse.Namespace, settings: Settings) -> int:
    """Workforce analytics latency and one deprecation (rolled back)."""
    from talentmarket.benchmarks.analytics import run

    _quiet_http_log()
    open_runtime(settings).close()
    print(json.dumps(run(settings, args.holders), indent=1))
    return 0


def cmd_bench_hardening(args: argparse.Namespace, settings: Settings) -> int:
    """A huge body and concurrent long extractions against a real server."""
    from talentmarket.benchmarks.hardening import HardeningParams, run

    _quiet_http_log()
    open_runtime(settings).close()
    params = HardeningParams(args.mb, args.chunked, args.n, args.chars)
    print(json.dumps(run(settings, params), indent=1))
    return 0


def cmd_bench_pages(args: argparse.Namespace, settings: Settings) -> int:
    """The web app's opportunities and candidates pages at scale."""
    from talentmarket.benchmarks.pages import run

    _quiet_http_log()
    open_runtime(settings).close()
    print(json.dumps(run(settings, args.requests, args.seed), indent=1))
    return 0


def cmd_bench_learning_to_rank(args: argparse.Namespace, settings: Settings) -> int:
    """Learned part weights against the live scorer, on simulated recruiters' decisions."""
    from talentmarket.benchmarks.learning_to_rank import LtrParams, main

    open_runtime(settings).close()
    main(settings, LtrParams(args.openings, args.limit, args.preference, args.seed))
    return 0


def _add_matching(kinds: Any) -> None:
    """Add `bench matching`."""
    matching = kinds.add_parser("matching", help="ranking latency through the HTTP API")
    matching.add_argument(
        "--employees", type=int, default=100_000, help="synthetic employees (seeded once)"
    )
    matching.add_argument("--openings", type=int, default=10_000, help="synthetic openings")
    matching.add_argument("--queries", type=int, default=200, help="requests timed per kind")
    matching.add_argument("--seed", type=int, default=1, help="random seed of data and queries")
    matching.add_argument("--source", help="draw roles from one taxonomy source")
    matching.add_argument(
        "--audit",
        choices=("on", "off", "both"),
        default="on",
        help="ranking audit rows on, off, or both side by side (off, then on)",
    )
    matching.add_argument(
        "--writes-per-second",
        type=float,
        default=0.0,
        help="people created through the API while timing, with the staleness of each "
        "(default 0: no writes)",
    )
    matching.add_argument(
        "--updates",
        action="store_true",
        help="every other write moves a person the stream created to a new department and "
        "title (an update of a row the pools hold) instead of creating one",
    )
    matching.set_defaults(handler=cmd_bench_matching)


def register(sub: Any) -> None:
    """Add `bench matching|skills|host|access-anomalies|careers|analytics|hardening|pages|
    learning-to-rank`."""
    bench = sub.add_parser("bench", help="benchmarks that print numbers")
    kinds = bench.add_subparsers(dest="bench", required=True)
    _add_matching(kinds)
    skills = kinds.add_parser("skills", help="restart, extraction and title latency, memory")
    skills.add_argument("--requests", type=int, default=100, help="requests timed per kind")
    skills.set_defaults(handler=cmd_bench_skills)
    host = kinds.add_parser(
        "host", help="this machine's yardsticks: the model's throughput, a 100k-row product"
    )
    host.add_argument("--rounds", type=int, default=3, help="rounds timed (the best counts)")
    host.set_defaults(handler=cmd_bench_host)
    anomalies = kinds.add_parser(
        "access-anomalies", help="recall and false alarms of access anomaly detection"
    )
    anomalies.add_argument("--callers", type=int, default=400, help="callers (default 400)")
    anomalies.add_argument("--days", type=int, default=30, help="days simulated (default 30)")
    anomalies.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    anomalies.set_defaults(handler=cmd_bench_access_anomalies)
    careers = kinds.add_parser(
        "careers", help="related roles, career paths, skill gaps, learning (adds rows)"
    )
    careers.add_argument("--employees", type=int, default=60, help="synthetic employees (60)")
    careers.add_argument("--roles", type=int, default=100, help="roles timed (default 100)")
    careers.add_argument("--openings", type=int, default=1000, help="open gigs added (1000)")
    careers.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    careers.set_defaults(handler=cmd_bench_careers)
    analytics = kinds.add_parser(
        "analytics", help="workforce analytics and a deprecation (rolled back)"
    )
    analytics.add_argument(
        "--holders", type=int, default=1000, help="deprecate a skill this many hold (1000)"
    )
    analytics.set_defaults(handler=cmd_bench_analytics)
    hardening = kinds.add_parser(
        "hardening", help="a huge body and concurrent long extractions against a server"
    )
    hardening.add_argument("--mb", type=int, default=100, help="body size in MB (default 100)")
    hardening.add_argument("--chunked", action="store_true", help="send the body chunked")
    hardening.add_argument("--n", type=int, default=8, help="extractions at once (default 8)")
    hardening.add_argument(
        "--chars", type=int, default=20_000, help="characters per extraction (default 20000)"
    )
    hardening.set_defaults(handler=cmd_bench_hardening)
    pages = kinds.add_parser("pages", help="the web app's opportunities and candidates pages")
    pages.add_argument("--requests", type=int, default=200, help="pages timed per kind (200)")
    pages.add_argument("--seed", type=int, default=1, help="random seed of the sample (1)")
    pages.set_defaults(handler=cmd_bench_pages)
    _register_learning_to_rank(kinds)
    _register_load(kinds)
    _register_staffing(kinds)
    _register_webhooks(kinds)


def cmd_bench_staffing(args: argparse.Namespace, settings: Settings) -> int:
    """The staffing planner against best pair first."""
    from talentmarket.benchmarks.staffing import StaffingParams, main

    open_runtime(settings).close()
    params = StaffingParams(
        openings=args.openings,
        candidates=args.candidates,
        max_per_department=args.max_per_department,
        min_growth_share=args.min_growth_share,
        time_limit=args.time_limit,
        seed=args.seed,
    )
    return main(settings, params)


def _register_staffing(kinds: Any) -> None:
    """Add `bench staffing`."""
    staffing = kinds.add_parser("staffing", help="the staffing planner against greedy")
    staffing.add_argument("--openings", type=int, default=500, help="openings staffed (500)")
    staffing.add_argument("--candidates", type=int, default=30, help="candidates each (30)")
    staffing.add_argument("--max-per-department", type=int, default=None, help="limit (none)")
    staffing.add_argument("--min-growth-share", type=float, default=None, help="limit (none)")
    staffing.add_argument("--time-limit", type=float, default=60.0, help="solver seconds (60)")
    staffing.add_argument("--seed", type=int, default=1, help="random seed of the sample (1)")
    staffing.set_defaults(handler=cmd_bench_staffing)


def cmd_bench_load(args: argparse.Namespace, settings: Settings) -> int:
    """Many concurrent users against one server (locust, headless, bounded)."""
    from talentmarket.benchmarks.load import LoadParams, main

    _quiet_http_log()
    open_runtime(settings).close()
    params = LoadParams(
        users=args.users, seconds=args.seconds, workers=args.workers, seed=args.seed
    )
    return main(settings, params)


def _register_load(kinds: Any) -> None:
    """Add `bench load`."""
    load = kinds.add_parser("load", help="concurrent users against one server, with locust")
    load.add_argument("--users", type=int, default=50, help="simulated users (50)")
    load.add_argument("--seconds", type=int, default=60, help="how long they run (60)")
    load.add_argument("--workers", type=int, default=1, help="server processes (1)")
    load.add_argument("--seed", type=int, default=1, help="random seed of the sample (1)")
    load.set_defaults(handler=cmd_bench_load)


def cmd_bench_webhooks(args: argparse.Namespace, settings: Settings) -> int:
    """Events from write to subscriber: latency, losses, duplicates, catch-up."""
    from talentmarket.benchmarks.webhooks import HookParams, main

    _quiet_http_log()
    open_runtime(settings).close()
    return main(settings, HookParams(events=args.events, rate=args.rate, outage=args.outage))


def _register_webhooks(kinds: Any) -> None:
    """Add `bench webhooks`."""
    hooks = kinds.add_parser(
        "webhooks", help="events from write to a local subscriber (writes people: scratch db)"
    )
    hooks.add_argument("--events", type=int, default=300, help="people written (300)")
    hooks.add_argument("--rate", type=float, default=20.0, help="writes per second (20)")
    hooks.add_argument(
        "--outage", type=float, default=0.0, help="seconds the receiver is down at first (0)"
    )
    hooks.set_defaults(handler=cmd_bench_webhooks)


def _register_learning_to_rank(kinds: Any) -> None:
    """Add `bench learning-to-rank`."""
    ltr = kinds.add_parser(
        "learning-to-rank", help="learned ranker vs live scorer on simulated decisions"
    )
    ltr.add_argument("--openings", type=int, default=1200, help="openings ranked (1200)")
    ltr.add_argument("--limit", type=int, default=50, help="candidates per page (50)")
    ltr.add_argument(
        "--preference",
        choices=("default", "semantic", "role", "location", "must"),
        default="semantic",
        help="the simulated recruiters' hidden preference (semantic)",
    )
    ltr.add_argument("--seed", type=int, default=0, help="random seed (0)")
    ltr.set_defaults(handler=cmd_bench_learning_to_rank)
