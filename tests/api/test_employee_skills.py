"""Employee skills API: add, update, replace, remove, accept and reject."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.api.helpers import problem
from tests.factories import make_employee, make_employee_skill, make_skill


def test_skill_endpoints(client: TestClient, session: Session) -> None:
    python, sql, go, rust = (
        make_skill(session, label) for label in ("Python", "SQL", "Go", "Rust")
    )
    employee = make_employee(session, skills=[(python, 3)])
    make_employee_skill(
        session, employee, go, 2, status="suggested", source="inferred", confidence=0.6
    )
    make_employee_skill(
        session, employee, rust, 2, status="suggested", source="inferred", confidence=0.5
    )
    url = f"/v1/employees/{employee.id}/skills"

    added = client.post(url, json={"skill_id": sql.id, "proficiency": 2})
    assert added.status_code == 201, added.text
    assert added.json()["skill"]["label"] == "SQL"
    updated = client.post(url, json={"skill_uri": sql.uri, "proficiency": 4})
    assert updated.status_code == 200
    assert updated.json()["proficiency"] == 4

    accepted = client.post(f"{url}/{go.id}/accept")
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["confidence"] == 0.6
    assert accepted.json()["proficiency"] == 2  # the suggested level
    at_four = client.post(f"{url}/{go.id}/accept", json={"proficiency": 4})
    assert at_four.json()["proficiency"] == 4  # the level the person says they have
    problem(client.post(f"{url}/{go.id}/accept", json={"proficiency": 9}), 422, "validation-error")
    problem(client.post(f"{url}/{go.id}/accept", json={"level": 4}), 422, "validation-error")
    rejected = client.post(f"{url}/{rust.id}/reject")
    assert rejected.json()["status"] == "rejected"
    problem(client.post(f"{url}/{python.id + 99999}/accept"), 404, "not-found")

    # replace: the accepted set becomes exactly the body; the rejected row stays
    replaced = client.put(url, json=[{"skill_id": python.id, "proficiency": 5}])
    assert replaced.status_code == 200, replaced.text
    assert {(s["skill"]["label"], s["status"]) for s in replaced.json()} == {
        ("Python", "accepted"),
        ("Rust", "rejected"),
    }
    dup = client.put(
        url,
        json=[{"skill_id": python.id, "proficiency": 5}, {"skill_id": python.id, "proficiency": 1}],
    )
    assert problem(dup, 422, "validation-error")["errors"][0]["loc"] == ["skills", "1"]

    assert client.delete(f"{url}/{python.id}").status_code == 204
    problem(client.delete(f"{url}/{python.id}"), 404, "not-found")
    remaining = client.get(f"/v1/employees/{employee.id}").json()["skills"]
    assert [(s["skill"]["label"], s["status"]) for s in remaining] == [("Rust", "rejected")]
