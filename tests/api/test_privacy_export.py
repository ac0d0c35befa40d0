"""The right of access through HTTP: a person's export holds a row from every table that
names them (found from the schema), their vectors' metadata and who read their data."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from talentmarket.approvals.models import Approval
from talentmarket.db.base import utcnow
from talentmarket.demographics.models import Demographics
from talentmarket.events.models import Event
from talentmarket.openings.models import Decision, Interest
from talentmarket.people.models import EmployeeAspiration
from talentmarket.privacy.repository import employee_references
from talentmarket.vectorstore.models import EntityVector
from tests.factories import (
    make_employee,
    make_employee_skill,
    make_opening,
    make_role,
    make_skill,
)
from tests.tokens import TokenMaker


def test_export_returns_every_table_about_the_person(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    python = make_skill(session, "Python")
    ana = make_employee(session, name="Ana", email="ana@example.com")
    report = make_employee(session, name="Ben")
    report.manager_id = ana.id
    make_employee_skill(session, ana, python, status="suggested", source="inferred")
    opening = make_opening(session, title="Data gig")
    opening.owner_id = ana.id
    session.add_all(
        [
            EmployeeAspiration(employee_id=ana.id, role_id=make_role(session, "Analyst").id),
            Interest(employee_id=ana.id, opening_id=opening.id, action="save", note="keen"),
            Decision(employee_id=ana.id, opening_id=opening.id, decision="shortlist"),
            Demographics(employee_id=ana.id, sex="female"),
            Event(
                event_id="e-1",
                type="org.talentmarket.decision.recorded",
                subject="openings/1/decisions/1",
                data={"employee_id": ana.id},
                employee_id=ana.id,
            ),
            # Ana asked her manager for time on the gig, and answers Ben's request as his
            Approval(employee_id=ana.id, opening_id=opening.id, due_at=utcnow()),
            Approval(
                employee_id=report.id, opening_id=opening.id, manager_id=ana.id, due_at=utcnow()
            ),
            EntityVector(
                entity="employee",
                entity_id=ana.id,
                model_id="m",
                text_hash="h",
                dim=2,
                vector=b"\x00" * 8,
            ),
        ]
    )
    session.commit()
    admin = tokens.headers("admin")
    assert client.get(f"/v1/employees/{ana.id}", headers=admin).status_code == 200
    got = client.get(f"/v1/employees/{ana.id}/export", headers=tokens.headers("employee", ana.id))
    assert got.status_code == 200
    doc = got.json()
    assert doc["profile"]["email"] == "ana@example.com"
    names = [
        t.name if c.name in ("id", "employee_id") else f"{t.name}.{c.name}"
        for t, c in employee_references()
        if t.name != "employees" or c.name != "id"
    ]
    assert set(doc["tables"]) == set(names)
    empty = [name for name in names if not doc["tables"][name]]
    assert not empty, f"tables naming the person left out of the export: {empty}"
    [skill] = doc["tables"]["employee_skills"]
    assert (skill["status"], skill["source"]) == ("suggested", "inferred")
    assert doc["tables"]["interests"][0]["note"] == "keen"
    assert [r["id"] for r in doc["tables"]["employees.manager_id"]] == [report.id]
    assert [r["id"] for r in doc["tables"]["openings.owner_id"]] == [opening.id]
    assert [r["employee_id"] for r in doc["tables"]["approvals.manager_id"]] == [report.id]
    [vector] = doc["vectors"]
    assert "vector" not in vector
    assert vector["dim"] == 2
    assert [e["action"] for e in doc["audit_events"]] == ["read"]


def test_only_the_person_or_an_admin_exports(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    ana, ben = make_employee(session, name="Ana"), make_employee(session, name="Ben")
    session.commit()
    url = f"/v1/employees/{ana.id}/export"
    assert client.get(url, headers=tokens.headers("employee", ben.id)).status_code == 403
    assert client.get(url, headers=tokens.headers("recruiter")).status_code == 403
    assert client.get(url, headers=tokens.headers("admin")).status_code == 200
    missing = client.get("/v1/employees/999999/export", headers=tokens.headers("admin"))
    assert missing.status_code == 404
