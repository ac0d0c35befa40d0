"""The event outbox through HTTP: decisions, applications and approvals become CloudEvents
written with the change, replayable from any cursor, with ids but no personal text."""

from __future__ import annotations

import json
from typing import get_args

from cloudevents.core.formats.json import JSONFormat
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from talentmarket.events.endpoints import EventType
from talentmarket.events.models import Event
from talentmarket.events.service import TYPES
from tests.api.helpers import problem, rows
from tests.factories import make_employee, make_opening, make_skill
from tests.tokens import TokenMaker


def test_every_event_type_can_be_asked_for() -> None:
    assert set(get_args(EventType)) == set(TYPES)


def test_decisions_and_applications_become_events_in_order(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    python = make_skill(session, "Python")
    boss = make_employee(session, "Boss")
    ana = make_employee(session, "Ana Secretname", skills=[(python, 4)], manager_id=boss.id)
    gig = make_opening(
        session, "Review", kind="gig", requirements=[(python, 3)], status="open", time_pct=10
    )
    session.commit()
    admin = tokens.headers("admin")
    applied = client.post(
        f"/v1/employees/{ana.id}/interests",
        json={"opening_id": gig.id, "action": "apply"},
        headers=tokens.headers("employee", ana.id),
    )
    assert applied.status_code == 201
    decided = client.post(
        f"/v1/openings/{gig.id}/decisions",
        json={"employee_id": ana.id, "decision": "shortlist", "reason": "strong Python"},
        headers=tokens.headers("recruiter"),
    )
    assert decided.status_code == 201
    page = client.get("/v1/events", headers=admin).json()
    kinds = [e["type"] for e in page["items"]]
    assert kinds == [
        "org.talentmarket.interest.expressed",
        "org.talentmarket.approval.requested",
        "org.talentmarket.decision.recorded",
    ]
    decision = page["items"][2]
    assert decision["specversion"] == "1.0"
    assert decision["subject"] == f"openings/{gig.id}/decisions/{decided.json()['id']}"
    assert decision["data"]["application_status"] == "shortlisted"
    assert decision["time"].endswith("Z")
    # what the SDK reads back is the same event
    parsed = JSONFormat().read(None, json.dumps(decision))
    assert parsed.get_id() == decision["id"]
    # ids and states only: the reason and the name stay out
    text = str(page["items"])
    assert "strong Python" not in text
    assert "Secretname" not in text

    # replay from the first event's cursor: the two after it, nothing repeated
    first = client.get("/v1/events", params={"limit": 1}, headers=admin).json()
    rest = client.get("/v1/events", params={"cursor": first["next_cursor"]}, headers=admin).json()
    assert [e["id"] for e in first["items"] + rest["items"]] == [e["id"] for e in page["items"]]
    only = client.get("/v1/events", params={"type": "decision.recorded"}, headers=admin).json()
    assert [e["id"] for e in only["items"]] == [decision["id"]]
    problem(client.get("/v1/events", headers=tokens.headers("recruiter")), 403, "forbidden")


def test_a_refused_decision_writes_no_event(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    gig = make_opening(session, "Review", status="open")
    session.commit()
    refused = client.post(
        f"/v1/openings/{gig.id}/decisions",
        json={"employee_id": 999_999, "decision": "select"},
        headers=tokens.headers("admin"),
    )
    assert refused.status_code == 404
    assert rows(session, Event) == 0


def test_an_erasure_takes_the_person_out_of_the_events(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    ana = make_employee(session, "Ana")
    gig = make_opening(session, "Review", kind="job", status="open")
    session.commit()
    admin = tokens.headers("admin")
    client.post(
        f"/v1/openings/{gig.id}/decisions",
        json={"employee_id": ana.id, "decision": "reject"},
        headers=admin,
    )
    assert client.post(f"/v1/employees/{ana.id}/erase", headers=admin).status_code == 200
    event, notice = client.get("/v1/events", headers=admin).json()["items"]
    assert event["data"]["employee_id"] is None
    assert event["data"]["opening_id"] == gig.id
    # the erasure itself is told with the ids, so that other systems drop their copies
    assert notice["type"] == "org.talentmarket.employee.erased"
    assert notice["subject"] == f"employees/{ana.id}"
    assert notice["data"]["employee_id"] == ana.id


def test_changes_of_people_openings_and_skills_become_events(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    python = make_skill(session, "Python")
    old = make_skill(session, "Pyton")
    session.commit()
    admin = tokens.headers("admin")
    body = {"name": "Ana Secretname", "email": "ana@example.com", "external_id": "HR-1"}
    ana = client.post("/v1/employees", json=body, headers=admin).json()["id"]
    skills = [{"skill_id": python.id, "proficiency": 3}]
    assert client.put(f"/v1/employees/{ana}/skills", json=skills, headers=admin).status_code == 200
    client.patch(f"/v1/employees/{ana}", json={"department": "Data"}, headers=admin)
    gig = client.post(
        "/v1/openings", json={"title": "Review", "kind": "gig", "status": "open"}, headers=admin
    ).json()["id"]
    client.patch(f"/v1/openings/{gig}", json={"location": "Lisbon"}, headers=admin)
    client.patch(f"/v1/openings/{gig}", json={"status": "closed"}, headers=admin)
    merge = {"source_id": old.id, "target_id": python.id, "reason": "typo"}
    assert client.post("/v1/skills/merge", json=merge, headers=admin).status_code == 200
    unchanged = client.patch(f"/v1/employees/{ana}", json={"department": "Data"}, headers=admin)
    assert unchanged.status_code == 200  # no change, no event
    items = client.get("/v1/events", headers=admin).json()["items"]
    assert [(e["type"].removeprefix("org.talentmarket."), e["subject"]) for e in items] == [
        ("employee.created", f"employees/{ana}"),
        ("employee.skills_changed", f"employees/{ana}"),
        ("employee.updated", f"employees/{ana}"),
        ("opening.opened", f"openings/{gig}"),
        ("opening.changed", f"openings/{gig}"),
        ("opening.closed", f"openings/{gig}"),
        ("skill.merged", f"skills/{old.id}"),
    ]
    assert items[0]["data"] == {
        "employee_id": ana,
        "version": items[0]["data"]["version"],
        "external_id": "HR-1",
        "status": "active",
    }
    assert items[5]["data"]["status"] == "closed"
    assert items[6]["data"]["replaced_by_id"] == python.id
    assert "Secretname" not in str(items)
    assert "ana@example.com" not in str(items)
