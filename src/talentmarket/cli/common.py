"""What every command shares: progress lines on stderr and a migrated runtime."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from talentmarket.config import Settings
from talentmarket.db.migrate import ensure_current
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
