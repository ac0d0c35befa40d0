"""Skill extraction, inference, requirement suggestions, title normalisation and search
modes over HTTP, on the starter taxonomy with the model-free test encoder."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentmarket.openings.models import OpeningRequirement
from talentmarket.people.models import EmployeeSkill
from talentmarket.taxonomy.importers import import_taxonomy
from tests.factories import make_employee, make_opening

PROBLEM = "application/problem+json"
AD = (
    "We are hiring a backend engineer. You will build services in Python and deploy them "
    "on Kubernetes.\nExperience with PostgreSQL is a plus.\n"
    "We offer 30 days of paid holiday, a gym membership and a yearly bonus.\n"
    "We are an equal opportunity employer and value diversity."
)


@pytest.fixture
def api(client: TestClient, session: Session) -> TestClient:
    import_taxonomy(session, "starter", None)
    session.commit()
    return client


def test_extract_returns_skills_with_spans(api: TestClient) -> None:
    body = api.post("/v1/skills/extract", json={"text": AD, "limit": 10}).json()
    labels = [s["skill"]["label"] for s in body["skills"]]
    assert "Python" in labels
    assert "Kubernetes" in labels
    for found in body["skills"]:
        assert 0 <= found["score"] <= 1
        for span in found["spans"]:
            assert AD[span["start"] : span["end"]] == span["text"]
    python = next(s for s in body["skills"] if s["skill"]["label"] == "Python")
    assert any(span["text"] == "Python" for span in python["spans"])
    assert body["provenance"]["taxonomy_release"].startswith("starter")
    scores = [s["score"] for s in body["skills"]]
    assert scores == sorted(scores, reverse=True)


def test_benefits_and_equal_opportunity_lines_give_no_skills(api: TestClient) -> None:
    body = api.post("/v1/skills/extract", json={"text": AD, "limit": 50}).json()
    boiler_start = AD.index("We offer")
    for found in body["skills"]:
        assert all(span["start"] < boiler_start for span in found["spans"]), found


def test_too_long_text_is_a_413_problem(api: TestClient) -> None:
    response = api.post("/v1/skills/extract", json={"text": "Python " * 3000})
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"].endswith("/payload-too-large")


def test_malformed_extract_request_is_a_422_problem(api: TestClient) -> None:
    for body in ({"text": ""}, {"text": "x", "limit": 0}, {"text": "x", "mode": "fast"}, {}):
        response = api.post("/v1/skills/extract", json=body)
        assert response.status_code == 422
        assert response.headers["content-type"] == PROBLEM


def test_inferred_skills_wait_for_the_employee(api: TestClient, session: Session) -> None:
    ana = make_employee(session, "Ana")
    session.commit()
    body = api.post(f"/v1/employees/{ana.id}/skills/infer", json={"text": AD}).json()
    assert {s["status"] for s in body["suggestions"]} == {"suggested"}
    python = next(s for s in body["suggestions"] if s["skill"]["label"] == "Python")
    rows = session.scalars(select(EmployeeSkill).where(EmployeeSkill.employee_id == ana.id)).all()
    assert {r.status for r in rows} == {"suggested"}
    assert all(r.source == "inferred" for r in rows)
    skill_id = python["skill"]["id"]
    assert api.post(f"/v1/employees/{ana.id}/skills/{skill_id}/reject").status_code in (200, 204)
    again = api.post(f"/v1/employees/{ana.id}/skills/infer", json={"text": AD}).json()
    status = {s["skill"]["id"]: s["status"] for s in again["suggestions"]}
    assert status[skill_id] == "rejected"  # a person's decision is never overwritten


def test_suggested_requirements_can_be_accepted_or_rejected(
    api: TestClient, session: Session
) -> None:
    opening = make_opening(session, "Backend engineer", kind="job", description=AD)
    session.commit()
    body = api.post(f"/v1/openings/{opening.id}/requirements/suggest").json()
    ids = [s["skill"]["id"] for s in body["suggestions"]]
    assert ids
    assert api.post(f"/v1/openings/{opening.id}/requirements/{ids[0]}/accept").status_code == 204
    assert api.post(f"/v1/openings/{opening.id}/requirements/{ids[1]}/reject").status_code == 204
    rows = {
        r.skill_id: r.status
        for r in session.scalars(
            select(OpeningRequirement).where(OpeningRequirement.opening_id == opening.id)
        )
    }
    assert rows[ids[0]] == "active"
    assert rows[ids[1]] == "rejected"
    again = api.post(f"/v1/openings/{opening.id}/requirements/{ids[0]}/accept")
    assert again.status_code == 409
    missing = api.post(f"/v1/openings/{opening.id}/requirements/99999999/accept")
    assert missing.status_code == 404


def test_requirement_suggestions_for_unknown_opening_change_nothing(
    api: TestClient, session: Session
) -> None:
    before = session.scalar(select(func.count()).select_from(OpeningRequirement))
    response = api.post("/v1/openings/99999999/requirements/suggest")
    assert response.status_code == 404
    assert session.scalar(select(func.count()).select_from(OpeningRequirement)) == before


def test_title_normalisation_ranks_roles(api: TestClient) -> None:
    body = api.post("/v1/roles/normalize", json={"title": "Sr. Data Scientist (m/w/d) - Berlin"})
    assert body.status_code == 200
    roles = body.json()["roles"]
    assert "Data Scientist" in roles[0]["role"]["title"]
    assert roles[0]["score"] >= roles[-1]["score"]
    bad = api.post("/v1/roles/normalize", json={"title": ""})
    assert bad.status_code == 422


def test_answers_name_a_new_release_even_when_its_rows_are_the_same(
    api: TestClient, session: Session
) -> None:
    """The release label is remembered per taxonomy version; a new release of unchanged
    rows bumps it, so the next answer names that release."""
    title = {"title": "Data Scientist"}
    first = api.post("/v1/roles/normalize", json=title).json()["provenance"]
    assert first["taxonomy_release"].startswith("starter ")
    import_taxonomy(session, "starter", None, version="2099.1")
    session.commit()
    after = api.post("/v1/roles/normalize", json=title).json()["provenance"]
    assert "starter 2099.1" in after["taxonomy_release"]
    assert after["taxonomy_release"] != first["taxonomy_release"]
    extracted = api.post("/v1/skills/extract", json={"text": AD}).json()["provenance"]
    assert extracted["taxonomy_release"] == after["taxonomy_release"]


@pytest.mark.parametrize("mode", ["lexical", "semantic", "hybrid"])
def test_search_modes(api: TestClient, mode: str) -> None:
    page = api.get("/v1/skills", params={"q": "python", "mode": mode}).json()
    assert page["items"]
    assert page["items"][0]["label"] == "Python"
    roles = api.get("/v1/roles", params={"q": "data scientist", "mode": mode}).json()
    assert "Data Scientist" in roles["items"][0]["title"]
    if mode != "lexical":
        assert page["items"][0]["score"] is not None


def test_search_text_finds_candidates_by_extracted_skills(
    api: TestClient, session: Session
) -> None:
    from talentmarket.taxonomy.models import Skill

    python = session.scalar(select(Skill).where(Skill.uri == "urn:talentmarket:skill:python"))
    assert python is not None
    make_employee(session, "Pia", skills=[(python, 4)], profile="Python developer.")
    make_employee(session, "Quinn", profile="Accountant.")
    session.commit()
    page = api.post("/v1/candidates/search", json={"text": "Senior Python developer"}).json()
    assert page["items"][0]["employee"]["name"] == "Pia"
    assert page["items"][0]["explanation"]["matched"]


def test_spans_come_in_code_points_and_utf16_units(api: TestClient) -> None:
    """After an emoji (one code point, two UTF-16 units) the two offsets differ by one;
    each slices the same text in its own units."""
    text = "🚀 Team lead 👩‍💻 wanted. " + AD
    body = api.post("/v1/skills/extract", json={"text": text, "limit": 10}).json()
    utf16 = text.encode("utf-16-le")
    spans = [span for found in body["skills"] for span in found["spans"]]
    assert spans
    for span in spans:
        assert text[span["start"] : span["end"]] == span["text"]
        piece = utf16[2 * span["start_utf16"] : 2 * span["end_utf16"]].decode("utf-16-le")
        assert piece == span["text"]
        assert span["start_utf16"] > span["start"]


def test_accepting_a_suggested_requirement_may_set_what_it_asks(
    api: TestClient, session: Session
) -> None:
    opening = make_opening(session, "Backend engineer", kind="job", description=AD)
    session.commit()
    body = api.post(f"/v1/openings/{opening.id}/requirements/suggest").json()
    first = body["suggestions"][0]["skill"]["id"]
    review = {"must_have": True, "min_proficiency": 4, "weight": 2.5}
    url = f"/v1/openings/{opening.id}/requirements/{first}/accept"
    assert api.post(url, json=review).status_code == 204
    [req] = [
        r
        for r in api.get(f"/v1/openings/{opening.id}").json()["requirements"]
        if r["skill"]["id"] == first
    ]
    assert (req["status"], req["must_have"], req["min_proficiency"], req["weight"]) == (
        "active",
        True,
        4,
        2.5,
    )
    second = body["suggestions"][1]["skill"]["id"]
    bad = api.post(
        f"/v1/openings/{opening.id}/requirements/{second}/accept", json={"min_proficiency": 9}
    )
    assert bad.status_code == 422
