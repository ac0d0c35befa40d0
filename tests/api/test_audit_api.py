"""The audit log over HTTP: admins query and export it, employees see their own access log."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from talentmarket.api.security import get_principal
from talentmarket.audit import service as audit_service
from talentmarket.audit.schemas import AuditEntry
from talentmarket.principal import Principal
from talentmarket.rankrecord import RankingRecord
from tests.api.helpers import problem

T0 = datetime(2026, 2, 2, 10, 0, tzinfo=UTC)
ROUTE = "/v1/employees/{employee_id}"
CANDIDATES = "/v1/openings/{opening_id}/candidates"

AsCaller = Callable[[Principal], None]


@pytest.fixture
def as_caller(client: TestClient) -> Iterator[AsCaller]:
    """Make the client's requests come from a given principal."""
    app: FastAPI = client.app  # type: ignore[assignment]

    def use(principal: Principal) -> None:
        app.dependency_overrides[get_principal] = lambda: principal

    yield use
    app.dependency_overrides.pop(get_principal, None)


@pytest.fixture
def events(session: Session) -> list[int]:
    """Four events: a recruiter reads 11 and 12, an admin ranks 12 and 13, a recruiter is
    refused, employee 11 reads themself."""
    return [
        audit_service.record(
            session,
            AuditEntry(
                caller="recruiter:r1",
                role="recruiter",
                action="read",
                route=ROUTE,
                subject_ids=[11, 12],
                at=T0,
            ),
        ),
        audit_service.record_ranking(
            session,
            Principal(id="admin:a1", role="admin"),
            RankingRecord(
                kind="candidates",
                route=CANDIDATES,
                result_ids=(12, 13),
                scores=(0.9, 0.7),
                opening_id=4,
                total=2,
                model_id="hashing",
                scoring_version="1",
                at=T0 + timedelta(minutes=30),
            ),
        ),
        audit_service.record(
            session,
            AuditEntry(
                caller="recruiter:r1",
                role="recruiter",
                action="denied",
                route=ROUTE,
                status=403,
                subject_ids=[13],
                at=T0 + timedelta(hours=2),
            ),
        ),
        audit_service.record(
            session,
            AuditEntry(
                caller="employee:11", role="employee", action="read", route=ROUTE, subject_ids=[11]
            ),
        ),
    ]


ADMIN = Principal(id="admin:a1", role="admin")


def test_admin_lists_events_with_filters_and_pages(
    client: TestClient, as_caller: AsCaller, events: list[int]
) -> None:
    as_caller(ADMIN)
    body = client.get("/v1/audit/events").json()
    assert [e["id"] for e in body["items"]] == events[::-1]
    assert body["total"] == 4
    ranked = body["items"][2]
    assert ranked["action"] == "rank"
    assert ranked["details"]["items"] == [[12, 0.9, 1], [13, 0.7, 2]]
    assert (ranked["model_id"], ranked["scoring_version"]) == ("hashing", "1")

    def ids(query: str) -> list[int]:
        resp = client.get(f"/v1/audit/events?{query}")
        assert resp.status_code == 200, resp.text
        return [e["id"] for e in resp.json()["items"]]

    assert ids("employee_id=12") == [events[1], events[0]]
    assert ids("caller=recruiter:r1&action=denied") == [events[2]]
    assert ids("status=403") == [events[2]]
    assert ids("opening_id=4") == [events[1]]
    assert ids("role=employee") == [events[3]]
    assert ids("route=/v1/openings/{opening_id}/candidates") == [events[1]]
    assert ids("since=2026-02-02T11:00:00Z&until=2026-02-02T14:00:00%2B01:00") == [events[2]]
    assert ids("since=2026-02-02T11:00:00Z&until=2026-02-02T13:00:00%2B01:00") == []
    first = client.get("/v1/audit/events?limit=3").json()
    rest = client.get(f"/v1/audit/events?limit=3&cursor={first['next_cursor']}").json()
    assert [e["id"] for e in first["items"] + rest["items"]] == events[::-1]
    assert rest["next_cursor"] is None


