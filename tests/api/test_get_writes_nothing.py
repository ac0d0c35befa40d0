"""Reads never write, except their audit rows: every GET of the OpenAPI document, on demo
data with missing and stale vectors, leaves every table but the audit log as it was and
sends no INSERT, UPDATE or DELETE but the audit's inserts; the GETs that rank people do
write their audit rows.

Two checks, because each catches what the other could miss: a listener on the connection
records any writing statement a GET sends (even one that puts back what it changed), and a
row count and checksum of every table before and after show the net effect. The test runs
in the rolled-back test transaction, so it works on SQLite and on PostgreSQL alike; the
requests commit into that transaction as savepoints, so their writes would be seen here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, event, inspect, select, text
from sqlalchemy.orm import Session

from talentmarket.approvals.models import Approval
from talentmarket.audit.models import AuditEvent
from talentmarket.db.versions import bump_version
from talentmarket.demo.seed import seed_demo
from talentmarket.documents import READERS
from talentmarket.embeddings.bulk import run_embed
from talentmarket.learning.models import Course
from talentmarket.openings.models import Decision, Interest, Opening
from talentmarket.people.models import Employee
from talentmarket.rankers.models import LearnedRanker
from talentmarket.taxonomy.importers import import_taxonomy
from talentmarket.taxonomy.models import Role, Skill, Task
from talentmarket.textintel.encoders import HashingEncoder
from talentmarket.vectorstore.repository import VectorRepository
from talentmarket.webhooks.models import WebhookSubscription
from talentmarket.workdesign.models import TaskExposure
from tests.tokens import TokenMaker

WRITES = ("insert", "update", "delete", "create", "drop", "alter", "truncate")
# Query variants that take a GET down another path (search modes, filters).
VARIANTS: dict[str, list[dict[str, Any]]] = {
    "/v1/skills": [{}, {"q": "python"}, {"q": "data analysis", "mode": "semantic"}],
    "/v1/roles": [{}, {"q": "engineer"}, {"q": "software developer", "mode": "semantic"}],
    "/v1/tasks": [{}, {"q": "data"}],
    "/v1/employees/{employee_id}/opportunities": [{}, {"kind": "gig"}, {"remote": True}],
    "/v1/openings/{opening_id}/candidates": [{}, {"include_partial": False}],
    "/v1/taxonomy/graph": [{}, {"format": "graphml"}],
    "/v1/analytics/skills": [{}, {"format": "csv"}],
    "/v1/employees/{employee_id}/skill-gap": [
        {"role": "{target_role}"},
        {"opening": "{opening_id}"},
    ],
    "/v1/employees/{employee_id}/career-paths": [{}, {"target_role": "{target_role}"}],
}
# The one write a GET may make: its audit rows (appended, never updated).
AUDIT_TABLES = ("audit_events", "audit_event_subjects")
# GETs that read or rank people: each call must append an audit row.
AUDITED = {
    "/v1/employees",
    "/v1/employees/{employee_id}",
    "/v1/employees/by-external-id/{external_id}",
    "/v1/employees/{employee_id}/interests",
    "/v1/employees/{employee_id}/career-paths",
    "/v1/employees/{employee_id}/skill-gap",
    "/v1/employees/{employee_id}/learning",
    "/v1/employees/{employee_id}/export",
    "/v1/openings/{opening_id}/decisions",
    "/v1/employees/{employee_id}/opportunities",
    "/v1/openings/{opening_id}/candidates",
    "/v1/matches",
}
# Routes this test does not call, with the reason; every other GET is called.
EXCLUDED: dict[str, str] = {}


@dataclass
class Ids:
    """Existing ids to fill path and required query parameters with."""

    values: dict[str, Any]


def _demo(session: Session) -> Ids:
    """Starter taxonomy, demo people and openings, vectors for most but not all of them."""
    import_taxonomy(session, "starter", None)
    seed_demo(session, employees=40, openings=12, seed=5)
    encoder = HashingEncoder()
    run_embed(session, encoder, readers=READERS)
    employees = list(session.scalars(select(Employee).order_by(Employee.id)))
    openings = list(session.scalars(select(Opening).where(Opening.status == "open")))
    roles = list(session.scalars(select(Role.id).where(Role.kind == "role").order_by(Role.id)))
    repo = VectorRepository(session)
    # missing vectors: a few of each kind, including the people and opening called below
    repo.delete_entity_vectors("employee", encoder.model_id, [e.id for e in employees[:6]])
    repo.delete_entity_vectors("opening", encoder.model_id, [o.id for o in openings[:3]])
    repo.delete_entity_vectors("role", encoder.model_id, roles[:3])
    # stale vectors: text changed after the vectors were computed
    employees[6].profile = (employees[6].profile or "") + " Also leads data workshops."
    openings[3].description = (openings[3].description or "") + " Remote friendly."
    person, opening = employees[0], openings[0]
    session.add(Decision(opening_id=opening.id, employee_id=person.id, decision="shortlist"))
    session.add(Interest(employee_id=person.id, opening_id=opening.id, action="save"))
    approval = Approval(
        employee_id=employees[1].id,
        opening_id=opening.id,
        manager_id=person.id,
        due_at=datetime(2026, 1, 16, tzinfo=UTC),  # escalated: read as such, never written
    )
    session.add(approval)
    ranker = LearnedRanker(
        version="learned-test-1",
        weights={"coverage": 0.4, "semantic": 0.2, "role": 0.3, "preferences": 0.1},
        base_version="match-test",
        trained_from=datetime(2026, 1, 1, tzinfo=UTC),
        trained_until=datetime(2026, 2, 1, tzinfo=UTC),
        evaluated_until=datetime(2026, 3, 1, tzinfo=UTC),
        metrics={"gain": 0.1},
    )
    ranking = AuditEvent(
        caller="recruiter-1",
        role="recruiter",
        action="rank",
        route="/v1/openings/{opening_id}/candidates",
        subject_employee_ids=[person.id],
        opening_id=opening.id,
        details={
            "kind": "candidates",
            "items": [[person.id, 0.5, 1]],
            "parts": [[0.5, 0.5, None, 0.5, 1.0]],
            "weights": {"coverage": 0.25, "semantic": 0.25, "role": 0.25, "preferences": 0.25},
        },
    )
    hook = WebhookSubscription(
        url="https://hris.example.com/hook",
        event_types=["employee.created"],
        secret="a-webhook-secret-of-24-chars",
        owner="test-admin",
    )
    course = Course(title="SQL basics", duration_hours=4)
    session.add_all([ranker, ranking, hook, course])
    # exposure labels on the starter tasks, so that work redesign can predict the others
    for i, task_id in enumerate(session.scalars(select(Task.id).order_by(Task.id)).all()[::2]):
        session.add(TaskExposure(task_id=task_id, human=("E0", "E1", "E2")[i % 3]))
    bump_version(session, "exposure")
    session.commit()
    skill = session.scalars(select(Skill).where(Skill.kind == "skill").order_by(Skill.id)).first()
    task = session.scalars(select(Task.id).order_by(Task.id)).first()
    assert skill is not None
    assert task is not None
    target = next(
        e.current_role_id for e in employees if e.current_role_id != person.current_role_id
    )
    return Ids(
        {
            "skill_ref": skill.id,
            "skill_id": skill.id,
            "uri": skill.uri,
            "role_ref": person.current_role_id,
            "role_id": person.current_role_id,
            "target_role": target,
            "task_id": task,
            "external_id": person.external_id,
            "employee_id": person.id,
            "opening_id": opening.id,
            "approval_id": approval.id,
            "ranker_id": ranker.id,
            "event_id": ranking.id,
            "webhook_id": hook.id,
            "course_id": course.id,
            "code": "not-found",
        }
    )


def _tables(connection: Connection) -> list[str]:
    return sorted(inspect(connection).get_table_names())


def _count(connection: Connection, table: str) -> int:
    """Rows in a table, as this connection sees them."""
    return int(connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())


def _fingerprint(connection: Connection) -> dict[str, tuple[int, str]]:
    """Row count and a checksum of the sorted rows, per table."""
    out = {}
    for table in _tables(connection):
        rows = sorted(repr(tuple(r)) for r in connection.execute(text(f'SELECT * FROM "{table}"')))
        out[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return out


@pytest.fixture
def write_log(connection: Connection) -> Iterator[list[str]]:
    """Writing statements sent on the test connection while the list is being filled."""
    sent: list[str] = []

    def listen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().split(None, 1)[0].lower() in WRITES:
            sent.append(" ".join(statement.split())[:120])

    event.listen(connection, "before_cursor_execute", listen)
    yield sent
    event.remove(connection, "before_cursor_execute", listen)


def _fill(value: Any, ids: Ids) -> Any:
    """A variant's value, with "{name}" standing for an existing id."""
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids.values[value[1:-1]]
    return value


