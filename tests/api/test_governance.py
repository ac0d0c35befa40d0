"""Taxonomy governance over HTTP: local skills with near-duplicate warnings, deprecation
that moves 1,000 holders in one call, merge, edits, access, and the change feed."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from talentmarket.db.versions import data_versions
from talentmarket.embeddings.bulk import run_embed
from talentmarket.governance.duplicates import near_duplicates
from talentmarket.openings.models import OpeningRequirement
from talentmarket.people.models import Employee, EmployeeAspiration, EmployeeSkill
from talentmarket.runtime import Runtime
from talentmarket.taxonomy.models import Skill, SkillRelation
from talentmarket.textintel.encoders import HashingEncoder
from tests.api.helpers import problem
from tests.factories import make_opening, make_requirement, make_role, make_skill

ADMIN = {"X-API-Key": "admin-key"}
RECRUITER = {"X-API-Key": "recruiter-key"}


@pytest.fixture
def keyed(client: TestClient, runtime: Runtime) -> Iterator[TestClient]:
    """The client with API keys configured (admin and recruiter)."""
    runtime.settings.api_keys = {"admin-key": "admin", "recruiter-key": "recruiter"}
    yield client
    runtime.settings.api_keys = {}


def _changes(client: TestClient, **params: Any) -> dict[str, Any]:
    resp = client.get("/v1/taxonomy/changes", params=params)
    assert resp.status_code == 200, resp.text
    body: dict[str, Any] = resp.json()
    return body


# -- local skills ---------------------------------------------------------------------------
def test_create_local_skill_under_a_group(client: TestClient, session: Session) -> None:
    group = make_skill(session, "Data skills", kind="group")
    sql = make_skill(session, "SQL")
    before = data_versions(session).get("taxonomy", 0)
    resp = client.post(
        "/v1/skills",
        json={
            "label": "  Dashboard storytelling ",
            "alt_labels": ["data storytelling", "Dashboard storytelling", ""],
            "description": "Explaining numbers with dashboards.",
            "skill_type": "skill",
            "parent_ids": [group.id],
            "related_ids": [sql.id],
        },
    )
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body["uri"] == "urn:talentmarket:local:skill:dashboard-storytelling"
    assert body["label"] == "Dashboard storytelling"
    assert body["alt_labels"] == ["data storytelling"]
    assert (body["source"], body["status"], body["kind"]) == ("local", "active", "skill")
    assert body["warnings"] == []
    assert body["checks"] == ["lexical"]
    parents = client.get(f"/v1/skills/{body['id']}/parents").json()["items"]
    assert [p["id"] for p in parents] == [group.id]
    related = client.get(f"/v1/skills/{body['id']}/related").json()["items"]
    assert [r["skill"]["id"] for r in related] == [sql.id]
    assert data_versions(session)["taxonomy"] == before + 1
    feed = _changes(client, entity_id=body["id"])["items"]
    assert [(c["action"], c["actor"]) for c in feed] == [("created", "anonymous")]
    assert feed[0]["details"]["parent_ids"] == [group.id]
    again = client.post("/v1/skills", json={"label": "Dashboard storytelling!"})
    assert again.json()["uri"] == "urn:talentmarket:local:skill:dashboard-storytelling-2"


def test_near_duplicate_is_a_warning_and_strict_makes_it_409(
    client: TestClient, session: Session
) -> None:
    viz = make_skill(session, "Data visualisation", alt_labels=["data viz"])
    resp = client.post("/v1/skills", json={"label": "Visualisation of data"})
    assert resp.status_code == 201, resp.text
    warning = resp.json()["warnings"][0]
    assert warning["type"] == "near-duplicate"
    assert (warning["skill_id"], warning["method"]) == (viz.id, "lexical")
    assert warning["matched_label"] == "Data visualisation"
    assert warning["score"] >= 0.9
    by_alt = client.post("/v1/skills", json={"label": "Viz data"}).json()
    assert [w["matched_label"] for w in by_alt["warnings"]][:1] == ["data viz"]
    strict = client.post("/v1/skills", params={"strict": "true"}, json={"label": "DATA  viz"})
    body = problem(strict, 409, "conflict")
    assert body["duplicates"][0]["skill_id"] == viz.id
    assert session.scalar(select(func.count()).where(Skill.label == "DATA  viz")) == 0


def test_embedding_near_duplicates_use_stored_vectors(runtime: Runtime, session: Session) -> None:
    target = make_skill(session, "machine learning operations")
    make_skill(session, "pastry baking")
    run_embed(session, HashingEncoder(), kinds=["skills"])
    found, checks = near_duplicates(
        runtime,
        session,
        ["operations for machine learning models"],
        "hashing-64",
        embedding_threshold=0.8,  # the hashing fake scores this pair 0.83
    )
    assert checks == ["lexical", "embedding"]
    semantic = [d for d in found if d.method == "embedding"]
    assert [d.skill_id for d in semantic] == [target.id]
    assert semantic[0].matched_label == "machine learning operations"
    assert semantic[0].score == pytest.approx(0.83, abs=0.01)
    _, no_vectors = near_duplicates(runtime, session, ["anything"], "another-model")
    assert no_vectors == ["lexical"]


def test_create_problems(client: TestClient, session: Session) -> None:
    group = make_skill(session, "A group", kind="group")
    taken = make_skill(session, "Taken", uri="urn:x:taken")
    problem(client.post("/v1/skills", json={"label": ""}), 422, "validation-error")
    problem(client.post("/v1/skills", json={"label": "x", "colour": 1}), 422, "validation-error")
    problem(
        client.post("/v1/skills", json={"label": "x", "parent_ids": [999999]}), 404, "not-found"
    )
    problem(
        client.post("/v1/skills", json={"label": "x", "related_ids": [group.id]}), 409, "conflict"
    )
    problem(client.post("/v1/skills", json={"label": "y", "uri": taken.uri}), 409, "conflict")


def test_writes_need_the_admin_role(keyed: TestClient, session: Session) -> None:
    old = make_skill(session, "Old")
    new = make_skill(session, "New")
    problem(keyed.post("/v1/skills", json={"label": "x"}), 401, "unauthorized")
    problem(keyed.post("/v1/skills", json={"label": "x"}, headers=RECRUITER), 403, "forbidden")
    problem(
        keyed.post(
            f"/v1/skills/{old.id}/deprecate", json={"replacement_id": new.id}, headers=RECRUITER
        ),
        403,
        "forbidden",
    )
    problem(
        keyed.post(
            "/v1/skills/merge", json={"source_id": old.id, "target_id": new.id}, headers=RECRUITER
        ),
        403,
        "forbidden",
    )
    assert keyed.post("/v1/skills", json={"label": "x"}, headers=ADMIN).status_code == 201
    assert keyed.get("/v1/taxonomy/changes", headers=RECRUITER).status_code == 200


def test_edit_local_skill_but_not_an_imported_one(client: TestClient, session: Session) -> None:
    local = client.post("/v1/skills", json={"label": "Prompt writing"}).json()
    resp = client.patch(
        f"/v1/skills/{local['id']}",
        json={"label": "Prompt engineering", "alt_labels": ["prompt writing"]},
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["label"] == "Prompt engineering"
    assert client.get("/v1/skills", params={"q": "prompt writing"}).json()["total"] == 1
    change = _changes(client, entity_id=local["id"], action="updated")["items"][0]
    assert change["details"]["changed"]["label"] == {
        "from": "Prompt writing",
        "to": "Prompt engineering",
    }
    esco = make_skill(session, "Imported", source="esco")
    problem(client.patch(f"/v1/skills/{esco.id}", json={"description": "x"}), 409, "conflict")
    problem(client.patch("/v1/skills/999999", json={"description": "x"}), 404, "not-found")


# -- deprecation ----------------------------------------------------------------------------
def _employees_holding(session: Session, skill: Skill, n: int, level: int) -> list[int]:
    """n employees holding skill at level, inserted in two statements."""
    stamp = time.time_ns()
    session.execute(
        insert(Employee),
        [{"name": f"E{i}", "email": f"e{stamp}-{i}@example.com"} for i in range(n)],
    )
    ids = list(
        session.scalars(
            select(Employee.id).where(Employee.email.like(f"e{stamp}-%")).order_by(Employee.id)
        )
    )
    session.execute(
        insert(EmployeeSkill),
        [
            {"employee_id": e, "skill_id": skill.id, "proficiency": level, "evidence": "old"}
            for e in ids
        ],
    )
    return ids


def test_deprecating_a_skill_held_by_1000_employees_moves_all_of_them(
    client: TestClient, session: Session
) -> None:
    old = make_skill(session, "Spreadsheets (legacy)")
    new = make_skill(session, "Spreadsheets")
    ids = _employees_holding(session, old, 1000, 3)
    # 100 also hold the replacement lower (they end at 3), 50 higher (they keep 5)
    both = [
        {"employee_id": e, "skill_id": new.id, "proficiency": 2, "evidence": "new"}
        for e in ids[:100]
    ]
    both += [{"employee_id": e, "skill_id": new.id, "proficiency": 5} for e in ids[100:150]]
    session.execute(insert(EmployeeSkill), both)
    session.add(EmployeeAspiration(employee_id=ids[0], skill_id=old.id))
    child = make_skill(session, "Pivot tables")
    session.add(SkillRelation(source_id=child.id, target_id=old.id, relation="broader"))
    opening = make_opening(session, "Finance gig", status="open")
    make_requirement(session, opening, old, 4, must_have=False, weight=1.0)
    make_requirement(session, opening, new, 2, must_have=True, weight=2.0)
    other = make_opening(session, "Ops gig", requirements=[(old, 3)])
    session.commit()

    started = time.perf_counter()
    resp = client.post(
        f"/v1/skills/{old.id}/deprecate",
        json={"replacement_id": new.id, "reason": "one spreadsheet skill"},
    )
    elapsed = time.perf_counter() - started
    assert resp.status_code == 200, resp.text
    assert elapsed < 5.0  # a few hundred ms here; generous for loaded CI machines
    body = resp.json()
    counts = body["counts"]
    assert counts["moved_employee_skills"] == 850
    assert counts["merged_employee_skills"] == 150
    assert (counts["moved_requirements"], counts["merged_requirements"]) == (1, 1)
    assert counts["moved_aspirations"] == 1
    assert counts["moved_relations"] == 1
    assert body["skill"]["status"] == "deprecated"
    assert body["skill"]["replaced_by_id"] == new.id

    session.expire_all()
    held = dict(
        session.execute(
            select(EmployeeSkill.skill_id, func.count()).group_by(EmployeeSkill.skill_id)
        ).all()
    )
    assert old.id not in held
    assert held[new.id] == 1000
    level = dict(
        session.execute(
            select(EmployeeSkill.employee_id, EmployeeSkill.proficiency).where(
                EmployeeSkill.skill_id == new.id
            )
        ).all()
    )
    assert {level[e] for e in ids[:100]} == {3}
    assert {level[e] for e in ids[100:150]} == {5}
    assert {level[e] for e in ids[150:]} == {3}
    evidence = session.scalar(
        select(EmployeeSkill.evidence).where(
            EmployeeSkill.employee_id == ids[0], EmployeeSkill.skill_id == new.id
        )
    )
    assert evidence == "new\nold"
    req = session.scalar(
        select(OpeningRequirement).where(OpeningRequirement.opening_id == opening.id)
    )
    assert req is not None
    assert (req.skill_id, req.must_have, req.min_proficiency, req.weight) == (new.id, True, 4, 2.0)
    moved = session.scalar(
        select(OpeningRequirement.skill_id).where(OpeningRequirement.opening_id == other.id)
    )
    assert moved == new.id
    assert (
        session.scalar(
            select(EmployeeAspiration.skill_id).where(EmployeeAspiration.employee_id == ids[0])
        )
        == new.id
    )
    assert [p["id"] for p in client.get(f"/v1/skills/{child.id}/parents").json()["items"]] == [
        new.id
    ]

    detail = client.get(f"/v1/skills/{old.id}").json()
    assert (detail["status"], detail["replaced_by_id"]) == ("deprecated", new.id)
    feed = _changes(client, entity="skill", action="deprecated")["items"]
    assert feed[-1]["entity_id"] == old.id
    assert feed[-1]["details"]["moved_employee_skills"] == 850
    assert feed[-1]["details"]["merged_employee_skills"] == 150
    assert feed[-1]["details"]["reason"] == "one spreadsheet skill"
    target_entry = _changes(client, entity_id=new.id, action="updated")["items"][-1]
    assert target_entry["details"]["absorbed_skill_id"] == old.id


def test_deprecation_problems(client: TestClient, session: Session) -> None:
    a = make_skill(session, "A")
    b = make_skill(session, "B")
    group = make_skill(session, "G", kind="group")
    gone = make_skill(session, "Gone", status="deprecated", replaced_by_id=b.id)

    def deprecate(sid: int, rid: int) -> Any:
        return client.post(f"/v1/skills/{sid}/deprecate", json={"replacement_id": rid})

    problem(deprecate(a.id, a.id), 422, "validation-error")
    problem(deprecate(a.id, gone.id), 409, "conflict")
    problem(deprecate(a.id, group.id), 409, "conflict")
    problem(deprecate(gone.id, a.id), 409, "conflict")
    problem(deprecate(a.id, 999999), 404, "not-found")
    problem(deprecate(999999, a.id), 404, "not-found")
    assert deprecate(a.id, b.id).status_code == 200
    # the earlier replacement chain follows: Gone pointed at B, B stays active
    assert client.get(f"/v1/skills/{gone.id}").json()["replaced_by_id"] == b.id


def test_replacement_chains_are_shortened(client: TestClient, session: Session) -> None:
    a, b, c = (make_skill(session, n) for n in ("A1", "B1", "C1"))
    assert client.post(f"/v1/skills/{a.id}/deprecate", json={"replacement_id": b.id}).is_success
    resp = client.post(f"/v1/skills/{b.id}/deprecate", json={"replacement_id": c.id})
    assert resp.json()["counts"]["repointed_replacements"] == 1
    assert client.get(f"/v1/skills/{a.id}").json()["replaced_by_id"] == c.id


# -- merge ----------------------------------------------------------------------------------
def test_merge_unites_labels_and_moves_holders(client: TestClient, session: Session) -> None:
    group = make_skill(session, "Analytics", kind="group")
    source = make_skill(session, "MS Excel", alt_labels=["excel"], same_as=["urn:onet:excel"])
    target = make_skill(session, "Microsoft Excel", alt_labels=["Excel"])
    session.add(SkillRelation(source_id=source.id, target_id=group.id, relation="broader"))
    _employees_holding(session, source, 20, 4)
    role = make_role(session, "Accountant")
    session.commit()
    resp = client.post("/v1/skills/merge", json={"source_id": source.id, "target_id": target.id})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["counts"]["moved_employee_skills"] == 20
    assert body["counts"]["copied_broader"] == 1
    merged = body["replacement"]
    assert merged["alt_labels"] == ["Excel", "MS Excel"]
    assert merged["same_as"] == [source.uri, "urn:onet:excel"]
    assert body["skill"]["status"] == "deprecated"
    assert [p["id"] for p in client.get(f"/v1/skills/{target.id}/parents").json()["items"]] == [
        group.id
    ]
    assert (
        client.get("/v1/skills", params={"q": "ms excel", "status": "active"}).json()["items"][0][
            "id"
        ]
        == target.id
    )
    entry = _changes(client, action="merged")["items"][-1]
    assert entry["entity_id"] == source.id
    assert entry["details"]["moved_employee_skills"] == 20
    assert role.id


def test_merge_problems(client: TestClient, session: Session) -> None:
    a = make_skill(session, "A2")
    problem(
        client.post("/v1/skills/merge", json={"source_id": a.id, "target_id": a.id}),
        422,
        "validation-error",
    )
    problem(
        client.post("/v1/skills/merge", json={"source_id": a.id, "target_id": 999999}),
        404,
        "not-found",
    )