def test_csv_export_neutralises_formulas(
    client: TestClient, as_caller: AsCaller, session: Session, events: list[int]
) -> None:
    audit_service.record(
        session,
        AuditEntry(
            caller='=HYPERLINK("http://x")',
            role="integration",
            action="export",
            route="@SUM(1+1)",
            request_id="-2+3",
            subject_ids=[11],
            at=T0,
        ),
    )
    as_caller(ADMIN)
    resp = client.get("/v1/audit/events?format=csv&employee_id=11")
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    assert len(rows) == 3  # the two events about 11 and the injected one
    injected = next(r for r in rows if r["role"] == "integration")
    assert injected["caller"] == '\'=HYPERLINK("http://x")'
    assert injected["route"] == "'@SUM(1+1)"
    assert injected["request_id"] == "'-2+3"
    assert injected["status"] == "200"
    first_read = next(r for r in rows if r["id"] == str(events[0]))
    assert first_read["subject_employee_ids"] == "11 12"
    assert first_read["at"] == "2026-02-02T10:00:00+00:00"
    accept = client.get("/v1/audit/events", headers={"Accept": "text/csv"})
    assert accept.text.splitlines()[0].startswith("id,at,request_id,caller")


@pytest.mark.parametrize("role", ["recruiter", "employee", "integration"])
def test_only_admins_read_the_audit_log(
    client: TestClient, as_caller: AsCaller, events: list[int], role: str
) -> None:
    as_caller(Principal(id=f"{role}:x", role=role, employee_id=11))  # type: ignore[arg-type]
    problem(client.get("/v1/audit/events"), 403, "forbidden")
    problem(client.get("/v1/audit/events?format=csv"), 403, "forbidden")


ACCESS_LOG_FIELDS = {
    "at",
    "caller",
    "role",
    "action",
    "route",
    "method",
    "status",
    "opening_id",
}


def test_employee_sees_who_read_or_ranked_them(
    client: TestClient, as_caller: AsCaller, events: list[int]
) -> None:
    as_caller(Principal(id="employee:12", role="employee", employee_id=12))
    body = client.get("/v1/me/access-log").json()
    assert body["total"] == 2
    assert [(e["caller"], e["action"], e["route"]) for e in body["items"]] == [
        ("admin:a1", "rank", CANDIDATES),
        ("recruiter:r1", "read", ROUTE),
    ]
    assert body["items"][0]["opening_id"] == 4
    # nothing about the other people in the same events: no subject ids, no details
    assert all(set(e) <= ACCESS_LOG_FIELDS for e in body["items"])
    assert all(e.get(k) is None for e in body["items"] for k in ("subjects", "details"))
    first = client.get("/v1/me/access-log", params={"limit": 1}).json()
    second = client.get(
        "/v1/me/access-log", params={"limit": 1, "cursor": first["next_cursor"]}
    ).json()
    assert first["items"] + second["items"] == body["items"]  # one at a time, same order
    assert second["next_cursor"] is None
    as_caller(Principal(id="employee:11", role="employee", employee_id=11))
    own = client.get("/v1/me/access-log").json()
    assert [e["caller"] for e in own["items"]] == ["recruiter:r1"]  # own reads left out


def test_access_log_needs_an_employee(client: TestClient, as_caller: AsCaller) -> None:
    as_caller(ADMIN)
    problem(client.get("/v1/me/access-log"), 404, "not-found")


def test_malformed_filters_and_request_ids(
    client: TestClient, as_caller: AsCaller, events: list[int]
) -> None:
    as_caller(ADMIN)
    problem(client.get("/v1/audit/events?since=yesterday"), 422, "validation-error")
    problem(client.get("/v1/audit/events?status=42"), 422, "validation-error")
    problem(client.get("/v1/audit/events?role=boss"), 422, "validation-error")
    resp = client.get("/v1/audit/events", headers={"X-Request-ID": "trace-0001-abcd"})
    assert resp.headers["X-Request-ID"] == "trace-0001-abcd"
    assert len(client.get("/v1/audit/events").headers["X-Request-ID"]) == 36  # a UUID4
