"""Employees API: create, read, list, update, delete, skills, HRIS upsert and problems."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentmarket.api.security import get_principal
from talentmarket.db.versions import DataVersion
from talentmarket.people.models import PROFICIENCY_SCALE, Employee, EmployeeSkill
from talentmarket.principal import Principal
from tests.api.helpers import PROBLEM, problem, rows
from tests.factories import make_employee, make_employee_skill, make_role, make_skill


def test_create_with_skills_by_id_and_uri(client: TestClient, session: Session) -> None:
    python = make_skill(session, "Python")
    sql = make_skill(session, "SQL", uri="http://data.europa.eu/esco/skill/sql")
    spark = make_skill(session, "Apache Spark")
    role = make_role(session, "Data engineer", code="2521.1")
    target = make_role(session, "Data architect", uri="urn:test:role:architect")
    manager = make_employee(session, "Grace")
    body = {
        "name": "  Ada Lovelace ",
        "email": "Ada@Example.com",
        "profile": "Builds data pipelines in Python.",
        "current_role_uri": "2521.1",
        "job_title": "Senior data engineer",
        "department": "Data",
        "location": "Lisbon",
        "manager_id": manager.id,
        "availability_pct": 20,
        "preferred_kinds": ["gig", "project", "gig"],
        "open_to_opportunities": True,
        "visible_to_recruiters": True,
        "external_id": "HR-1",
        "skills": [
            {
                "skill_id": python.id,
                "proficiency": 4,
                "evidence": "5 years",
                "last_used": "2026-10-01",
            },
            {"skill_uri": sql.uri, "proficiency": 3, "source": "manager"},
        ],
        "aspirations": {
            "target_roles": [target.uri, role.id],
            "grow_skills": [{"skill_id": spark.id}],
        },
    }
    resp = client.post("/v1/employees", json=body)
    assert resp.status_code == 201, resp.text
    got = resp.json()
    assert got["name"] == "Ada Lovelace"
    assert got["email"] == "ada@example.com"
    assert got["current_role"] == {
        "id": role.id,
        "uri": role.uri,
        "code": "2521.1",
        "title": "Data engineer",
    }
    assert got["current_role_id"] == role.id
    assert got["preferred_kinds"] == ["gig", "project"]
    assert got["manager_id"] == manager.id
    skills = {s["skill"]["label"]: s for s in got["skills"]}
    assert skills["Python"]["skill"]["uri"] == python.uri
    assert skills["Python"]["proficiency"] == 4
    assert skills["Python"]["proficiency_label"] == PROFICIENCY_SCALE[4]
    assert skills["Python"]["last_used"] == "2026-10-01"
    assert skills["SQL"]["skill"]["id"] == sql.id
    assert skills["SQL"]["source"] == "manager"
    assert {s["status"] for s in got["skills"]} == {"accepted"}
    assert [r["id"] for r in got["aspirations"]["target_roles"]] == [target.id, role.id]
    assert got["aspirations"]["grow_skills"] == [
        {"id": spark.id, "uri": spark.uri, "label": "Apache Spark"}
    ]
    assert got["created_at"].endswith("Z")

    again = client.get(f"/v1/employees/{got['id']}")
    assert again.status_code == 200
    assert again.json() == got
    by_ext = client.get("/v1/employees/by-external-id/HR-1")
    assert by_ext.json()["id"] == got["id"]
    assert session.get(DataVersion, "people") is not None


def test_list_paginates_to_the_end(client: TestClient, session: Session) -> None:
    made = [make_employee(session, department="Pagination").id for _ in range(7)]
    seen: list[int] = []
    totals = set()
    url = "/v1/employees?department=pagination&limit=3"
    cursor = None
    pages = 0
    while True:
        resp = client.get(url + (f"&cursor={cursor}" if cursor else ""))
        assert resp.status_code == 200
        page = resp.json()
        seen.extend(e["id"] for e in page["items"])
        totals.add(page["total"])
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == made
    assert totals == {7}
    assert pages == 3
    bad = client.get("/v1/employees?cursor=not-a-cursor")
    problem(bad, 422, "validation-error")


def test_list_filters(client: TestClient, session: Session) -> None:
    python = make_skill(session, "Python")
    role = make_role(session)
    a = make_employee(
        session,
        "Alice Filter",
        department="Ops",
        location="Porto",
        current_role_id=role.id,
        job_title="SRE",
        skills=[(python, 4)],
    )
    b = make_employee(
        session, "Bob Filter", department="Ops", location="Lisbon", skills=[(python, 2)]
    )
    c = make_employee(session, "Carol Filter", department="Ops", visible_to_recruiters=False)
    d = make_employee(session, "Dan Filter", department="Ops", open_to_opportunities=False)
    make_employee_skill(session, d, python, 5, status="suggested")

    def ids(query: str) -> list[int]:
        resp = client.get(f"/v1/employees?department=ops&{query}")
        assert resp.status_code == 200, resp.text
        return [e["id"] for e in resp.json()["items"]]

    assert ids("") == [a.id, b.id, c.id, d.id]
    assert ids("location=PORTO") == [a.id]
    assert ids(f"role_id={role.id}") == [a.id]
    assert ids(f"skill_id={python.id}") == [a.id, b.id]  # suggested skills are not held
    assert ids(f"skill_id={python.id}&min_proficiency=3") == [a.id]
    assert ids("visible_to_recruiters=false") == [c.id]
    assert ids("open_to_opportunities=false") == [d.id]
    assert ids("q=bob") == [b.id]
    assert ids("q=sre") == [a.id]
    assert ids("q=%25") == []  # LIKE wildcards are literal


def test_recruiters_only_see_people_who_consented(client: TestClient, session: Session) -> None:
    shown = make_employee(session, department="Consent")
    hidden = make_employee(session, department="Consent", visible_to_recruiters=False)
    closed = make_employee(session, department="Consent", open_to_opportunities=False)
    app = client.app
    app.dependency_overrides[get_principal] = lambda: Principal(id="r1", role="recruiter")  # type: ignore[attr-defined]
    try:
        page = client.get("/v1/employees?department=consent").json()
        assert [e["id"] for e in page["items"]] == [shown.id]
        assert page["total"] == 1
        assert client.get(f"/v1/employees/{shown.id}").status_code == 200
        for other in (hidden, closed):
            problem(client.get(f"/v1/employees/{other.id}"), 404, "not-found")
    finally:
        app.dependency_overrides.clear()  # type: ignore[attr-defined]
    assert client.get(f"/v1/employees/{hidden.id}").status_code == 200


def test_patch_changes_only_given_fields(client: TestClient, session: Session) -> None:
    employee = make_employee(session, "Eve", job_title="Analyst", open_to_opportunities=False)
    role = make_role(session)
    before = client.get(f"/v1/employees/{employee.id}").json()
    resp = client.patch(
        f"/v1/employees/{employee.id}",
        json={
            "open_to_opportunities": True,
            "visible_to_recruiters": False,
            "current_role_id": role.id,
        },
    )
    assert resp.status_code == 200, resp.text
    got = resp.json()
    assert got["open_to_opportunities"] is True
    assert got["visible_to_recruiters"] is False
    assert got["current_role"]["id"] == role.id
    assert got["job_title"] == "Analyst"
    assert got["updated_at"] >= before["updated_at"]
    cleared = client.patch(f"/v1/employees/{employee.id}", json={"current_role_id": None}).json()
    assert cleared["current_role"] is None
    body = problem(
        client.patch(f"/v1/employees/{employee.id}", json={"name": None}), 422, "validation-error"
    )
    assert body["errors"]


def test_duplicate_email_is_a_conflict(client: TestClient, session: Session) -> None:
    make_employee(session, email="taken@example.com")
    other = make_employee(session)
    before = rows(session, Employee)
    resp = client.post("/v1/employees", json={"name": "X", "email": "TAKEN@example.com"})
    body = problem(resp, 409, "conflict")
    assert "taken@example.com" in body["detail"]
    assert rows(session, Employee) == before
    resp = client.patch(f"/v1/employees/{other.id}", json={"email": "taken@example.com"})
    problem(resp, 409, "conflict")


def test_unknown_references_are_404_naming_the_field(client: TestClient, session: Session) -> None:
    python = make_skill(session)
    before = (rows(session, Employee), rows(session, EmployeeSkill))
    resp = client.post(
        "/v1/employees",
        json={
            "name": "X",
            "email": "x@example.com",
            "skills": [
                {"skill_id": python.id, "proficiency": 3},
                {"skill_id": 999999, "proficiency": 3},
            ],
        },
    )
    body = problem(resp, 404, "not-found")
    assert "skills[1]" in body["detail"]
    resp = client.post(
        "/v1/employees", json={"name": "X", "email": "x@example.com", "manager_id": 999999}
    )
    assert problem(resp, 404, "not-found")["field"] == "manager_id"
    resp = client.post(
        "/v1/employees", json={"name": "X", "email": "x@example.com", "current_role_uri": "nope"}
    )
    assert problem(resp, 404, "not-found")["field"] == "current_role_uri"
    resp = client.post(
        "/v1/employees", json={"name": "X", "email": "x@example.com", "current_role_id": 999999}
    )
    assert problem(resp, 404, "not-found")["field"] == "current_role_id"
    assert (rows(session, Employee), rows(session, EmployeeSkill)) == before
    problem(client.get("/v1/employees/999999"), 404, "not-found")


def test_malformed_payloads_are_422_and_store_nothing(client: TestClient, session: Session) -> None:
    python = make_skill(session)
    before = (rows(session, Employee), rows(session, EmployeeSkill))
    bad_bodies: list[Any] = [
        {"name": "X", "email": "x@example.com", "nickname": "x"},
        {"name": "X", "email": "not-an-email"},
        {"name": "   ", "email": "x@example.com"},
        {"name": "X" * 300, "email": "x@example.com"},
        {
            "name": "X",
            "email": "x@example.com",
            "skills": [{"skill_id": python.id, "proficiency": 6}],
        },
        {"name": "X", "email": "x@example.com", "skills": [{"proficiency": 3}]},
        {"name": "X", "email": "x@example.com", "preferred_kinds": ["internship"]},
        {"name": "X", "email": "x@example.com", "availability_pct": 120},
        {"name": "X", "email": "x@example.com", "current_role_id": 1, "current_role_uri": "a"},
        {
            "name": "X",
            "email": "x@example.com",
            "skills": [
                {"skill_id": python.id, "proficiency": 3},
                {"skill_uri": python.uri, "proficiency": 2},
            ],
        },
        [],
    ]
    for bad in bad_bodies:
        body = problem(client.post("/v1/employees", json=bad), 422, "validation-error")
        assert body["errors"], bad
    first = problem(client.post("/v1/employees", json=bad_bodies[0]), 422, "validation-error")
    assert first["errors"][0]["loc"] == ["body", "nickname"]
    assert (rows(session, Employee), rows(session, EmployeeSkill)) == before


def test_delete(client: TestClient, session: Session) -> None:
    python = make_skill(session)
    employee = make_employee(session, skills=[(python, 3)])
    report = make_employee(session, manager_id=employee.id)
    employee_id = employee.id
    resp = client.delete(f"/v1/employees/{employee_id}")
    assert resp.status_code == 204
    assert resp.content == b""
    problem(client.get(f"/v1/employees/{employee_id}"), 404, "not-found")
    problem(client.delete(f"/v1/employees/{employee_id}"), 404, "not-found")
    assert client.get(f"/v1/employees/{report.id}").json()["manager_id"] is None
    left = select(func.count()).where(EmployeeSkill.employee_id == employee_id)
    assert session.scalar(left) == 0


def test_upsert_by_external_id_is_idempotent(client: TestClient, session: Session) -> None:
    python = make_skill(session)
    body = {
        "name": "Hal",
        "email": "hal@example.com",
        "department": "Ops",
        "skills": [{"skill_id": python.id, "proficiency": 2, "source": "imported"}],
        "aspirations": {"target_roles": [], "grow_skills": [{"skill_id": python.id}]},
    }
    first = client.put("/v1/employees/by-external-id/HR-42", json=body)
    assert first.status_code == 201, first.text
    assert first.json()["result"] == "created"
    second = client.put("/v1/employees/by-external-id/HR-42", json=body)
    assert second.status_code == 200
    assert second.json()["result"] == "unchanged"
    assert second.json()["employee"] == first.json()["employee"]
    employee_id = first.json()["employee"]["id"]

    # the employee opts in; a later sync that leaves consent out keeps it
    client.patch(f"/v1/employees/{employee_id}", json={"visible_to_recruiters": True})
    third = client.put(
        "/v1/employees/by-external-id/HR-42", json={**body, "department": "Platform"}
    )
    assert third.status_code == 200
    got = third.json()
    assert got["result"] == "updated"
    assert got["employee"]["department"] == "Platform"
    assert got["employee"]["visible_to_recruiters"] is True
    assert got["employee"]["updated_at"] > first.json()["employee"]["updated_at"]
    assert rows(session, Employee) >= 1
    assert session.scalar(select(func.count()).where(Employee.external_id == "HR-42")) == 1


def test_upsert_links_an_employee_by_email(client: TestClient, session: Session) -> None:
    existing = make_employee(session, email="ivy@example.com")
    resp = client.put(
        "/v1/employees/by-external-id/HR-7", json={"name": "Ivy", "email": "ivy@example.com"}
    )
    assert resp.status_code == 200
    assert resp.json()["employee"]["id"] == existing.id
    assert resp.json()["employee"]["external_id"] == "HR-7"
    clash = client.put(
        "/v1/employees/by-external-id/HR-8", json={"name": "Ivy", "email": "ivy@example.com"}
    )
    problem(clash, 409, "conflict")


def test_manager_loops_are_conflicts(client: TestClient, session: Session) -> None:
    boss = make_employee(session)
    report = make_employee(session, manager_id=boss.id)
    problem(client.patch(f"/v1/employees/{boss.id}", json={"manager_id": boss.id}), 409, "conflict")
    problem(
        client.patch(f"/v1/employees/{boss.id}", json={"manager_id": report.id}), 409, "conflict"
    )


def test_openapi_lists_problem_responses(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    operations = [
        (path, method, op)
        for path, item in spec["paths"].items()
        if path.startswith(("/v1/employees", "/v1/openings"))
        for method, op in item.items()
    ]
    assert len(operations) >= 19
    for path, method, op in operations:
        problems = [c for c, r in op["responses"].items() if PROBLEM in r.get("content", {})]
        assert problems, (path, method)
        assert op.get("description") or op.get("summary"), (path, method)
    create = spec["paths"]["/v1/employees"]["post"]
    assert {"404", "409", "422"} <= set(create["responses"])
    skill_schema = spec["components"]["schemas"]["EmployeeSkillIn"]["properties"]["proficiency"]
    assert PROFICIENCY_SCALE[5] in skill_schema["description"]


def test_search_folds_case_of_every_letter(client: TestClient, session: Session) -> None:
    zoe = make_employee(session, "Zoë Ångström-Łukasik")
    make_employee(session, "Ola Nordmann")
    session.commit()

    def ids(query: str) -> list[int]:
        resp = client.get("/v1/employees", params={"q": query})
        assert resp.status_code == 200, resp.text
        return [e["id"] for e in resp.json()["items"]]

    for query in ("Ångström", "ångström", "ÅNGSTRÖM", "łukasik", "ŁUKASIK", "zoË"):
        assert ids(query) == [zoe.id], query


def test_pages_hold_their_place_while_others_write(client: TestClient, session: Session) -> None:
    """Keyset cursors: deleting a row already seen neither skips nor repeats one, and a
    person added meanwhile comes at the end."""
    people = [make_employee(session, f"Person {i}") for i in range(7)]
    make_skill(session, "Python")
    session.commit()
    ids = [p.id for p in people]
    first = client.get("/v1/employees", params={"limit": 3}).json()
    assert [e["id"] for e in first["items"]] == ids[:3]
    assert client.delete(f"/v1/employees/{ids[0]}").status_code == 204  # seen already
    late = client.post("/v1/employees", json={"name": "Late", "email": "late@example.com"})
    assert late.status_code == 201
    seen = [e["id"] for e in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = client.get("/v1/employees", params={"limit": 3, "cursor": cursor}).json()
        seen += [e["id"] for e in page["items"]]
        cursor = page["next_cursor"]
    assert seen == [*ids, late.json()["id"]]
    # a keyed cursor means nothing to a list paged by position
    problem(
        client.get("/v1/skills", params={"q": "py", "cursor": first["next_cursor"]}),
        422,
        "validation-error",
    )
