"""Verified identity through HTTP: bearer JWTs, API keys, the open development mode, and
a caller that can never name itself by header."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from talentmarket.app import create_app
from talentmarket.auth.apikeys import generate_api_key, hash_api_key, settings_entry
from talentmarket.auth.keys import thumbprint
from talentmarket.auth.repository import ApiKeyRepository
from talentmarket.auth.service import prepare_serve
from talentmarket.errors import InvalidRequest
from talentmarket.people.models import Employee
from talentmarket.runtime import Runtime
from tests.api.helpers import problem
from tests.factories import make_employee
from tests.tokens import TokenMaker

SKILLS = "/v1/skills"


def _own_view(employee: Employee) -> str:
    return f"/v1/employees/{employee.id}/learning"


def _refused(resp: Any, reason: str) -> None:
    body = problem(resp, 401, "unauthorized")
    assert reason in body["detail"]
    assert resp.headers["www-authenticate"].startswith('Bearer realm="talentmarket"')


def _actor(client: TestClient, headers: dict[str, str]) -> str:
    """Create a skill as this caller and read back who the change feed says did it."""
    made = client.post(SKILLS, json={"label": f"skill {time.time_ns()}"}, headers=headers)
    assert made.status_code == 201, made.text
    feed = client.get(
        "/v1/taxonomy/changes", params={"entity_id": made.json()["id"]}, headers=headers
    )
    actor: str = feed.json()["items"][0]["actor"]
    return actor


@pytest.fixture
def people(session: Session) -> dict[str, Employee]:
    ana = make_employee(session, "Ana", email="ana@example.com", external_id="E-100")
    ben = make_employee(session, "Ben", email="ben@example.com")
    session.commit()
    return {"ana": ana, "ben": ben}


# -- tokens ------------------------------------------------------------------------------------
def test_no_credentials_is_401_once_a_key_exists(client: TestClient, tokens: TokenMaker) -> None:
    resp = client.get(SKILLS)
    _refused(resp, "bearer token or API key is required")
    assert "error=" not in resp.headers["www-authenticate"]  # RFC 6750: no error when absent
    assert client.get("/health").json()["auth"] == "enabled"
    assert client.get("/openapi.json").status_code == 200
    assert client.get("/docs").status_code == 200


@pytest.mark.parametrize("role", ["admin", "recruiter", "integration"])
def test_valid_tokens_per_role(client: TestClient, tokens: TokenMaker, role: Any) -> None:
    assert client.get(SKILLS, headers=tokens.headers(role)).status_code == 200


def test_the_callers_id_comes_from_the_token(client: TestClient, tokens: TokenMaker) -> None:
    assert _actor(client, tokens.headers("admin", subject="okta|42")) == "user:okta|42"


def test_employee_tokens_map_to_the_employee(
    client: TestClient, tokens: TokenMaker, people: dict[str, Employee]
) -> None:
    ana, ben = people["ana"], people["ben"]
    by_claim = tokens.headers("employee", ana.id)
    by_external_id = tokens.headers("employee", subject="E-100")
    by_email = {"Authorization": f"Bearer {_with_email(tokens, 'x-9', 'Ana@example.com')}"}
    for headers in (by_claim, by_external_id, by_email):
        assert client.get(_own_view(ana), headers=headers).status_code == 200
        problem(client.get(_own_view(ben), headers=headers), 403, "forbidden")
    nobody = tokens.headers("employee", subject="E-404")
    _refused(client.get(_own_view(ana), headers=nobody), "not a known employee")


def _with_email(tokens: TokenMaker, subject: str, email: str) -> str:
    """A token whose subject is unknown but whose verified email names an employee."""
    now = int(time.time())
    payload = {
        "iss": tokens.settings.auth_issuer,
        "aud": tokens.settings.auth_audience,
        "sub": subject,
        "role": "employee",
        "email": email.lower(),
        "iat": now,
        "exp": now + 60,
    }
    return jwt.encode(payload, tokens.key.key, "EdDSA", {"kid": tokens.key.kid})


def test_the_employee_header_never_sets_identity(
    client: TestClient, tokens: TokenMaker, people: dict[str, Employee]
) -> None:
    ana, ben = people["ana"], people["ben"]
    claim_ana = {"X-Talentmarket-Employee": str(ana.id)}
    problem(
        client.get(_own_view(ana), headers=tokens.headers("employee", ben.id) | claim_ana),
        403,
        "forbidden",
    )
    _refused(client.get(_own_view(ana), headers=claim_ana), "required")
    # an admin token with the header is still nobody's employee: the id stays the subject's
    assert _actor(client, tokens.headers("admin") | claim_ana) == "user:test-admin"


@pytest.mark.parametrize(
    ("bend", "reason"),
    [
        ({"ttl": 60, "now": time.time() - 3600}, "expired"),
        ({"now": time.time() + 3600}, "not valid yet"),
        ({"audience": "another-service"}, "another audience"),
        ({"issuer": "https://evil.example.com"}, "another issuer"),
        ({"key": "stranger"}, "unknown key"),
    ],
)
def test_bad_tokens_are_401(
    client: TestClient, tokens: TokenMaker, bend: dict[str, Any], reason: str
) -> None:
    if bend.get("key") == "stranger":
        bend = {"key": tokens.stranger}
    resp = client.get(SKILLS, headers=tokens.headers("admin", **bend))
    _refused(resp, reason)
    assert 'error="invalid_token"' in resp.headers["www-authenticate"]


def test_tampered_and_malformed_credentials_are_401(client: TestClient, tokens: TokenMaker) -> None:
    header, _, signature = tokens.token("employee", 1).split(".")
    claims = json.dumps({"sub": "x", "role": "admin"}).encode()
    forged = f"{header}.{jwt.utils.base64url_encode(claims).decode()}.{signature}"
    _refused(client.get(SKILLS, headers={"Authorization": f"Bearer {forged}"}), "")
    _refused(client.get(SKILLS, headers={"Authorization": "Basic YWRtaW46YWRtaW4="}), "Bearer")
    both = tokens.headers("admin") | {"X-API-Key": "tmk_x"}
    _refused(client.get(SKILLS, headers=both), "not both")


def test_an_identity_providers_jwks_is_trusted(client: TestClient, runtime: Runtime) -> None:
    private = ec.generate_private_key(ec.SECP256R1())
    jwk: dict[str, Any] = jwt.algorithms.ECAlgorithm.to_jwk(private.public_key(), as_dict=True)
    jwk["kid"] = thumbprint(jwk)
    runtime.settings.auth_jwks = json.dumps({"keys": [jwk]})
    runtime.settings.auth_role_claim = "groups"
    now = int(time.time())
    claims = {
        "iss": "talentmarket",
        "aud": "talentmarket",
        "sub": "idp-7",
        "iat": now,
        "exp": now + 60,
    }
    signed = jwt.encode(claims | {"groups": ["recruiter"]}, private, "ES256", {"kid": jwk["kid"]})
    assert client.get(SKILLS, headers={"Authorization": f"Bearer {signed}"}).status_code == 200
    assert client.get("/health").json()["auth"] == "enabled"
    _refused(client.get(SKILLS), "required")


# -- API keys ----------------------------------------------------------------------------------
def test_stored_api_keys_by_name_and_role(client: TestClient, session: Session) -> None:
    key = generate_api_key()
    ApiKeyRepository(session).create("ats-sync", "admin", hash_api_key(key))
    session.commit()
    _refused(client.get(SKILLS), "required")  # a stored key alone turns authentication on
    assert _actor(client, {"X-API-Key": key}) == "apikey:ats-sync"
    assert _actor(client, {"Authorization": f"Bearer {key}"}) == "apikey:ats-sync"
    _refused(client.get(SKILLS, headers={"X-API-Key": key[:-1]}), "unknown or revoked")
    ApiKeyRepository(session).revoke("ats-sync")
    session.commit()
    _refused(client.get(SKILLS, headers={"X-API-Key": key}), "unknown or revoked")
    _refused(client.get(SKILLS), "required")  # revoking the last key does not open the service


def test_api_keys_from_settings_in_both_forms(client: TestClient, runtime: Runtime) -> None:
    key = generate_api_key()
    runtime.settings.api_keys = settings_entry("lms", "recruiter", key) | {"plain": "admin"}
    problem(client.post(SKILLS, json={"label": "x"}, headers={"X-API-Key": key}), 403, "forbidden")
    assert _actor(client, {"X-API-Key": "plain"}) == "apikey:settings-admin-1"
    _refused(client.get(SKILLS), "required")


# -- open development mode --------------------------------------------------------------------
def test_open_only_without_configuration_on_loopback(client: TestClient, runtime: Runtime) -> None:
    assert client.get("/health").json()["auth"] == "open (development)"
    assert _actor(client, {}) == "anonymous"
    runtime.settings.bind_host = "0.0.0.0"
    assert client.get("/health").json()["auth"].startswith("refusing requests")
    _refused(client.get(SKILLS), "not configured")


def test_open_mode_answers_local_clients_only(runtime: Runtime) -> None:
    # a server started without `serve` (e.g. uvicorn --host 0.0.0.0) still keeps remote
    # callers out while it runs open
    app = create_app(runtime=runtime)
    remote = TestClient(app, client=("203.0.113.9", 5000), raise_server_exceptions=False)
    local = TestClient(app, client=("127.0.0.1", 5000), raise_server_exceptions=False)
    _refused(remote.get(SKILLS), "local clients only")
    assert local.get(SKILLS).status_code == 200


def test_serve_refuses_a_public_address_without_authentication(
    runtime: Runtime, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(InvalidRequest, match=r"refusing to serve on 0\.0\.0\.0"):
        prepare_serve(runtime.settings, runtime.sessionmaker, "0.0.0.0")
    with caplog.at_level(logging.WARNING, logger="talentmarket.auth.service"):
        settings = prepare_serve(runtime.settings, runtime.sessionmaker, "127.0.0.1")
    assert settings.bind_host == "127.0.0.1"
    assert "AUTHENTICATION IS OFF" in caplog.text


def test_serve_on_a_public_address_with_a_key(runtime: Runtime, tokens: TokenMaker) -> None:
    settings = prepare_serve(runtime.settings, runtime.sessionmaker, "0.0.0.0")
    assert settings.bind_host == "0.0.0.0"
