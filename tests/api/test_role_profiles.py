"""Role profiles that stay current, through HTTP: a company role's skills against what its
recent openings and real vacancies ask, suggestions to add and drop with the evidence, an
admin's answers (accepting changes the role, a new version in the change feed; a rejected
suggestion does not come back), imported roles read-only; a vacancy file with a bad line
changes nothing, naming file and line."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentmarket.db.base import utcnow
from talentmarket.errors import ImportFormatError
from talentmarket.jobarch.models import ProfileDecision
from talentmarket.jobarch.vacancies import import_vacancies
from talentmarket.openings.market import VacancyRole
from talentmarket.runtime import Runtime
from talentmarket.taxonomy.models import Role, RoleSkill
from tests.api.helpers import problem
from tests.factories import make_opening, make_role, make_skill
from tests.tokens import TokenMaker
from tests.web.test_pages import _csrf, _sign_in_as


def _vacancy_file(tmp_path: Path, rows: list[object]) -> Path:
    path = tmp_path / "vacancies.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def _setup(session: Session, client: TestClient, tokens: TokenMaker) -> dict[str, int]:
    """An ESCO occupation, a company role based on it, three openings of that role (and
    one of last year, out of the window)."""
    skills = {
        name: make_skill(session, name, uri=f"urn:t:{name.lower()}")
        for name in ("Python", "SQL", "Excel", "Tableau", "Statistics", "Welding")
    }
    base = make_role(session, "data analyst", uri="urn:esco:occupation:analyst", source="esco")
    session.add_all(
        RoleSkill(role_id=base.id, skill_id=skills[name].id, relation=relation, level=3.0)
        for name, relation in (("Python", "essential"), ("SQL", "optional"), ("Excel", "essential"))
    )
    session.commit()
    role = client.post(
        "/v1/roles",
        json={"title": "Data Analyst II", "based_on": "urn:esco:occupation:analyst"},
        headers=tokens.headers("admin"),
    ).json()
    asked = (("Tableau", 4), ("Python", 3)), (("Tableau", 4), ("Python", 3)), (("Tableau", 3),)
    for k, reqs in enumerate(asked):
        make_opening(
            session,
            f"Analytics gig {k}",
            status="open",
            role_id=role["id"],
            requirements=[(skills[name], level) for name, level in reqs],
        )
    old = make_opening(
        session, "Old gig", status="closed", role_id=role["id"], requirements=[(skills["SQL"], 3)]
    )
    old.created_at = utcnow() - timedelta(days=400)
    session.commit()
    return {"role": role["id"], "base": base.id, **{n: s.id for n, s in skills.items()}}


def _labels(page: dict[str, object], action: str) -> list[str]:
    return [s["skill"]["label"] for s in page[action]]  # type: ignore[index, union-attr]


def test_suggestions_carry_evidence_and_answers_change_the_role(
    client: TestClient, session: Session, runtime: Runtime, tokens: TokenMaker, tmp_path: Path
) -> None:
    ids = _setup(session, client, tokens)
    vacancies = [
        {"title": "Data Analyst", "skill_name": ["tableau", "Statistics", "Python"]},
        {"title": "Senior Data Analyst", "skill_name": ["Statistics", "Tableau", "welding x"]},
        {"title": "data analyst (remote)", "skill_name": ["statistics"]},
        {"title": "Data Analyst", "skill_name": ["Statistics", "Tableau"]},
    ]
    report = import_vacancies(session, runtime, _vacancy_file(tmp_path, vacancies))
    session.commit()
    assert report["vacancies"] == 4
    assert report["changed"] is True
    assert report["skill_mentions"] == 9
    assert report["matched_mentions"] == 8
    assert report["unmatched_labels"] == ["welding x"]
    again = import_vacancies(session, runtime, _vacancy_file(tmp_path, vacancies))
    assert again["changed"] is False

    admin = tokens.headers("admin")
    url = f"/v1/roles/{ids['role']}/profile-suggestions"
    page = client.get(url, headers=admin)
    assert page.status_code == 200, page.text
    body = page.json()
    assert (body["openings"], body["vacancies"], body["editable"]) == (3, 4, True)
    # 7 ads: Tableau 3 + 3 = 6/7, Statistics 0 + 4 = 4/7; Excel (essential) and SQL asked by none
    assert _labels(body, "add") == ["Tableau", "Statistics"]
    assert _labels(body, "drop") == ["Excel", "SQL"]
    tableau = body["add"][0]["evidence"]
    assert (tableau["openings"], tableau["vacancies"], tableau["share"]) == (3, 3, 0.8571)
    assert tableau["min_proficiency"] == 4.0
    assert len(tableau["opening_ids"]) == 3
    assert "Data Analyst" in body["vacancy_titles"]
    narrow = client.get(url, params={"min_share": 0.9}, headers=admin).json()
    assert _labels(narrow, "add") == []
    assert client.get(url, headers=tokens.headers("recruiter")).status_code == 403

    decide = f"{url}/decisions"
    no = {"skill_id": ids["Statistics"], "action": "add", "decision": "reject", "reason": "BI"}
    rejected = client.post(decide, json=no, headers=admin)
    assert rejected.status_code == 200, rejected.text
    assert rejected.json()["role_version"] == 1
    yes = {"skill_uri": "urn:t:tableau", "action": "add", "decision": "accept"}
    accepted = client.post(decide, json=yes, headers=admin)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["role_version"] == 2
    dropped = client.post(
        decide,
        json={"skill_id": ids["Excel"], "action": "drop", "decision": "accept"},
        headers=admin,
    )
    assert dropped.json()["role_version"] == 3

    role = client.get(f"/v1/roles/{ids['role']}", headers=admin).json()
    held = {s["skill"]["label"]: s["required_proficiency"] for s in role["skills"]}
    assert held == {"Python": 3.0, "SQL": 3.0, "Tableau": 4.0}
    after = client.get(url, headers=admin).json()
    assert _labels(after, "add") == []
    assert _labels(after, "drop") == ["SQL"]
    assert [(d["skill"]["label"], d["decision"]) for d in after["decided"]][-1] == (
        "Statistics",
        "reject",
    )
    feed = client.get("/v1/taxonomy/changes", headers=admin).json()["items"]
    versions = [c["details"].get("version") for c in feed if c["entity_id"] == ids["role"]]
    assert 2 in versions
    assert 3 in versions


def test_imported_roles_and_bad_answers_change_nothing(
    client: TestClient, session: Session, runtime: Runtime, tokens: TokenMaker, tmp_path: Path
) -> None:
    ids = _setup(session, client, tokens)
    admin = tokens.headers("admin")
    base = client.get(f"/v1/roles/{ids['base']}/profile-suggestions", headers=admin).json()
    assert base["editable"] is False
    assert base["openings"] == 0
    decide = f"/v1/roles/{ids['base']}/profile-suggestions/decisions"
    refused = client.post(
        decide, json={"skill_id": ids["SQL"], "action": "drop", "decision": "accept"}, headers=admin
    )
    problem(refused, 409, "conflict")
    mine = f"/v1/roles/{ids['role']}/profile-suggestions/decisions"
    for body in (
        {"skill_id": ids["Welding"], "action": "add", "decision": "accept"},  # nobody asks
        {"skill_id": ids["Python"], "action": "drop", "decision": "accept"},  # openings ask
        {"skill_id": ids["Tableau"], "action": "drop", "decision": "reject"},  # not held
        {"skill_id": ids["Python"], "action": "add", "decision": "accept"},  # already held
    ):
        problem(client.post(mine, json=body, headers=admin), 409, "conflict")
    problem(
        client.post(
            mine, json={"skill_id": 999_999, "action": "add", "decision": "accept"}, headers=admin
        ),
        404,
        "not-found",
    )
    assert (
        client.post(
            mine,
            json={"skill_id": ids["Tableau"], "action": "add", "decision": "accept"},
            headers=tokens.headers("integration"),
        ).status_code
        == 403
    )
    assert session.scalar(select(func.count()).select_from(ProfileDecision)) == 0
    session.expire_all()
    assert session.get_one(Role, ids["role"]).version == 1

    bad = _vacancy_file(tmp_path, [{"title": "Data Analyst", "skill_name": ["SQL"]}])
    with bad.open("a", encoding="utf-8") as handle:
        handle.write('{"title": "", "skill_name": []}\n')
    with pytest.raises(ImportFormatError) as caught:
        import_vacancies(session, runtime, bad)
    assert (caught.value.file, caught.value.line) == ("vacancies.jsonl", 2)
    assert session.scalar(select(func.count()).select_from(VacancyRole)) == 0


def test_the_admin_role_page_answers_suggestions(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    ids = _setup(session, client, tokens)
    _sign_in_as(client, "admin")
    page = client.get(f"/app/admin/roles/{ids['role']}")
    assert page.status_code == 200, page.text
    section = page.text.split("Profile against the work")[1].split('id="tasks-h"')[0]
    assert "asked by 3 of 3 recent openings and 0 of 0 vacancies (100%)" in section
    assert "openings ask level 4" in section
    done = client.post(
        f"/app/admin/roles/{ids['role']}/profile",
        data={
            "csrf": _csrf(page.text),
            "skill_id": ids["Tableau"],
            "action": "add",
            "decision": "accept",
        },
        follow_redirects=True,
    )
    assert done.status_code == 200, done.text
    assert "accepted: add Tableau (role version 2)" in done.text
    session.expire_all()
    assert session.get_one(Role, ids["role"]).version == 2
    imported = client.get(f"/app/admin/roles/{ids['base']}").text
    assert "imported and read-only" in imported
