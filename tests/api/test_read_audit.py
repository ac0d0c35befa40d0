"""Reads of personal data are audited: one row per request, in its transaction, naming
who read whom, how, through which route, with the request's id."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from talentmarket.audit.models import AuditEvent
from talentmarket.people.models import Employee
from tests.factories import make_employee
from tests.tokens import TokenMaker


def _events(session: Session) -> list[AuditEvent]:
    session.expire_all()
    return list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def test_a_profile_read_and_a_list_write_one_row_each(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    people = [make_employee(session, name=n) for n in ("Ana", "Ben", "Cleo")]
    session.commit()
    admin = tokens.headers("admin")
    one = client.get(f"/v1/employees/{people[1].id}", headers=admin)
    assert one.status_code == 200
    listed = client.get("/v1/employees", params={"limit": 2}, headers=admin)
    assert listed.status_code == 200
    read, page = _events(session)
    assert (read.action, read.route, read.method) == ("read", "/v1/employees/{employee_id}", "GET")
    assert read.role == "admin"
    assert read.caller == "user:test-admin"
    assert read.subject_employee_ids == [people[1].id]
    assert read.request_id == one.headers["X-Request-ID"]
    assert page.action == "list"
    assert page.subject_employee_ids == [e["id"] for e in listed.json()["items"]]
    assert page.result_count == listed.json()["total"] == session.query(Employee).count()


def test_an_employee_reading_themself_is_audited_and_a_404_writes_nothing(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    ana = make_employee(session, name="Ana")
    session.commit()
    me = tokens.headers("employee", ana.id)
    assert client.get(f"/v1/employees/{ana.id}/interests", headers=me).status_code == 200
    admin = tokens.headers("admin")
    assert client.get("/v1/employees/999999", headers=admin).status_code == 404
    [event] = _events(session)
    assert (event.action, event.role, event.subject_employee_ids) == ("list", "employee", [ana.id])


def test_writes_about_a_person_are_audited_as_writes(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    ana, ben = make_employee(session, name="Ana"), make_employee(session, name="Ben")
    session.commit()
    ana_id, ben_id = ana.id, ben.id
    admin = tokens.headers("admin")
    created = client.post(
        "/v1/employees", json={"name": "Cleo", "email": "cleo@example.com"}, headers=admin
    )
    assert created.status_code == 201, created.text
    patched = client.patch(f"/v1/employees/{ana_id}", json={"location": "Oslo"}, headers=admin)
    assert patched.status_code == 200
    assert client.put(f"/v1/employees/{ana_id}/skills", json=[], headers=admin).status_code == 200
    assert client.delete(f"/v1/employees/{ben_id}", headers=admin).status_code == 204
    events = _events(session)
    assert [(e.action, e.method, e.subject_employee_ids) for e in events] == [
        ("write", "POST", [created.json()["id"]]),
        ("write", "PATCH", [ana_id]),
        ("write", "PUT", [ana_id]),
        ("write", "DELETE", [ben_id]),
    ]
    assert {e.caller for e in events} == {"user:test-admin"}
