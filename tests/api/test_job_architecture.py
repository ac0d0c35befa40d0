"""Job architecture through HTTP: a company role created from a standard occupation and
tailored (each change a version in the change feed), used by employees and openings and
ranked like any role, retired into a successor that people and openings follow;
imported roles stay read-only."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from talentmarket.people.models import Employee
from talentmarket.taxonomy.models import RoleSkill, Task
from tests.api.helpers import problem
from tests.factories import make_role, make_skill
from tests.tokens import TokenMaker


def _occupation(session: Session) -> tuple[int, int, int]:
    """An imported ESCO occupation with two tasks and two skills."""
    python = make_skill(session, "Python", uri="urn:t:python")
    sql = make_skill(session, "SQL", uri="urn:t:sql")
    base = make_role(
        session, "data analyst", uri="http://data.europa.eu/esco/occupation/x", source="esco"
    )
    for k, statement in enumerate(("Clean data sets.", "Build dashboards for managers.")):
        session.add(
            Task(uri=f"urn:t:task:{k}", role_id=base.id, statement=statement, source="esco")
        )
    session.add_all(
        [
            RoleSkill(role_id=base.id, skill_id=python.id, relation="essential", level=3.0),
            RoleSkill(role_id=base.id, skill_id=sql.id, relation="optional", level=2.0),
        ]
    )
    session.commit()
    return base.id, python.id, sql.id


def test_a_company_role_is_built_from_an_occupation_tailored_used_and_retired(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    base_id, python, sql = _occupation(session)
    admin = tokens.headers("admin")
    created = client.post(
        "/v1/roles",
        json={
            "title": "Data Analyst II",
            "family": "Data",
            "grade": "P2",
            "based_on": "http://data.europa.eu/esco/occupation/x",
        },
        headers=admin,
    )
    assert created.status_code == 201, created.text
    role = created.json()
    assert role["based_on"]["id"] == base_id
    assert role["version"] == 1
    assert [t["statement"] for t in role["tasks"]] == [
        "Clean data sets.",
        "Build dashboards for managers.",
    ]
    assert {s["skill"]["id"]: s["required_proficiency"] for s in role["skills"]} == {
        python: 3.0,
        sql: 2.0,
    }

    # tailor: drop a task, add one, ask more SQL
    drop = role["tasks"][0]["id"]
    tailored = client.patch(
        f"/v1/roles/{role['id']}",
        json={
            "add_tasks": ["Explain findings to product teams."],
            "remove_task_ids": [drop],
            "skills": [
                {"skill_id": python, "required_proficiency": 3},
                {"skill_id": sql, "relation": "essential", "required_proficiency": 4},
            ],
        },
        headers=tokens.headers("integration"),
    )
    assert tailored.status_code == 200, tailored.text
    after = tailored.json()
    assert after["version"] == 2
    assert [t["statement"] for t in after["tasks"]] == [
        "Build dashboards for managers.",
        "Explain findings to product teams.",
    ]
    assert {
        s["skill"]["id"]: (s["relation"], s["required_proficiency"]) for s in after["skills"]
    } == {
        python: ("essential", 3.0),
        sql: ("essential", 4.0),
    }
    feed = client.get("/v1/taxonomy/changes", headers=admin).json()["items"]
    mine = [
        (c["action"], c["details"].get("version"))
        for c in feed
        if c["entity_id"] == role["id"] and c["entity"] == "role"
    ]
    assert ("created", 1) in mine
    assert ("updated", 2) in mine

    # employees and openings point at it, and ranking uses it
    person = client.post(
        "/v1/employees",
        json={
            "name": "Ana Analyst",
            "email": "ana@example.com",
            "current_role_uri": role["uri"],
            "skills": [{"skill_id": sql, "proficiency": 4}],
            "open_to_opportunities": True,
            "visible_to_recruiters": True,
        },
        headers=admin,
    )
    assert person.status_code == 201, person.text
    opening = client.post(
        "/v1/openings",
        json={
            "title": "Analytics gig",
            "kind": "gig",
            "status": "open",
            "role_id": role["id"],
            "requirements": [{"skill_id": sql, "min_proficiency": 3}],
        },
        headers=tokens.headers("recruiter"),
    )
    assert opening.status_code == 201, opening.text
    ranked = client.get(
        f"/v1/openings/{opening.json()['id']}/candidates", headers=tokens.headers("recruiter")
    )
    assert ranked.status_code == 200
    assert person.json()["id"] in [i["employee"]["id"] for i in ranked.json()["items"]]

    # retire into a successor: the person and the opening follow
    successor = client.post(
        "/v1/roles", json={"title": "Analytics Engineer", "family": "Data"}, headers=admin
    ).json()
    refused = client.post(
        f"/v1/roles/{role['id']}/retire",
        json={"successor_id": successor["id"]},
        headers=tokens.headers("integration"),
    )
    assert refused.status_code == 403
    retired = client.post(
        f"/v1/roles/{role['id']}/retire",
        json={"successor_id": successor["id"], "reason": "merged"},
        headers=admin,
    )
    assert retired.status_code == 200, retired.text
    assert retired.json()["moved"] == {"employees": 1, "openings": 1, "aspirations": 0}
    assert retired.json()["role"]["status"] == "deprecated"
    assert retired.json()["role"]["replaced_by_id"] == successor["id"]
    session.expire_all()
    assert session.get(Employee, person.json()["id"]).current_role_id == successor["id"]  # type: ignore[union-attr]
    moved = client.get(f"/v1/openings/{opening.json()['id']}", headers=admin).json()
    assert moved["role"]["id"] == successor["id"]
    again = client.patch(f"/v1/roles/{role['id']}", json={"grade": "P3"}, headers=admin)
    problem(again, 409, "conflict")


def test_imported_roles_are_read_only_and_bad_input_changes_nothing(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    base_id, _python, _sql = _occupation(session)
    admin = tokens.headers("admin")
    problem(
        client.patch(f"/v1/roles/{base_id}", json={"grade": "P1"}, headers=admin), 409, "conflict"
    )
    assert (
        client.post(
            "/v1/roles", json={"title": "X"}, headers=tokens.headers("recruiter")
        ).status_code
        == 403
    )
    unknown = client.post(
        "/v1/roles", json={"title": "Y", "skills": [{"skill_uri": "urn:nope"}]}, headers=admin
    )
    assert unknown.status_code == 404
    listed = client.get("/v1/roles", params={"q": "Y"}, headers=admin).json()["items"]
    assert [r for r in listed if r["title"] == "Y"] == []
    missing = client.post("/v1/roles", json={"title": "Z", "based_on": "urn:nope"}, headers=admin)
    assert missing.status_code == 404
