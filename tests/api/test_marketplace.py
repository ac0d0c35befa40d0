"""Ranked opportunities and candidates over HTTP: visibility, gating, explanations that
add up, the same score from both sides, decisions and interests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from talentmarket.openings.models import Opening
from talentmarket.people.models import Employee
from talentmarket.taxonomy.models import Skill, SkillRelation
from tests.factories import make_employee, make_opening, make_role, make_skill

PROBLEM = "application/problem+json"


@dataclass
class World:
    python: Skill
    java: Skill
    sql: Skill
    stats: Skill
    ana: Employee  # python 4, sql 3: meets everything
    ben: Employee  # java 4: python only through an adjacent skill
    cleo: Employee  # statistics only: misses the must-have
    hidden: Employee  # would match, but hidden from recruiters
    closed: Employee  # would match, but not open to opportunities
    owner: Employee  # owns the opening, would match
    opening: Opening
    gig: Opening


@pytest.fixture
def world(session: Session) -> World:
    python, java = make_skill(session, "Python"), make_skill(session, "Java")
    sql, stats = make_skill(session, "SQL"), make_skill(session, "statistics")
    session.add(SkillRelation(source_id=python.id, target_id=java.id, relation="related"))
    role = make_role(session, "Data engineer")
    ana = make_employee(
        session,
        "Ana",
        skills=[(python, 4), (sql, 3)],
        current_role_id=role.id,
        profile="Data engineer building Python pipelines and SQL models.",
    )
    ben = make_employee(session, "Ben", skills=[(java, 4)], profile="Java backend developer.")
    cleo = make_employee(session, "Cleo", skills=[(stats, 4)], profile="Statistician.")
    hidden = make_employee(
        session, "Hidden", skills=[(python, 5), (sql, 5)], visible_to_recruiters=False
    )
    closed = make_employee(
        session, "Closed", skills=[(python, 5), (sql, 5)], open_to_opportunities=False
    )
    owner = make_employee(session, "Owner", skills=[(python, 5), (sql, 5)])
    opening = make_opening(
        session,
        "Python data pipelines",
        kind="job",
        requirements=[(python, 3), (sql, 2)],
        must_have=[python],
        owner_id=owner.id,
        role_id=role.id,
        status="open",
        description="Build Python pipelines feeding SQL models.",
    )
    gig = make_opening(
        session,
        "Statistics review",
        kind="gig",
        requirements=[(stats, 3)],
        status="open",
        hours_per_week=4.0,
        description="Review statistics.",
    )
    session.commit()
    return World(python, java, sql, stats, ana, ben, cleo, hidden, closed, owner, opening, gig)


def _names(page: dict) -> list[str]:
    return [item["employee"]["name"] for item in page["items"]]


def test_candidates_rank_best_first_and_hide_who_must_not_appear(
    client: TestClient, world: World
) -> None:
    page = client.get(f"/v1/openings/{world.opening.id}/candidates").json()
    names = _names(page)
    assert names[0] == "Ana"
    assert names.index("Ben") < names.index("Cleo")
    for never in ("Hidden", "Closed", "Owner"):
        assert never not in names
    assert page["total"] == len(names) == 3
    assert page["provenance"]["scoring_version"]
    assert page["provenance"]["model"] == "hashing-64"


def test_explanations_add_up_and_name_the_adjacent_skill(client: TestClient, world: World) -> None:
    page = client.get(f"/v1/openings/{world.opening.id}/candidates").json()
    for item in page["items"]:
        why = item["explanation"]
        assert sum(why["contributions"].values()) == pytest.approx(item["score"], abs=1e-4)
        assert 0 <= item["score"] <= 1
    ben = next(i for i in page["items"] if i["employee"]["name"] == "Ben")["explanation"]
    [python] = [r for r in ben["partial"] if r["skill"]["label"] == "Python"]
    assert python["via"]["skill"]["label"] == "Java"
    assert python["via"]["reason"] == "related skill"
    cleo = next(i for i in page["items"] if i["employee"]["name"] == "Cleo")["explanation"]
    assert [r["skill"]["label"] for r in cleo["missing_must_haves"]] == ["Python"]
    assert cleo["must_have_gate"] == pytest.approx(0.6)
    ana = next(i for i in page["items"] if i["employee"]["name"] == "Ana")["explanation"]
    assert {r["skill"]["label"] for r in ana["matched"]} == {"Python", "SQL"}


def test_without_partial_only_must_have_holders_remain(client: TestClient, world: World) -> None:
    page = client.get(
        f"/v1/openings/{world.opening.id}/candidates", params={"include_partial": "false"}
    ).json()
    assert _names(page) == ["Ana"]
    high = client.get(f"/v1/openings/{world.opening.id}/candidates", params={"min_score": 0.99})
    assert high.json()["total"] == 0


def test_both_sides_see_the_same_number(client: TestClient, world: World) -> None:
    candidates = client.get(f"/v1/openings/{world.opening.id}/candidates").json()["items"]
    for item in candidates:
        employee_id = item["employee"]["id"]
        mine = client.get(f"/v1/employees/{employee_id}/opportunities").json()["items"]
        [same] = [m for m in mine if m["opening"]["id"] == world.opening.id]
        assert same["score"] == pytest.approx(item["score"], abs=1e-6)
        pair = client.get(
            "/v1/matches", params={"employee_id": employee_id, "opening_id": world.opening.id}
        ).json()
        assert pair["score"] == pytest.approx(item["score"], abs=1e-6)


def test_a_pair_scores_the_same_everywhere_while_a_vector_is_being_made(
    client: TestClient, session: Session, world: World
) -> None:
    """Between a write of new text and its vector being stored (the background encoder's
    window), every route scores a pair with the same vectors."""
    patched = client.patch(f"/v1/employees/{world.ana.id}", json={"profile": "Python and SQL."})
    assert patched.status_code == 200
    session.execute(  # new text, vector not yet re-made: what a write leaves for a moment
        update(Employee).where(Employee.id == world.ana.id).values(profile="Tax law and audit.")
    )
    session.commit()
    candidates = client.get(f"/v1/openings/{world.opening.id}/candidates").json()["items"]
    [listed] = [c for c in candidates if c["employee"]["id"] == world.ana.id]
    pair = client.get(
        "/v1/matches", params={"employee_id": world.ana.id, "opening_id": world.opening.id}
    ).json()
    mine = client.get(f"/v1/employees/{world.ana.id}/opportunities").json()["items"]
    [same] = [m for m in mine if m["opening"]["id"] == world.opening.id]
    assert pair["score"] == listed["score"] == same["score"]
    assert pair["explanation"]["parts"]["semantic"] == listed["explanation"]["parts"]["semantic"]


def test_opportunities_filters_and_own_openings(client: TestClient, world: World) -> None:
    mine = client.get(f"/v1/employees/{world.owner.id}/opportunities").json()
    assert world.opening.id not in [m["opening"]["id"] for m in mine["items"]]
    gigs = client.get(f"/v1/employees/{world.cleo.id}/opportunities", params={"kind": "gig"})
    assert [m["opening"]["kind"] for m in gigs.json()["items"]] == ["gig"]
    first = client.get(f"/v1/employees/{world.cleo.id}/opportunities").json()["items"][0]
    assert first["opening"]["id"] == world.gig.id


def test_hidden_people_stay_hidden_from_recruiters(client: TestClient, world: World) -> None:
    # the employee sees their own matches; a recruiter's match lookup is a 404
    own = client.get(f"/v1/employees/{world.hidden.id}/opportunities")
    assert own.status_code == 200
    client.app.state.runtime.settings.api_keys = {"rk": "recruiter", "ak": "admin"}  # type: ignore[attr-defined]
    try:
        lookup = client.get(
            "/v1/matches",
            params={"employee_id": world.hidden.id, "opening_id": world.opening.id},
            headers={"X-API-Key": "rk"},
        )
        assert lookup.status_code == 404
        assert lookup.headers["content-type"] == PROBLEM
        admin = client.get(
            "/v1/matches",
            params={"employee_id": world.hidden.id, "opening_id": world.opening.id},
            headers={"X-API-Key": "ak"},
        )
        assert admin.status_code == 200
        search = client.post(
            "/v1/candidates/search",
            json={"skills": [{"skill_id": world.python.id, "min_proficiency": 3}]},
            headers={"X-API-Key": "rk"},
        ).json()
        assert "Hidden" not in _names(search)
        assert "Closed" not in _names(search)
    finally:
        client.app.state.runtime.settings.api_keys = {}  # type: ignore[attr-defined]


def test_decisions_are_stored_listed_and_exclude_selected(client: TestClient, world: World) -> None:
    url = f"/v1/openings/{world.opening.id}/decisions"
    made = client.post(
        url,
        json={
            "employee_id": world.ana.id,
            "decision": "select",
            "reason": "strongest pipeline experience",
        },
    )
    assert made.status_code == 201
    assert made.json()["score"] > 0
    client.post(url, json={"employee_id": world.ben.id, "decision": "shortlist"})
    listed = client.get(url).json()
    assert [d["decision"] for d in listed["items"]] == ["select", "shortlist"]
    # read back from the database, timestamps keep their UTC offset on SQLite too
    assert all(d["created_at"].endswith("Z") for d in listed["items"])
    names = _names(client.get(f"/v1/openings/{world.opening.id}/candidates").json())
    assert "Ana" not in names
    assert "Ben" in names


def test_interests_are_stored_and_dismissed_openings_hidden(
    client: TestClient, world: World
) -> None:
    url = f"/v1/employees/{world.cleo.id}/interests"
    assert client.post(url, json={"opening_id": world.gig.id, "action": "save"}).status_code == 201
    apply = {"opening_id": world.gig.id, "action": "apply", "note": "keen"}
    first, again = client.post(url, json=apply), client.post(url, json=apply)
    assert (first.status_code, again.status_code) == (201, 200)  # applying twice: one record
    assert again.json() == first.json()
    view = {"opening_id": world.gig.id, "action": "view"}
    assert [client.post(url, json=view).status_code for _ in range(2)] == [201, 201]
    assert (
        client.post(url, json={"opening_id": world.gig.id, "action": "dismiss"}).status_code == 201
    )
    listed = client.get(url).json()["items"]
    assert [i["action"] for i in listed] == ["save", "apply", "view", "view", "dismiss"]
    assert all(i["created_at"].endswith("Z") for i in listed)
    ids = [
        m["opening"]["id"]
        for m in client.get(f"/v1/employees/{world.cleo.id}/opportunities").json()["items"]
    ]
    assert world.gig.id not in ids


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("get", "/v1/openings/999999/candidates", None, 404),
        ("get", "/v1/employees/999999/opportunities", None, 404),
        ("get", "/v1/employees/1/opportunities?kind=spaceship", None, 422),
        ("get", "/v1/openings/1/candidates?min_score=2", None, 422),
        ("get", "/v1/matches?employee_id=abc&opening_id=1", None, 422),
        ("post", "/v1/openings/999999/decisions", {"employee_id": 1, "decision": "select"}, 404),
        ("post", "/v1/openings/1/decisions", {"employee_id": 1, "decision": "auto-reject"}, 422),
        ("post", "/v1/employees/999999/interests", {"opening_id": 1, "action": "save"}, 404),
        ("post", "/v1/employees/1/interests", {"opening_id": 1, "action": "like"}, 422),
        ("get", "/v1/employees/1/interests?action=like", None, 422),
        ("get", "/v1/openings/999999/decisions", None, 404),
        ("post", "/v1/candidates/search", {}, 422),
        ("post", "/v1/candidates/search", {"skills": [{"skill_id": 999999}]}, 404),
        ("post", "/v1/candidates/search", {"skills": [{"skill_id": 1}], "extra": 1}, 422),
    ],
)
def test_bad_ids_and_filters_are_problems(
    client: TestClient, world: World, method: str, path: str, body: dict | None, status: int
) -> None:
    response = client.request(method, path, json=body)
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["status"] == status


def test_search_scores_with_the_weights_it_reports_and_shows_no_zero_scores(
    client: TestClient, world: World
) -> None:
    page = client.post(
        "/v1/candidates/search",
        json={"skills": [{"skill_id": world.stats.id, "min_proficiency": 3, "must_have": True}]},
    ).json()
    assert page["items"], page
    for item in page["items"]:
        assert item["score"] > 0
        why = item["explanation"]
        assert why["parts"]["role"] is None  # a search has no role
        assert why["weights"]["role"] == 0
        assert sum(why["weights"].values()) == pytest.approx(1, abs=1e-5)
        for part, value in why["parts"].items():
            expected = why["must_have_gate"] * why["weights"][part] * (value or 0)
            assert why["contributions"][part] == pytest.approx(expected, abs=1e-4), part
    configured = page["provenance"]["weights"]
    assert configured["role"] > 0  # the configured weights, spread when a part is missing
    # nobody matching nothing: a text no profile shares finds no one
    nothing = client.post("/v1/candidates/search", json={"text": "zzqx wvvy"}).json()
    assert all(item["score"] > 0 for item in nothing["items"])


def test_too_long_text_is_413_on_search_as_on_extraction(client: TestClient, world: World) -> None:
    text = "python " * 3000  # 21,000 characters
    for url, body in (
        ("/v1/candidates/search", {"text": text}),
        ("/v1/skills/extract", {"text": text}),
    ):
        answer = client.post(url, json=body)
        assert answer.status_code == 413, (url, answer.text)
        assert answer.json()["type"].endswith("/payload-too-large")


def test_weights_read_back_as_they_were_written(client: TestClient, world: World) -> None:
    requirements = [
        {"skill_id": world.python.id, "min_proficiency": 3, "weight": 0.8, "must_have": True},
        {"skill_id": world.sql.id, "min_proficiency": 2, "weight": 0.3},
    ]
    put = client.put(f"/v1/openings/{world.opening.id}/requirements", json=requirements)
    assert put.status_code == 200, put.text
    page = client.get(f"/v1/openings/{world.opening.id}/candidates").json()
    stored = {
        r["skill"]["id"]: r["weight"]
        for r in client.get(f"/v1/openings/{world.opening.id}").json()["requirements"]
    }
    for item in page["items"]:
        why = item["explanation"]
        for result in why["matched"] + why["partial"] + why["missing_must_haves"]:
            assert result["weight"] == stored[result["skill"]["id"]]
    assert {0.8, 0.3} <= set(stored.values())


def test_applications_show_where_people_stand_and_selections_fill_the_opening(
    client: TestClient, session: Session, world: World
) -> None:
    opening = world.opening  # capacity 1
    ana, ben = world.ana.id, world.ben.id
    for person in (ana, ben):
        applied = client.post(
            f"/v1/employees/{person}/interests",
            json={"opening_id": opening.id, "action": "apply"},
        )
        assert applied.status_code == 201
    decisions = f"/v1/openings/{opening.id}/decisions"
    short = client.post(decisions, json={"employee_id": ben, "decision": "shortlist"})
    assert short.json()["opening_status"] == "open"
    candidates = client.get(f"/v1/openings/{opening.id}/candidates").json()["items"]
    status = {c["employee"]["id"]: c["application_status"] for c in candidates}
    assert (status[ana], status[ben], status[world.cleo.id]) == ("applied", "shortlisted", None)

    chosen = client.post(decisions, json={"employee_id": ana, "decision": "select"})
    assert chosen.json()["opening_status"] == "filled"  # capacity 1 reached
    read = client.get(f"/v1/openings/{opening.id}").json()
    assert read["status"] == "filled"
    assert read["applications"] == {"selected": 1, "shortlisted": 1}
    mine = client.get(f"/v1/employees/{ana}/applications").json()
    assert [(a["opening_id"], a["status"], a["opening_status"]) for a in mine["items"]] == [
        (opening.id, "selected", "filled")
    ]
    assert client.get(f"/v1/employees/{world.cleo.id}/applications").json()["items"] == []
