"""`talentmarket worker`: deliver webhooks outside the HTTP server."""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from typing import Any

from talentmarket.cli.common import open_runtime
from talentmarket.config import Settings
from talentmarket.webhooks.config import get_webhook_settings
from talentmarket.webhooks.delivery import Deliverer

log = logging.getLogger(__name__)


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    """Deliver pending webhook events until stopped (SIGINT or SIGTERM); `--once`: one
    pass, then exit. Any number of workers and servers may run: each subscription is
    delivered by one of them at a time."""
    runtime = open_runtime(settings)
    deliverer = Deliverer(runtime.sessionmaker, get_webhook_settings())
    try:
        if args.once:
            print(f"{deliverer.run_once()} deliveries attempted")
            return 0
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        log.info("webhook worker %s started", deliverer.worker_id)
        deliverer.run(stop)
        return 0
    finally:
        runtime.close()


def register(sub: Any) -> None:
    """Add `worker`."""
    worker = sub.add_parser(
        "worker", help="deliver webhook events (also a thread of `serve` unless turned off)"
    )
    worker.add_argument("--once", action="store_true", help="one delivery pass, then exit")
    worker.set_defaults(handler=cmd_worker)
