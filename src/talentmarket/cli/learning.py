"""`talentmarket learning import FILE`: a learning catalogue from an LMS export."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from talentmarket.cli.common import open_runtime
from talentmarket.config import Settings
from talentmarket.db.engine import transaction


def cmd_learning_import(args: argparse.Namespace, settings: Settings) -> int:
    """Upsert every course of a CSV, JSON or JSON-lines file, all or none; print counts."""
    from talentmarket.learning.catalogue import import_catalogue

    runtime = open_runtime(settings)
    try:
        with transaction(runtime.sessionmaker) as session:
            counts = import_catalogue(
                session, runtime, Path(args.path), confirm_named=args.confirm_named
            )
    finally:
        runtime.close()
    print(json.dumps(counts))
    return 0


def register(sub: Any) -> None:
    """Add `learning import`."""
    learning = sub.add_parser("learning", help="the learning catalogue (courses)")
    commands = learning.add_subparsers(dest="learning_command", required=True)
    load = commands.add_parser(
        "import",
        help="courses from an LMS export (CSV, JSON or JSON lines): upserted by their id; "
        "skills found in their text wait for an admin",
    )
    load.add_argument("path", help="the file")
    load.add_argument(
        "--confirm-named",
        action="store_true",
        help="accept the skills the file tags each course with (found ones still wait)",
    )
    load.set_defaults(handler=cmd_learning_import)
