"""Workforce analytics over HTTP: supply, demand and gap per group, small-cell
suppression, CSV download, access and the per-version cache."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from talentmarket.analytics.config import AnalyticsSettings, get_analytics_settings
from talentmarket.db.versions import bump_version
from talentmarket.runtime import Runtime
from talentmarket.taxonomy.models import Skill
from tests.api.helpers import problem
from tests.factories import make_employee, make_opening, make_role, make_skill


@pytest.fixture
def world(session: Session) -> dict[str, Any]:
    """Eng (6 people), Ops (6), Tiny (2); skills A and B; openings in several states."""
    a = make_skill(session, "Alpha skill")
    b = make_skill(session, "Beta skill")
    dev = make_role(session, "Developer")
    for _ in range(6):
        make_employee(
            session, department="Eng", location="Lisbon", current_role_id=dev.id, skills=[(a, 4)]
        )
    for i in range(6):
        skills = [(a, 3)] if i < 2 else [(a, 2)] if i < 4 else []
        make_employee(session, department="Ops", location="Porto", skills=skills)
    make_employee(session, department="Tiny", location="Porto", skills=[(a, 5)])
    make_employee(session, department="Tiny", location="Porto")
    make_employee(session, department="Eng", status="inactive", skills=[(a, 5)])
    hidden = make_employee(
        session,
        department="Eng",
        location="Lisbon",
        current_role_id=dev.id,
        visible_to_recruiters=False,
        open_to_opportunities=False,
        skills=[(a, 4)],
    )
    make_opening(
        session, department="Eng", role_id=dev.id, capacity=3, status="open", requirements=[(a, 3)]
    )
    make_opening(
        session,
        department="Eng",
        role_id=dev.id,
        capacity=5,
        status="open",
        requirements=[(a, 4)],
        must_have=[a],
    )
    make_opening(session, department="Eng", capacity=9, status="closed", requirements=[(a, 3)])
    make_opening(session, department="Eng", capacity=9, status="draft", requirements=[(a, 3)])
    make_opening(session, department="Ops", capacity=2, status="open", requirements=[(b, 3)])
    session.commit()
    return {"a": a, "b": b, "dev": dev, "hidden": hidden}


def _cells(body: dict[str, Any]) -> dict[tuple[int, str | None], dict[str, Any]]:
    return {(i["skill"]["id"], i["group"]): i for i in body["items"]}


def test_supply_demand_and_gap_by_department(client: TestClient, world: dict[str, Any]) -> None:
    a: Skill = world["a"]
    b: Skill = world["b"]
    body = client.get("/v1/analytics/skills", params={"group_by": "department"}).json()
    assert (body["min_proficiency"], body["min_cell"], body["demand_measure"]) == (3, 5, "capacity")
    cells = _cells(body)
    # 7 Eng employees hold A at 4: the one hidden from recruiters counts (aggregates
    # cover everyone active), the inactive one does not
    eng = cells[(a.id, "Eng")]
    assert eng["supply"] == 7
    assert (eng["demand"], eng["requirements"], eng["must_have"]) == (8, 2, 1)
    assert (eng["gap"], eng["coverage_ratio"], eng["suppressed"]) == (1, 0.875, False)
    assert eng["skill"]["label"] == "Alpha skill"
    assert eng["skill"]["uri"] == a.uri
    assert eng["group_label"] == "Eng"
    # 2 of 6 in Ops hold A at level 3 or above: a count below 5, suppressed
    ops_a = cells[(a.id, "Ops")]
    assert (ops_a["supply"], ops_a["gap"], ops_a["coverage_ratio"]) == (None, None, None)
    assert ops_a["suppressed"] is True
    # nobody in Ops holds B; zero is shown, the group is large enough
    ops_b = cells[(b.id, "Ops")]
    assert (ops_b["supply"], ops_b["demand"], ops_b["gap"]) == (0, 2, 2)
    assert ops_b["suppressed"] is False
    # Tiny has 2 people: everything about it is suppressed
    tiny = cells[(a.id, "Tiny")]
    assert (tiny["supply"], tiny["suppressed"]) == (None, True)
    assert body["total"] == len(body["items"]) == 4
    gaps = [i["gap"] if i["gap"] is not None else i["demand"] - 1 for i in body["items"]]
    assert gaps == sorted(gaps, reverse=True)


def test_min_level_and_one_skill(client: TestClient, world: dict[str, Any]) -> None:
    a: Skill = world["a"]
    body = client.get(
        "/v1/analytics/skills",
        params={"min_proficiency": 2, "skill_id": a.id, "group_by": "department"},
    ).json()
    cells = _cells(body)
    assert cells[(a.id, "Ops")]["supply"] is None  # 4 people: still below 5
    assert {k[0] for k in cells} == {a.id}
    level5 = client.get(
        "/v1/analytics/skills", params={"min_proficiency": 5, "skill_id": a.id}
    ).json()
    assert _cells(level5)[(a.id, "Eng")]["supply"] == 0


def test_group_by_role_and_location(client: TestClient, world: dict[str, Any]) -> None:
    a: Skill = world["a"]
    by_role = _cells(client.get("/v1/analytics/skills", params={"group_by": "role"}).json())
    dev = by_role[(a.id, str(world["dev"].id))]
    assert (dev["group_label"], dev["supply"], dev["demand"]) == ("Developer", 7, 8)
    none = by_role[(a.id, None)]
    assert none["group_label"] == "(unspecified)"
    assert none["demand"] == 0
    by_place = _cells(client.get("/v1/analytics/skills", params={"group_by": "location"}).json())
    assert by_place[(a.id, "Lisbon")]["supply"] == 7
    assert by_place[(a.id, "Porto")]["supply"] is None  # 3 holders in Porto


def test_suppression_threshold_is_configurable(client: TestClient, world: dict[str, Any]) -> None:
    app: Any = client.app
    app.dependency_overrides[get_analytics_settings] = lambda: AnalyticsSettings(min_cell=1)
    try:
        cells = _cells(client.get("/v1/analytics/skills").json())
    finally:
        app.dependency_overrides.pop(get_analytics_settings)
    assert cells[(world["a"].id, "Ops")]["supply"] == 2
    assert cells[(world["a"].id, "Tiny")]["supply"] == 1


def test_csv_download(client: TestClient, world: dict[str, Any]) -> None:
    resp = client.get("/v1/analytics/skills", params={"format": "csv", "limit": 1})
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/csv")
    assert resp.headers["content-disposition"] == (
        'attachment; filename="skill-gaps-by-department.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    assert len(rows) == 4  # every row, not one page
    assert list(rows[0]) == [
        "skill_id",
        "skill_uri",
        "skill_label",
        "group_by",
        "group",
        "group_label",
        "supply",
        "demand",
        "requirements",
        "must_have",
        "gap",
        "coverage_ratio",
        "suppressed",
    ]
    eng = next(r for r in rows if r["group"] == "Eng")
    assert (eng["supply"], eng["demand"], eng["gap"]) == ("7", "8", "1")
    ops = next(r for r in rows if r["group"] == "Ops" and r["skill_id"] == str(world["a"].id))
    assert (ops["supply"], ops["suppressed"]) == ("", "True")
    by_accept = client.get("/v1/analytics/skills", headers={"Accept": "text/csv"})
    assert by_accept.headers["content-type"].startswith("text/csv")


def test_pages(client: TestClient, world: dict[str, Any]) -> None:
    first = client.get("/v1/analytics/skills", params={"limit": 3}).json()
    assert (len(first["items"]), first["total"]) == (3, 4)
    rest = client.get(
        "/v1/analytics/skills", params={"limit": 3, "cursor": first["next_cursor"]}
    ).json()
    assert len(rest["items"]) == 1
    assert rest["next_cursor"] is None


def test_cached_until_people_change(
    client: TestClient, session: Session, runtime: Runtime, world: dict[str, Any]
) -> None:
    a: Skill = world["a"]
    assert _cells(client.get("/v1/analytics/skills").json())[(a.id, "Eng")]["supply"] == 7
    make_employee(session, department="Eng", skills=[(a, 3)])
    session.commit()
    assert _cells(client.get("/v1/analytics/skills").json())[(a.id, "Eng")]["supply"] == 7
    bump_version(session, "people")
    session.commit()
    assert _cells(client.get("/v1/analytics/skills").json())[(a.id, "Eng")]["supply"] == 8


@pytest.fixture
def keyed(client: TestClient, runtime: Runtime) -> Iterator[TestClient]:
    runtime.settings.api_keys = {"emp": "employee", "rec": "recruiter"}
    yield client
    runtime.settings.api_keys = {}


def test_employees_may_not_read_analytics(keyed: TestClient, world: dict[str, Any]) -> None:
    problem(keyed.get("/v1/analytics/skills", headers={"X-API-Key": "emp"}), 403, "forbidden")
    assert keyed.get("/v1/analytics/skills", headers={"X-API-Key": "rec"}).status_code == 200


def test_malformed_parameters(client: TestClient) -> None:
    problem(
        client.get("/v1/analytics/skills", params={"group_by": "team"}), 422, "validation-error"
    )
    problem(
        client.get("/v1/analytics/skills", params={"min_proficiency": 6}), 422, "validation-error"
    )
    empty = client.get("/v1/analytics/skills").json()
    assert (empty["items"], empty["total"]) == ([], 0)
