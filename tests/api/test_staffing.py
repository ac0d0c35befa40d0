"""Staffing plans over the API: many gigs at once within people's time, each line
explained, accepted as decisions; bad input changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from talentmarket.openings.models import Decision
from talentmarket.people.models import EmployeeAspiration
from tests.api.helpers import problem, rows
from tests.factories import make_employee, make_opening, make_skill
from tests.tokens import TokenMaker


@pytest.fixture
def gigs(session: Session) -> dict[str, Any]:
    """Three data gigs of 8 hours; four people, one with time for a single gig."""
    python, sql, viz = (make_skill(session, s) for s in ("Python", "SQL", "Data visualisation"))
    people = {
        "ada": make_employee(
            session,
            "Ada",
            skills=[(python, 5), (sql, 5), (viz, 4)],
            availability_pct=20,
            department="Data",
        ),
        "bo": make_employee(
            session, "Bo", skills=[(python, 4), (sql, 3)], availability_pct=50, department="Data"
        ),
        "cy": make_employee(
            session, "Cy", skills=[(sql, 4), (viz, 3)], availability_pct=50, department="Finance"
        ),
        "hidden": make_employee(
            session,
            "Hid",
            skills=[(python, 5), (sql, 5)],
            availability_pct=100,
            visible_to_recruiters=False,
        ),
    }
    session.add(EmployeeAspiration(employee_id=people["cy"].id, skill_id=viz.id))
    openings = [
        make_opening(
            session,
            "Churn model",
            status="open",
            hours_per_week=8,
            requirements=[(python, 4), (sql, 3)],
            must_have=[python],
        ),
        make_opening(
            session,
            "Sales dashboard",
            status="open",
            hours_per_week=8,
            requirements=[(sql, 3), (viz, 3)],
        ),
        make_opening(
            session,
            "Data cleaning",
            status="open",
            hours_per_week=8,
            capacity=2,
            requirements=[(sql, 3), (python, 2)],
        ),
    ]
    job = make_opening(session, "Data lead", kind="job", status="open", requirements=[(sql, 4)])
    session.commit()
    return {"people": people, "openings": openings, "job": job}


def test_a_plan_keeps_capacity_time_and_must_haves(
    client: TestClient, gigs: dict[str, Any]
) -> None:
    ids = [o.id for o in gigs["openings"]]
    resp = client.post("/v1/staffing/plans", json={"opening_ids": ids})
    assert resp.status_code == 200, resp.text
    plan = resp.json()
    lines = plan["lines"]
    hours: dict[int, float] = {}
    per_opening: dict[int, int] = {}
    for line in lines:
        person = line["employee"]["id"]
        hours[person] = hours.get(person, 0) + line["hours_per_week"]
        per_opening[line["opening_id"]] = per_opening.get(line["opening_id"], 0) + 1
        assert line["reasons"]
        assert line["explanation"]["missing_must_haves"] == []
    people = gigs["people"]
    assert people["hidden"].id not in hours  # not visible: never planned
    assert hours.get(people["ada"].id, 0) <= 8  # 20% of a 40-hour week
    assert all(h <= 20 for h in hours.values())
    capacity = {o.id: o.capacity for o in gigs["openings"]}
    assert all(n <= capacity[o] for o, n in per_opening.items())
    churn = gigs["openings"][0].id
    assert {line["employee"]["id"] for line in lines if line["opening_id"] == churn} <= {
        people["ada"].id,
        people["bo"].id,  # Python is a must-have: Cy has none
    }
    totals = plan["totals"]
    assert totals["violations"] == 0
    assert totals["score"] >= totals["greedy_score"]
    assert totals["status"] == "optimal"
    assert len(plan["rules"]) >= 3


def test_limits_are_kept_and_said(client: TestClient, gigs: dict[str, Any]) -> None:
    body = {"max_per_department": 1, "min_growth_share": 0.3}
    plan = client.post("/v1/staffing/plans", json=body).json()
    assert plan["totals"]["violations"] == 0
    cleaning = gigs["openings"][2].id
    departments = [
        line["employee"]["department"] for line in plan["lines"] if line["opening_id"] == cleaning
    ]
    assert len(departments) == len(set(departments))
    assert any(
        "grows what they want to grow" in " ".join(line["reasons"]) for line in plan["lines"]
    )
    assert any("department" in r for r in plan["rules"])


def test_accepting_a_plan_records_decisions(
    client: TestClient, session: Session, gigs: dict[str, Any]
) -> None:
    plan = client.post("/v1/staffing/plans", json={}).json()
    kept = [
        {"opening_id": line["opening_id"], "employee_id": line["employee"]["id"]}
        for line in plan["lines"]
    ]
    before = rows(session, Decision)
    resp = client.post("/v1/staffing/plans/accept", json={"lines": kept[:2]})
    assert resp.status_code == 201, resp.text
    assert len(resp.json()["decisions"]) == 2
    assert rows(session, Decision) == before + 2
    # a bad line (unknown person) fails the whole acceptance
    bad = [*kept[:1], {"opening_id": kept[0]["opening_id"], "employee_id": 999999}]
    problem(client.post("/v1/staffing/plans/accept", json={"lines": bad}), 404, "not-found")
    assert rows(session, Decision) == before + 2


def test_bad_plans_are_refused(client: TestClient, gigs: dict[str, Any]) -> None:
    job = gigs["job"].id
    problem(client.post("/v1/staffing/plans", json={"opening_ids": [job]}), 422, "validation-error")
    problem(
        client.post("/v1/staffing/plans", json={"opening_ids": [999999]}), 422, "validation-error"
    )
    problem(client.post("/v1/staffing/plans", json={"kinds": ["job"]}), 422, "validation-error")


def test_only_staff_plan(client: TestClient, tokens: TokenMaker, gigs: dict[str, Any]) -> None:
    ada = gigs["people"]["ada"].id
    problem(
        client.post("/v1/staffing/plans", json={}, headers=tokens.headers("employee", ada)),
        403,
        "forbidden",
    )
    ok = client.post("/v1/staffing/plans", json={}, headers=tokens.headers("recruiter"))
    assert ok.status_code == 200, ok.text
