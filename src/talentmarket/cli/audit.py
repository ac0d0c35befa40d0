"""`talentmarket audit prune|anomalies|fairness`: the retention of the audit log, who
accesses people's data in unusual ways, and the fairness audit of rankings and decisions."""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timedelta
from typing import Any

from talentmarket.audit import detection
from talentmarket.audit import service as audit_service
from talentmarket.audit.anomalies import findings_as_dicts
from talentmarket.cli.common import open_runtime
from talentmarket.config import Settings
from talentmarket.db.engine import transaction
from talentmarket.errors import InvalidRequest


def prune(args: argparse.Namespace, settings: Settings) -> int:
    """Delete audit events older than --older-than days (default: the retention setting)."""
    older_than = timedelta(days=args.older_than) if args.older_than is not None else None
    cutoff = audit_service.retention_cutoff(older_than)
    runtime = open_runtime(settings)
    try:
        with transaction(runtime.sessionmaker) as session:
            deleted = audit_service.prune(session, older_than)
    finally:
        runtime.close()
    print(json.dumps({"deleted": deleted, "older_than": cutoff.isoformat()}))
    return 0


def anomalies(args: argparse.Namespace, settings: Settings) -> int:
    """Print the access anomalies of a period as JSON (one object, findings in `items`)."""
    since = datetime.fromisoformat(args.since) if args.since else None
    runtime = open_runtime(settings)
    try:
        with runtime.sessionmaker() as session:
            start, findings, n = detection.detect(session, since)
    finally:
        runtime.close()
    report = {"since": start.isoformat(), "events_read": n, "items": findings_as_dicts(findings)}
    print(json.dumps(report, indent=2))
    return 0


def _moment(value: str | None, name: str) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise InvalidRequest(f"{name}: {value!r} is not an ISO date or time") from None


def fairness(args: argparse.Namespace, settings: Settings) -> int:
    """Print the fairness audit of a period as JSON, CSV or HTML."""
    from talentmarket.fairness import render
    from talentmarket.fairness.config import get_fairness_settings
    from talentmarket.fairness.service import STAGES, fairness_report

    options = get_fairness_settings()
    since, until = _moment(args.since, "--from"), _moment(args.until, "--to")
    runtime = open_runtime(settings)
    try:
        with runtime.sessionmaker() as session:
            report = fairness_report(
                session,
                since,
                until,
                args.kind,
                (args.stage,) if args.stage else STAGES,
                top_k=options.top_k,
                min_cell=options.min_cell,
                alpha=options.alpha,
            )
    finally:
        runtime.close()
    if args.format == "csv":
        print(render.as_csv(report), end="")
    elif args.format == "html":
        print(render.as_html(report))
    else:
        print(report.model_dump_json(indent=2))
    return 0


def register(sub: Any) -> None:
    """Add `audit prune|anomalies|fairness`."""
    audit = sub.add_parser("audit", help="the audit log").add_subparsers(
        dest="audit", required=True
    )
    cmd = audit.add_parser("prune", help="delete audit events older than the retention period")
    cmd.add_argument(
        "--older-than",
        type=int,
        metavar="DAYS",
        help="age in days (default: TALENTMARKET_AUDIT_RETENTION_DAYS, 365)",
    )
    cmd.set_defaults(handler=prune)
    found = audit.add_parser("anomalies", help="callers whose access pattern is unusual")
    found.add_argument(
        "--since",
        metavar="ISO_TIME",
        help="start of the period, e.g. 2026-12-01T00:00:00+00:00 (default: 24 hours ago)",
    )
    found.set_defaults(handler=anomalies)
    audit_f = audit.add_parser(
        "fairness", help="rates, impact ratios and flags per group of self-reported data"
    )
    audit_f.add_argument("--from", dest="since", metavar="ISO_TIME", help="start (default: all)")
    audit_f.add_argument("--to", dest="until", metavar="ISO_TIME", help="end (default: now)")
    audit_f.add_argument(
        "--kind", choices=("job", "gig", "project", "mentorship"), help="one kind of opening"
    )
    audit_f.add_argument(
        "--stage", choices=("ranked_top_k", "shortlisted", "selected"), help="one stage only"
    )
    audit_f.add_argument(
        "--format", choices=("json", "csv", "html"), default="json", help="output (json)"
    )
    audit_f.set_defaults(handler=fairness)
