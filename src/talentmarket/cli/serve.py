"""`talentmarket serve`: run the HTTP API."""

from __future__ import annotations

import argparse
import logging
from typing import Any

from talentmarket.cli.common import add_server_options, open_runtime
from talentmarket.config import Settings


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Run the HTTP API."""
    import uvicorn

    from talentmarket.app import create_app
    from talentmarket.auth.service import prepare_serve

    runtime = open_runtime(settings)
    settings = prepare_serve(settings, runtime.sessionmaker, args.host)  # refuses open + public
    runtime.close()
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


def register(sub: Any) -> None:
    """Add `serve`."""
    serve = sub.add_parser("serve", help="run the HTTP API")
    add_server_options(serve)
    serve.set_defaults(handler=cmd_serve)
