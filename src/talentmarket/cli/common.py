"""What every command shares: the parser class, common options, progress on stderr and a
migrated runtime."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

from tqdm import tqdm

from talentmarket.config import Settings
from talentmarket.db.migrate import ensure_current
from talentmarket.runtime import Runtime

Handler = Callable[[argparse.Namespace, Settings], int]


class HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Adds "(default: X)" to an option's help unless the help already names its default
    or there is none to show (flags, options that are unset by default)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        if action.default in (None, False, argparse.SUPPRESS) or "default" in text:
            return text
        return super()._get_help_string(action)


class Parser(argparse.ArgumentParser):
    """An argument parser whose help shows every option's default; subcommand parsers
    inherit the class (argparse creates them with the parent's type)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)


def add_server_options(parser: argparse.ArgumentParser) -> None:
    """--host, --port and --workers of a command that serves the HTTP API."""
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to bind; any but loopback needs authentication"
    )
    parser.add_argument("--port", type=int, default=8000, help="TCP port to listen on")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes sharing the port and the database (each loads the model)",
    )


def add_demo_options(parser: argparse.ArgumentParser) -> None:
    """The size and random seed of the synthetic demo company."""
    parser.add_argument("--employees", type=int, default=200, help="employees to create")
    parser.add_argument("--openings", type=int, default=60, help="openings to create")
    parser.add_argument("--seed", type=int, default=42, help="random seed (same seed, same data)")


class ProgressPrinter:
    """Shows progress of long work on stderr: a bar with rate and time left on a terminal,
    plain lines (done, total, percent, rate, time left) at most twice a second in logs."""

    def __init__(self, prefix: str, quiet: bool = False, stream: TextIO | None = None) -> None:
        self.prefix = prefix
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self._last = 0.0
        self._stage: tuple[str, float] | None = None  # the current stage and when it began
        self._bar: Any = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.quiet:
            return
        now = time.monotonic()
        if self._stage is None or self._stage[0] != stage:
            self._close_bar()
            self._stage = (stage, now)
            if self.stream.isatty():
                self._bar = tqdm(total=total, desc=f"[{self.prefix}] {stage}", file=self.stream)
        if self._bar is not None:
            self._bar.total = total
            self._bar.update(done - self._bar.n)
            if done >= total:
                self._close_bar()
            return
        if now - self._last < 0.5 and done < total:
            return
        self._last = now
        print(
            f"[{self.prefix}] {stage}: {self._line(done, total, now - self._stage[1])}",
            file=self.stream,
            flush=True,
        )

    @staticmethod
    def _line(done: int, total: int, seconds: float) -> str:
        """`done/total pct`, then the rate and the time left once they can be estimated."""
        text = f"{done:,}/{total:,}"
        if not total:
            return text
        text += f" {100 * done // total:3d}%"
        if done and seconds >= 1 and done < total:
            rate = done / seconds
            text += f", {rate:,.0f}/s, {(total - done) / rate:,.0f} s left"
        return text

    def _close_bar(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def open_runtime(settings: Settings, migrate: bool = True) -> Runtime:
    """A runtime on the configured database, migrated to the newest schema."""
    runtime = Runtime(settings)
    if migrate and ensure_current(runtime.engine, settings.database_url):
        print("database migrated to the newest schema", file=sys.stderr)
    return runtime
