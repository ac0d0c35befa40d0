"""`talentmarket bench webhooks`: how fast and how completely events reach a subscriber.

Starts `talentmarket serve` on the database (its delivery thread on), a local receiver
that checks every signature, and a subscription to `employee.created`. Then it writes
people through the API (upserts by external id `bench-hooks-<run>-<n>`, at a set rate)
and times each event from the write's acknowledgement to its arrival. With `--outage S`
the receiver is down for the first S seconds and the catch-up is timed as well. Prints one
JSON object: delivered, lost, duplicates, bad signatures, latency p50/p95 and the
delivery rate. It writes people and events: run it on a scratch database.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from talentmarket.benchmarks.receiver import Received, Receiver
from talentmarket.benchmarks.server import Server
from talentmarket.benchmarks.timing import percentiles
from talentmarket.config import Settings
from talentmarket.webhooks.signing import InvalidSignature, verify

SECRET = "bench-webhooks-secret-of-32-chars"


@dataclass(frozen=True)
class HookParams:
    """How many events, how fast, and how long the receiver is down at first."""

    events: int = 300
    rate: float = 20.0
    outage: float = 0.0
    timeout: float = 300.0


def _write(api: httpx.Client, run: str, n: int) -> tuple[str, float]:
    external = f"bench-hooks-{run}-{n}"
    body = {"name": f"Bench {n}", "email": f"{external}@example.com"}
    api.put(f"/v1/employees/by-external-id/{external}", json=body).raise_for_status()
    return external, time.monotonic()


def _stream(api: httpx.Client, receiver: Receiver, p: HookParams, run: str) -> dict[str, float]:
    """Write at the rate, with the receiver down for the outage; ack time per external id."""
    acked: dict[str, float] = {}
    start = time.monotonic()
    receiver_back = p.outage <= 0
    for n in range(p.events):
        if not receiver_back and time.monotonic() - start >= p.outage:
            receiver.start()
            receiver_back = True
        external, at = _write(api, run, n)
        acked[external] = at
        time.sleep(max(0.0, start + (n + 1) / p.rate - time.monotonic()))
    while not receiver_back:
        if time.monotonic() - start >= p.outage:
            receiver.start()
            receiver_back = True
        time.sleep(0.05)
    return acked


def _figures(
    got: list[Received], acked: dict[str, float], p: HookParams, back_at: float
) -> dict[str, Any]:
    first: dict[str, float] = {}
    bad = 0
    for r in got:
        try:
            verify(SECRET, r.headers, r.body)
        except InvalidSignature:
            bad += 1
        external = r.event["data"].get("external_id")
        if external in acked and external not in first:
            first[external] = r.at
    latency = [(first[e] - acked[e]) * 1000 for e in first if acked[e] >= back_at]
    stats = percentiles(latency) if latency else {}
    span = (max(first.values()) - min(acked.values())) if first else 0.0
    return {
        "events": p.events,
        "writes_per_second": p.rate,
        "outage_s": p.outage,
        "delivered": len(first),
        "lost": len(acked) - len(first),
        "duplicates": len(got) - len(first),
        "bad_signatures": bad,
        "latency_p50_ms": stats.get("p50_ms"),
        "latency_p95_ms": stats.get("p95_ms"),
        "all_delivered_after_s": round(span, 2),
    }


def main(settings: Settings, p: HookParams) -> int:
    """Run the benchmark and print its JSON."""
    print(json.dumps(_run(settings, p)))
    return 0


def _run(settings: Settings, p: HookParams) -> dict[str, Any]:
    run = uuid.uuid4().hex[:8]
    receiver = Receiver().start()
    with Server(
        settings.database_url,
        signed="integration",
        TALENTMARKET_WARMUP="false",
        TALENTMARKET_WEBHOOK_RETRY_MAX_SECONDS="5",
    ) as server:
        api = httpx.Client(base_url=server.base, timeout=60, headers=server.headers)
        server.wait_ready(api)
        body = {"url": receiver.url, "events": ["employee.created"], "secret": SECRET}
        hook = api.post("/v1/webhooks", json=body)
        hook.raise_for_status()
        if p.outage > 0:
            receiver.stop()
        started = time.monotonic()
        acked = _stream(api, receiver, p, run)
        deadline = time.monotonic() + p.timeout
        while len({r.event["id"] for r in receiver.received}) < len(acked):
            if time.monotonic() > deadline:
                break
            time.sleep(0.1)
        api.delete(f"/v1/webhooks/{hook.json()['id']}")
    receiver.stop()
    return _figures(list(receiver.received), acked, p, started + p.outage)
