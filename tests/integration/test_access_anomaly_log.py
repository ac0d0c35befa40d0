"""Access anomaly detection over the stored audit log: a recruiter who reads far more
profiles than ever before is found, with the numbers; ordinary recruiters are not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from talentmarket.audit import detection
from talentmarket.audit import service as audit_service
from talentmarket.audit.schemas import AuditEntry
from tests.factories import make_employee
from tests.tokens import TokenMaker

SINCE = datetime(2026, 11, 25, 0, 0, tzinfo=UTC)  # a Wednesday
DEPARTMENTS = ("Finance", "Sales", "Engineering", "People")


def _read(caller: str, employee_id: int, at: datetime) -> AuditEntry:
    return AuditEntry(
        caller=caller,
        role="recruiter",
        action="read",
        route="/v1/employees/{employee_id}",
        subject_ids=[employee_id],
        result_count=1,
        at=at,
    )


def _log(session: Session, bulk: int, since: datetime = SINCE) -> dict[str, list[int]]:
    """Three weeks of ordinary recruiter reads in their own department, then on `since`
    one recruiter reads `bulk` profiles across the company."""
    staff = {d: [make_employee(session, department=d).id for _ in range(60)] for d in DEPARTMENTS}
    entries = []
    for day in range(1, 22):
        start = since - timedelta(days=day)
        if start.weekday() >= 5:
            continue
        for r, dept in enumerate(DEPARTMENTS * 3):
            for k in range(4 + (day + r) % 3):
                who = staff[dept][(day * 7 + r * 5 + k) % 60]
                entries.append(_read(f"user:r{r}", who, start + timedelta(hours=9 + k)))
    today = since + timedelta(hours=10)
    for r, dept in enumerate(DEPARTMENTS * 3):
        for k in range(5):
            entries.append(_read(f"user:r{r}", staff[dept][k], today + timedelta(minutes=k)))
    everyone = [i for ids in staff.values() for i in ids]
    for k, who in enumerate(everyone[:bulk]):
        entries.append(_read("user:r0", who, today + timedelta(seconds=10 * k)))
    audit_service.record_many(session, entries)
    session.flush()
    return staff


def test_bulk_reads_are_found_with_reasons(session: Session) -> None:
    _log(session, bulk=180)
    start, findings, n = detection.detect(session, SINCE, SINCE + timedelta(days=1))
    assert start == SINCE
    assert n > 1000
    assert [f.caller for f in findings] == ["user:r0"]
    [finding] = findings
    assert "bulk_reads" in finding.kinds
    assert any(
        "profiles" in reason and any(c.isdigit() for c in reason) for reason in finding.reasons
    )


def test_an_ordinary_day_has_no_finding(session: Session) -> None:
    _log(session, bulk=0)
    _, findings, _ = detection.detect(session, SINCE, SINCE + timedelta(days=1))
    assert findings == []


def test_anomalies_endpoint_is_for_admins(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    _log(session, bulk=180)
    session.commit()  # the savepoint the client sees
    query = {"since": SINCE.isoformat(), "until": (SINCE + timedelta(days=1)).isoformat()}
    refused = client.get("/v1/audit/anomalies", params=query, headers=tokens.headers("recruiter"))
    assert refused.status_code == 403
    answer = client.get("/v1/audit/anomalies", params=query, headers=tokens.headers("admin"))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert [item["caller"] for item in body["items"]] == ["user:r0"]
    assert body["items"][0]["reasons"]


def test_live_traffic_through_the_api_is_watched(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    """Three weeks of history, then today's reads sent through the API: recruiters who
    read their own department as usual are not found; one who walks the whole company
    profile by profile is, with the numbers."""
    now = datetime.now(UTC).replace(microsecond=0)
    staff = _log(session, bulk=0, since=now - timedelta(days=1))
    session.commit()
    for r, dept in enumerate(DEPARTMENTS[1:], start=1):
        usual = tokens.headers("recruiter", subject=f"r{r}")
        for who in staff[dept][:4]:
            assert client.get(f"/v1/employees/{who}", headers=usual).status_code == 200
    walker = tokens.headers("recruiter", subject="r0")
    everyone = [i for ids in staff.values() for i in ids]
    for who in everyone[:150]:
        assert client.get(f"/v1/employees/{who}", headers=walker).status_code == 200
    query = {
        "since": (now - timedelta(minutes=5)).isoformat(),
        "until": (now + timedelta(hours=1)).isoformat(),
    }
    answer = client.get("/v1/audit/anomalies", params=query, headers=tokens.headers("admin"))
    assert answer.status_code == 200, answer.text
    [finding] = answer.json()["items"]
    assert finding["caller"] == "user:r0"
    assert "bulk_reads" in finding["kinds"]
    assert any(any(c.isdigit() for c in reason) for reason in finding["reasons"])
