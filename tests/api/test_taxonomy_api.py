"""Taxonomy reads over HTTP on the starter taxonomy: search, detail, hierarchy, errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from talentmarket.taxonomy.importers import import_taxonomy

PROBLEM = "application/problem+json"


@pytest.fixture
def api(client: TestClient, session: Session) -> Iterator[TestClient]:
    import_taxonomy(session, "starter", None)
    session.commit()
    return client


def test_search_finds_python_by_label_and_alt_label(api: TestClient) -> None:
    page = api.get("/v1/skills", params={"q": "python"}).json()
    assert page["items"][0]["label"] == "Python"
    assert page["total"] >= 1
    by_alt = api.get("/v1/skills", params={"q": "k8s", "mode": "lexical"}).json()
    assert [s["label"] for s in by_alt["items"]] == ["Kubernetes"]
    assert by_alt["items"][0]["matched_label"] == "k8s"
    hybrid = api.get("/v1/skills", params={"q": "k8s"}).json()
    assert hybrid["items"][0]["label"] == "Kubernetes"


def test_pagination_walks_the_whole_list(api: TestClient) -> None:
    seen: list[int] = []
    cursor = None
    total = None
    while True:
        params: dict[str, str | int] = {"limit": 100, "type": "tool"}
        if cursor:
            params["cursor"] = cursor
        page = api.get("/v1/skills", params=params).json()
        total = page["total"]
        seen += [s["id"] for s in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == total == len(set(seen))
    assert total > 100


def test_skill_detail_by_id_and_uri_with_hierarchy(api: TestClient) -> None:
    python = api.get("/v1/skills", params={"q": "python"}).json()["items"][0]
    detail = api.get(f"/v1/skills/{python['id']}").json()
    assert detail["uri"] == "urn:talentmarket:skill:python"
    assert detail["release"].startswith("starter ")
    by_uri = api.get("/v1/skills/lookup", params={"uri": detail["uri"]}).json()
    assert by_uri["id"] == python["id"]
    parents = api.get(f"/v1/skills/{python['id']}/parents").json()["items"]
    assert parents
    assert all(p["kind"] == "group" for p in parents)
    children = api.get(f"/v1/skills/{parents[0]['id']}/children").json()
    assert python["id"] in [c["id"] for c in children["items"]]
    related = api.get(f"/v1/skills/{python['id']}/related").json()["items"]
    assert all(r["reason"] for r in related)


def test_role_detail_has_skills_and_tasks(api: TestClient) -> None:
    hit = api.get("/v1/roles", params={"q": "data scientist"}).json()["items"][0]
    role = api.get(f"/v1/roles/{hit['id']}").json()
    assert len(role["skills"]) >= 8
    assert {s["relation"] for s in role["skills"]} <= {"essential", "optional"}
    assert len(role["tasks"]) >= 3
    assert role["parent"]["kind"] == "group"
    same = api.get(f"/v1/roles/{role['code']}").json()
    assert same["id"] == role["id"]
    tasks = api.get("/v1/tasks", params={"role_id": role["id"]}).json()
    assert tasks["total"] == len(role["tasks"])


def test_unknown_skill_is_a_404_problem(api: TestClient) -> None:
    for path in ("/v1/skills/99999999", "/v1/skills/no-such-skill", "/v1/roles/99999999"):
        response = api.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"] == PROBLEM
        problem = response.json()
        assert problem["type"].endswith("/not-found")
        assert problem["status"] == 404
        assert problem["instance"] == path


def test_malformed_query_is_a_422_problem(api: TestClient) -> None:
    for params in ({"limit": 0}, {"cursor": "not-a-cursor"}, {"type": "spaceship"}):
        response = api.get("/v1/skills", params=params)
        assert response.status_code == 422
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["type"].endswith("/validation-error")
        assert response.json()["errors"]


def test_unknown_route_and_method_are_problems(api: TestClient) -> None:
    assert api.get("/v1/nothing-here").headers["content-type"] == PROBLEM
    response = api.delete("/v1/skills")
    assert response.status_code == 405
    assert response.json()["type"].endswith("/method-not-allowed")


def test_openapi_and_docs_are_served(api: TestClient) -> None:
    spec = api.get("/openapi.json").json()
    assert "/v1/skills" in spec["paths"]
    assert "404" in spec["paths"]["/v1/skills/{skill_ref}"]["get"]["responses"]
    assert api.get("/docs").status_code == 200
