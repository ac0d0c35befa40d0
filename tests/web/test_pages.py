"""The web app through HTTP (no browser): sign-in, the employee's profile and skills,
opportunities, form protection, and the access policy on pages."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from talentmarket.audit.models import AuditEvent
from talentmarket.learning.models import Course, CourseSkill
from talentmarket.people.models import Employee, EmployeeSkill
from talentmarket.taxonomy.importers import import_taxonomy
from talentmarket.taxonomy.models import Skill
from tests.factories import make_employee, make_opening
from tests.tokens import TokenMaker

TEXT = "I build services in Python and deploy them on Kubernetes."


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "the page has a form with its CSRF value"
    return found.group(1)


def _skill(session: Session, label: str) -> Skill:
    found = session.scalar(select(Skill).where(Skill.label == label, Skill.source == "starter"))
    assert found is not None
    return found


@pytest.fixture
def people(session: Session) -> dict[str, Employee]:
    import_taxonomy(session, "starter", None)
    python, sql = _skill(session, "Python"), _skill(session, "SQL")
    boss = make_employee(session, "Bea Boss", email="bea@example.com")
    ana = make_employee(
        session, "Ana Analyst", email="ana@example.com", manager_id=boss.id, skills=[(python, 3)]
    )
    make_opening(session, "SQL reporting gig", requirements=[(sql, 3)], status="open")
    make_opening(session, "Python pipelines", kind="job", requirements=[(python, 3)], status="open")
    session.commit()
    return {"boss": boss, "ana": ana}


def _sign_in_as(client: TestClient, person: str) -> None:
    page = client.get("/app/sign-in")
    assert page.status_code == 200
    done = client.post(
        "/app/sign-in", data={"csrf": _csrf(page.text), "person": person}, follow_redirects=False
    )
    assert done.status_code == 303, done.text
    assert "tm_session" in done.cookies or client.cookies.get("tm_session")


def test_a_page_without_a_session_sends_the_browser_to_sign_in(
    client: TestClient, tokens: TokenMaker, people: dict[str, Employee]
) -> None:
    answer = client.get("/app/me", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/app/sign-in"


def test_development_sign_in_lists_demo_people_and_starts_a_session(
    client: TestClient, tokens: TokenMaker, people: dict[str, Employee]
) -> None:
    page = client.get("/app/sign-in").text
    assert "Sign in as Ana Analyst" in page  # the first person with a manager
    assert "Sign in as Bea Boss" in page  # their manager
    _sign_in_as(client, f"employee:{people['ana'].id}")
    profile = client.get("/app/me")
    assert profile.status_code == 200
    assert "<h1>Ana Analyst</h1>" in profile.text
    assert "Python" in profile.text
    cookie = profile.request.headers.get("cookie", "")
    assert "tm_session" in cookie


def test_a_form_without_its_csrf_value_changes_nothing(
    client: TestClient, session: Session, tokens: TokenMaker, people: dict[str, Employee]
) -> None:
    _sign_in_as(client, f"employee:{people['ana'].id}")
    refused = client.post("/app/me/skills", data={"skill": "SQL", "csrf": "forged"})
    assert refused.status_code == 403
    assert "<h1>" in refused.text  # a page, not a stack trace
    held = session.scalars(
        select(EmployeeSkill).where(EmployeeSkill.employee_id == people["ana"].id)
    ).all()
    assert len(held) == 1


def test_the_employee_adds_a_skill_and_sees_opportunities_change(
    client: TestClient, session: Session, tokens: TokenMaker, people: dict[str, Employee]
) -> None:
    _sign_in_as(client, f"employee:{people['ana'].id}")
    before = client.get("/app/me/opportunities").text
    profile = client.get("/app/me").text
    added = client.post(
        "/app/me/skills", data={"skill": "SQL", "proficiency": "4", "csrf": _csrf(profile)}
    )
    assert added.status_code == 200  # followed the redirect to the profile
    assert "SQL" in added.text
    after = client.get("/app/me/opportunities").text
    assert before != after  # the SQL gig now counts SQL as held
    assert "You have" in after
    audit = session.scalars(select(AuditEvent.route)).all()
    assert "/app/me/opportunities" in audit  # the page's ranking is audited like the API's


def test_pasted_text_becomes_suggestions_to_accept(
    client: TestClient, session: Session, tokens: TokenMaker, people: dict[str, Employee]
) -> None:
    _sign_in_as(client, f"employee:{people['ana'].id}")
    profile = client.get("/app/me").text
    found = client.post("/app/me/suggest", data={"text": TEXT, "csrf": _csrf(profile)})
    assert found.status_code == 200
    assert "<q>Kubernetes</q>" in found.text  # the words behind the suggestion
    k8s = _skill(session, "Kubernetes").id
    accepted = client.post(
        f"/app/me/skills/{k8s}/accept", data={"proficiency": "2", "csrf": _csrf(found.text)}
    )
    assert accepted.status_code == 200
    session.expire_all()
    row = session.scalar(
        select(EmployeeSkill).where(
            EmployeeSkill.skill_id == k8s, EmployeeSkill.employee_id == people["ana"].id
        )
    )
    assert row is not None
    assert (row.status, row.proficiency) == ("accepted", 2)


def test_pages_show_human_errors_and_follow_the_policy(
    client: TestClient, tokens: TokenMaker, people: dict[str, Employee]
) -> None:
    _sign_in_as(client, "recruiter")
    mine = client.get("/app/me")
    assert mine.status_code == 404  # a recruiter sign-in has no profile
    assert "not an employee" in mine.text
    assert "Traceback" not in mine.text
    missing = client.get("/app/nowhere")
    assert missing.status_code == 404
    assert "There is no such page." in missing.text


def test_career_and_privacy_pages(
    client: TestClient, session: Session, tokens: TokenMaker, people: dict[str, Employee]
) -> None:
    course = Course(title="SQL from Zero", duration_hours=12, url="https://lms.example.com/sql")
    session.add(course)
    session.flush()
    session.add(
        CourseSkill(course_id=course.id, skill_id=_skill(session, "SQL").id, status="accepted")
    )
    session.commit()
    _sign_in_as(client, f"employee:{people['ana'].id}")
    career = client.get("/app/me/career")
    assert career.status_code == 200
    assert "What to learn next" in career.text
    assert 'href="https://lms.example.com/sql"' in career.text  # the course that teaches SQL
    assert "SQL reporting gig (gig)" in career.text  # and the gig that asks for it
    privacy = client.get("/app/me/privacy")
    assert privacy.status_code == 200
    hidden = client.post("/app/me/privacy", data={"csrf": _csrf(privacy.text)})  # both unticked
    assert hidden.status_code == 200
    session.expire_all()
    ana = session.get(Employee, people["ana"].id)
    assert ana is not None
    assert (ana.open_to_opportunities, ana.visible_to_recruiters) == (False, False)
    assert ana.share_skills is False
    page = client.get("/app/me/privacy")
    assert 'name="share_skills"' in page.text
    shared = client.post("/app/me/privacy", data={"csrf": _csrf(page.text), "share_skills": "true"})
    assert shared.status_code == 200
    session.expire_all()
    assert session.get(Employee, people["ana"].id).share_skills is True  # type: ignore[union-attr]
    export = client.get("/app/me/export")
    assert export.headers["content-type"].startswith("application/json")
    assert export.json()["profile"]["email"] == "ana@example.com"


def test_the_recruiter_creates_an_opening_and_shortlists_with_a_reason(
    client: TestClient, session: Session, tokens: TokenMaker, people: dict[str, Employee]
) -> None:
    _sign_in_as(client, "recruiter")
    form = client.get("/app/openings/new")
    assert form.status_code == 200
    created = client.post(
        "/app/openings",
        data={
            "csrf": _csrf(form.text),
            "title": "Pipeline engineer",
            "kind": "job",
            "description": "You build services in Python and deploy them on Kubernetes.",
        },
    )
    assert created.status_code == 200  # the opening's page, after the redirect
    assert "suggested" in created.text  # requirements proposed from the description
    opening_id = int(re.search(r"/app/openings/(\d+)/candidates", created.text).group(1))  # type: ignore[union-attr]
    for skill in ("Python", "Kubernetes"):
        sid = _skill(session, skill).id
        page = client.get(f"/app/openings/{opening_id}").text
        done = client.post(
            f"/app/openings/{opening_id}/requirements/{sid}/accept", data={"csrf": _csrf(page)}
        )
        assert done.status_code == 200
    ranked = client.get(f"/app/openings/{opening_id}/candidates")
    assert "Ana Analyst" in ranked.text
    shortlisted = client.post(
        f"/app/openings/{opening_id}/decisions",
        data={
            "csrf": _csrf(ranked.text),
            "employee_id": str(people["ana"].id),
            "decision": "shortlist",
            "reason": "strong Python",
        },
    )
    assert shortlisted.status_code == 200
    assert ">shortlisted<" in shortlisted.text
    compare = client.get(
        f"/app/openings/{opening_id}/compare",
        params=[("e", str(people["ana"].id)), ("e", str(people["boss"].id))],
    )
    assert compare.status_code == 200
    assert compare.text.count('class="score"') == 2
    found = client.get("/app/search", params={"text": "Python developer"})
    assert "Ana Analyst" in found.text


def test_an_employee_cannot_use_recruiter_pages(
    client: TestClient, tokens: TokenMaker, people: dict[str, Employee]
) -> None:
    _sign_in_as(client, f"employee:{people['ana'].id}")
    for path in ("/app/openings/new", "/app/search?text=python"):
        refused = client.get(path)
        assert refused.status_code == 403, path
        assert "Not for you" in refused.text


def test_the_admin_merges_two_skills_and_profiles_follow(
    client: TestClient, session: Session, tokens: TokenMaker, people: dict[str, Employee]
) -> None:
    _sign_in_as(client, "admin")
    page = client.get("/app/admin/taxonomy", params={"q": "python"})
    assert page.status_code == 200
    python = _skill(session, "Python").id
    go = (
        _skill(session, "Go").id
        if session.scalar(select(Skill.id).where(Skill.label == "Go"))
        else _skill(session, "Java").id
    )
    merged = client.post(
        "/app/admin/taxonomy/merge",
        data={"csrf": _csrf(page.text), "source_id": str(python), "target_id": str(go)},
    )
    assert merged.status_code == 200
    assert "1 profiles followed" in merged.text
    session.expire_all()
    held = session.scalars(
        select(EmployeeSkill.skill_id).where(EmployeeSkill.employee_id == people["ana"].id)
    ).all()
    assert held == [go]
    for path in (
        "/app/admin/analytics",
        "/app/admin/audit",
        "/app/admin/fairness",
        "/app/admin/roles?q=data",
    ):
        shown = client.get(path)
        assert shown.status_code == 200, path
    assert client.get("/app/admin/analytics").text.count("<meter") >= 2


def test_a_manager_answers_a_request_for_their_persons_time(
    client: TestClient, session: Session, tokens: TokenMaker, people: dict[str, Employee]
) -> None:
    gig = make_opening(session, "Data review", kind="gig", status="open", time_pct=20)
    session.commit()
    _sign_in_as(client, f"employee:{people['ana'].id}")
    opportunities = client.get("/app/me/opportunities").text
    applied = client.post(
        "/app/me/interests",
        data={"csrf": _csrf(opportunities), "opening_id": str(gig.id), "action": "apply"},
    )
    assert applied.status_code == 200
    client.cookies.clear()
    _sign_in_as(client, f"employee:{people['boss'].id}")
    queue = client.get("/app/me/approvals")
    assert "Ana Analyst: Data review" in queue.text
    approval_id = re.search(r'action="/app/me/approvals/(\d+)"', queue.text).group(1)  # type: ignore[union-attr]
    refused = client.post(
        f"/app/me/approvals/{approval_id}",
        data={"csrf": _csrf(queue.text), "decision": "decline"},
    )
    assert refused.status_code == 400
    assert "a decline needs a reason" in refused.text
    approved = client.post(
        f"/app/me/approvals/{approval_id}",
        data={"csrf": _csrf(queue.text), "decision": "approve", "time_pct": "10"},
    )
    assert approved.status_code == 200
    assert ">approved<" in approved.text


def test_the_recruiter_edits_an_opening_and_the_admin_browses_a_skill(
    client: TestClient, session: Session, tokens: TokenMaker, people: dict[str, Employee]
) -> None:
    gig = make_opening(session, "Data review", kind="gig", status="open")
    session.commit()
    _sign_in_as(client, "recruiter")
    form = client.get(f"/app/openings/{gig.id}/edit")
    assert 'value="Data review"' in form.text
    changed = client.post(
        f"/app/openings/{gig.id}/edit",
        data={
            "csrf": _csrf(form.text),
            "title": "Data review",
            "kind": "project",
            "capacity": "2",
            "time_pct": "25",
            "status": "open",
        },
    )
    assert changed.status_code == 200
    assert "25% of the time" in changed.text
    client.cookies.clear()
    _sign_in_as(client, "admin")
    python = _skill(session, "Python").id
    page = client.get(f"/app/admin/taxonomy/skills/{python}")
    assert page.status_code == 200
    assert '<h2 id="broader-h">Broader</h2>' in page.text


def test_an_expired_or_forged_session_is_sent_to_sign_in(
    client: TestClient, tokens: TokenMaker, people: dict[str, Employee]
) -> None:
    ana = people["ana"].id
    expired = tokens.token("employee", ana, ttl=60, now=1_000_000)  # long past
    forged = tokens.token("employee", ana, key=tokens.stranger)
    for token in (expired, forged):
        client.cookies.set("tm_session", token, path="/app")
        answer = client.get("/app/me", follow_redirects=False)
        assert answer.status_code == 303, token
        assert answer.headers["location"] == "/app/sign-in"
