"""Ids beyond what a database integer holds are malformed requests (422) or unknown (404),
never a server error: every path and query parameter in the OpenAPI document, and the ids
in request bodies, are probed with 2**70."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.tokens import TokenMaker

HUGE = 2**70


def _int_parameters(client: TestClient) -> list[tuple[str, str, dict[str, Any]]]:
    spec = client.get("/openapi.json").json()
    found = []
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            for param in op.get("parameters", []):
                schema = param.get("schema", {})
                kinds = {schema.get("type")} | {s.get("type") for s in schema.get("anyOf", [])}
                if "integer" in kinds and (
                    param["name"].endswith("_id") or param["name"] in ("role", "opening")
                ):
                    found.append((method.upper(), path, param))
    return found


def test_every_id_parameter_refuses_an_overflowing_id(
    client: TestClient, tokens: TokenMaker
) -> None:
    admin = tokens.headers("admin")
    params = _int_parameters(client)
    assert len(params) > 30
    failures = []
    for method, path, param in params:
        url, query = path, {}
        for name in ("employee_id", "opening_id", "skill_id", "role_id", "task_id"):
            url = url.replace("{" + name + "}", str(HUGE if name == param["name"] else 1))
        if param["in"] == "query":
            query[param["name"]] = HUGE
        body = {} if method in ("POST", "PUT", "PATCH") else None
        answer = client.request(method, url, params=query, json=body, headers=admin)
        if answer.status_code >= 500 or (param["in"] == "query" and answer.status_code != 422):
            failures.append(f"{method} {path} {param['name']}: {answer.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("POST", "/v1/openings/1/decisions", {"employee_id": HUGE, "decision": "shortlist"}),
        ("POST", "/v1/employees/1/interests", {"opening_id": HUGE, "action": "save"}),
        ("POST", "/v1/skills/merge", {"source_id": HUGE, "target_id": 1}),
        ("POST", "/v1/employees", {"name": "A", "email": "a@example.com", "manager_id": HUGE}),
        ("GET", f"/v1/skills/{HUGE}", None),
        ("GET", f"/v1/roles/{HUGE}", None),
    ],
)
def test_overflowing_ids_in_bodies_and_refs_are_not_server_errors(
    client: TestClient, tokens: TokenMaker, method: str, url: str, body: dict[str, Any] | None
) -> None:
    answer = client.request(method, url, json=body, headers=tokens.headers("admin"))
    assert answer.status_code in (404, 422), answer.text
    assert answer.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    "url",
    [
        f"/v1/taxonomy/graph?root=skill:{HUGE}",
        f"/v1/taxonomy/graph?root={HUGE}",
        f"/v1/taxonomy/changes?after={HUGE}",
        f"/v1/employees?cursor={HUGE}",
        f"/v1/employees?offset={HUGE}",
    ],
)
def test_overflowing_numbers_in_other_parameters_are_not_server_errors(
    client: TestClient, tokens: TokenMaker, url: str
) -> None:
    answer = client.get(url, headers=tokens.headers("admin"))
    assert answer.status_code < 500, answer.text
