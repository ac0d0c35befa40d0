"""What a running server does under two kinds of abuse: a 100 MB body, and eight
concurrent 20,000-character extractions.

    talentmarket serve --port 8765 &        # on a database with the starter taxonomy
    python bench/hardening_load.py http://127.0.0.1:8765 body --pid PID [--mb 100] [--chunked]
    python bench/hardening_load.py http://127.0.0.1:8765 extract [--n 8] [--chars 20000]

`body` sends the body over a raw socket (no `Expect: 100-continue`, as most clients) and
reports the server's resident memory (VmRSS) before and after, and its peak (VmHWM).
`extract` sends n extractions at once and reports the status and latency of each.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import httpx

VACANCIES = Path(__file__).parents[1] / "../shared/data/vacancies/vacancies_with_esco_skills.jsonl"


def memory_kb(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process, in kB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0])
    return fields


def send_body(base: str, mb: int, chunked: bool) -> tuple[str, float]:
    """POST a JSON text of mb MB to /v1/skills/extract; the status line and seconds."""
    url = urlsplit(base)
    total = mb * 1024 * 1024
    head = f"POST /v1/skills/extract HTTP/1.1\r\nHost: {url.netloc}\r\n"
    head += "Content-Type: application/json\r\n"
    head += "Transfer-Encoding: chunked\r\n" if chunked else f"Content-Length: {total}\r\n"
    opening, closing = b'{"text": "', b'"}'
    pieces = [opening, *[b"a" * 65536] * ((total - len(opening) - len(closing)) // 65536)]
    pieces.append(b"a" * (total - len(closing) - sum(map(len, pieces))) + closing)
    started = time.perf_counter()
    with socket.create_connection((url.hostname or "127.0.0.1", url.port or 80)) as sock:
        sock.sendall((head + "\r\n").encode())
        sent = 0
        try:
            for piece in pieces:
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
            reply = "(no reply)"
    status = reply.splitlines()[0] if reply else "(no reply)"
    return f"{status}; {sent / 1024 / 1024:.1f} MB sent", time.perf_counter() - started


def long_text(chars: int) -> str:
    """A long posting built from the vacancy set's titles and skills."""
    lines: list[str] = []
    with VACANCIES.open() as rows:
        for row in rows:
            item = json.loads(row)
            lines.append(f"{item['title']}")
            lines.extend(f"- You {s}." for s in item["skill_name"])
            if sum(len(x) + 1 for x in lines) > chars:
                break
    return "\n".join(lines)[:chars]


def extract_all(base: str, n: int, chars: int) -> None:
    """n extractions of a chars-long text at once; status and latency of each."""
    text = long_text(chars)

    def one(_: int) -> tuple[int, float, str]:
        started = time.perf_counter()
        resp = httpx.post(f"{base}/v1/skills/extract", json={"text": text}, timeout=300)
        return resp.status_code, time.perf_counter() - started, resp.headers.get("retry-after", "")

    with ThreadPoolExecutor(n) as pool:
        results = list(pool.map(one, range(n)))
    for status, seconds, retry in sorted(results, key=lambda r: r[1]):
        print(f"  {status}  {seconds:6.2f} s  retry-after={retry or '-'}")
    times = [s for _, s, _ in results]
    ok = [s for status, s, _ in results if status == 200]
    print(f"all: p50 {statistics.median(times):.2f} s, max {max(times):.2f} s")
    if ok:
        print(f"200: {len(ok)} of {n}, p50 {statistics.median(ok):.2f} s, max {max(ok):.2f} s")


def main() -> None:
    """Parse the arguments and run one measurement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base")
    sub = parser.add_subparsers(dest="what", required=True)
    body = sub.add_parser("body")
    body.add_argument("--pid", type=int, required=True)
    body.add_argument("--mb", type=int, default=100)
    body.add_argument("--chunked", action="store_true")
    extract = sub.add_parser("extract")
    extract.add_argument("--n", type=int, default=8)
    extract.add_argument("--chars", type=int, default=20_000)
    args = parser.parse_args()
    if args.what == "body":
        before = memory_kb(args.pid)
        status, seconds = send_body(args.base, args.mb, args.chunked)
        time.sleep(1.0)
        after = memory_kb(args.pid)
        print(f"{status} in {seconds:.2f} s")
        print(
            f"server RSS {before['VmRSS'] / 1024:.0f} -> {after['VmRSS'] / 1024:.0f} MB, "
            f"peak {before['VmHWM'] / 1024:.0f} -> {after['VmHWM'] / 1024:.0f} MB"
        )
    else:
        extract_all(args.base, args.n, args.chars)


if __name__ == "__main__":
    main()
