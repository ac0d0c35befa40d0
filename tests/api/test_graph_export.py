"""Graph export over HTTP on the starter taxonomy: JSON, GraphML, bounds and the cache."""

from __future__ import annotations

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from talentmarket.runtime import Runtime
from talentmarket.taxonomy.graph.service import CACHE_NAME, get_graph
from talentmarket.taxonomy.importers import import_taxonomy
from talentmarket.taxonomy.models import Role, Skill
from tests.api.helpers import problem

GRAPHML = "application/graphml+xml"


@pytest.fixture
def api(client: TestClient, session: Session) -> TestClient:
    import_taxonomy(session, "starter", None)
    session.commit()
    return client


def _python(session: Session) -> Skill:
    skill = session.scalar(select(Skill).where(Skill.uri == "urn:talentmarket:skill:python"))
    assert skill is not None
    return skill


def test_json_around_a_skill(api: TestClient, session: Session) -> None:
    python = _python(session)
    body = api.get("/v1/taxonomy/graph", params={"root": str(python.id), "depth": 1}).json()
    assert body["root"] == f"skill:{python.id}"
    assert body["version"]
    ids = {n["id"] for n in body["nodes"]}
    root = next(n for n in body["nodes"] if n["id"] == body["root"])
    assert root == {
        "id": f"skill:{python.id}",
        "type": "skill",
        "label": "Python",
        "uri": python.uri,
        "depth": 0,
    }
    assert any(n["type"] == "group" for n in body["nodes"])
    assert any(n["type"] == "role" for n in body["nodes"])
    assert body["edges"]
    for edge in body["edges"]:
        assert edge["source"] in ids
        assert edge["target"] in ids
        assert edge["relation"]
        assert edge["weight"] > 0
    assert body["truncated"] is False


def test_root_by_uri_and_by_role_node_id(api: TestClient, session: Session) -> None:
    python = _python(session)
    by_uri = api.get("/v1/taxonomy/graph", params={"root": python.uri}).json()
    assert by_uri["root"] == f"skill:{python.id}"
    role = session.scalars(select(Role).where(Role.kind == "role")).first()
    assert role is not None
    body = api.get(
        "/v1/taxonomy/graph", params={"root": f"role:{role.id}", "kinds": "skill"}
    ).json()
    assert body["root"] == f"role:{role.id}"
    skills = {n["id"] for n in body["nodes"] if n["id"] != body["root"]}
    assert {n["type"] for n in body["nodes"] if n["id"] in skills} == {"skill"}
    assert {e["target"] for e in body["edges"] if e["source"] == body["root"]} == skills


def test_graphml_by_format_and_by_accept_header(api: TestClient, session: Session) -> None:
    python = _python(session)
    resp = api.get("/v1/taxonomy/graph", params={"root": python.id, "format": "graphml"})
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith(GRAPHML)
    assert "attachment" in resp.headers["content-disposition"]
    graph = nx.parse_graphml(resp.text)
    as_json = api.get("/v1/taxonomy/graph", params={"root": python.id}).json()
    assert set(graph.nodes) == {n["id"] for n in as_json["nodes"]}
    assert graph.number_of_edges() == len(as_json["edges"])
    assert graph.nodes[f"skill:{python.id}"]["label"] == "Python"
    by_header = api.get(
        "/v1/taxonomy/graph", params={"root": python.id}, headers={"Accept": GRAPHML}
    )
    assert by_header.headers["content-type"].startswith(GRAPHML)


def test_without_root_the_hierarchy_tops(api: TestClient) -> None:
    body = api.get("/v1/taxonomy/graph").json()
    assert body["root"] is None
    assert body["nodes"]
    assert {n["type"] for n in body["nodes"]} <= {"group", "role_group"}
    assert all(n["depth"] == 0 for n in body["nodes"])
    deeper = api.get("/v1/taxonomy/graph", params={"depth": 2}).json()
    assert len(deeper["nodes"]) > len(body["nodes"])
    assert {e["relation"] for e in deeper["edges"]} == {"broader"}


def test_limit_cuts_and_says_so(api: TestClient, session: Session) -> None:
    python = _python(session)
    body = api.get("/v1/taxonomy/graph", params={"root": python.id, "depth": 3, "limit": 5}).json()
    assert len(body["nodes"]) == 5
    assert body["truncated"] is True


def test_problems(api: TestClient) -> None:
    problem(api.get("/v1/taxonomy/graph", params={"root": "urn:nope"}), 404, "not-found")
    problem(api.get("/v1/taxonomy/graph", params={"root": "999999"}), 404, "not-found")
    problem(
        api.get("/v1/taxonomy/graph", params={"kinds": "skill,people"}), 422, "validation-error"
    )
    problem(api.get("/v1/taxonomy/graph", params={"depth": 4}), 422, "validation-error")


def test_graph_is_cached_per_taxonomy_version(
    api: TestClient, session: Session, runtime: Runtime
) -> None:
    first = get_graph(runtime, session)
    assert get_graph(runtime, session) is first
    python = _python(session)
    created = api.post("/v1/skills", json={"label": "Graph databases", "parent_ids": []})
    assert created.status_code == 201, created.text
    rebuilt = get_graph(runtime, session)
    assert rebuilt is not first
    assert rebuilt.version_ != first.version_
    assert rebuilt.skill_node(created.json()["id"]) is not None
    assert first.skill_node(python.id) is not None
    runtime.invalidate(CACHE_NAME)
    assert get_graph(runtime, session) is not rebuilt
