"""`talentmarket audit prune|anomalies`: the retention of the audit log, and who accesses
people's data in unusual ways."""

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


def register(sub: Any) -> None:
    """Add `audit prune`."""
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
