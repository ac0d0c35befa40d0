"""What a route does not read is refused, not ignored: unknown query parameters (422) and
bodies that are not JSON (415), both as problem+json, changing nothing."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from talentmarket.people.models import Employee
from tests.api.helpers import problem, rows

PERSON = {"name": "Zoë Ångström", "email": "zoe@example.com"}


def test_unknown_query_parameter_names_the_allowed_ones(client: TestClient) -> None:
    body = problem(client.get("/v1/employees", params={"name": "smith"}), 422, "validation-error")
    assert "name" in body["detail"]
    assert "limit" in body["detail"]  # what the route takes
    assert "cursor" in body["detail"]
    assert client.get("/v1/employees", params={"limit": 5}).status_code == 200
    # a route without query parameters takes none
    problem(client.get("/v1/skills/1", params={"x": "1"}), 422, "validation-error")


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("OPTIONS", "/v1/employees", "GET, POST"),
        ("DELETE", "/v1/employees", "GET, POST"),
        ("PATCH", "/v1/skills/extract", "POST"),  # not the skill route's id check (422)
        ("PUT", "/v1/skills/1", "GET, PATCH"),
    ],
)
def test_method_not_allowed_names_every_method_of_the_path(
    client: TestClient, method: str, path: str, allow: str
) -> None:
    body = problem(client.request(method, path), 405, "method-not-allowed")
    assert body["detail"].endswith(allow)
    assert client.request(method, path).headers["allow"] == allow


def test_non_json_bodies_are_refused_unread(client: TestClient, session: Session) -> None:
    before = rows(session, Employee)
    form = client.post("/v1/employees", data=PERSON)
    body = problem(form, 415, "unsupported-media-type")
    assert "application/x-www-form-urlencoded" in body["detail"]
    text = client.post("/v1/employees", content=b"name=x", headers={"content-type": "text/plain"})
    problem(text, 415, "unsupported-media-type")
    assert rows(session, Employee) == before
    ok = client.post(
        "/v1/employees",
        json=PERSON,
        headers={"content-type": "application/json; charset=utf-8"},
    )
    assert ok.status_code == 201, ok.text
    merge = client.patch(
        f"/v1/employees/{ok.json()['id']}",
        content=b'{"name": "Zoe Angstrom"}',
        headers={"content-type": "application/merge-patch+json"},
    )
    assert merge.status_code == 200, merge.text


def test_problem_types_are_documented_and_unknown_ones_are_404(client: TestClient) -> None:
    known = client.get("/problems/not-found")
    assert known.status_code == 200
    assert "does not exist" in known.text
    unknown = client.get("/problems/xyz")
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"
    assert "not-found" in unknown.json()["detail"]
