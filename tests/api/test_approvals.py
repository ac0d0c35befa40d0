"""Manager approval of gigs, projects and mentorships, escalation to HR, confidential
job applications, and moves per manager and department, through HTTP with signed tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from talentmarket.approvals.models import Approval
from talentmarket.db.base import utcnow
from talentmarket.openings.models import Opening
from talentmarket.people.models import Employee
from tests.api.helpers import problem
from tests.factories import make_employee, make_opening, make_skill
from tests.tokens import TokenMaker


@dataclass
class Team:
    mia: Employee  # manages rey and sol (department Ops)
    rey: Employee
    sol: Employee
    oli: Employee  # owns the openings (department Data)
    gig: Opening  # 20 % for two months
    job: Opening


@pytest.fixture
def team(session: Session) -> Team:
    python = make_skill(session, "Python")
    mia = make_employee(session, "Mia", department="Ops")
    rey = make_employee(session, "Rey", department="Ops", manager_id=mia.id, skills=[(python, 4)])
    sol = make_employee(session, "Sol", department="Ops", manager_id=mia.id, skills=[(python, 3)])
    oli = make_employee(session, "Oli", department="Data")
    common = {"requirements": [(python, 3)], "status": "open", "owner_id": oli.id}
    gig = make_opening(
        session,
        "Pipeline review",
        kind="gig",
        department="Data",
        time_pct=20,
        start_date=date(2027, 1, 4),
        end_date=date(2027, 3, 1),
        **common,
    )
    job = make_opening(session, "Data engineer", kind="job", department="Data", **common)
    session.commit()
    return Team(mia, rey, sol, oli, gig, job)


def _apply(client: TestClient, tokens: TokenMaker, person: Employee, opening: Opening) -> None:
    answer = client.post(
        f"/v1/employees/{person.id}/interests",
        json={"opening_id": opening.id, "action": "apply"},
        headers=tokens.headers("employee", person.id),
    )
    assert answer.status_code in (200, 201), answer.text  # 200: applied already


def _queue(client: TestClient, tokens: TokenMaker, manager: Employee) -> list[dict]:  # type: ignore[type-arg]
    page = client.get(
        f"/v1/managers/{manager.id}/approvals", headers=tokens.headers("employee", manager.id)
    )
    assert page.status_code == 200, page.text
    items: list[dict] = page.json()["items"]  # type: ignore[type-arg]
    return items


def _weekdays_after(start: date, end: date) -> int:
    return sum(1 for n in range(1, (end - start).days + 1) if (start + timedelta(n)).weekday() < 5)


def test_a_gig_application_asks_the_manager_who_approves_less_time(
    client: TestClient, tokens: TokenMaker, team: Team
) -> None:
    _apply(client, tokens, team.rey, team.gig)
    _apply(client, tokens, team.rey, team.gig)  # idempotent: still one request
    [request] = _queue(client, tokens, team.mia)
    assert (request["employee"]["id"], request["opening"]["id"]) == (team.rey.id, team.gig.id)
    assert (request["status"], request["time_pct"], request["manager_id"]) == (
        "pending",
        20,
        team.mia.id,
    )
    asked = datetime.fromisoformat(request["requested_at"]).date()
    due = datetime.fromisoformat(request["due_at"]).date()
    assert _weekdays_after(asked, due) == 10  # the default: ten working days
    assert request["due_at"].endswith("Z")

    url = f"/v1/approvals/{request['id']}/answer"
    # nobody but the manager (or HR) answers, and nobody else reads the manager's queue
    sol = tokens.headers("employee", team.sol.id)
    problem(client.post(url, json={"decision": "approve"}, headers=sol), 403, "forbidden")
    problem(client.get(f"/v1/managers/{team.mia.id}/approvals", headers=sol), 403, "forbidden")
    mia = tokens.headers("employee", team.mia.id)
    more = client.post(url, json={"decision": "approve", "time_pct": 30}, headers=mia)
    problem(more, 400, "invalid-request")  # never more time than asked for

    approved = client.post(
        url, json={"decision": "approve", "time_pct": 10, "reason": "half, Q1 is busy"}, headers=mia
    )
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert (body["status"], body["time_pct"], body["decided_as"]) == ("approved", 10, "manager")
    assert body["decided_by"] == f"user:employee:{team.mia.id}"
    again = client.post(url, json={"decision": "decline", "reason": "no"}, headers=mia)
    problem(again, 409, "conflict")  # answers are final

    mine = client.get(
        f"/v1/employees/{team.rey.id}/applications", headers=tokens.headers("employee", team.rey.id)
    ).json()["items"]
    assert [(a["opening_id"], a["status"], a["approval_status"]) for a in mine] == [
        (team.gig.id, "applied", "approved")
    ]
    read = client.get(
        f"/v1/approvals/{request['id']}", headers=tokens.headers("employee", team.rey.id)
    )
    assert read.json()["reason"] == "half, Q1 is busy"
    problem(client.get(f"/v1/approvals/{request['id']}", headers=sol), 403, "forbidden")


def test_a_decline_needs_a_reason_and_the_person_sees_it(
    client: TestClient, tokens: TokenMaker, team: Team
) -> None:
    _apply(client, tokens, team.sol, team.gig)
    [request] = _queue(client, tokens, team.mia)
    url = f"/v1/approvals/{request['id']}/answer"
    mia = tokens.headers("employee", team.mia.id)
    assert client.post(url, json={"decision": "decline"}, headers=mia).status_code == 422
    declined = client.post(
        url, json={"decision": "decline", "reason": "release in January"}, headers=mia
    )
    assert declined.json()["status"] == "declined"
    assert declined.json()["reason"] == "release in January"
    [mine] = client.get(
        f"/v1/employees/{team.sol.id}/applications", headers=tokens.headers("employee", team.sol.id)
    ).json()["items"]
    assert mine["approval_status"] == "declined"


def test_an_unanswered_request_goes_to_hr_after_the_deadline(
    client: TestClient, tokens: TokenMaker, session: Session, team: Team
) -> None:
    _apply(client, tokens, team.rey, team.gig)
    [request] = _queue(client, tokens, team.mia)
    admin = tokens.headers("admin")
    hr_queue = client.get("/v1/approvals", params={"hr_queue": "true"}, headers=admin)
    assert hr_queue.json()["items"] == []  # the manager's turn first

    # ten working days pass without an answer
    session.execute(
        update(Approval)
        .where(Approval.id == request["id"])
        .values(requested_at=utcnow() - timedelta(days=15), due_at=utcnow() - timedelta(days=1))
    )
    session.commit()
    [late] = _queue(client, tokens, team.mia)
    assert late["status"] == "escalated"
    url = f"/v1/approvals/{request['id']}/answer"
    mia = tokens.headers("employee", team.mia.id)
    problem(
        client.post(url, json={"decision": "decline", "reason": "x"}, headers=mia), 409, "conflict"
    )
    [queued] = client.get("/v1/approvals", params={"hr_queue": "true"}, headers=admin).json()[
        "items"
    ]
    assert queued["id"] == request["id"]
    escalated = client.get("/v1/approvals", params={"status": "escalated"}, headers=admin)
    assert [a["id"] for a in escalated.json()["items"]] == [request["id"]]

    answered = client.post(url, json={"decision": "approve"}, headers=admin)
    assert (answered.json()["status"], answered.json()["decided_as"]) == ("approved", "hr")
    moves = client.get("/v1/analytics/moves", params={"by": "manager"}, headers=admin).json()
    [row] = [r for r in moves["items"] if r["manager_id"] == team.mia.id]
    assert row["label"] == "Mia"
    assert row["approvals"]["requested"] == 1
    assert row["approvals"]["escalated"] == 1
    assert row["approvals"]["approved"] == 1
    assert row["approvals"]["median_working_days"] >= 9


def test_a_person_without_a_manager_is_answered_by_hr(
    client: TestClient, tokens: TokenMaker, team: Team
) -> None:
    _apply(client, tokens, team.oli, team.gig)  # Oli has no manager
    admin = tokens.headers("admin")
    [queued] = client.get("/v1/approvals", params={"hr_queue": "true"}, headers=admin).json()[
        "items"
    ]
    assert (queued["employee"]["id"], queued["manager_id"]) == (team.oli.id, None)


def test_a_manager_never_sees_a_job_application_before_the_shortlist(
    client: TestClient, tokens: TokenMaker, team: Team
) -> None:
    _apply(client, tokens, team.rey, team.job)
    _apply(client, tokens, team.sol, team.job)
    assert _queue(client, tokens, team.mia) == []  # jobs never ask the manager

    recruiter = tokens.headers("recruiter")
    decisions = f"/v1/openings/{team.job.id}/decisions"
    rejected = client.post(
        decisions, json={"employee_id": team.sol.id, "decision": "reject"}, headers=recruiter
    )
    assert rejected.status_code == 201, rejected.text

    def seen_by(headers: dict[str, str]) -> tuple[dict[int, str | None], list[int]]:
        ranked = client.get(f"/v1/openings/{team.job.id}/candidates", headers=headers).json()
        listed = client.get(decisions, headers=headers).json()
        statuses = {
            c["employee"]["id"]: c["application_status"]
            for c in ranked["items"]
            if c["employee"]["id"] in (team.rey.id, team.sol.id)
        }
        return statuses, [d["employee_id"] for d in listed["items"]]

    mia_recruiting = tokens.headers("recruiter", team.mia.id)  # the manager, as a recruiter
    assert seen_by(recruiter) == ({team.rey.id: "applied", team.sol.id: "declined"}, [team.sol.id])
    assert seen_by(mia_recruiting) == ({team.rey.id: None, team.sol.id: None}, [])

    client.post(
        decisions, json={"employee_id": team.rey.id, "decision": "shortlist"}, headers=recruiter
    )
    statuses, decided = seen_by(mia_recruiting)
    assert (statuses[team.rey.id], statuses[team.sol.id]) == ("shortlisted", None)
    assert decided == [team.rey.id]  # still nothing about Sol's declined application
    assert seen_by(tokens.headers("admin"))[0][team.sol.id] == "declined"  # HR sees all


def test_moves_count_where_people_came_from_even_after_their_manager_changes(
    client: TestClient, tokens: TokenMaker, team: Team
) -> None:
    recruiter, admin = tokens.headers("recruiter"), tokens.headers("admin")
    for opening, person in ((team.job, team.rey), (team.gig, team.sol)):
        chosen = client.post(
            f"/v1/openings/{opening.id}/decisions",
            json={"employee_id": person.id, "decision": "select"},
            headers=recruiter,
        )
        assert chosen.status_code == 201, chosen.text
    # selecting Sol for the gig asked Mia for the time; Rey's job did not
    assert [a["employee"]["id"] for a in _queue(client, tokens, team.mia)] == [team.sol.id]
    # the HRIS moves Rey to Oli's team
    moved = client.patch(
        f"/v1/employees/{team.rey.id}", json={"manager_id": team.oli.id}, headers=admin
    )
    assert moved.status_code == 200, moved.text

    def rows(by: str) -> dict[str, dict]:  # type: ignore[type-arg]
        page = client.get("/v1/analytics/moves", params={"by": by}, headers=admin)
        assert page.status_code == 200, page.text
        return {r["label"]: r for r in page.json()["items"]}

    managers = rows("manager")
    mia, oli = managers["Mia"], managers["Oli"]
    assert (mia["moved_out"], mia["jobs_out"], mia["lent_out"], mia["moved_in"]) == (2, 1, 1, 0)
    assert (oli["moved_in"], oli["moved_out"]) == (2, 0)
    assert mia["approvals"]["pending"] == 1
    departments = rows("department")
    assert (departments["Ops"]["moved_out"], departments["Data"]["moved_in"]) == (2, 2)
    problem(client.get("/v1/analytics/moves", headers=recruiter), 403, "forbidden")
