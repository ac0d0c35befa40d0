"""The personal-data leaks found by probing every route with each role are closed, checked
through HTTP with signed tokens."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from talentmarket.openings.models import Interest
from tests.factories import make_employee, make_opening, make_role, make_skill
from tests.tokens import TokenMaker


@dataclass(frozen=True)
class People:
    me: int
    colleague: int
    hidden: int
    opening: int
    skill: int


@pytest.fixture
def people(session: Session) -> People:
    skill = make_skill(session, "SQL")
    role = make_role(session, "Analyst")
    me = make_employee(session, skills=[(skill, 3)], current_role_id=role.id, department="Ops")
    colleague = make_employee(session, skills=[(skill, 4)], department="Ops")
    hidden = make_employee(
        session, skills=[(skill, 5)], department="Ops", visible_to_recruiters=False
    )
    for n in range(6):
        make_employee(session, skills=[(skill, 2)], department="Ops", name=f"Consenting {n}")
    opening = make_opening(session, status="open", role_id=role.id, requirements=[(skill, 3)])
    session.add(Interest(employee_id=hidden.id, opening_id=opening.id, action="save"))
    session.commit()
    return People(me.id, colleague.id, hidden.id, opening.id, skill.id)


def test_an_employee_reads_only_themself(
    client: TestClient, tokens: TokenMaker, people: People
) -> None:
    me = tokens.headers("employee", people.me)
    assert client.get(f"/v1/employees/{people.me}", headers=me).status_code == 200
    for url in (
        f"/v1/employees/{people.colleague}",
        "/v1/employees",
        f"/v1/openings/{people.opening}/candidates",
        f"/v1/employees/{people.colleague}/opportunities",
        f"/v1/employees/{people.colleague}/learning",
        f"/v1/employees/{people.colleague}/interests",
        "/v1/analytics/skills",
        f"/v1/openings/{people.opening}/decisions",
    ):
        answer = client.get(url, headers=me)
        assert answer.status_code == 403, url
        assert answer.json()["type"].endswith("/forbidden")
        assert "@" not in answer.text


def test_an_employee_cannot_write_others_or_openings(
    client: TestClient, tokens: TokenMaker, people: People
) -> None:
    me = tokens.headers("employee", people.me)
    other = f"/v1/employees/{people.colleague}"
    assert client.patch(other, json={"name": "X"}, headers=me).status_code == 403
    assert client.delete(other, headers=me).status_code == 403
    assert client.put(f"{other}/skills", json=[], headers=me).status_code == 403
    made = client.post("/v1/openings", json={"title": "Mine", "kind": "gig"}, headers=me)
    assert made.status_code == 403
    mine = client.patch(f"/v1/employees/{people.me}", json={"profile": "SQL"}, headers=me)
    assert mine.status_code == 200


def test_the_employee_header_does_not_make_anyone_someone_else(
    client: TestClient, tokens: TokenMaker, people: People
) -> None:
    me = tokens.headers("employee", people.me) | {"X-Talentmarket-Employee": str(people.hidden)}
    assert client.get(f"/v1/employees/{people.hidden}", headers=me).status_code == 403
    assert client.get(f"/v1/employees/{people.me}", headers=me).json()["id"] == people.me


def test_a_recruiter_sees_only_people_who_consented(
    client: TestClient, tokens: TokenMaker, people: People
) -> None:
    rec = tokens.headers("recruiter")
    hidden = f"/v1/employees/{people.hidden}"
    assert client.get(hidden, headers=rec).status_code == 404
    assert client.get(f"{hidden}/interests", headers=rec).status_code == 403
    assert client.get(f"{hidden}/opportunities", headers=rec).status_code == 403
    assert client.put(f"{hidden}/skills", json=[], headers=rec).status_code == 403
    assert (
        client.patch(hidden, json={"visible_to_recruiters": True}, headers=rec).status_code == 403
    )
    decision = client.post(
        f"/v1/openings/{people.opening}/decisions",
        json={"employee_id": people.hidden, "decision": "shortlist", "reason": "strong"},
        headers=rec,
    )
    assert decision.status_code == 404
    listed = client.get("/v1/employees", params={"limit": 500}, headers=rec).json()
    assert people.hidden not in {e["id"] for e in listed["items"]}
    candidates = client.get(f"/v1/openings/{people.opening}/candidates", headers=rec).json()
    assert people.hidden not in {c["employee"]["id"] for c in candidates["items"]}


def test_recruiter_analytics_count_only_consenting_people(
    client: TestClient, tokens: TokenMaker, people: People
) -> None:
    query = {"group_by": "department", "skill_id": people.skill, "min_proficiency": 1}

    def supply(role: str) -> int:
        answer = client.get("/v1/analytics/skills", params=query, headers=tokens.headers(role))
        assert answer.status_code == 200, answer.text
        [row] = [r for r in answer.json()["items"] if r["group"] == "Ops"]
        return int(row["supply"])

    assert supply("admin") == 9
    assert supply("recruiter") == 8  # the hidden person is not counted


def test_an_integration_does_not_rank_or_read_careers(
    client: TestClient, tokens: TokenMaker, people: People
) -> None:
    sync = tokens.headers("integration")
    assert client.get(f"/v1/employees/{people.me}/learning", headers=sync).status_code == 403
    assert client.get(f"/v1/openings/{people.opening}/candidates", headers=sync).status_code == 403
    assert client.get(f"/v1/employees/{people.me}", headers=sync).status_code == 200
    hidden = client.get(f"/v1/employees/{people.hidden}", headers=sync)
    assert hidden.status_code == 404


def test_writes_need_a_verified_caller(
    client: TestClient, tokens: TokenMaker, people: People
) -> None:
    assert client.delete(f"/v1/employees/{people.colleague}").status_code == 401
    assert client.patch(f"/v1/employees/{people.hidden}", json={}).status_code == 401
    assert client.get("/v1/openings").status_code == 401


def test_an_integration_reaches_hidden_people_only_by_its_own_external_id(
    client: TestClient, session: Session, tokens: TokenMaker, people: People
) -> None:
    sync = tokens.headers("integration")
    hidden_url = f"/v1/employees/{people.hidden}"
    for method, url, body in (
        ("GET", hidden_url, None),
        ("PATCH", hidden_url, {"location": "Oslo"}),
        ("PUT", f"{hidden_url}/skills", []),
        ("POST", f"{hidden_url}/skills", {"skill_id": people.skill, "proficiency": 1}),
        ("DELETE", hidden_url, None),
    ):
        answer = client.request(method, url, json=body, headers=sync)
        assert answer.status_code == 404, (method, url, answer.text)
    listed = client.get("/v1/employees", params={"limit": 500}, headers=sync).json()
    assert people.hidden not in {e["id"] for e in listed["items"]}
    assert listed["total"] == len(listed["items"]) == 8  # as a recruiter sees them

    # the HRIS keeps the person by its own id: it updates them, sees nothing back...
    body = {"name": "Hidden Person", "email": "hidden@example.com", "department": "Ops"}
    admin = tokens.headers("admin")
    assert client.patch(hidden_url, json={"external_id": "hr-9"}, headers=admin).status_code == 200
    upserted = client.put("/v1/employees/by-external-id/hr-9", json=body, headers=sync)
    assert upserted.status_code == 200, upserted.text
    assert upserted.json() == {"result": "updated", "id": people.hidden, "employee": None}
    got = client.get("/v1/employees/by-external-id/hr-9", headers=sync)
    assert got.status_code == 404
    # ...and removes a leaver, hidden or not
    assert client.delete("/v1/employees/by-external-id/hr-9", headers=sync).status_code == 204
    assert client.get(hidden_url, headers=admin).status_code == 404
    assert client.delete("/v1/employees/by-external-id/hr-9", headers=sync).status_code == 404
    # a new person is hidden until they consent; a consenting person's upsert answers
    # with the record
    new = client.put(
        "/v1/employees/by-external-id/hr-10",
        json={"name": "New Person", "email": "new@example.com"},
        headers=sync,
    ).json()
    assert (new["result"], new["employee"]) == ("created", None)
    colleague = f"/v1/employees/{people.colleague}"
    assert client.patch(colleague, json={"external_id": "hr-11"}, headers=admin).status_code == 200
    seen = client.put(
        "/v1/employees/by-external-id/hr-11",
        json={"name": "Colleague", "email": "colleague@example.com"},
        headers=sync,
    ).json()
    assert seen["result"] == "updated"
    assert seen["employee"]["id"] == seen["id"] == people.colleague
