"""Openings as schema.org JobPosting (JSON-LD): schema.org's required and recommended
properties are there, skills carry their taxonomy URIs."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.api.helpers import problem
from tests.factories import make_opening, make_role, make_skill

LD = {"Accept": "application/ld+json"}
REQUIRED = ("@context", "@type", "title", "description", "datePosted", "hiringOrganization")
RECOMMENDED = ("employmentType", "identifier")  # validThrough when the end is known


def _check(posting: dict[str, Any]) -> None:
    """schema.org JobPosting's required properties and a job board's recommended ones."""
    for name in REQUIRED:
        assert posting.get(name), name
    assert posting["@context"] == "https://schema.org"
    assert posting["@type"] == "JobPosting"
    assert "jobLocation" in posting or posting.get("jobLocationType") == "TELECOMMUTE"
    assert posting["hiringOrganization"]["@type"] == "Organization"
    assert posting["hiringOrganization"]["name"]
    date.fromisoformat(posting["datePosted"])
    for name in RECOMMENDED:
        assert name in posting, name
    assert posting["identifier"]["@type"] == "PropertyValue"
    for term in posting["skills"]:
        assert term["@type"] == "DefinedTerm"
        assert term["name"]
        assert term["url"]
        assert term["inDefinedTermSet"]["@type"] == "DefinedTermSet"


def test_an_opening_reads_as_a_job_posting(client: TestClient, session: Session) -> None:
    esco = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
    python = make_skill(session, "Python (computer programming)", uri=esco)
    local = make_skill(session, "Our billing platform", uri="urn:company:skill:billing")
    role = make_role(session, "Data engineer")
    role.uri = "http://data.europa.eu/esco/occupation/0f4a8a4b-7a77-4fb6-a0f7-04d0b8a4c12d"
    opening = make_opening(
        session,
        "Billing data pipeline gig",
        status="open",
        role_id=role.id,
        location="Lyon",
        remote=True,
        hours_per_week=6,
        description="Move billing events into the warehouse.",
        end_date=date(2027, 3, 31),
        requirements=[(python, 4), (local, 2)],
        must_have=[python],
    )
    session.commit()
    resp = client.get(f"/v1/openings/{opening.id}", headers=LD)
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith("application/ld+json")
    posting = resp.json()
    _check(posting)
    assert posting["validThrough"] == "2027-03-31"
    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert posting["jobLocation"]["address"]["addressLocality"] == "Lyon"
    assert posting["occupationalCategory"] == role.uri
    assert posting["employmentType"] == "TEMPORARY"
    terms = {t["name"]: t for t in posting["skills"]}
    assert terms["Python (computer programming)"]["url"] == esco
    assert terms["Python (computer programming)"]["inDefinedTermSet"]["name"] == "ESCO"
    assert terms["Our billing platform"]["url"] == "urn:company:skill:billing"
    assert (
        "Python (computer programming): advanced (level 4 of 5), required"
        in (posting["experienceRequirements"])
    )
    # plain JSON stays the default
    plain = client.get(f"/v1/openings/{opening.id}")
    assert plain.headers["content-type"].startswith("application/json")
    assert plain.json()["id"] == opening.id


def test_a_missing_opening_is_a_problem_either_way(client: TestClient) -> None:
    problem(client.get("/v1/openings/999999", headers=LD), 404, "not-found")


def test_open_openings_feed_as_item_list_pages(client: TestClient, session: Session) -> None:
    skill = make_skill(session, "Bookkeeping")
    for i in range(3):
        make_opening(session, f"Ledger gig {i}", status="open", requirements=[(skill, 3)])
    make_opening(session, "Closed gig", status="closed")
    session.commit()
    first = client.get("/v1/openings", params={"status": "open", "limit": 2}, headers=LD)
    assert first.status_code == 200, first.text
    feed = first.json()
    assert feed["@type"] == "ItemList"
    assert feed["numberOfItems"] == 2
    for element in feed["itemListElement"]:
        element["item"]["@context"] = "https://schema.org"
        _check(element["item"])
    link = first.headers["link"]
    assert link.endswith('>; rel="next"')
    rest = client.get(link[1 : link.index(">")], headers=LD).json()
    titles = [e["item"]["title"] for e in feed["itemListElement"] + rest["itemListElement"]]
    assert titles == ["Ledger gig 0", "Ledger gig 1", "Ledger gig 2"]
    assert "link" not in client.get(link[1 : link.index(">")], headers=LD).headers
