"""Self-reported demographics and the fairness audit, through HTTP: the audit flags an
injected disparity exactly where it is, flags nothing without one, hides small cells,
counts the unknown, reports the intersection; demographics are kept only with consent."""

from __future__ import annotations

import csv
import io
import random

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from talentmarket.demographics.models import Demographics
from talentmarket.openings.models import Decision, Interest
from tests.api.helpers import problem, rows
from tests.factories import make_employee, make_opening, make_skill
from tests.tokens import TokenMaker

RACES = ["White", "Asian", "Black or African American", "Hispanic or Latino"]


def _history(session: Session, seed: int, women_rate: float, men_rate: float) -> None:
    """400 applicants over 8 openings, half women, races spread evenly, 40 without
    answers; each shortlisted with their sex's rate (decided by a fixed seed)."""
    rng = random.Random(seed)
    openings = [make_opening(session, f"Opening {i}", kind="job", status="open") for i in range(8)]
    for i in range(400):
        person = make_employee(session, f"Person {seed}-{i}")
        sex = "female" if i % 2 else "male"
        if i >= 40:  # the first 40 did not answer
            session.add(
                Demographics(employee_id=person.id, sex=sex, race_ethnicity=RACES[i // 2 % 4])
            )
        opening = openings[i % 8]
        session.add(Interest(employee_id=person.id, opening_id=opening.id, action="apply"))
        if rng.random() < (women_rate if sex == "female" else men_rate):
            session.add(
                Decision(opening_id=opening.id, employee_id=person.id, decision="shortlist")
            )
    session.commit()


def _flags(report: dict) -> set[tuple[str, str, str]]:  # type: ignore[type-arg]
    return {(r["stage"], r["dimension"], r["category"]) for r in report["rows"] if r["flag"]}


def test_an_injected_disparity_is_flagged_exactly_where_it_is(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    _history(session, seed=7, women_rate=0.2, men_rate=0.4)  # women at half the rate
    report = client.get("/v1/audits/fairness", headers=tokens.headers("admin")).json()
    flags = _flags(report)
    assert ("shortlisted", "sex", "female") in flags
    # nothing else but the same disparity seen again in the intersection
    assert all(
        stage == "shortlisted"
        and dimension in ("sex", "sex x race_ethnicity")
        and category.startswith("female")
        for stage, dimension, category in flags
    ), flags
    [women] = [
        r
        for r in report["rows"]
        if (r["stage"], r["dimension"], r["category"]) == ("shortlisted", "sex", "female")
    ]
    assert women["impact_ratio"] < 0.8
    assert women["p_value"] < 0.001
    assert not any(f[1] in ("race_ethnicity", "age_band", "disability") for f in _flags(report))
    unknown = [r for r in report["rows"] if r["dimension"] == "sex" and r["category"] == "unknown"]
    assert unknown[0]["count"] == 40  # people who did not answer are counted, not dropped
    assert report["considered"] == 400
    assert report["openings"] == 8
    assert report["limits"]


def test_no_disparity_no_flag(client: TestClient, session: Session, tokens: TokenMaker) -> None:
    _history(session, seed=11, women_rate=0.3, men_rate=0.3)
    report = client.get("/v1/audits/fairness", headers=tokens.headers("admin")).json()
    assert _flags(report) == set()


def test_small_cells_are_hidden_and_the_formats_agree(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    _history(session, seed=3, women_rate=0.3, men_rate=0.3)
    person = make_employee(session, "The only one")
    session.add(Demographics(employee_id=person.id, sex="another"))
    opening = make_opening(session, "Solo", kind="job", status="open")
    session.add(Interest(employee_id=person.id, opening_id=opening.id, action="apply"))
    session.commit()
    admin = tokens.headers("admin")
    report = client.get("/v1/audits/fairness", headers=admin).json()
    [another] = [
        r
        for r in report["rows"]
        if (r["stage"], r["dimension"], r["category"]) == ("shortlisted", "sex", "another")
    ]
    assert another["suppressed"] is True
    assert (another["count"], another["rate"], another["flag"]) == (None, None, None)
    text = client.get("/v1/audits/fairness", params={"format": "csv"}, headers=admin).text
    lines = list(csv.DictReader(io.StringIO(text)))
    assert len(lines) == len(report["rows"])
    page = client.get("/v1/audits/fairness", params={"format": "html"}, headers=admin)
    assert "What this cannot tell" in page.text
    one = client.get("/v1/audits/fairness", params={"stage": "selected"}, headers=admin).json()
    assert {r["stage"] for r in one["rows"]} == {"selected"}
    problem(
        client.get("/v1/audits/fairness", headers=tokens.headers("recruiter")), 403, "forbidden"
    )


def test_demographics_are_kept_only_with_consent(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    ana = make_employee(session, "Ana")
    ben = make_employee(session, "Ben")
    session.commit()
    url = f"/v1/employees/{ana.id}/demographics"
    mine = tokens.headers("employee", ana.id)
    kept = client.put(
        url, json={"sex": "female", "age_band": "25-39", "consent": True}, headers=mine
    )
    assert kept.status_code == 200, kept.text
    assert (kept.json()["sex"], kept.json()["consent"]) == ("female", True)
    assert client.get(url, headers=mine).json()["age_band"] == "25-39"
    wrong = client.put(url, json={"sex": "robot", "consent": True}, headers=mine)
    problem(wrong, 400, "invalid-request")
    assert rows(session, Demographics) == 1
    problem(client.get(url, headers=tokens.headers("employee", ben.id)), 403, "forbidden")
    problem(client.get(url, headers=tokens.headers("recruiter")), 403, "forbidden")
    export = client.get(f"/v1/employees/{ana.id}/export", headers=mine).json()
    assert export["tables"]["demographics"][0]["sex"] == "female"
    withdrawn = client.put(url, json={"consent": False}, headers=mine)
    assert withdrawn.json()["consent"] is False
    assert rows(session, Demographics) == 0


@pytest.mark.parametrize("field", ["sex", "race_ethnicity", "age_band", "disability"])
def test_every_question_offers_its_categories(
    client: TestClient, session: Session, tokens: TokenMaker, field: str
) -> None:
    ana = make_employee(session, "Ana")
    session.commit()
    got = client.get(
        f"/v1/employees/{ana.id}/demographics", headers=tokens.headers("employee", ana.id)
    ).json()
    assert got["consent"] is False
    assert got["categories"][field]


def test_rankings_give_the_ranked_stage_exposure_and_the_intersection(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    python = make_skill(session, "Python")
    opening = make_opening(
        session, "Pipelines", kind="job", requirements=[(python, 3)], status="open"
    )
    for i in range(14):
        person = make_employee(session, f"P{i}", skills=[(python, 2 + i % 4)])
        session.add(
            Demographics(
                employee_id=person.id,
                sex="female" if i % 2 else "male",
                race_ethnicity="Asian",
            )
        )
    session.commit()
    ranked = client.get(
        f"/v1/openings/{opening.id}/candidates",
        params={"limit": 20},
        headers=tokens.headers("recruiter"),
    )
    assert ranked.status_code == 200
    report = client.get("/v1/audits/fairness", headers=tokens.headers("admin")).json()
    assert report["rankings"] == 1
    stage = [r for r in report["rows"] if r["stage"] == "ranked_top_k" and r["dimension"] == "sex"]
    assert {r["category"] for r in stage} == {"female", "male"}
    assert all(r["scoring_rate"] is not None for r in stage)
    exposure = [e for e in report["exposure"] if e["dimension"] == "sex"]
    assert abs(sum(e["exposure_share"] for e in exposure) - 1.0) < 1e-3
    crossed = {r["category"] for r in report["rows"] if r["dimension"] == "sex x race_ethnicity"}
    assert {"female x Asian", "male x Asian"} <= crossed
