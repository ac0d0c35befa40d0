"""A real server process for benchmarks: start, wait, measure memory, stop."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

import httpx

from talentmarket.auth.keys import create_key_file
from talentmarket.auth.service import demo_token
from talentmarket.auth.tokens import AuthRole
from talentmarket.config import Settings

# The rate limit classes of the service (api/limits.py; a test keeps the two lists equal).
RATE_LIMIT_CLASSES = ("ranking", "search", "extraction", "titles", "export")


def free_port() -> int:
    """An unused local TCP port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


STOP_GRACE_S = 30.0  # how long a server may take to stop once asked


def stop(process: subprocess.Popen[bytes], grace: float = STOP_GRACE_S) -> bool:
    """Ask a server process to stop (SIGTERM) and wait `grace` seconds; kill it when it
    has not stopped by then. True when it stopped when asked. A benchmark's figures are
    taken by then, so a slow stop is reported, not raised (it would lose them)."""
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        print(
            f"[bench] the server (pid {process.pid}) did not stop within {grace:.0f} s of "
            "SIGTERM and was killed",
            file=sys.stderr,
        )
        return False
    return True


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory of a process (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


class Server:
    """`talentmarket serve` in a subprocess on a free port.

    `signed="admin"` (or another role) runs it with a signing key of its own (a temporary
    file) and gives a token of that role in `headers`: the benchmark's requests then pass
    on any database, also one whose server has authentication on (the demo database
    `make run` serves keeps a signing key beside it). Otherwise `headers` is empty and
    the server, on loopback with nothing configured, is open."""

    def __init__(
        self,
        database_url: str,
        *,
        serve_args: tuple[str, ...] = (),
        signed: AuthRole | None = None,
        **env: str,
    ) -> None:
        self.port = free_port()
        self.serve_args = serve_args
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = dict(
            os.environ,
            TALENTMARKET_DATABASE_URL=database_url,
            TALENTMARKET_LOG_LEVEL="WARNING",
            # a benchmark times the service, not its per-caller limits: one caller sends
            # hundreds of requests a minute
            TALENTMARKET_RATE_LIMITS=json.dumps(dict.fromkeys(RATE_LIMIT_CLASSES, "")),
        )
        self.env.update(env)
        self.headers: dict[str, str] = {}
        self._keys: tempfile.TemporaryDirectory[str] | None = None
        if signed is not None:
            self._keys = tempfile.TemporaryDirectory(prefix="talentmarket-bench-")
            key_file = Path(self._keys.name) / "signing-key.json"
            key = create_key_file(key_file)
            self.env["TALENTMARKET_AUTH_KEY_FILE"] = str(key_file)
            settings = Settings(database_url=database_url, auth_key_file=key_file)
            token = demo_token(settings, key, signed, None)
            self.headers = {"Authorization": f"Bearer {token}"}
        self.started = 0.0
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "talentmarket.cli", "serve", "--port", str(self.port)),
                *self.serve_args,
            ],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        return self

    def wait_ready(self, client: httpx.Client) -> float:
        """Seconds from start until /health answers."""
        assert self.process is not None
        while True:
            try:
                if client.get("/health").status_code == 200:
                    return time.perf_counter() - self.started
            except httpx.TransportError:
                if self.process.poll() is not None:
                    err = self.process.stderr.read().decode() if self.process.stderr else ""
                    raise RuntimeError(f"server exited: {err[-2000:]}") from None
                time.sleep(0.1)

    @property
    def pid(self) -> int:
        """The server's process id."""
        assert self.process is not None
        return self.process.pid

    def peak_rss_mb(self) -> float:
        """The server's peak resident memory so far."""
        assert self.process is not None
        return peak_rss_mb(self.process.pid)

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.process is not None:
            stop(self.process)
        if self._keys is not None:
            self._keys.cleanup()
