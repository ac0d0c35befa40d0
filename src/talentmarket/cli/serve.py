"""`talentmarket serve`: run the HTTP API."""

from __future__ import annotations

import argparse
import logging
import os
from typing import Any

from talentmarket.cli.common import add_server_options, open_runtime
from talentmarket.config import Settings

WORKER_SETTINGS = "TALENTMARKET_SERVE_WORKER_SETTINGS"


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Run the HTTP API."""
    import uvicorn

    from talentmarket.app import create_app
    from talentmarket.auth.service import prepare_serve

    runtime = open_runtime(settings)
    settings = prepare_serve(settings, runtime.sessionmaker, args.host)  # refuses open + public
    runtime.close()
    logging.getLogger().setLevel(settings.log_level.upper())
    # uvicorn logs through the root handler (request ids on every line); its access log,
    # which writes paths and client addresses, gives way to talentmarket.access. Its HTTP
    # parser and event loop stay on auto, which takes httptools and uvloop (dependencies)
    # over h11 and asyncio's loop: 0.5-2 ms less a request on a 2-core host
    options: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "log_level": settings.log_level.lower(),
        "log_config": None,
        "access_log": False,
    }
    if args.workers > 1:
        # each worker process builds the app from the same settings; they share the
        # database and follow its data versions like replicas (see runtime.py)
        os.environ[WORKER_SETTINGS] = settings.model_dump_json()
        uvicorn.run(f"{__name__}:worker_app", factory=True, workers=args.workers, **options)
    else:
        uvicorn.run(create_app(settings), **options)
    return 0


def worker_app() -> Any:
    """The app of one `serve --workers N` process, from the settings the parent resolved."""
    from talentmarket.app import create_app

    settings = Settings.model_validate_json(os.environ[WORKER_SETTINGS])
    logging.getLogger().setLevel(settings.log_level.upper())
    return create_app(settings)


def register(sub: Any) -> None:
    """Add `serve`."""
    serve = sub.add_parser("serve", help="run the HTTP API")
    add_server_options(serve)
    serve.set_defaults(handler=cmd_serve)
