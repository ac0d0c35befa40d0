"""The `talentmarket` command: serve, db, taxonomy import, demo, embed, eval, bench."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from talentmarket.api.accesslog import configure_logging
from talentmarket.config import Settings, get_settings
from talentmarket.db.engine import normalise_url, transaction
from talentmarket.db.migrate import ensure_current, upgrade
from talentmarket.errors import TalentMarketError
from talentmarket.runtime import Runtime

Handler = Callable[[argparse.Namespace, Settings], int]


class ProgressPrinter:
    """Shows progress of long work on stderr, at most a few lines a second."""

    def __init__(self, prefix: str, quiet: bool = False) -> None:
        self.prefix = prefix
        self.quiet = quiet
        self._last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if self.quiet or (now - self._last < 0.5 and done < total):
            return
        self._last = now
        pct = f" {100 * done // total:3d}%" if total else ""
        print(f"[{self.prefix}] {stage}: {done:,}/{total:,}{pct}", file=sys.stderr, flush=True)


def open_runtime(settings: Settings, migrate: bool = True) -> Runtime:
    """A runtime on the configured database, migrated to the newest schema."""
    runtime = Runtime(settings)
    if migrate and ensure_current(runtime.engine, settings.database_url):
        print("database migrated to the newest schema", file=sys.stderr)
    return runtime


# -- serve / db ----------------------------------------------------------------------------
def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Run the HTTP API."""
    import uvicorn

    from talentmarket.app import create_app

    open_runtime(settings).close()
    app = create_app(settings)
    logging.getLogger().setLevel(settings.log_level.upper())
    # uvicorn logs through the root handler (request ids on every line); its access log,
    # which writes paths and client addresses, gives way to talentmarket.access
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level=settings.log_level.lower(),
        log_config=None,
        access_log=False,
    )
    return 0


def cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    """Migrate the database to the newest schema."""
    upgrade(settings.database_url, args.revision)
    print(f"database at {args.revision}")
    return 0


# -- taxonomy import -----------------------------------------------------------------------
def render_report(report: dict[str, Any], seconds: float) -> str:
    """Human-readable import summary."""
    lines = [f"{report['source']} {report['version']}: done in {seconds:.1f} s"]
    for name, c in report["counts"].items():
        if not c["total"] and not c["removed"]:
            continue
        lines.append(
            f"  {name:<18} {c['total']:>9,}  (created {c['created']:,}, updated {c['updated']:,},"
            f" unchanged {c['unchanged']:,}, removed/deprecated {c['removed']:,})"
        )
    lines.extend(f"  note: {n}" for n in report["notes"])
    lines.append("  changes written" if report["changed"] else "  no changes: already up to date")
    return "\n".join(lines)


def cmd_taxonomy_import(args: argparse.Namespace, settings: Settings) -> int:
    """Import ESCO, O*NET or the starter taxonomy in one transaction."""
    from talentmarket.taxonomy.importers import import_taxonomy

    runtime = open_runtime(settings)
    started = time.perf_counter()
    path = Path(args.path) if args.path else None
    progress = ProgressPrinter(args.source, quiet=args.quiet)
    with transaction(runtime.sessionmaker) as session:
        report = import_taxonomy(session, args.source, path, progress, args.version)
        if args.dry_run:
            session.rollback()
    seconds = time.perf_counter() - started
    data = report.as_dict() | {"seconds": round(seconds, 2), "dry_run": args.dry_run}
    print(json.dumps(data, indent=2) if args.json else render_report(data, seconds))
    runtime.close()
    return 0


# -- parser --------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(
        prog="talentmarket", description="Skills taxonomy and internal talent marketplace."
    )
    parser.add_argument("--database", help="database URL (default: TALENTMARKET_DATABASE_URL)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(handler=cmd_serve)

    db = sub.add_parser("db", help="database schema").add_subparsers(dest="db", required=True)
    up = db.add_parser("upgrade", help="migrate to the newest schema")
    up.add_argument("revision", nargs="?", default="head")
    up.set_defaults(handler=cmd_db_upgrade)

    tax = sub.add_parser("taxonomy", help="taxonomy data").add_subparsers(dest="tax", required=True)
    imp = tax.add_parser("import", help="import esco, onet or starter (one transaction)")
    imp.add_argument("source", choices=["esco", "onet", "starter"])
    imp.add_argument("path", nargs="?", help="folder of the source files (starter: optional)")
    imp.add_argument("--version", help="release label (default: from the folder name)")
    imp.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    imp.add_argument("--json", action="store_true", help="print the report as JSON")
    imp.add_argument("--quiet", action="store_true", help="no progress lines")
    imp.set_defaults(handler=cmd_taxonomy_import)

    for register in EXTENSIONS:
        register(sub)
    return parser


# Feature modules add their commands here (demo, embed, eval, bench).
EXTENSIONS: list[Callable[[Any], None]] = []


def _load_extensions() -> None:
    from importlib import import_module

    if EXTENSIONS:
        return
    for name in ("talentmarket.commands",):
        try:
            module = import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        EXTENSIONS.extend(getattr(module, "REGISTER", []))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    _load_extensions()
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


if __name__ == "__main__":
    raise SystemExit(main())
