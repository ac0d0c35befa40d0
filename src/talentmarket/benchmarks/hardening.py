"""`talentmarket bench hardening`: what a running server does under two kinds of abuse.

Starts `talentmarket serve` on the database, then (1) sends one body of `--mb` MB to
`/v1/skills/extract` over a raw socket (no `Expect: 100-continue`, as most clients
send), with a Content-Length or chunked, and reports the answer and the server's
resident memory before and after and its peak; (2) sends `--n` extractions of a
`--chars`-character posting (built from the database's skill labels) at once and reports
the status and latency of each. Nothing is written to the database.
"""

from __future__ import annotations

import socket
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from talentmarket.benchmarks import repository
from talentmarket.benchmarks.server import Server
from talentmarket.config import Settings
from talentmarket.db.engine import make_engine, make_sessionmaker


@dataclass(frozen=True)
class HardeningParams:
    """The size of the abusive body, and how many long extractions are sent at once."""

    mb: int = 100
    chunked: bool = False
    n: int = 8
    chars: int = 20_000


def memory_mb(pid: int) -> dict[str, float]:
    """Resident memory now (VmRSS) and at its peak (VmHWM) of a process, in MB."""
    fields: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = round(int(value.split()[0]) / 1024, 1)
    return fields


def _pieces(total: int) -> list[bytes]:
    opening, closing = b'{"text": "', b'"}'
    pieces = [opening, *[b"a" * 65536] * ((total - len(opening) - len(closing)) // 65536)]
    pieces.append(b"a" * (total - len(closing) - sum(map(len, pieces))) + closing)
    return pieces


def send_body(port: int, mb: int, chunked: bool) -> dict[str, Any]:
    """POST a JSON text of `mb` MB to /v1/skills/extract: the status line, MB sent, seconds."""
    total = mb * 1024 * 1024
    head = f"POST /v1/skills/extract HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
    head += "Content-Type: application/json\r\n"
    head += "Transfer-Encoding: chunked\r\n" if chunked else f"Content-Length: {total}\r\n"
    started = time.perf_counter()
    sent = 0
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall((head + "\r\n").encode())
        try:
            for piece in _pieces(total):
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
                sent += len(piece)
            if chunked:
                sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before the whole body was sent
        sock.settimeout(30)
        try:
            reply = sock.recv(4096).decode(errors="replace")
        except (ConnectionResetError, TimeoutError):
            reply = ""
    return {
        "status_line": reply.splitlines()[0] if reply else "(no reply)",
        "mb_sent": round(sent / 1024 / 1024, 1),
        "s": round(time.perf_counter() - started, 2),
    }


def long_text(settings: Settings, chars: int) -> str:
    """A long posting made of the database's skill labels, one duty per line."""
    engine = make_engine(settings.database_url)
    try:
        with make_sessionmaker(engine)() as session:
            labels = repository.skill_labels(session, limit=max(50, chars // 20))
    finally:
        engine.dispose()
    if not labels:
        raise RuntimeError("no skills in the database: import a taxonomy first")
    lines = ["Senior engineer, platform team"]
    while sum(len(x) + 1 for x in lines) <= chars:
        lines.extend(f"- You {label}." for label in labels)
    return "\n".join(lines)[:chars]


def extract_all(base: str, n: int, text: str) -> dict[str, Any]:
    """n extractions of the text at once: status, seconds and Retry-After of each."""

    def one(_: int) -> tuple[int, float, str]:
        started = time.perf_counter()
        resp = httpx.post(f"{base}/v1/skills/extract", json={"text": text}, timeout=300)
        return resp.status_code, time.perf_counter() - started, resp.headers.get("retry-after", "")

    with ThreadPoolExecutor(n) as pool:
        results = sorted(pool.map(one, range(n)), key=lambda r: r[1])
    times = np.array([s for _, s, _ in results])
    ok = np.array([s for status, s, _ in results if status == 200])
    return {
        "requests": [
            {"status": status, "s": round(s, 2), "retry_after": retry or None}
            for status, s, retry in results
        ],
        "all_p50_s": round(float(np.median(times)), 2),
        "all_max_s": round(float(times.max()), 2),
        "ok": int(ok.size),
        "ok_p50_s": round(float(np.median(ok)), 2) if ok.size else None,
    }


def run(settings: Settings, p: HardeningParams) -> dict[str, Any]:
    """Start a server, send the big body, then the concurrent extractions."""
    text = long_text(settings, p.chars)
    with Server(settings.database_url) as server, httpx.Client(base_url=server.base) as client:
        out: dict[str, Any] = {"ready_s": round(server.wait_ready(client), 2)}
        client.post("/v1/skills/extract", json={"text": "Python and SQL"}, timeout=300)
        pid = server.pid
        before = memory_mb(pid)
        body = send_body(server.port, p.mb, p.chunked)
        time.sleep(1.0)
        after = memory_mb(pid)
        out["body"] = {
            **body,
            "mb": p.mb,
            "chunked": p.chunked,
            "rss_mb": [before["VmRSS"], after["VmRSS"]],
            "peak_rss_mb": [before["VmHWM"], after["VmHWM"]],
        }
        out["extractions"] = {"n": p.n, "chars": p.chars, **extract_all(server.base, p.n, text)}
    return out
