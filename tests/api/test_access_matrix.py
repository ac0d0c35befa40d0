"""Every route in the OpenAPI document, for every role and for bad credentials, answers
what the access policy says: allowed callers are never refused, others get 403 (401 with
no usable token), and a route without a rule cannot exist."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from talentmarket.api.access import POLICY
from talentmarket.app import check_policy
from talentmarket.principal import ROLES
from tests.factories import make_employee, make_opening, make_role, make_skill
from tests.tokens import TokenMaker

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class World:
    """Ids to fill path and query parameters with."""

    me: int  # the employee role's own employee
    other: int  # someone else, visible to recruiters
    values: dict[str, Any]


def _world(session: Session) -> World:
    skill = make_skill(session, "Python")
    role = make_role(session, "Data Analyst")
    me = make_employee(session, skills=[(skill, 3)], current_role_id=role.id, department="Finance")
    other = make_employee(session, skills=[(skill, 4)], current_role_id=role.id, department="Sales")
    opening = make_opening(session, status="open", role_id=role.id, requirements=[(skill, 3)])
    session.commit()
    values = {
        "skill_id": skill.id,
        "skill_ref": skill.id,
        "role_id": role.id,
        "role_ref": role.id,
        "opening_id": opening.id,
        "task_id": 1,
        "external_id": "x-1",
        "uri": skill.uri,
        "code": "x",
    }
    return World(me.id, other.id, values)


def _operations(client: TestClient) -> list[tuple[str, str, dict[str, Any]]]:
    spec = client.get("/openapi.json").json()
    out = []
    for path, ops in spec["paths"].items():
        if not path.startswith("/v1/"):
            continue
        for method in METHODS:
            if method in ops:
                out.append((method.upper(), path, ops[method]))
    return out


def _call(
    client: TestClient,
    world: World,
    method: str,
    path: str,
    op: dict[str, Any],
    employee_id: int,
    headers: dict[str, str],
) -> int:
    url = path
    query: dict[str, Any] = {}
    for param in op.get("parameters", []):
        name = param["name"]
        value = employee_id if name == "employee_id" else world.values.get(name, 1)
        if param["in"] == "path":
            url = url.replace("{" + name + "}", str(value))
        elif param.get("required") or name == "employee_id":
            query[name] = value
    body = {} if "requestBody" in op else None
    response = client.request(method, url, params=query, json=body, headers=headers)
    return response.status_code


def test_every_route_has_a_rule(client: TestClient) -> None:
    operations = {(m, p) for m, p, _ in _operations(client)}
    assert operations, "the OpenAPI document lost its routes"
    assert operations == set(POLICY), "routes and the policy table differ"
    check_policy(client.app)  # type: ignore[arg-type]


def test_an_app_with_a_route_without_a_rule_does_not_start(client: TestClient) -> None:
    app = client.app

    @app.get("/v1/unruled")  # type: ignore[attr-defined,untyped-decorator]
    def unruled() -> dict[str, str]:
        return {}

    with pytest.raises(RuntimeError, match="/v1/unruled"):
        check_policy(app)  # type: ignore[arg-type]


def test_each_role_gets_what_the_policy_says(
    client: TestClient, session: Session, tokens: TokenMaker
) -> None:
    world = _world(session)
    wrong: list[str] = []
    calls = 0
    # removals last, the employee's delete then erasure last among them (each on people
    # of its own): the world must outlive the other calls
    erase = "/v1/employees/{employee_id}/erase"
    operations = sorted(
        _operations(client),
        key=lambda o: (
            o[0] == "DELETE" or o[1] == erase,
            o[1] in ("/v1/employees/{employee_id}", erase),
            o[1] == erase,
        ),
    )
    for method, path, op in operations:
        if path == erase:
            me, other = make_employee(session), make_employee(session)
            session.commit()
            world = World(me.id, other.id, world.values)
        rule = POLICY[(method, path)]
        about_someone = any(p["name"] == "employee_id" for p in op.get("parameters", []))
        removes = method == "DELETE" or path == erase
        for role in sorted(ROLES, key=lambda r: r != "employee") if removes else ROLES:
            headers = tokens.headers(role, world.me if role == "employee" else None)
            subjects = [world.me, world.other] if about_someone else [world.other]
            for subject in subjects:
                allowed = rule.allows(role, own=role == "employee" and subject == world.me)
                status = _call(client, world, method, path, op, subject, headers)
                calls += 1
                if allowed and status in (401, 403):
                    wrong.append(f"{role} refused {status}: {method} {path} ({subject})")
                if not allowed and status != 403:
                    wrong.append(f"{role} not refused ({status}): {method} {path} ({subject})")
    assert calls > 200
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("bad", ["none", "expired", "stranger", "audience", "garbage"])
def test_bad_credentials_get_401_everywhere(
    client: TestClient, session: Session, tokens: TokenMaker, bad: str
) -> None:
    world = _world(session)
    headers = {
        "none": {},
        "expired": tokens.headers("admin", ttl=60, now=1_000_000),
        "stranger": tokens.headers("admin", key=tokens.stranger),
        "audience": tokens.headers("admin", audience="another-service"),
        "garbage": {"Authorization": "Bearer not-a-token"},
    }[bad]
    statuses = {
        f"{method} {path}": _call(client, world, method, path, op, world.me, headers)
        for method, path, op in _operations(client)
    }
    assert {k: v for k, v in statuses.items() if v != 401} == {}