def _calls(client: TestClient, ids: Ids) -> list[tuple[str, str, dict[str, Any]]]:
    """(route, url, query) for every GET of the OpenAPI document and its variants."""
    out = []
    for route, ops in client.app.openapi()["paths"].items():  # type: ignore[attr-defined]
        if "get" not in ops or route in EXCLUDED:
            continue
        url = route
        required = {}
        for param in ops["get"].get("parameters", []):
            name = param["name"]
            if param["in"] == "path":
                assert name in ids.values, f"{route}: no id for path parameter {name!r}"
                url = url.replace("{" + name + "}", str(ids.values[name]))
            elif param.get("required"):
                assert name in ids.values, f"{route}: no value for query parameter {name!r}"
                required[name] = ids.values[name]
        for variant in VARIANTS.get(route, [{}]):
            filled = {k: _fill(v, ids) for k, v in variant.items()}
            out.append((route, url, {**required, **filled}))
    return out


def test_get_routes_write_nothing(
    client: TestClient,
    session: Session,
    connection: Connection,
    write_log: list[str],
    tokens: TokenMaker,
) -> None:
    ids = _demo(session)
    admin = tokens.headers("admin")
    me = tokens.headers("employee", int(ids.values["employee_id"]))
    session.close()
    calls = _calls(client, ids)
    assert len({route for route, _, _ in calls}) >= 30, "the OpenAPI document lost its GETs"
    before = _fingerprint(connection)
    write_log.clear()
    writers: dict[str, list[str]] = {}
    unaudited: list[str] = []
    failed: dict[str, int] = {}
    audit_insert = tuple(f"insert into {t} " for t in AUDIT_TABLES)
    events = _count(connection, "audit_events")
    for route, url, query in calls:
        headers = me if route.startswith("/v1/me/") else admin
        response = client.get(url, params=query, headers=headers)
        if response.status_code >= 400:
            failed[f"{url} {query}"] = response.status_code
        audit = [w for w in write_log if w.lower().startswith(audit_insert)]
        logged, events = events, _count(connection, "audit_events")
        if route in AUDITED and events == logged:
            unaudited.append(f"{route} {query}")
        other = sorted(set(write_log) - set(audit))
        if other:
            writers[f"{route} {query}"] = other
        write_log.clear()
    after = _fingerprint(connection)
    changed = sorted(t for t in before if before[t] != after.get(t))
    assert not writers, f"GETs that sent writes other than audit rows: {writers}"
    assert set(changed) <= set(AUDIT_TABLES), f"tables changed by GETs: {changed}"
    assert "audit_events" in changed, "no GET wrote an audit row"
    assert not unaudited, f"reads of people without an audit row: {unaudited}"
    assert {route for route, _, _ in calls} >= AUDITED, "an audited route was not called"
    assert not failed, f"GETs that did not answer, so were not checked: {failed}"
