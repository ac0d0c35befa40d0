"""Webhooks end to end, as an integrator lives them: the real service (`talentmarket serve`
with its delivery thread) on its own database, a real HTTP receiver, and a receiver that is
down for a minute while the service crashes and restarts. Every event arrives, signed,
none lost, none out of order per subject; a tampered body fails verification."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest
from sqlalchemy import make_url, text

from talentmarket.benchmarks.receiver import Receiver
from talentmarket.benchmarks.server import Server
from talentmarket.config import Settings
from talentmarket.db.engine import is_sqlite, make_engine
from talentmarket.db.migrate import upgrade
from talentmarket.webhooks.signing import InvalidSignature, verify
from tests.tokens import TokenMaker

SECRET = "an-integrators-secret-of-32-chars"
OUTAGE_SECONDS = 60
pytestmark = pytest.mark.slow


@pytest.fixture
def own_database(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A database of this test's own (the service commits for real): a SQLite file, or a
    new database on the test PostgreSQL server."""
    if is_sqlite(database_url):
        url = f"sqlite:///{tmp_path}/hooks.db"
        upgrade(url)
        yield url
        return
    name = f"{make_url(database_url).database}_hooks"
    admin = make_engine(database_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(database_url).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _server(url: str, key_file: Path, tmp_path: Path) -> Server:
    return Server(
        url,
        TALENTMARKET_ENCODER="hashing",
        TALENTMARKET_WARMUP="false",
        TALENTMARKET_AUTH_KEY_FILE=str(key_file),
        TALENTMARKET_CACHE_DIR=str(tmp_path / "cache"),
        TALENTMARKET_WEBHOOK_POLL_SECONDS="0.2",
        TALENTMARKET_WEBHOOK_RETRY_BASE_SECONDS="0.5",
        TALENTMARKET_WEBHOOK_RETRY_MAX_SECONDS="4",
        TALENTMARKET_WEBHOOK_LEASE_SECONDS="3",
        TALENTMARKET_WEBHOOK_FAILING_AFTER_SECONDS="20",
    )


def _until(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds} s for {what}")
        time.sleep(0.2)


def _writes(api: httpx.Client, auth: dict[str, str], people: int, tag: str) -> None:
    """What an HRIS sync sends: an upsert per person by its own id."""
    for i in range(people):
        body = {"name": f"P{i}", "email": f"p{i}@example.com", "job_title": f"{tag} {i}"}
        resp = api.put(f"/v1/employees/by-external-id/HR-{i}", json=body, headers=auth)
        assert resp.status_code in (200, 201), resp.text


def test_nothing_is_lost_while_the_receiver_is_down_and_the_service_restarts(
    own_database: str, tmp_path: Path
) -> None:
    key_file = tmp_path / "auth" / "signing-key.json"
    tokens = TokenMaker(Settings(database_url=own_database, auth_key_file=key_file))
    hris = tokens.headers("integration", subject="hris", ttl=3600)
    receiver = Receiver().start()
    with ExitStack() as stack:  # servers and receiver stop however the test ends
        stack.callback(receiver.stop)
        first = stack.enter_context(_server(own_database, key_file, tmp_path))
        api = httpx.Client(base_url=first.base, timeout=30)
        first.wait_ready(api)
        body = {
            "url": receiver.url,
            "events": ["employee.created", "employee.updated"],
            "secret": SECRET,
        }
        hook = api.post("/v1/webhooks", json=body, headers=hris).json()["id"]
        people = 3
        _writes(api, hris, people, "created")
        _writes(api, hris, people, "first")
        _until(lambda: len(receiver.received) >= 6, 30, "the first six events")

        receiver.stop()  # the receiver is down for a minute from here
        down_since = time.monotonic()
        _writes(api, hris, people, "while down")
        time.sleep(5)  # a few failed attempts, backing off
        assert first.process is not None
        first.process.kill()  # the service crashes mid-outage
        first.process.wait()
        second = stack.enter_context(_server(own_database, key_file, tmp_path))
        api = httpx.Client(base_url=second.base, timeout=30)
        second.wait_ready(api)
        _writes(api, hris, people, "after the restart")
        _until(lambda: time.monotonic() - down_since >= OUTAGE_SECONDS, 90, "the outage")
        state = api.get(f"/v1/webhooks/{hook}", headers=hris).json()
        assert state["pending"] == 3 + 3  # written while down, and after the restart
        assert state["status"] == "failing"  # failing for more than 20 s
        receiver.start()
        _until(lambda: len({e["id"] for e in receiver.events()}) >= 12, 60, "every event")
        _until(
            lambda: api.get(f"/v1/webhooks/{hook}", headers=hris).json()["pending"] == 0,
            10,
            "the deliveries to be marked",
        )
        outbox = api.get("/v1/events", params={"limit": 100}, headers=hris).json()["items"]
        state = api.get(f"/v1/webhooks/{hook}", headers=hris).json()
    assert state["status"] == "active"
    got = receiver.events()
    # none lost: exactly the outbox's events (at least once: a repeat is allowed)
    assert sorted({e["id"] for e in got}) == sorted(e["id"] for e in outbox)
    assert len(outbox) == 12
    # none out of order per subject
    seen: dict[str, list[int]] = defaultdict(list)
    for event in got:
        seen[event["subject"]].append(int(event["sequence"]))
    for subject, sequences in seen.items():
        assert sequences == sorted(sequences), subject
    assert len(seen) == 3
    # signed; a tampered body fails
    for received in receiver.received:
        verify(SECRET, received.headers, received.body, now=time.time())
    sample = receiver.received[-1]
    tampered = sample.body.replace(sample.event["subject"].encode(), b"employees/999")
    assert tampered != sample.body
    with pytest.raises(InvalidSignature):
        verify(SECRET, sample.headers, tampered)
