"""The right to erasure through HTTP: after `POST /v1/employees/{id}/erase` nothing about
the person can be read by any route or found in any table, while decision counts and the
audit log's counts still add up."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import String, Text, func, select
from sqlalchemy.orm import Session

from talentmarket.audit.models import AuditEvent, AuditEventSubject
from talentmarket.db.base import Base
from talentmarket.openings.models import Decision, Interest
from talentmarket.people.models import EmployeeAspiration
from talentmarket.vectorstore.models import EntityVector
from tests.api.helpers import problem
from tests.factories import make_employee, make_opening, make_role, make_skill
from tests.tokens import TokenMaker

NAME, EMAIL, EXTERNAL = "Zelda Quarantotto", "zelda.q@example.com", "hris-zq-7"


@pytest.fixture
def world(session: Session, client: TestClient, tokens: TokenMaker) -> dict[str, Any]:
    """A company where Zelda applied, was decided about, read, ranked and searched."""
    python, sql = make_skill(session, "Python"), make_skill(session, "SQL")
    role = make_role(session, "Data engineer")
    zelda = make_employee(
        session,
        NAME,
        email=EMAIL,
        skills=[(python, 5), (sql, 4)],
        current_role_id=role.id,
        profile="Data engineer writing Python pipelines; secret hobby: tuba.",
    )
    zelda.external_id = EXTERNAL
    others = [
        make_employee(session, f"Person {i}", skills=[(python, 3)], profile="Python developer.")
        for i in range(4)
    ]
    opening = make_opening(
        session,
        "Python pipelines",
        requirements=[(python, 3), (sql, 2)],
        role_id=role.id,
        status="open",
        description="Build Python pipelines.",
    )
    session.add_all(
        [
            EmployeeAspiration(employee_id=zelda.id, role_id=role.id),
            Interest(employee_id=zelda.id, opening_id=opening.id, action="apply", note="tuba"),
        ]
    )
    session.commit()
    admin, recruiter = tokens.headers("admin"), tokens.headers("recruiter")
    # vectors are made when text is written
    client.patch(f"/v1/employees/{zelda.id}", json={"location": "Turin"}, headers=admin)
    decisions = f"/v1/openings/{opening.id}/decisions"
    for person, verdict in ((zelda, "shortlist"), (others[0], "shortlist"), (zelda, "select")):
        body = {"employee_id": person.id, "decision": verdict, "reason": f"about {person.name}"}
        assert client.post(decisions, json=body, headers=recruiter).status_code == 201
    me = tokens.headers("employee", zelda.id)
    assert client.get(f"/v1/employees/{zelda.id}/opportunities", headers=me).status_code == 200
    assert client.get(f"/v1/openings/{opening.id}/candidates", headers=recruiter).status_code == 200
    search = {"text": "Python pipelines", "skills": [{"skill_id": python.id}]}
    assert client.post("/v1/candidates/search", json=search, headers=recruiter).status_code == 200
    return {"zelda": zelda.id, "opening": opening.id, "python": python.id, "search": search}


def _decision_counts(session: Session, opening_id: int) -> dict[str, int]:
    rows = session.execute(
        select(Decision.decision, func.count())
        .where(Decision.opening_id == opening_id)
        .group_by(Decision.decision)
    )
    return {str(d): int(n) for d, n in rows}


def _text_anywhere(session: Session, needles: tuple[str, ...]) -> list[str]:
    """Every table.column whose text holds one of the needles."""
    found = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if not isinstance(column.type, String | Text):
                continue
            for needle in needles:
                hit = session.scalar(
                    select(func.count()).select_from(table).where(column.contains(needle))
                )
                if hit:
                    found.append(f"{table.name}.{column.name} holds {needle!r}")
    return found


def test_erase_leaves_nothing_readable_and_counts_add_up(
    client: TestClient, session: Session, tokens: TokenMaker, world: dict[str, Any]
) -> None:
    zelda, opening = world["zelda"], world["opening"]
    admin, recruiter = tokens.headers("admin"), tokens.headers("recruiter")
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(EntityVector)) > 0
    events_before = session.scalar(select(func.count()).select_from(AuditEvent))
    counts_before = _decision_counts(session, opening)
    assert counts_before == {"shortlist": 2, "select": 1}
    assert _text_anywhere(session, (NAME, EMAIL, EXTERNAL, "tuba"))

    erased = client.post(f"/v1/employees/{zelda}/erase", headers=admin)
    assert erased.status_code == 200, erased.text
    report = erased.json()
    assert report["decisions_kept_anonymised"] == 2
    assert report["vectors_deleted"] >= 1
    assert report["audit_rows_anonymised"] >= 3

    session.expire_all()
    # nothing about her in any table: no name, email, external id or free text
    assert _text_anywhere(session, (NAME, EMAIL, EXTERNAL, "tuba")) == []
    assert not session.scalar(
        select(func.count())
        .select_from(EntityVector)
        .where(EntityVector.entity == "employee", EntityVector.entity_id == zelda)
    )
    assert not session.scalar(
        select(func.count())
        .select_from(AuditEventSubject)
        .where(AuditEventSubject.employee_id == zelda)
    )
    for subjects, details in session.execute(
        select(AuditEvent.subject_employee_ids, AuditEvent.details)
    ):
        assert zelda not in (subjects or [])
        details = details or {}
        if details.get("kind") in ("candidates", "search"):
            assert zelda not in [item[0] for item in details["items"]]
        assert details.get("employee_id") != zelda
    # counts still add up: every decision kept, the audit log grew by the erasure's row
    assert _decision_counts(session, opening) == counts_before
    kept = session.scalars(select(Decision).where(Decision.employee_id.is_(None))).all()
    assert [(d.reason, d.decision) for d in kept] == [("", "shortlist"), ("", "select")]
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == events_before + 1
    last = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert last is not None
    assert (last.action, last.subject_employee_ids, last.role) == ("erase", [], "admin")

    # no route reads her any more
    for path in (
        f"/v1/employees/{zelda}",
        f"/v1/employees/{zelda}/export",
        f"/v1/employees/{zelda}/opportunities",
        f"/v1/employees/{zelda}/interests",
        f"/v1/employees/{zelda}/learning",
        f"/v1/employees/by-external-id/{EXTERNAL}",
    ):
        problem(client.get(path, headers=admin), 404, "not-found")
    problem(client.post(f"/v1/employees/{zelda}/erase", headers=admin), 404, "not-found")
    problem(
        client.get(
            "/v1/matches", params={"employee_id": zelda, "opening_id": opening}, headers=admin
        ),
        404,
        "not-found",
    )
    candidates = client.get(f"/v1/openings/{opening}/candidates", headers=recruiter).json()
    assert zelda not in [c["employee"]["id"] for c in candidates["items"]]
    found = client.post("/v1/candidates/search", json=world["search"], headers=recruiter).json()
    assert zelda not in [c["employee"]["id"] for c in found["items"]]
    listed = client.get("/v1/employees", params={"limit": 100}, headers=admin).json()
    assert zelda not in [e["id"] for e in listed["items"]]
    listed_decisions = client.get(f"/v1/openings/{opening}/decisions", headers=recruiter).json()
    assert [d["employee_id"] for d in listed_decisions["items"]].count(None) == 2


def test_only_an_admin_erases(client: TestClient, session: Session, tokens: TokenMaker) -> None:
    ana = make_employee(session, "Ana")
    session.commit()
    url = f"/v1/employees/{ana.id}/erase"
    for role in ("recruiter", "integration"):
        problem(client.post(url, headers=tokens.headers(role)), 403, "forbidden")
    problem(client.post(url, headers=tokens.headers("employee", ana.id)), 403, "forbidden")
    assert client.get(f"/v1/employees/{ana.id}", headers=tokens.headers("admin")).status_code == 200
