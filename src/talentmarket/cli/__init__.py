"""The `talentmarket` command: serve, db, taxonomy import, demo, embed, bench, eval.

One module per command group; each has a `register(sub)` that adds its subcommands.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from talentmarket import __version__
from talentmarket.api.accesslog import configure_logging
from talentmarket.cli import (
    audit,
    auth,
    bench,
    db,
    demo,
    embed,
    evals,
    learning,
    serve,
    taxonomy,
    worker,
)
from talentmarket.cli.common import Handler, Parser
from talentmarket.config import get_settings
from talentmarket.db.engine import normalise_url
from talentmarket.errors import TalentMarketError

GROUPS = (serve, worker, db, taxonomy, learning, demo, embed, bench, evals, audit, auth)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = Parser(
        prog="talentmarket", description="Skills taxonomy and internal talent marketplace."
    )
    parser.add_argument("--version", action="version", version=f"talentmarket {__version__}")
    parser.add_argument("--database", help="database URL (default: TALENTMARKET_DATABASE_URL)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = parser.add_subparsers(dest="command", required=True)
    for group in GROUPS:
        group.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = build_parser().parse_args(argv)
    configure_logging(logging.DEBUG if args.verbose else logging.INFO)
    if not args.verbose:
        logging.getLogger("alembic").setLevel(logging.WARNING)
    settings = get_settings()
    if args.database:
        settings = settings.model_copy(update={"database_url": normalise_url(args.database)})
    handler: Handler = args.handler
    try:
        return handler(args, settings)
    except TalentMarketError as exc:
        print(f"error: {exc.detail}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
