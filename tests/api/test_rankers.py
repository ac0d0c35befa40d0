"""Learned rankers through HTTP: fitted from logged pages and the decisions that followed,
run in shadow (logged, not shown), activated only with an offline gain and a shadow
fairness audit that adds no flag, named in every explanation, rolled back in one call;
and human oversight settings (neutral order, hidden scores, masked names), and a logged
ranking re-explained from the audit log."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from talentmarket.audit.models import AuditEvent
from talentmarket.demographics.models import Demographics
from talentmarket.matching.scoring import PARTS, ScoringConfig, rescore
from talentmarket.openings.models import Decision
from talentmarket.rankers.models import LearnedRanker
from talentmarket.runtime import Runtime
from tests.api.helpers import problem
from tests.factories import make_employee, make_opening, make_requirement, make_skill
from tests.tokens import TokenMaker

LIVE = dict(zip(PARTS, ScoringConfig().part_weights().tolist(), strict=True))
HIDDEN = np.array([0.15, 0.7, 0.1, 0.05])  # recruiters who weigh semantic fit most
START = datetime(2026, 6, 1, tzinfo=UTC)


def _history(session: Session, seed: int = 3) -> None:
    """60 days of logged candidate pages (20 people each, ranked by the live weights) and
    the shortlists that followed: recruiters look down the page (less often lower down)
    and shortlist the two they like best by weights of their own."""
    rng = np.random.default_rng(seed)
    people = [make_employee(session, f"Person {i}") for i in range(20)]
    openings = [make_opening(session, f"Opening {i}", kind="gig") for i in range(60)]
    live = np.array(list(LIVE.values()))
    for day, opening in enumerate(openings):
        at = START + timedelta(days=day)
        parts = rng.uniform(0.05, 1.0, size=(20, 4))
        gate = np.ones(20)
        order = np.argsort(-rescore(parts, gate, live), kind="stable")
        items = [
            [people[i].id, float(rescore(parts[i : i + 1], gate[:1], live)[0]), r + 1]
            for r, i in enumerate(order)
        ]
        session.add(
            AuditEvent(
                at=at,
                caller="recruiter-1",
                role="recruiter",
                action="rank",
                route="/v1/openings/{opening_id}/candidates",
                subject_employee_ids=[p.id for p in people],
                opening_id=opening.id,
                details={
                    "kind": "candidates",
                    "items": items,
                    "parts": [[*parts[i].round(4).tolist(), 1.0] for i in order],
                    "weights": LIVE,
                },
            )
        )
        seen = [i for r, i in enumerate(order) if rng.random() < 1.0 / (1 + r) ** 0.5]
        liked = sorted(seen, key=lambda i: -float(parts[i] @ HIDDEN))[:2]
        for i in liked:
            session.add(
                Decision(
                    opening_id=opening.id,
                    employee_id=people[i].id,
                    decision="shortlist",
                    decided_by="recruiter-1",
                    created_at=at + timedelta(hours=2),
                )
            )
    session.commit()


def _fit(client: TestClient, admin: dict[str, str]) -> dict:  # type: ignore[type-arg]
    body = {
        "from": START.isoformat(),
        "split": (START + timedelta(days=40)).isoformat(),
        "to": (START + timedelta(days=61)).isoformat(),
    }
    response = client.post("/v1/rankers", json=body, headers=admin)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def _live_opening(session: Session) -> int:
    python = make_skill(session, "Python", uri="urn:t:python")
    sql = make_skill(session, "SQL", uri="urn:t:sql")
    opening = make_opening(session, "Data gig", kind="gig", status="open")
    make_requirement(session, opening, python, 3, must_have=True)
    make_requirement(session, opening, sql, 2)
    for i in range(12):
        make_employee(session, f"Analyst {i}", skills=[(python, 1 + i % 5), (sql, 3)])
    session.commit()
    return opening.id


def test_a_ranker_learns_runs_in_shadow_activates_and_rolls_back(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    _history(session)
    opening_id = _live_opening(session)
    admin, recruiter = tokens.headers("admin"), tokens.headers("recruiter")
    ranker = _fit(client, admin)
    assert ranker["status"] == "shadow"
    metrics = ranker["metrics"]
    assert metrics["evaluation"]["lists"] == 20
    assert metrics["train"]["lists"] == 40
    assert metrics["ndcg@10_learned"] > metrics["ndcg@10_live"] + 0.05, metrics
    assert metrics["gain"] > metrics["gain_standard_error"] > 0
    assert ranker["weights"]["semantic"] == max(ranker["weights"].values())
    assert abs(sum(ranker["weights"].values()) - 1) < 1e-6

    # in shadow: the live scorer still ranks; the shadow order is logged, not shown
    page = client.get(f"/v1/openings/{opening_id}/candidates", headers=recruiter).json()
    assert page["provenance"]["scoring_version"] == ScoringConfig().version
    events = client.get(
        "/v1/audit/events", params={"opening_id": opening_id, "action": "rank"}, headers=admin
    ).json()["items"]
    assert events[0]["details"]["shadow"]["version"] == ranker["version"]
    assert "shadow" not in page

    # no demographics here, so the shadow audit has nothing to flag: it may start
    audit = client.get(f"/v1/rankers/{ranker['id']}/shadow-audit", headers=admin).json()
    assert audit["rankings"] >= 1
    assert audit["new_flags"] == []
    assert client.post(f"/v1/rankers/{ranker['id']}/activate", headers=recruiter).status_code == 403
    active = client.post(f"/v1/rankers/{ranker['id']}/activate", headers=admin)
    assert active.status_code == 200, active.text
    assert active.json()["status"] == "active"
    assert active.json()["shadow_audit"]["rankings"] >= 1
    page = client.get(f"/v1/openings/{opening_id}/candidates", headers=recruiter).json()
    assert page["provenance"]["scoring_version"] == ranker["version"]
    assert page["provenance"]["weights"] == pytest.approx(ranker["weights"])
    top = page["items"][0]["explanation"]
    assert sum(top["contributions"].values()) == pytest.approx(top["score"], abs=1e-4)

    # activating again: only a shadow ranker starts
    again = client.post(f"/v1/rankers/{ranker['id']}/activate", headers=admin)
    assert again.status_code == 409
    assert "only a shadow ranker" in problem(again, 409, "conflict")["detail"]

    # rollback: one call, the configured scorer ranks again
    back = client.post("/v1/rankers/rollback", headers=admin)
    assert back.status_code == 200
    assert back.json() == {
        "active": None,
        "scoring_version": ScoringConfig().version,
    }
    page = client.get(f"/v1/openings/{opening_id}/candidates", headers=recruiter).json()
    assert page["provenance"]["scoring_version"] == ScoringConfig().version
    assert client.post("/v1/rankers/rollback", headers=admin).status_code == 409
    listed = client.get("/v1/rankers", headers=admin).json()["items"]
    assert [r["status"] for r in listed] == ["retired"]


def test_nothing_to_learn_is_a_conflict_and_writes_nothing(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    admin = tokens.headers("admin")
    body = {"from": START.isoformat(), "to": (START + timedelta(days=10)).isoformat()}
    response = client.post("/v1/rankers", json=body, headers=admin)
    assert response.status_code == 409
    assert "nothing to learn" in problem(response, 409, "conflict")["detail"]
    assert client.get("/v1/rankers", headers=admin).json()["items"] == []
    bad = {"from": START.isoformat(), "split": START.isoformat()}
    assert client.post("/v1/rankers", json=bad, headers=admin).status_code == 400


def _shadow_ranker(session: Session, gain: float) -> LearnedRanker:
    ranker = LearnedRanker(
        version=f"learned-test-{gain}",
        status="shadow",
        weights={"coverage": 0.1, "semantic": 0.7, "role": 0.1, "preferences": 0.1},
        base_version=ScoringConfig().version,
        trained_from=START,
        trained_until=START + timedelta(days=30),
        evaluated_until=START + timedelta(days=40),
        metrics={"gain": gain, "ndcg@10_live": 0.5, "ndcg@10_learned": 0.5 + gain},
    )
    session.add(ranker)
    session.flush()
    return ranker


def test_a_ranker_whose_shadow_audit_adds_a_flag_cannot_be_activated(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    """Live pages put women and men in the top 10 alike; the shadow ranker pushes women
    down: its audit flags sex=female at the ranked stage and activation is refused."""
    ranker = _shadow_ranker(session, gain=0.2)
    rng = random.Random(5)
    people = []
    for i in range(40):
        person = make_employee(session, f"Person {i}")
        session.add(Demographics(employee_id=person.id, sex="female" if i % 2 else "male"))
        people.append(person)
    for j in range(10):
        opening = make_opening(session, f"Opening {j}")
        live = rng.sample(people, 20)
        shadow = sorted(live, key=lambda p: (p.name.endswith(tuple("13579")), rng.random()))
        shadow = [p for p in shadow if people.index(p) % 2 == 0] + [
            p for p in shadow if people.index(p) % 2 == 1
        ]
        session.add(
            AuditEvent(
                caller="recruiter-1",
                role="recruiter",
                action="rank",
                route="/v1/openings/{opening_id}/candidates",
                subject_employee_ids=[p.id for p in live],
                opening_id=opening.id,
                details={
                    "kind": "candidates",
                    "items": [[p.id, 0.5, r + 1] for r, p in enumerate(live)],
                    "shadow": {
                        "version": ranker.version,
                        "items": [[p.id, 0.5, r + 1] for r, p in enumerate(shadow)],
                    },
                },
            )
        )
    session.commit()
    admin = tokens.headers("admin")
    audit = client.get(f"/v1/rankers/{ranker.id}/shadow-audit", headers=admin).json()
    assert {(f["dimension"], f["category"]) for f in audit["new_flags"]} >= {("sex", "female")}
    assert audit["live_flags"] == []
    refused = client.post(f"/v1/rankers/{ranker.id}/activate", headers=admin)
    assert refused.status_code == 409
    assert "sex=female" in problem(refused, 409, "conflict")["detail"]
    assert client.get(f"/v1/rankers/{ranker.id}", headers=admin).json()["status"] == "shadow"


def test_no_offline_gain_no_activation(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    ranker = _shadow_ranker(session, gain=-0.01)
    session.commit()
    refused = client.post(f"/v1/rankers/{ranker.id}/activate", headers=tokens.headers("admin"))
    assert refused.status_code == 409
    assert "no offline gain" in problem(refused, 409, "conflict")["detail"]


def test_a_logged_ranking_is_re_explained_from_the_audit_log(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    opening_id = _live_opening(session)
    admin = tokens.headers("admin")
    page = client.get(
        f"/v1/openings/{opening_id}/candidates",
        params={"limit": 5},
        headers=tokens.headers("recruiter"),
    ).json()
    [event] = client.get(
        "/v1/audit/events", params={"opening_id": opening_id, "action": "rank"}, headers=admin
    ).json()["items"]
    # the data changes afterwards: the explanation still comes from the log
    added = client.post(
        "/v1/employees",
        json={"name": "Someone New", "email": "someone.new@example.com"},
        headers=admin,
    )
    assert added.status_code == 201, added.text
    why = client.get(f"/v1/audit/events/{event['id']}/explanation", headers=admin)
    assert why.status_code == 200, why.text
    logged = why.json()
    assert logged["scoring_version"] == page["provenance"]["scoring_version"]
    assert logged["weights"] == pytest.approx(page["provenance"]["weights"])
    assert "people" in logged["data_changed"]
    assert [r["id"] for r in logged["rows"]] == [i["employee"]["id"] for i in page["items"]]
    for row, item in zip(logged["rows"], page["items"], strict=True):
        assert row["score"] == pytest.approx(item["score"], abs=1e-4)
        assert row["recomputed_score"] == pytest.approx(item["score"], abs=1e-3)
        for part, value in item["explanation"]["parts"].items():
            assert row["parts"][part] == (None if value is None else pytest.approx(value, abs=1e-4))
        assert row["contributions"] == pytest.approx(item["explanation"]["contributions"], abs=1e-3)
    assert (
        client.get(
            f"/v1/audit/events/{event['id']}/explanation", headers=tokens.headers("recruiter")
        ).status_code
        == 403
    )
    assert client.get("/v1/audit/events/999999/explanation", headers=admin).status_code == 404


@pytest.fixture
def oversight(runtime: Runtime) -> Iterator[Runtime]:
    """The company turns on every oversight setting."""
    settings = runtime.settings
    runtime.settings = settings.model_copy(
        update={"candidate_order": "neutral", "hide_scores": True, "mask_names": True}
    )
    yield runtime
    runtime.settings = settings


def test_oversight_settings_hide_scores_order_neutrally_and_mask_names(
    client: TestClient, session: Session, tokens: TokenMaker, oversight: Runtime
) -> None:
    opening_id = _live_opening(session)
    recruiter, admin = tokens.headers("recruiter"), tokens.headers("admin")
    url = f"/v1/openings/{opening_id}/candidates"
    full = client.get(url, headers=admin).json()  # admins see scores, best first
    assert full["order"] == "score"
    assert not full["scores_hidden"]
    page = client.get(url, headers=recruiter).json()
    assert page["order"] == "neutral"
    assert page["scores_hidden"]
    assert page["names_masked"]
    assert {i["employee"]["id"] for i in page["items"]} == {
        i["employee"]["id"] for i in full["items"]
    }
    assert [i["employee"]["id"] for i in page["items"]] != [
        i["employee"]["id"] for i in full["items"]
    ]
    assert client.get(url, headers=recruiter).json()["items"] == page["items"]  # stable
    for item in page["items"]:
        assert item["score"] is None
        assert item["explanation"]["score"] is None
        assert item["explanation"]["contributions"] is None
        assert (
            item["explanation"]["matched"]
            or item["explanation"]["partial"]
            or item["explanation"]["missing_must_haves"]
        )
        assert item["employee"]["name"] == f"Candidate {item['employee']['id']}"
    # shortlisting reveals the name
    chosen = page["items"][0]["employee"]["id"]
    decided = client.post(
        f"/v1/openings/{opening_id}/decisions",
        json={"employee_id": chosen, "decision": "shortlist", "reason": "strong SQL"},
        headers=recruiter,
    )
    assert decided.status_code in (200, 201), decided.text
    again = client.get(url, headers=recruiter).json()
    named = {i["employee"]["id"]: i["employee"]["name"] for i in again["items"]}
    assert not named[chosen].startswith("Candidate ")
    other = next(i for i in page["items"] if i["employee"]["id"] != chosen)["employee"]["id"]
    match = client.get(
        "/v1/matches", params={"employee_id": other, "opening_id": opening_id}, headers=recruiter
    ).json()
    assert match["score"] is None
    assert match["employee"]["name"] == f"Candidate {other}"
    mine = client.get(
        "/v1/matches",
        params={"employee_id": other, "opening_id": opening_id},
        headers=tokens.headers("employee", other),
    ).json()
    assert mine["score"] is not None  # the person sees their own numbers
