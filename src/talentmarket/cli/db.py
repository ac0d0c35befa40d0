"""`talentmarket db upgrade`: migrate the database schema."""

from __future__ import annotations

import argparse
from typing import Any

from talentmarket.config import Settings
from talentmarket.db.migrate import upgrade


def cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    """Migrate the database to the newest schema."""
    upgrade(settings.database_url, args.revision)
    print(f"database at {args.revision}")
    return 0


def register(sub: Any) -> None:
    """Add `db upgrade`."""
    db = sub.add_parser("db", help="database schema").add_subparsers(dest="db", required=True)
    up = db.add_parser("upgrade", help="migrate to the newest schema")
    up.add_argument("revision", nargs="?", default="head", help="Alembic revision to reach")
    up.set_defaults(handler=cmd_db_upgrade)
