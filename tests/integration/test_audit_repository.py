"""The audit log on the real schema: record, filters, access log, prune, append-only."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from talentmarket.audit import service as audit_service
from talentmarket.audit.models import AuditEvent, AuditEventSubject, AuditMaintenance
from talentmarket.audit.schemas import AuditEntry, AuditFilters
from talentmarket.cli import main
from talentmarket.db.engine import make_engine, make_sessionmaker, transaction
from talentmarket.db.migrate import upgrade
from talentmarket.paging import PageRequest
from talentmarket.principal import Principal
from talentmarket.rankrecord import RankingRecord

ALL = PageRequest(limit=500)
RECRUITER = Principal(id="recruiter:r1", role="recruiter")
ADMIN = Principal(id="admin:a1", role="admin")
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def _entry(**fields: object) -> AuditEntry:
    base: dict[str, object] = {
        "caller": "recruiter:r1",
        "role": "recruiter",
        "action": "read",
        "route": "/v1/employees/{employee_id}",
    }
    return AuditEntry(**(base | fields))  # type: ignore[arg-type]


def _ids(session: Session, **filters: object) -> list[int]:
    page = audit_service.query(session, AuditFilters(**filters), ALL)  # type: ignore[arg-type]
    return [e.id for e in page.items]


def test_record_writes_every_field_and_the_subject_index(session: Session) -> None:
    event_id = audit_service.record(
        session,
        _entry(
            subject_ids=[7, 8, 7],
            opening_id=3,
            result_count=2,
            request_id="req-12345678",
            at=T0,
            status=200,
        ),
    )
    [event] = audit_service.query(session, AuditFilters(caller="recruiter:r1"), ALL).items
    assert event.id == event_id
    assert event.at == T0
    assert event.at.tzinfo is not None
    assert event.subject_employee_ids == [7, 8]  # duplicates dropped
    assert (event.opening_id, event.result_count, event.request_id) == (3, 2, "req-12345678")
    assert (event.role, event.action, event.method) == ("recruiter", "read", "GET")
    linked = session.scalars(
        select(AuditEventSubject.employee_id).where(AuditEventSubject.event_id == event_id)
    )
    assert sorted(linked) == [7, 8]


def test_query_filters_each_column_and_time(session: Session) -> None:
    a = audit_service.record(session, _entry(subject_ids=[1], at=T0))
    b = audit_service.record(
        session,
        _entry(
            caller="admin:a1",
            role="admin",
            action="list",
            subject_ids=[1, 2],
            at=T0 + timedelta(hours=1),
        ),
    )
    c = audit_service.record(
        session,
        _entry(
            action="denied",
            status=403,
            route="/v1/openings/{opening_id}/candidates",
            opening_id=9,
            at=T0 + timedelta(days=1),
        ),
    )
    assert _ids(session) == [c, b, a]  # newest first
    assert _ids(session, caller="admin:a1") == [b]
    assert _ids(session, role="recruiter") == [c, a]
    assert _ids(session, action="denied") == [c]
    assert _ids(session, status=403) == [c]
    assert _ids(session, route="/v1/openings/{opening_id}/candidates") == [c]
    assert _ids(session, opening_id=9) == [c]
    assert _ids(session, employee_id=1) == [b, a]
    assert _ids(session, employee_id=2) == [b]
    assert _ids(session, since=T0 + timedelta(hours=1)) == [c, b]
    assert _ids(session, until=T0 + timedelta(hours=1)) == [a]
    # a time with another offset means the same instant; a naive one is UTC
    plus_two = (T0 + timedelta(hours=1)).astimezone(timezone(timedelta(hours=2)))
    assert plus_two.hour == 12
    assert _ids(session, since=plus_two) == [c, b]
    assert _ids(session, until=(T0 + timedelta(hours=1)).replace(tzinfo=None)) == [a]


def test_query_pages_carry_total_and_cursor(session: Session) -> None:
    ids = [audit_service.record(session, _entry(caller="pager", at=T0)) for _ in range(5)]
    first = audit_service.query(session, AuditFilters(caller="pager"), PageRequest(limit=2))
    rest = audit_service.query(
        session, AuditFilters(caller="pager"), PageRequest(limit=10, offset=2)
    )
    assert first.total == 5
    assert first.next_cursor is not None
    assert [e.id for e in first.items + rest.items] == ids[::-1]


def test_ranking_keeps_the_page_its_versions_and_details(session: Session) -> None:
    ranking = RankingRecord(
        kind="candidates",
        route="/v1/openings/{opening_id}/candidates",
        result_ids=(41, 42, 43),
        scores=(0.912345, 0.8, 0.5),
        total=100_000,
        opening_id=5,
        model_id="all-MiniLM-L6-v2",
        taxonomy_release="starter 1.0",
        scoring_version="3",
        params={"department": "Data", "offset": 20},
    )
    audit_service.record_ranking(session, RECRUITER, ranking)
    [event] = audit_service.query(session, AuditFilters(opening_id=5), ALL).items
    assert event.action == "rank"
    assert event.subject_employee_ids == [41, 42, 43]
    assert event.result_count == 100_000
    assert (event.model_id, event.taxonomy_release, event.scoring_version) == (
        "all-MiniLM-L6-v2",
        "starter 1.0",
        "3",
    )
    assert event.details == {
        "kind": "candidates",
        "offset": 20,
        "total": 100_000,
        "items": [[41, 0.9123, 21], [42, 0.8, 22], [43, 0.5, 23]],
        "filters": {"department": "Data"},
    }
    opportunities = RankingRecord(
        kind="opportunities",
        route="/v1/employees/{employee_id}/opportunities",
        result_ids=(5, 6),
        scores=(0.7, 0.6),
        employee_id=41,
    )
    audit_service.record_ranking(session, ADMIN, opportunities)
    about_41 = audit_service.query(session, AuditFilters(employee_id=41), ALL).items
    assert [e.details["kind"] for e in about_41 if e.details] == ["opportunities", "candidates"]
    assert about_41[0].subject_employee_ids == [41]  # openings are not subjects


def test_access_log_shows_only_the_employees_own_events(session: Session) -> None:
    audit_service.record(session, _entry(subject_ids=[501, 502], at=T0))
    audit_service.record_ranking(
        session,
        ADMIN,
        RankingRecord(
            kind="candidates",
            route="/v1/openings/{opening_id}/candidates",
            result_ids=(502, 501),
            scores=(0.9, 0.8),
            opening_id=4,
        ),
    )
    audit_service.record(session, _entry(subject_ids=[502], caller="recruiter:r2"))
    audit_service.record(session, _entry(subject_ids=[501], caller="employee:501", role="employee"))

    log = audit_service.access_log_for(session, 501, ALL, exclude_caller="employee:501")
    assert log.total == 2
    assert [(e.caller, e.action, e.opening_id) for e in log.items] == [
        ("admin:a1", "rank", 4),
        ("recruiter:r1", "read", None),
    ]
    fields = set(log.items[0].model_dump())
    assert not fields & {"subject_employee_ids", "details", "result_count", "id"}
    with_own = audit_service.access_log_for(session, 501, ALL)
    assert with_own.total == 3
    assert audit_service.access_log_for(session, 999_999, ALL).total == 0


def test_record_many_and_read_helper(session: Session) -> None:
    ids = audit_service.record_many(
        session,
        [
            _entry(caller="batch", subject_ids=[1, 2]),
            _entry(caller="batch"),
            _entry(caller="batch", subject_ids=[3]),
        ],
    )
    assert len(ids) == 3
    assert ids == sorted(ids)
    events = {
        e.id: e for e in audit_service.query(session, AuditFilters(caller="batch"), ALL).items
    }
    assert [events[i].subject_employee_ids for i in ids] == [[1, 2], [], [3]]
    read = audit_service.record_read(session, RECRUITER, "/v1/employees", [5, 6], action="list")
    [event] = audit_service.query(
        session, AuditFilters(caller="recruiter:r1", action="list"), ALL
    ).items
    assert (event.id, event.result_count, event.subject_employee_ids) == (read, 2, [5, 6])


def test_prune_deletes_old_events_and_their_subjects_only(session: Session) -> None:
    now = datetime(2026, 6, 1, tzinfo=UTC)
    old = audit_service.record(
        session, _entry(caller="prune", subject_ids=[61], at=now - timedelta(days=400))
    )
    kept = audit_service.record(
        session, _entry(caller="prune", subject_ids=[61], at=now - timedelta(days=30))
    )
    assert audit_service.prune(session, timedelta(days=365), now=now) == 1
    assert _ids(session, caller="prune") == [kept]
    left = session.scalars(
        select(AuditEventSubject.event_id).where(AuditEventSubject.employee_id == 61)
    )
    assert list(left) == [kept]
    assert old not in _ids(session)
    # the gate is closed again: nothing else may change rows afterwards
    assert session.scalar(select(func.count()).select_from(AuditMaintenance)) == 0
    assert audit_service.prune(session, timedelta(days=10), now=now) == 1
    assert _ids(session, caller="prune") == []


@pytest.mark.parametrize(
    "statement",
    [
        update(AuditEvent).values(caller="someone else"),
        delete(AuditEvent),
        update(AuditEventSubject).values(employee_id=1),
        delete(AuditEventSubject),
    ],
    ids=["update-events", "delete-events", "update-subjects", "delete-subjects"],
)
def test_the_database_refuses_changes_outside_the_prune(
    session: Session, statement: object
) -> None:
    audit_service.record(session, _entry(caller="immutable", subject_ids=[71]))
    with pytest.raises(DBAPIError, match="append-only"), session.begin_nested():
        session.execute(statement)  # type: ignore[call-overload]
    assert _ids(session, caller="immutable")


def test_anonymise_removes_an_erased_person_but_keeps_the_events(session: Session) -> None:
    audit_service.record_ranking(
        session,
        RECRUITER,
        RankingRecord(
            kind="candidates",
            route="/v1/openings/{opening_id}/candidates",
            result_ids=(81, 82),
            scores=(0.9, 0.8),
            opening_id=8,
        ),
    )
    audit_service.record_ranking(
        session,
        RECRUITER,
        RankingRecord(
            kind="opportunities",
            route="/v1/employees/{employee_id}/opportunities",
            result_ids=(8,),
            scores=(0.9,),
            employee_id=81,
        ),
    )
    audit_service.record(session, _entry(caller="employee:81", role="employee", subject_ids=[81]))
    audit_service.anonymise_employee(session, 81, caller_ids=["employee:81"])

    assert audit_service.access_log_for(session, 81, ALL).total == 0
    assert _ids(session, employee_id=81) == []
    events = audit_service.query(session, AuditFilters(), PageRequest(limit=3)).items
    assert [e.subject_employee_ids for e in events] == [[None], [None], [None, 82]]
    assert events[0].caller == "erased"
    assert events[1].details is not None
    assert events[1].details["employee_id"] is None
    assert events[2].details is not None
    assert events[2].details["items"] == [[None, 0.9, 1], [82, 0.8, 2]]
    assert _ids(session, employee_id=82) == [events[2].id]
    assert session.scalar(select(func.count()).select_from(AuditMaintenance)) == 0


def test_request_id_is_taken_from_the_request_context(session: Session) -> None:
    from talentmarket.requestctx import reset_request_id, set_request_id

    token = set_request_id("ctx-req-0001")
    try:
        audit_service.record(session, _entry(caller="ctx"))
    finally:
        reset_request_id(token)
    [event] = audit_service.query(session, AuditFilters(caller="ctx"), ALL).items
    assert event.request_id == "ctx-req-0001"


def test_postgres_refuses_truncate(session: Session) -> None:
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("TRUNCATE is a PostgreSQL statement (SQLite has none)")
    with pytest.raises(DBAPIError, match="append-only"), session.begin_nested():
        session.execute(text("TRUNCATE audit_events CASCADE"))


def test_prune_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path}/prune.db"
    upgrade(url)
    engine = make_engine(url)
    with transaction(make_sessionmaker(engine)) as s:
        audit_service.record(s, _entry(at=datetime.now(UTC) - timedelta(days=40)))
        audit_service.record(s, _entry(at=datetime.now(UTC) - timedelta(days=5)))
    assert main(["--database", url, "audit", "prune", "--older-than", "30"]) == 0
    assert json.loads(capsys.readouterr().out)["deleted"] == 1
    assert main(["--database", url, "audit", "prune"]) == 0  # 365 days by default
    assert json.loads(capsys.readouterr().out)["deleted"] == 0
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(AuditEvent)) == 1
    engine.dispose()
