"""The ranking pipeline over HTTP: every ranking reaches the observer whole, writes store
vectors so that reads need not, and a ranking over people without a stored vector still
has a semantic part without writing one."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from talentmarket.app import create_app
from talentmarket.audit.models import AuditEvent
from talentmarket.db.versions import bump_version, changed_since, note_change
from talentmarket.openings.models import Opening
from talentmarket.people.models import Employee, EmployeeSkill
from talentmarket.ranking import context as ctx
from talentmarket.rankrecord import RankingRecord
from talentmarket.runtime import Runtime
from talentmarket.taxonomy.models import Skill
from talentmarket.textintel.encoders import HashingEncoder
from talentmarket.vectorstore.models import EntityVector
from tests.factories import make_employee, make_opening, make_role, make_skill


@pytest.fixture
def opening(session: Session) -> Opening:
    python, sql = make_skill(session, "Python"), make_skill(session, "SQL")
    role = make_role(session, "Data engineer")
    make_employee(
        session,
        "Ana",
        skills=[(python, 4), (sql, 3)],
        current_role_id=role.id,
        profile="Builds Python pipelines and SQL models.",
    )
    make_employee(session, "Ben", skills=[(sql, 2)], profile="Reports in SQL.")
    made = make_opening(
        session,
        "Python pipelines",
        kind="job",
        requirements=[(python, 3), (sql, 2)],
        must_have=[python],
        role_id=role.id,
        status="open",
        description="Python pipelines feeding SQL models.",
    )
    session.commit()
    return made


def _vectors(session: Session, entity: str) -> dict[int, str]:
    rows = session.execute(
        select(EntityVector.entity_id, EntityVector.text_hash).where(EntityVector.entity == entity)
    )
    return {int(i): h for i, h in rows}


def test_every_ranking_reaches_the_observer_whole(
    client: TestClient, session: Session, opening: Opening
) -> None:
    records: list[RankingRecord] = []
    client.app.state.ranking_observer = records.append  # type: ignore[attr-defined]
    ana = session.scalars(select(Employee).where(Employee.name == "Ana")).one()
    python = session.scalars(select(Skill).where(Skill.label == "Python")).one()
    cands = client.get(f"/v1/openings/{opening.id}/candidates", params={"limit": 1}).json()
    opps = client.get(f"/v1/employees/{ana.id}/opportunities").json()
    found = client.post("/v1/candidates/search", json={"skills": [{"skill_id": python.id}]})
    pair = client.get("/v1/matches", params={"employee_id": ana.id, "opening_id": opening.id})
    assert [r.kind for r in records] == ["candidates", "opportunities", "search", "match"]
    by_kind = {r.kind: r for r in records}
    first = by_kind["candidates"]
    assert first.route == "/v1/openings/{opening_id}/candidates"
    assert first.opening_id == opening.id
    assert first.caller_role == "admin"
    assert first.result_ids == tuple(i["employee"]["id"] for i in cands["items"])
    assert first.scores == tuple(i["score"] for i in cands["items"])
    assert first.total == cands["total"] == 2
    assert first.params["limit"] == 1
    assert first.model_id == cands["provenance"]["model"]
    assert first.scoring_version == cands["provenance"]["scoring_version"]
    assert first.taxonomy_release == cands["provenance"]["taxonomy_release"]
    assert by_kind["opportunities"].employee_id == ana.id
    assert by_kind["opportunities"].result_ids == tuple(i["opening"]["id"] for i in opps["items"])
    assert by_kind["search"].total == found.json()["total"]
    match = by_kind["match"]
    assert (match.employee_id, match.opening_id) == (ana.id, opening.id)
    assert match.result_ids == (ana.id,)
    assert match.scores == (pair.json()["score"],) == (first.scores[0],)


def test_writes_store_vectors_and_reads_store_none(
    client: TestClient, session: Session, opening: Opening
) -> None:
    before = _vectors(session, "employee")
    assert before == {}  # the factories write no vectors
    page = client.get(f"/v1/openings/{opening.id}/candidates").json()
    assert all(i["explanation"]["parts"]["semantic"] is not None for i in page["items"])
    assert _vectors(session, "employee") == {}
    assert _vectors(session, "opening") == {}
    made = client.post(
        "/v1/employees", json={"name": "Cleo", "email": "cleo@example.com", "profile": "SQL."}
    ).json()
    stored = _vectors(session, "employee")
    assert set(stored) == {made["id"]}
    client.patch(f"/v1/employees/{made['id']}", json={"profile": "Python and SQL."})
    assert _vectors(session, "employee")[made["id"]] != stored[made["id"]]
    client.patch(f"/v1/openings/{opening.id}", json={"description": "Python at scale."})
    assert set(_vectors(session, "opening")) == {opening.id}


def test_every_ranking_writes_one_audit_row(
    client: TestClient, session: Session, opening: Opening
) -> None:
    records: list[RankingRecord] = []
    client.app.state.ranking_observer = records.append  # type: ignore[attr-defined]
    ana = session.scalars(select(Employee).where(Employee.name == "Ana")).one()
    python = session.scalars(select(Skill).where(Skill.label == "Python")).one()
    client.get(f"/v1/openings/{opening.id}/candidates", params={"limit": 1})
    client.get(f"/v1/employees/{ana.id}/opportunities")
    client.post("/v1/candidates/search", json={"skills": [{"skill_id": python.id}]})
    client.get("/v1/matches", params={"employee_id": ana.id, "opening_id": opening.id})
    events = list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
    assert [e.action for e in events] == ["rank", "rank", "search", "rank"]
    assert [e.route for e in events] == [r.route for r in records]
    assert [e.scoring_version for e in events] == [r.scoring_version for r in records]
    assert events[0].opening_id == opening.id
    assert events[0].subject_employee_ids == list(records[0].result_ids)
    assert events[1].subject_employee_ids == [ana.id]
    assert events[0].request_id
    assert events[0].request_id != events[1].request_id


def test_a_person_deleted_under_a_built_pool_is_left_out_not_an_error(
    client: TestClient, session: Session, opening: Opening
) -> None:
    """The race of a delete between pool and page: the pool still holds the person, the
    page read no longer finds them."""
    url = f"/v1/openings/{opening.id}/candidates"
    first = client.get(url)
    assert first.status_code == 200
    names = [c["employee"]["name"] for c in first.json()["items"]]
    assert "Ana" in names
    ana = session.scalar(select(Employee).where(Employee.name == "Ana"))
    assert ana is not None
    session.execute(delete(EmployeeSkill).where(EmployeeSkill.employee_id == ana.id))
    session.execute(delete(Employee).where(Employee.id == ana.id))  # no version bump
    session.commit()
    after = client.get(url)
    assert after.status_code == 200, after.text
    body = after.json()
    assert "Ana" not in [c["employee"]["name"] for c in body["items"]]
    assert body["total"] == first.json()["total"] - 1


def test_a_write_is_patched_into_the_cached_pools_not_rebuilt(
    client: TestClient, session: Session, opening: Opening, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a write to one person or one opening, the next ranking reads that row alone
    and patches it into the cached pool; a change without a record of its rows rebuilds."""
    built: list[tuple[str, int]] = []
    real_employees, real_openings = ctx.build_employee_pool, ctx.build_opening_pool

    def employees(*args: Any) -> Any:
        pool = real_employees(*args)
        built.append(("employees", len(pool)))
        return pool

    def openings(*args: Any) -> Any:
        pool = real_openings(*args)
        built.append(("openings", len(pool)))
        return pool

    monkeypatch.setattr(ctx, "build_employee_pool", employees)
    monkeypatch.setattr(ctx, "build_opening_pool", openings)
    url = f"/v1/openings/{opening.id}/candidates"
    assert [c["employee"]["name"] for c in client.get(url).json()["items"]] == ["Ana", "Ben"]
    assert ("employees", 2) in built
    python = session.scalars(select(Skill).where(Skill.label == "Python")).one()
    built.clear()
    cleo = client.post(
        "/v1/employees",
        json={
            "name": "Cleo",
            "email": "cleo@example.com",
            "skills": [{"skill_id": python.id, "proficiency": 5}],
            "open_to_opportunities": True,
            "visible_to_recruiters": True,
        },
    )
    assert cleo.status_code == 201, cleo.text
    names = [c["employee"]["name"] for c in client.get(url).json()["items"]]
    assert "Cleo" in names
    assert [b for b in built if b[0] == "employees"] == [("employees", 1)]  # her row alone

    built.clear()
    hidden = client.patch(
        f"/v1/employees/{cleo.json()['id']}", json={"visible_to_recruiters": False}
    )
    assert hidden.status_code == 200
    assert "Cleo" not in [c["employee"]["name"] for c in client.get(url).json()["items"]]
    # read alone, no longer visible: left out
    assert [b for b in built if b[0] == "employees"] == [("employees", 0)]

    ana = session.scalars(select(Employee).where(Employee.name == "Ana")).one()
    mine = f"/v1/employees/{ana.id}/opportunities"
    assert [o["opening"]["id"] for o in client.get(mine).json()["items"]] == [opening.id]
    built.clear()
    other = client.post(
        "/v1/openings",
        json={
            "title": "Python gig",
            "kind": "gig",
            "status": "open",
            "requirements": [{"skill_id": python.id, "min_proficiency": 3}],
        },
    )
    assert other.status_code == 201, other.text
    found = [o["opening"]["id"] for o in client.get(mine).json()["items"]]
    assert sorted(found) == sorted([opening.id, other.json()["id"]])
    assert ("openings", 1) in built
    assert ("openings", 2) not in built

    built.clear()
    bump_version(session, "people")  # a change of many rows, not recorded row by row
    session.commit()
    client.get(url)
    assert ("employees", 2) in built


