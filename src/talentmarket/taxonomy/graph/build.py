"""Turn graph rows into a networkx DiGraph with typed, weighted edges (a core)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from talentmarket.taxonomy.graph.rows import GraphData, node_id

# When two rows link the same pair of nodes, the relation ranked first keeps the edge.
RELATION_PRIORITY = {
    "broader": 0,
    "task_of": 0,
    "essential": 1,
    "requires": 1,
    "uses": 1,
    "essential_for": 2,
    "optional": 2,
    "same_as": 3,
    "related": 4,
    "close_match": 5,
    "optional_for": 6,
}

RoleSkillWeight = Callable[[str, float | None], float]


@dataclass
class Built:
    """The graph, the kind of each active skill id, and (skill, context, weight) lists
    of role and task contexts for co-occurrence."""

    graph: nx.DiGraph
    kind_of: dict[int, str]
    contexts: tuple[list[int], list[int], list[float]]


def _attrs(kind: str, ref: int, label: str, uri: str, source: str, **more: Any) -> dict[str, Any]:
    return {"type": kind, "ref": ref, "label": label, "uri": uri, "source": source, **more}


Edge = tuple[int, str, str, str, float]  # (rank, u, v, relation, weight)
Contexts = tuple[list[int], list[int], list[float]]  # skill ids, context positions, weights


def build_digraph(data: GraphData, role_skill_weight: RoleSkillWeight) -> Built:
    """Nodes for active skills, groups, roles, role groups and tasks; their edges."""
    g: nx.DiGraph = nx.DiGraph()
    active = [s for s in data.skills if s.status != "deprecated"]
    kind_of = {s.id: ("group" if s.kind == "group" else "skill") for s in active}
    g.add_nodes_from(
        (
            node_id(kind_of[s.id], s.id),
            _attrs(kind_of[s.id], s.id, s.label, s.uri, s.source, skill_type=s.skill_type),
        )
        for s in active
    )
    roles = [r for r in data.roles if r.status != "deprecated"]
    g.add_nodes_from(
        (
            node_id("role", r.id),
            _attrs("role_group" if r.kind == "group" else "role", r.id, r.title, r.uri, r.source),
        )
        for r in roles
    )
    role_ids = {r.id for r in roles}
    tasks = [t for t in data.tasks if t.role_id in role_ids]
    g.add_nodes_from(
        (node_id("task", t.id), _attrs("task", t.id, t.statement, t.uri, "", role_id=t.role_id))
        for t in tasks
    )
    skill_node = {sid: f"{kind}:{sid}" for sid, kind in kind_of.items()}
    rows = _taxonomy_edges(data, skill_node, roles, role_ids)
    contexts: Contexts = ([], [], [])
    rows += _context_edges(data, skill_node, sorted(role_ids), tasks, role_skill_weight, contexts)
    rows.sort(key=lambda r: -r[0])  # worst rank first, so the best relation of a pair wins
    best = {(u, v): (rel, w) for _, u, v, rel, w in rows if u != v}
    g.add_edges_from((u, v, {"relation": r, "weight": w}) for (u, v), (r, w) in best.items())
    return Built(graph=g, kind_of=kind_of, contexts=contexts)


def _taxonomy_edges(
    data: GraphData, skill_node: dict[int, str], roles: list[Any], role_ids: set[int]
) -> list[Edge]:
    """Skill relations, role hierarchy and role relations."""
    rank = RELATION_PRIORITY.get
    rows: list[Edge] = []
    for e in data.skill_edges:
        u, v = skill_node.get(e.source_id), skill_node.get(e.target_id)
        if u is not None and v is not None:
            rows.append((rank(e.relation, 9), u, v, e.relation, float(e.weight)))
    rows.extend(
        (0, f"role:{r.id}", f"role:{r.parent_id}", "broader", 1.0)
        for r in roles
        if r.parent_id in role_ids
    )
    rows.extend(
        (rank(e.relation, 9), f"role:{e.source_id}", f"role:{e.target_id}", e.relation, e.weight)
        for e in data.role_edges
        if e.source_id in role_ids and e.target_id in role_ids
    )
    return rows


def _context_edges(
    data: GraphData,
    skill_node: dict[int, str],
    role_order: list[int],
    tasks: list[Any],
    role_skill_weight: RoleSkillWeight,
    contexts: Contexts,
) -> list[Edge]:
    """Role-skill, task-role and task-skill edges; each role and task is also a context
    of its skills (appended to `contexts`) for co-occurrence similarity."""
    rank = RELATION_PRIORITY.get
    ctx_skill, ctx_pos, ctx_weight = contexts
    rows: list[Edge] = []
    role_ctx = {rid: i for i, rid in enumerate(role_order)}
    for rs in data.role_skills:
        node = skill_node.get(rs.skill_id)
        if node is None or rs.role_id not in role_ctx:
            continue
        weight = role_skill_weight(rs.relation, rs.importance)
        rows.append((rank(rs.relation, 9), f"role:{rs.role_id}", node, rs.relation, weight))
        ctx_skill.append(rs.skill_id)
        ctx_pos.append(role_ctx[rs.role_id])
        ctx_weight.append(weight)
    task_ctx = {t.id: len(role_ctx) + i for i, t in enumerate(tasks)}
    rows.extend((0, f"task:{t.id}", f"role:{t.role_id}", "task_of", 1.0) for t in tasks)
    for ts in data.task_skills:
        node = skill_node.get(ts.skill_id)
        if node is None or ts.task_id not in task_ctx:
            continue
        rows.append((1, f"task:{ts.task_id}", node, "uses", float(ts.weight)))
        ctx_skill.append(ts.skill_id)
        ctx_pos.append(task_ctx[ts.task_id])
        ctx_weight.append(ts.weight)
    return rows
