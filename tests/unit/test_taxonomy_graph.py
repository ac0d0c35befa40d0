"""The taxonomy graph core on a small hand-made taxonomy: nodes, edges, hierarchy,
bounded views, GraphML, and the three skill similarities."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from talentmarket.taxonomy.graph.rows import (
    Edge,
    GraphData,
    RoleNode,
    RoleSkillEdge,
    SkillNode,
    TaskNode,
    TaskSkillEdge,
    node_id,
    parse_node_id,
)
from talentmarket.taxonomy.graph.taxonomy_graph import TaxonomyGraph
from talentmarket.taxonomy.graph.views import to_graphml

# skill ids
DIGITAL, PROGRAMMING, CARE = 1, 2, 3
PYTHON, JAVA, SQL, NURSING, FIRST_AID, OLD_PYTHON, EXCEL = 10, 11, 12, 13, 14, 15, 16
# role ids
IT, DEV, ANALYST, NURSE = 100, 101, 102, 103


def _skill(sid: int, label: str, kind: str = "skill", **kw: object) -> SkillNode:
    fields: dict[str, object] = {
        "id": sid,
        "uri": f"urn:x:skill:{sid}",
        "label": label,
        "kind": kind,
        "skill_type": "skill",
        "status": "active",
        "replaced_by_id": None,
        "source": "test",
    }
    fields.update(kw)
    return SkillNode(**fields)  # type: ignore[arg-type]


def _role(rid: int, title: str, kind: str = "role", parent: int | None = None) -> RoleNode:
    return RoleNode(rid, f"urn:x:role:{rid}", title, kind, parent, f"C{rid}", "active", "test")


def data(vectors: bool = False) -> GraphData:
    skills = [
        _skill(DIGITAL, "digital", "group"),
        _skill(PROGRAMMING, "programming", "group"),
        _skill(CARE, "care", "group"),
        _skill(PYTHON, "Python"),
        _skill(JAVA, "Java"),
        _skill(SQL, "SQL"),
        _skill(NURSING, "nursing"),
        _skill(FIRST_AID, "first aid"),
        _skill(EXCEL, "Excel"),
        _skill(OLD_PYTHON, "Python 2", status="deprecated", replaced_by_id=PYTHON),
    ]
    broader = [
        (PROGRAMMING, DIGITAL),
        (PYTHON, PROGRAMMING),
        (JAVA, PROGRAMMING),
        (SQL, DIGITAL),
        (EXCEL, DIGITAL),
        (NURSING, CARE),
        (FIRST_AID, CARE),
        (OLD_PYTHON, PROGRAMMING),
    ]
    skill_edges = [Edge(a, b, "broader", 1.0) for a, b in broader] + [
        Edge(PYTHON, JAVA, "related", 0.5),
        Edge(PYTHON, JAVA, "requires", 0.9),  # same pair: 'requires' ranks first
        Edge(OLD_PYTHON, JAVA, "related", 1.0),  # deprecated: no node, no edge
    ]
    roles = [
        _role(IT, "IT professionals", "group"),
        _role(DEV, "developer", parent=IT),
        _role(ANALYST, "data analyst", parent=IT),
        _role(NURSE, "nurse"),
    ]
    role_skills = [
        RoleSkillEdge(DEV, PYTHON, "essential", None),
        RoleSkillEdge(DEV, JAVA, "essential", None),
        RoleSkillEdge(DEV, SQL, "optional", None),
        RoleSkillEdge(ANALYST, PYTHON, "essential", 4.0),
        RoleSkillEdge(ANALYST, SQL, "essential", None),
        RoleSkillEdge(ANALYST, EXCEL, "optional", None),
        RoleSkillEdge(NURSE, NURSING, "essential", None),
        RoleSkillEdge(NURSE, FIRST_AID, "essential", None),
    ]
    tasks = [TaskNode(500, "urn:x:task:500", DEV, "write and test code")]
    task_skills = [TaskSkillEdge(500, PYTHON, 1.0), TaskSkillEdge(500, JAVA, 1.0)]
    skill_vectors = None
    if vectors:
        ids = np.array([PYTHON, JAVA, NURSING], dtype=np.int64)
        matrix = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 2.0]], dtype=np.float32)
        skill_vectors = (ids, matrix)
    return GraphData(
        skills=skills,
        skill_edges=skill_edges,
        roles=roles,
        role_skills=role_skills,
        tasks=tasks,
        task_skills=task_skills,
        skill_vectors=skill_vectors,
        version="7.0",
    )


@pytest.fixture(scope="module")
def graph() -> TaxonomyGraph:
    return TaxonomyGraph().fit(data())


def test_typed_nodes_and_ids(graph: TaxonomyGraph) -> None:
    g = graph.graph_
    assert g.nodes["skill:10"]["type"] == "skill"
    assert g.nodes["group:2"]["type"] == "group"
    assert g.nodes["role:100"]["type"] == "role_group"
    assert g.nodes["role:101"]["type"] == "role"
    assert g.nodes["task:500"]["type"] == "task"
    assert node_id("role_group", 100) == "role:100"
    assert parse_node_id("group:2") == ("group", 2)
    with pytest.raises(ValueError, match="not a node id"):
        parse_node_id("person:1")
    assert graph.version_ == "7.0"


def test_deprecated_skill_is_no_node_but_resolves_to_its_replacement(
    graph: TaxonomyGraph,
) -> None:
    assert "skill:15" not in graph.graph_
    assert graph.resolve_skill(OLD_PYTHON) == PYTHON
    assert graph.skill_node(OLD_PYTHON) == "skill:10"
    assert graph.skill_node(999) is None
    assert not graph.graph_.has_edge("skill:15", "skill:11")


def test_typed_weighted_edges(graph: TaxonomyGraph) -> None:
    g = graph.graph_
    assert g.edges["skill:10", "group:2"]["relation"] == "broader"
    assert g.edges["skill:10", "skill:11"] == {"relation": "requires", "weight": 0.9}
    assert g.edges["role:101", "skill:12"] == {"relation": "optional", "weight": 0.5}
    assert g.edges["role:102", "skill:10"]["weight"] == pytest.approx(0.8)  # importance 4/5
    assert g.edges["role:101", "role:100"]["relation"] == "broader"
    assert g.edges["task:500", "role:101"]["relation"] == "task_of"
    assert g.edges["task:500", "skill:11"]["relation"] == "uses"
    assert graph.role_skills(DEV) == {PYTHON: 1.0, JAVA: 1.0, SQL: 0.5}
    assert graph.skill_roles(SQL) == {DEV: 0.5, ANALYST: 1.0}


def test_fitted_graph_is_read_only(graph: TaxonomyGraph) -> None:
    with pytest.raises(nx.NetworkXError):
        graph.graph_.add_node("skill:1234")
    with pytest.raises(ValueError, match="read-only"):
        graph.skill_ids_[0] = 5


def test_ancestors_and_descendants(graph: TaxonomyGraph) -> None:
    assert graph.ancestors("skill:10") == {"group:2": 1, "group:1": 2}
    assert graph.ancestors("skill:10", max_depth=1) == {"group:2": 1}
    below = graph.descendants("group:1")
    assert (below["group:2"], below["skill:10"], below["skill:12"]) == (1, 2, 1)
    assert graph.ancestors("role:101") == {"role:100": 1}
    assert graph.ancestors("skill:404") == {}


def test_find_node_by_id_uri_and_bare_id(graph: TaxonomyGraph) -> None:
    assert graph.find_node("skill:10") == "skill:10"
    assert graph.find_node("urn:x:role:103") == "role:103"
    assert graph.find_node("2") == "group:2"
    assert graph.find_node("15") == "skill:10"  # deprecated id -> replacement
    assert graph.find_node("urn:nope") is None


def test_neighbourhood_depth_kinds_and_limit(graph: TaxonomyGraph) -> None:
    view = graph.neighbourhood("skill:10", depth=1)
    ids = {n["id"] for n in view.nodes}
    assert ids == {"skill:10", "group:2", "skill:11", "role:101", "role:102", "task:500"}
    assert not view.truncated
    assert {n["depth"] for n in view.nodes if n["id"] != "skill:10"} == {1}
    assert all(e["source"] in ids and e["target"] in ids for e in view.edges)
    assert {"source": "skill:10", "target": "skill:11", "relation": "requires", "weight": 0.9} in (
        view.edges
    )
    only_skills = graph.neighbourhood("skill:10", depth=2, kinds=["skill"])
    assert {n["type"] for n in only_skills.nodes} == {"skill"}
    capped = graph.neighbourhood("skill:10", depth=3, limit=3)
    assert len(capped.nodes) == 3
    assert capped.truncated
    with pytest.raises(KeyError):
        graph.neighbourhood("skill:404")


def test_top_levels_are_the_hierarchy_roots(graph: TaxonomyGraph) -> None:
    tops = graph.top_levels(depth=1)
    assert {n["id"] for n in tops.nodes} == {"group:1", "group:3", "role:100"}
    assert tops.edges == []
    two = graph.top_levels(depth=2)
    ids = {n["id"] for n in two.nodes}
    assert {"group:2", "skill:12", "skill:13", "role:101"} <= ids
    assert "skill:10" not in ids  # three levels down
    assert all(e["relation"] == "broader" for e in two.edges)


def test_graphml_round_trip(graph: TaxonomyGraph) -> None:
    view = graph.neighbourhood("role:101", depth=1)
    parsed = nx.parse_graphml(to_graphml(view))
    assert set(parsed.nodes) == {n["id"] for n in view.nodes}
    assert parsed.number_of_edges() == len(view.edges)
    assert parsed.nodes["skill:10"]["label"] == "Python"
    assert parsed.edges["role:101", "skill:12"]["relation"] == "optional"


def test_cooccurrence_similarity(graph: TaxonomyGraph) -> None:
    sim = graph.cooccurrence_similarity([PYTHON, JAVA, NURSING], [PYTHON, JAVA, NURSING])
    assert sim.shape == (3, 3)
    assert np.allclose(np.diag(sim), 1.0, atol=1e-5)
    assert np.allclose(sim, sim.T, atol=1e-6)
    assert sim[0, 1] > 0.5
    assert sim[0, 2] == 0.0
    full = graph.cooccurrence_similarity([PYTHON])
    assert full.shape == (1, graph.skill_ids_.size)


def test_cooccurrence_weighs_down_busy_contexts() -> None:
    """Two skills sharing only a context that lists many skills are less alike than two
    sharing only a small one."""
    skills = [_skill(i, f"s{i}") for i in range(1, 9)]
    roles = [_role(100, "big"), _role(101, "small")]
    role_skills = [RoleSkillEdge(100, i, "essential", None) for i in range(1, 7)]
    role_skills += [
        RoleSkillEdge(101, 7, "essential", None),
        RoleSkillEdge(101, 8, "essential", None),
    ]
    role_skills += [RoleSkillEdge(101, 1, "optional", None)]
    g = TaxonomyGraph().fit(GraphData(skills=skills, roles=roles, role_skills=role_skills))
    sim = g.cooccurrence_similarity([1, 7], [2, 8])
    assert sim[1, 1] > sim[0, 0]


def test_hierarchy_similarity(graph: TaxonomyGraph) -> None:
    sim = graph.hierarchy_similarity([PYTHON, PYTHON, PYTHON], [PYTHON, JAVA, NURSING])
    assert sim[0, 0] == pytest.approx(1.0)
    assert 0.0 < sim[0, 1] < 1.0
    assert sim[0, 2] == 0.0
    cousin = graph.hierarchy_similarity([PYTHON], [SQL])[0, 0]
    assert 0.0 < cousin < sim[0, 1]


def test_unknown_ids_score_zero_and_deprecated_ids_follow_replacement(
    graph: TaxonomyGraph,
) -> None:
    assert graph.cooccurrence_similarity([999], [PYTHON])[0, 0] == 0.0
    assert graph.hierarchy_similarity([OLD_PYTHON], [PYTHON])[0, 0] == pytest.approx(1.0)


def test_embedding_part_and_combined_score() -> None:
    g = TaxonomyGraph(weights={"hierarchy": 0.0, "cooccurrence": 0.5, "embedding": 0.5})
    g.fit(data(vectors=True))
    emb, mask = g.embedding_similarity([PYTHON], [JAVA, SQL])
    assert emb[0, 0] == pytest.approx(0.8, abs=1e-6)
    assert mask.tolist() == [[True, False]]
    parts = g.skill_similarity([PYTHON], [JAVA, SQL])
    co = parts["cooccurrence"][0]
    assert parts["score"][0, 0] == pytest.approx(0.5 * co[0] + 0.5 * 0.8, abs=1e-5)
    assert parts["score"][0, 1] == pytest.approx(co[1], abs=1e-5)  # no vector: drops out
    without = TaxonomyGraph().fit(data())
    assert without.vectors_ is None
    assert not without.embedding_similarity([PYTHON], [JAVA])[1].any()


def test_similar_skills(graph: TaxonomyGraph) -> None:
    found = graph.similar_skills(PYTHON, k=3)
    assert found[0].skill_id == JAVA
    assert all(f.skill_id not in (PYTHON, DIGITAL, PROGRAMMING) for f in found)
    assert set(found[0].parts) == {"cooccurrence", "hierarchy", "embedding"}
    assert [f.score for f in found] == sorted((f.score for f in found), reverse=True)
    assert graph.similar_skills(OLD_PYTHON, k=1)[0].skill_id == JAVA
    assert graph.similar_skills(999) == []