def test_changes_are_known_row_by_row_or_not_at_all(session: Session) -> None:
    assert note_change(session, "people", [4, 2]) == 1
    assert note_change(session, "people", [2]) == 2
    assert changed_since(session, "people", 0, 2) == {2, 4}
    assert changed_since(session, "people", 1, 2) == {2}
    assert changed_since(session, "people", 2, 2) == set()
    bump_version(session, "people")  # many rows, not named
    assert changed_since(session, "people", 1, 3) is None


def test_a_replica_patches_in_what_another_wrote(
    client: TestClient, runtime: Runtime, opening: Opening, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two processes on one database: each keeps its own pools; a write through one is in
    the other's next ranking, patched in by row (the record of it is in the database)."""
    other = Runtime(runtime.settings, engine=runtime.engine)
    other.sessionmaker = runtime.sessionmaker
    other.set_encoder(HashingEncoder())
    built: list[int] = []
    real = ctx.build_employee_pool

    def employees(*args: Any) -> Any:
        pool = real(*args)
        built.append(len(pool))
        return pool

    monkeypatch.setattr(ctx, "build_employee_pool", employees)
    url = f"/v1/openings/{opening.id}/candidates"
    with TestClient(create_app(runtime=other), raise_server_exceptions=False) as replica:
        assert len(replica.get(url).json()["items"]) == 2
        python = client.get("/v1/skills", params={"q": "Python"}).json()["items"][0]
        made = client.post(
            "/v1/employees",
            json={
                "name": "Dana",
                "email": "dana@example.com",
                "skills": [{"skill_id": python["id"], "proficiency": 5}],
                "open_to_opportunities": True,
                "visible_to_recruiters": True,
            },
        )
        assert made.status_code == 201, made.text
        built.clear()
        names = [c["employee"]["name"] for c in replica.get(url).json()["items"]]
    assert "Dana" in names
    assert built == [1]
