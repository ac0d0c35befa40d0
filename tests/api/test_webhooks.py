"""Webhooks: subscriptions through the API, and the delivery worker against a real local
HTTP receiver: signed, in order per subject, retried with backoff while the receiver is
down, marked failing after the configured time, held by one worker at a time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from talentmarket.benchmarks.receiver import Received, Receiver
from talentmarket.cli import main
from talentmarket.db.base import utcnow
from talentmarket.db.engine import make_engine
from talentmarket.db.migrate import upgrade
from talentmarket.events import service as events
from talentmarket.webhooks import repository
from talentmarket.webhooks.config import WebhookSettings
from talentmarket.webhooks.delivery import Deliverer
from talentmarket.webhooks.models import WebhookDelivery, WebhookSubscription
from talentmarket.webhooks.signing import verify
from tests.api.helpers import problem
from tests.factories import make_opening
from tests.tokens import TokenMaker

SECRET = "a-webhook-secret-of-32-characters"
SETTINGS = WebhookSettings(
    retry_base_seconds=1, retry_max_seconds=8, failing_after_seconds=30, timeout_seconds=2
)


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver().start()
    yield r
    r.stop()


def _subscribe(client: TestClient, headers: dict[str, str], url: str, *events: str) -> int:
    resp = client.post(
        "/v1/webhooks", json={"url": url, "events": list(events), "secret": SECRET}, headers=headers
    )
    assert resp.status_code == 201, resp.text
    assert "secret" not in resp.json()
    return int(resp.json()["id"])


def _employee(client: TestClient, headers: dict[str, str], name: str) -> int:
    email = f"{name.lower()}@example.com"
    resp = client.post("/v1/employees", json={"name": name, "email": email}, headers=headers)
    assert resp.status_code == 201, resp.text
    return int(resp.json()["id"])


def _rename(client: TestClient, headers: dict[str, str], employee_id: int, name: str) -> None:
    resp = client.patch(f"/v1/employees/{employee_id}", json={"name": name}, headers=headers)
    assert resp.status_code == 200, resp.text


def test_subscriptions_belong_to_their_integration(
    client: TestClient, tokens: TokenMaker, receiver: Receiver
) -> None:
    hris = tokens.headers("integration", subject="hris")
    ats = tokens.headers("integration", subject="ats")
    admin = tokens.headers("admin")
    mine = _subscribe(client, hris, receiver.url, "employee.created", "employee.erased")
    got = client.get(f"/v1/webhooks/{mine}", headers=hris).json()
    assert got["events"] == ["employee.created", "employee.erased"]
    assert got["status"] == "active"
    assert got["pending"] == 0
    assert "secret" not in got
    problem(client.get(f"/v1/webhooks/{mine}", headers=ats), 404, "not-found")
    assert client.get("/v1/webhooks", headers=ats).json()["items"] == []
    assert [w["id"] for w in client.get("/v1/webhooks", headers=admin).json()["items"]] == [mine]
    problem(client.get("/v1/webhooks", headers=tokens.headers("recruiter")), 403, "forbidden")
    problem(client.delete(f"/v1/webhooks/{mine}", headers=ats), 404, "not-found")
    assert client.delete(f"/v1/webhooks/{mine}", headers=hris).status_code == 204
    problem(client.get(f"/v1/webhooks/{mine}", headers=admin), 404, "not-found")


@pytest.mark.parametrize(
    "change",
    [
        {"url": "ftp://example.com/hook"},
        {"url": "https://user:pw@example.com/hook"},
        {"url": "not a url at all"},
        {"events": ["employee.exploded"]},
        {"events": []},
        {"secret": "short"},
        {"extra": 1},
    ],
    ids=["scheme", "credentials", "no host", "unknown type", "no types", "short secret", "extra"],
)
def test_a_bad_subscription_is_refused_and_stores_nothing(
    client: TestClient, session: Session, tokens: TokenMaker, change: dict[str, object]
) -> None:
    body = {"url": "https://example.com/hook", "events": ["employee.created"], "secret": SECRET}
    resp = client.post("/v1/webhooks", json={**body, **change}, headers=tokens.headers("admin"))
    problem(resp, 422, "validation-error")
    assert session.scalars(select(WebhookSubscription)).all() == []


def test_events_arrive_signed_in_order(
    client: TestClient,
    session_factory: sessionmaker[Session],
    tokens: TokenMaker,
    receiver: Receiver,
) -> None:
    admin = tokens.headers("admin")
    _employee(client, admin, "Before")  # before the subscription: not sent
    wanted = ("employee.created", "employee.updated", "employee.erased")
    hook = _subscribe(client, admin, receiver.url, *wanted)
    ana = _employee(client, admin, "Ana")
    _rename(client, admin, ana, "Ana Maria")
    ben = _employee(client, admin, "Ben")
    assert client.delete(f"/v1/employees/{ana}", headers=admin).status_code == 204
    deliverer = Deliverer(session_factory, SETTINGS)
    assert deliverer.run_once() == 4
    got = receiver.events()
    assert [(e["type"].removeprefix("org.talentmarket."), e["subject"]) for e in got] == [
        ("employee.created", f"employees/{ana}"),
        ("employee.updated", f"employees/{ana}"),
        ("employee.created", f"employees/{ben}"),
        ("employee.erased", f"employees/{ana}"),
    ]
    for r in receiver.received:
        verify(SECRET, r.headers, r.body)
        assert r.headers["webhook-id"] == r.event["id"]
        assert r.headers["content-type"] == "application/cloudevents+json"
    assert "Ana" not in str(got)  # ids, versions and states; no names
    versions = [e["data"]["version"] for e in got if e["subject"] == f"employees/{ana}"]
    assert versions == sorted(versions)
    state = client.get(f"/v1/webhooks/{hook}", headers=admin).json()
    assert state["pending"] == 0
    assert state["last_delivered_at"] is not None
    assert deliverer.run_once() == 0  # nothing twice


def test_a_receiver_that_is_down_gets_everything_once_back(
    client: TestClient,
    session_factory: sessionmaker[Session],
    tokens: TokenMaker,
    receiver: Receiver,
) -> None:
    admin = tokens.headers("admin")
    hook = _subscribe(client, admin, receiver.url, "employee.created", "employee.updated")
    receiver.stop()
    people = [_employee(client, admin, name) for name in ("Ana", "Ben", "Cy")]
    clock = Clock()
    deliverer = Deliverer(session_factory, SETTINGS, clock=clock)
    assert deliverer.run_once() == 1  # refused: the whole subscription waits
    state = client.get(f"/v1/webhooks/{hook}", headers=admin).json()
    assert state["pending"] == 3
    assert state["status"] == "active"
    assert state["retry_at"] is not None
    assert "ConnectError" in state["last_error"]
    assert deliverer.run_once() == 0  # not before retry_at
    for _ in range(6):  # the waits grow: 0.5-1, 1-2, 2-4, 4-8, then at most 8 s
        clock.advance(8)
        _rename(client, admin, people[0], f"Ana {_}")
        assert deliverer.run_once() == 1
    waits = _waits(session_factory, hook, clock)
    assert 4 <= waits <= 8
    assert client.get(f"/v1/webhooks/{hook}", headers=admin).json()["status"] == "failing"

    receiver.start()
    clock.advance(8)
    while deliverer.run_once():
        clock.advance(8)
    got = receiver.events()
    assert len(got) == 3 + 6
    assert [e["data"]["employee_id"] for e in got[:3]] == people
    outbox = [e["id"] for e in client.get("/v1/events", headers=admin).json()["items"]]
    assert [e["id"] for e in got] == [i for i in outbox if i in {e["id"] for e in got}]
    state = client.get(f"/v1/webhooks/{hook}", headers=admin).json()
    assert state["status"] == "active"
    assert state["pending"] == 0
    assert state["retry_at"] is None


def _waits(sessions: sessionmaker[Session], hook: int, clock: Clock) -> float:
    with sessions() as session:
        subscription = repository.get(session, hook)
        assert subscription.retry_at is not None
        return (subscription.retry_at - clock.now).total_seconds()


def test_a_refused_event_holds_back_its_subject_only(
    client: TestClient,
    session_factory: sessionmaker[Session],
    tokens: TokenMaker,
    receiver: Receiver,
) -> None:
    admin = tokens.headers("admin")
    _subscribe(client, admin, receiver.url, "employee.created", "employee.updated")
    ana = _employee(client, admin, "Ana")
    ben = _employee(client, admin, "Ben")
    _rename(client, admin, ana, "Ana Maria")
    _rename(client, admin, ben, "Ben Jr")

    def refuse_ana(got: Received) -> int:
        return 400 if got.event["subject"] == f"employees/{ana}" else 204

    receiver.answer = refuse_ana
    clock = Clock()
    deliverer = Deliverer(session_factory, SETTINGS, clock=clock)
    deliverer.run_once()
    assert [e["subject"] for e in receiver.events()] == [f"employees/{ben}"] * 2
    with session_factory() as session:
        attempts = session.scalars(
            select(WebhookDelivery.attempts).order_by(WebhookDelivery.event_id)
        ).all()
    assert list(attempts) == [1, 1, 0, 1]  # Ana's update waits behind her creation
    receiver.answer = lambda _got: 200
    clock.advance(8)
    deliverer.run_once()
    assert [e["subject"] for e in receiver.events()[2:]] == [f"employees/{ana}"] * 2
    assert [e["type"] for e in receiver.events()[2:]] == [
        "org.talentmarket.employee.created",
        "org.talentmarket.employee.updated",
    ]


def test_one_worker_at_a_time_holds_a_subscription(
    client: TestClient,
    session_factory: sessionmaker[Session],
    tokens: TokenMaker,
    receiver: Receiver,
) -> None:
    admin = tokens.headers("admin")
    hook = _subscribe(client, admin, receiver.url, "employee.created")
    _employee(client, admin, "Ana")
    clock = Clock()
    first = Deliverer(session_factory, SETTINGS, clock=clock)
    second = Deliverer(session_factory, SETTINGS, clock=clock)
    with session_factory.begin() as session:
        until = clock.now + timedelta(seconds=SETTINGS.lease_seconds)
        assert repository.claim(session, hook, first.worker_id, clock.now, until)
    assert second.run_once() == 0  # held by the first
    clock.advance(SETTINGS.lease_seconds + 1)  # the first crashed: its lease lapses
    assert second.run_once() == 1
    assert len(receiver.events()) == 1


def test_replay_from_an_event_id(client: TestClient, tokens: TokenMaker) -> None:
    admin = tokens.headers("admin")
    sync = tokens.headers("integration")
    ids = [_employee(client, admin, name) for name in ("Ana", "Ben", "Cy")]
    every = client.get("/v1/events", headers=sync).json()["items"]
    assert [e["data"]["employee_id"] for e in every] == ids
    after = client.get("/v1/events", params={"after": every[0]["id"]}, headers=sync).json()
    assert [e["id"] for e in after["items"]] == [e["id"] for e in every[1:]]
    by_sequence = client.get("/v1/events", params={"after": every[1]["sequence"]}, headers=sync)
    assert [e["id"] for e in by_sequence.json()["items"]] == [every[2]["id"]]
    problem(
        client.get("/v1/events", params={"after": "no-such-event"}, headers=sync), 404, "not-found"
    )
    first = client.get("/v1/events", params={"limit": 1}, headers=sync).json()
    both = {"after": every[0]["id"], "cursor": first["next_cursor"]}
    problem(client.get("/v1/events", params=both, headers=sync), 422, "validation-error")


def test_an_integration_reads_no_recruiting_events(
    client: TestClient, session: Session, tokens: TokenMaker, receiver: Receiver
) -> None:
    sync = tokens.headers("integration")
    admin = tokens.headers("admin")
    body = {"url": receiver.url, "events": ["employee.created", "decision.recorded"]}
    refused = client.post("/v1/webhooks", json={**body, "secret": SECRET}, headers=sync)
    assert "decision.recorded" in problem(refused, 403, "forbidden")["detail"]
    assert session.scalars(select(WebhookSubscription)).all() == []
    ana = _employee(client, admin, "Ana")
    gig = make_opening(session, "Review", status="open")
    session.commit()
    decided = client.post(
        f"/v1/openings/{gig.id}/decisions",
        json={"employee_id": ana, "decision": "shortlist"},
        headers=admin,
    )
    assert decided.status_code == 201, decided.text
    seen = [e["type"] for e in client.get("/v1/events", headers=sync).json()["items"]]
    assert seen == ["org.talentmarket.employee.created"]
    every = [e["type"] for e in client.get("/v1/events", headers=admin).json()["items"]]
    assert "org.talentmarket.decision.recorded" in every
    asked = client.get("/v1/events", params={"type": "decision.recorded"}, headers=sync)
    problem(asked, 403, "forbidden")


def test_the_worker_command_delivers(tmp_path: Path, receiver: Receiver) -> None:
    url = f"sqlite:///{tmp_path}/worker.db"
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        session.add(
            WebhookSubscription(
                url=receiver.url, event_types=["skill.merged"], secret=SECRET, owner="admin"
            )
        )
        events.record_changed(session, "skill.merged", ("skill", 7), 3, {"replaced_by_id": 8})
        session.commit()
    engine.dispose()
    assert main(["--database", url, "worker", "--once"]) == 0
    [got] = receiver.events()
    assert got["subject"] == "skills/7"
    assert got["data"] == {"skill_id": 7, "version": 3, "replaced_by_id": 8}


def test_a_commit_with_events_wakes_the_worker(session_factory: sessionmaker[Session]) -> None:
    events.COMMITTED.clear()
    with session_factory() as session:
        events.record_changed(session, "skill.merged", ("skill", 7), 3, {})
        session.rollback()
    assert not events.COMMITTED.is_set()  # rolled back: nothing to deliver
    with session_factory() as session:
        session.commit()
    assert not events.COMMITTED.is_set()  # a commit without events
    with session_factory() as session:
        events.record_changed(session, "skill.merged", ("skill", 7), 3, {})
        session.commit()
    assert events.COMMITTED.is_set()
