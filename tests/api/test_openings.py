"""Openings API: create, read, list, update, delete, requirements, ATS upsert and problems."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentmarket.openings.models import Opening, OpeningRequirement
from tests.api.helpers import problem, rows
from tests.factories import make_employee, make_opening, make_requirement, make_role, make_skill


def test_create_and_get(client: TestClient, session: Session) -> None:
    python = make_skill(session, "Python")
    sql = make_skill(session, "SQL", uri="http://data.europa.eu/esco/skill/sql")
    role = make_role(session, "Data engineer", uri="urn:test:role:de")
    owner = make_employee(session)
    body = {
        "title": " Build the ingestion pipeline ",
        "kind": "gig",
        "description": "Two months, Python and SQL.",
        "role_uri": role.uri,
        "department": "Data",
        "location": "Lisbon",
        "remote": True,
        "capacity": 2,
        "hours_per_week": 8,
        "time_pct": 20,
        "start_date": "2026-12-01",
        "end_date": "2027-01-31",
        "owner_id": owner.id,
        "external_id": "ATS-1",
        "requirements": [
            {"skill_id": python.id, "must_have": True, "min_proficiency": 4, "weight": 2},
            {"skill_uri": sql.uri},
        ],
    }
    resp = client.post("/v1/openings", json=body)
    assert resp.status_code == 201, resp.text
    got = resp.json()
    assert got["title"] == "Build the ingestion pipeline"
    assert got["status"] == "open"
    assert got["role"]["id"] == role.id
    assert got["owner_id"] == owner.id
    assert got["requirements"] == [
        {
            "skill": {"id": python.id, "uri": python.uri, "label": "Python"},
            "must_have": True,
            "min_proficiency": 4,
            "weight": 2.0,
            "status": "active",
            "source": "manual",
            "confidence": 1.0,
        },
        {
            "skill": {"id": sql.id, "uri": sql.uri, "label": "SQL"},
            "must_have": False,
            "min_proficiency": 3,
            "weight": 1.0,
            "status": "active",
            "source": "manual",
            "confidence": 1.0,
        },
    ]
    assert client.get(f"/v1/openings/{got['id']}").json() == got
    problem(client.get("/v1/openings/999999"), 404, "not-found")


def test_validation(client: TestClient, session: Session) -> None:
    python = make_skill(session)
    before = (rows(session, Opening), rows(session, OpeningRequirement))
    base = {"title": "T", "kind": "gig"}
    bad_bodies: list[dict[str, Any]] = [
        {**base, "kind": "internship"},
        {**base, "status": "archived"},
        {**base, "start_date": "2026-12-02", "end_date": "2026-12-01"},
        {**base, "capacity": 0},
        {**base, "salary": 1},
        {"kind": "gig"},
        {**base, "requirements": [{"skill_id": python.id, "weight": 0}]},
        {**base, "requirements": [{"skill_id": python.id, "min_proficiency": 0}]},
        {
            **base,
            "requirements": [{"skill_id": python.id}, {"skill_uri": python.uri}],
        },
    ]
    for bad in bad_bodies:
        body = problem(client.post("/v1/openings", json=bad), 422, "validation-error")
        assert body["errors"], bad
    unknown = client.post("/v1/openings", json={**base, "requirements": [{"skill_id": 999999}]})
    assert "requirements[0]" in problem(unknown, 404, "not-found")["detail"]
    owner = client.post("/v1/openings", json={**base, "owner_id": 999999})
    assert problem(owner, 404, "not-found")["field"] == "owner_id"
    role = client.post("/v1/openings", json={**base, "role_id": 999999})
    assert problem(role, 404, "not-found")["field"] == "role_id"
    assert (rows(session, Opening), rows(session, OpeningRequirement)) == before


def test_list_paginates_and_filters(client: TestClient, session: Session) -> None:
    python = make_skill(session)
    role = make_role(session)
    owner = make_employee(session)
    a = make_opening(session, "Data gig", department="Lists", requirements=[(python, 3)])
    b = make_opening(
        session, "Platform job", kind="job", department="Lists", remote=True, owner_id=owner.id
    )
    c = make_opening(session, "Closed project", kind="project", department="Lists", status="closed")
    d = make_opening(session, "Mentor me", kind="mentorship", department="Lists", role_id=role.id)

    def ids(query: str) -> list[int]:
        resp = client.get(f"/v1/openings?department=LISTS&{query}")
        assert resp.status_code == 200, resp.text
        return [o["id"] for o in resp.json()["items"]]

    assert ids("") == [a.id, b.id, c.id, d.id]
    assert ids("kind=job") == [b.id]
    assert ids("status=closed") == [c.id]
    assert ids("remote=true") == [b.id]
    assert ids(f"role_id={role.id}") == [d.id]
    assert ids(f"skill_id={python.id}") == [a.id]
    assert ids(f"owner_id={owner.id}") == [b.id]
    assert ids("q=platform") == [b.id]
    problem(client.get("/v1/openings?kind=internship"), 422, "validation-error")

    seen: list[int] = []
    cursor: str | None = None
    while True:
        query = "department=lists&limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(f"/v1/openings?{query}").json()
        assert page["total"] == 4
        seen.extend(o["id"] for o in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [a.id, b.id, c.id, d.id]


def test_patch_and_delete(client: TestClient, session: Session) -> None:
    python = make_skill(session)
    opening = make_opening(
        session, start_date=None, requirements=[(python, 3)], description="keep me"
    )
    opening_id = opening.id
    resp = client.patch(
        f"/v1/openings/{opening_id}", json={"status": "closed", "start_date": "2026-12-10"}
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["status"] == "closed"
    assert resp.json()["description"] == "keep me"
    assert len(resp.json()["requirements"]) == 1
    before_start = client.patch(f"/v1/openings/{opening_id}", json={"end_date": "2026-12-01"})
    assert problem(before_start, 422, "validation-error")["errors"][0]["loc"] == ["end_date"]
    problem(
        client.patch(f"/v1/openings/{opening_id}", json={"kind": None}), 422, "validation-error"
    )

    assert client.delete(f"/v1/openings/{opening_id}").status_code == 204
    problem(client.get(f"/v1/openings/{opening_id}"), 404, "not-found")
    left = select(func.count()).where(OpeningRequirement.opening_id == opening_id)
    assert session.scalar(left) == 0


def test_replace_requirements(client: TestClient, session: Session) -> None:
    python, sql, go, rust = (make_skill(session, s) for s in ("Python", "SQL", "Go", "Rust"))
    opening = make_opening(session, requirements=[(python, 3), (sql, 2)])
    make_requirement(session, opening, go, status="suggested", source="extracted")
    make_requirement(session, opening, rust, status="rejected", source="extracted")
    url = f"/v1/openings/{opening.id}/requirements"
    resp = client.put(
        url,
        json=[
            {"skill_id": sql.id, "must_have": True, "min_proficiency": 4},
            {"skill_uri": go.uri, "weight": 0.5},
        ],
    )
    assert resp.status_code == 200, resp.text
    got = {r["skill"]["label"]: r for r in resp.json()}
    assert set(got) == {"SQL", "Go", "Rust"}
    assert got["SQL"]["must_have"] is True
    assert got["SQL"]["min_proficiency"] == 4
    assert got["Go"]["status"] == "active"
    assert got["Go"]["weight"] == 0.5
    assert got["Rust"]["status"] == "rejected"
    dup = client.put(url, json=[{"skill_id": sql.id}, {"skill_id": sql.id}])
    assert problem(dup, 422, "validation-error")["errors"][0]["loc"] == ["requirements", "1"]
    problem(client.put("/v1/openings/999999/requirements", json=[]), 404, "not-found")
    cleared = client.put(url, json=[])
    assert [(r["skill"]["label"], r["status"]) for r in cleared.json()] == [("Rust", "rejected")]


def test_upsert_by_external_id_is_idempotent(client: TestClient, session: Session) -> None:
    python = make_skill(session)
    body = {
        "title": "Night shift lead",
        "kind": "job",
        "requirements": [{"skill_id": python.id, "must_have": True}],
        "start_date": "2026-12-01",
    }
    first = client.put("/v1/openings/by-external-id/ATS-9", json=body)
    assert first.status_code == 201, first.text
    assert first.json()["result"] == "created"
    assert first.json()["opening"]["external_id"] == "ATS-9"
    second = client.put("/v1/openings/by-external-id/ATS-9", json=body)
    assert second.status_code == 200
    assert second.json()["result"] == "unchanged"
    assert second.json()["opening"] == first.json()["opening"]
    third = client.put("/v1/openings/by-external-id/ATS-9", json={**body, "status": "filled"})
    assert third.json()["result"] == "updated"
    assert third.json()["opening"]["status"] == "filled"
    assert third.json()["opening"]["updated_at"] > first.json()["opening"]["updated_at"]
    assert session.scalar(select(func.count()).where(Opening.external_id == "ATS-9")) == 1
    dup = client.post("/v1/openings", json={**body, "external_id": "ATS-9"})
    problem(dup, 409, "conflict")
