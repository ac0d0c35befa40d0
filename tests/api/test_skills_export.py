"""People's skills for an HRIS or LMS: consenting people only, accepted skills only, paged,
JSON or CSV, integrations only, audited."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from talentmarket.audit.models import AuditEvent
from tests.api.helpers import problem
from tests.factories import make_employee, make_employee_skill, make_skill
from tests.tokens import TokenMaker

URL = "/v1/exports/employee-skills"


def test_only_consenting_people_and_accepted_skills_leave(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    sql, python = make_skill(session, "SQL"), make_skill(session, "Python")
    ids = []
    for i in range(3):
        person = make_employee(session, f"Sharer {i}", share_skills=True, external_id=f"hr-{i}")
        make_employee_skill(session, person, sql, 4)
        make_employee_skill(session, person, python, 2, status="suggested")
        ids.append(person.id)
    private = make_employee(session, "Private", skills=[(sql, 5)])
    left = make_employee(session, "Left", share_skills=True, status="inactive", skills=[(sql, 3)])
    session.commit()
    sync = tokens.headers("integration")
    first = client.get(URL, params={"limit": 2}, headers=sync)
    assert first.status_code == 200, first.text
    body = first.json()
    assert [i["employee_id"] for i in body["items"]] == ids[:2]
    assert body["items"][0]["external_id"] == "hr-0"
    assert [s["skill"]["label"] for s in body["items"][0]["skills"]] == ["SQL"]  # accepted only
    assert body["items"][0]["skills"][0]["proficiency"] == 4
    rest = client.get(URL, params={"cursor": body["next_cursor"]}, headers=sync).json()
    assert [i["employee_id"] for i in rest["items"]] == ids[2:]
    assert rest["next_cursor"] is None
    everyone = {i["employee_id"] for i in client.get(URL, headers=sync).json()["items"]}
    assert private.id not in everyone
    assert left.id not in everyone
    exported = session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert exported  # every page is an audited read


def test_csv_pages_and_access(client: TestClient, session: Session, tokens: TokenMaker) -> None:
    sql = make_skill(session, "=SQL")  # a label a spreadsheet would run as a formula
    sharers = [
        make_employee(session, f"Sharer {i}", share_skills=True, skills=[(sql, 3)])
        for i in range(2)
    ]
    session.commit()
    sync = tokens.headers("integration")
    resp = client.get(URL, params={"format": "csv", "limit": 1}, headers=sync)
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    assert len(rows) == 1
    assert rows[0]["proficiency"] == "3"
    assert not rows[0]["skill_label"].startswith("=")
    assert 'rel="next"' in resp.headers["link"]
    problem(client.get(URL, headers=tokens.headers("recruiter")), 403, "forbidden")
    problem(client.get(URL, headers=tokens.headers("employee", sharers[0].id)), 403, "forbidden")
    assert client.get(URL, headers=tokens.headers("admin")).status_code == 200
