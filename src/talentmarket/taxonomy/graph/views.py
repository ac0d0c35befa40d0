"""Bounded pieces of the taxonomy graph to draw, and their GraphML form (a core)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

import networkx as nx

Expand = Callable[[str], list[tuple[float, str]]]
EDGES_PER_NODE = 10  # a view carries at most limit * EDGES_PER_NODE edges


@dataclass(frozen=True)
class GraphView:
    """A bounded piece of the graph: nodes, edges, and whether the bounds cut it."""

    root: str | None
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    truncated: bool


def neighbourhood(
    g: nx.DiGraph, root: str, depth: int, kinds: Collection[str] | None, limit: int
) -> GraphView:
    """Nodes within depth hops of root, either direction, strongest edges first."""
    if root not in g:
        msg = f"{root} is not in the graph"
        raise KeyError(msg)

    def neighbours(node: str) -> list[tuple[float, str]]:
        out = [(-float(a["weight"]), v) for v, a in g.succ[node].items()]
        out += [(-float(a["weight"]), u) for u, a in g.pred[node].items()]
        return sorted(out)

    return _bfs(g, [root], depth, kinds, limit, neighbours, root)


def top_levels(g: nx.DiGraph, depth: int, kinds: Collection[str] | None, limit: int) -> GraphView:
    """Roots of the skill-group and role-group hierarchies (groups without a broader
    node) and depth-1 levels of narrower nodes below them."""
    roots = sorted(
        n
        for n, a in g.nodes(data=True)
        if a["type"] in ("group", "role_group")
        and not any(x["relation"] == "broader" for x in g.succ[n].values())
    )

    def children(node: str) -> list[tuple[float, str]]:
        return sorted((0.0, u) for u, a in g.pred[node].items() if a["relation"] == "broader")

    return _bfs(g, roots, depth - 1, kinds, limit, children, None, relations={"broader"})


def _bfs(
    g: nx.DiGraph,
    start: list[str],
    depth: int,
    kinds: Collection[str] | None,
    limit: int,
    expand: Expand,
    root: str | None,
    relations: set[str] | None = None,
) -> GraphView:
    allowed = set(kinds) if kinds else None
    level: dict[str, int] = {}
    truncated = False
    for node in start:
        if allowed is None or g.nodes[node]["type"] in allowed or node == root:
            if len(level) >= limit:
                truncated = True
                break
            level[node] = 0
    frontier = list(level)
    for d in range(1, depth + 1):
        nxt: list[str] = []
        for node in frontier:
            for _, other in expand(node):
                if other in level or (
                    allowed is not None and g.nodes[other]["type"] not in allowed
                ):
                    continue
                if len(level) >= limit:
                    truncated = True
                    break
                level[other] = d
                nxt.append(other)
        frontier = nxt
    max_edges = limit * EDGES_PER_NODE
    edges: list[dict[str, Any]] = []
    for u in level:
        for v, a in g.succ[u].items():
            if v not in level or (relations is not None and a["relation"] not in relations):
                continue
            if len(edges) >= max_edges:
                truncated = True
                break
            edges.append(
                {"source": u, "target": v, "relation": a["relation"], "weight": a["weight"]}
            )
    nodes = [_node_dict(g, n, d) for n, d in level.items()]
    return GraphView(root=root, nodes=nodes, edges=edges, truncated=truncated)


def _node_dict(g: nx.DiGraph, node: str, depth: int) -> dict[str, Any]:
    a = g.nodes[node]
    return {"id": node, "type": a["type"], "label": a["label"], "uri": a["uri"], "depth": depth}


def to_graphml(view: GraphView) -> str:
    """The view as a GraphML document (node type, label, uri, depth; edge relation, weight)."""
    out: nx.DiGraph = nx.DiGraph(root=view.root or "", truncated=view.truncated)
    for n in view.nodes:
        out.add_node(
            n["id"], type=n["type"], label=n["label"], uri=n["uri"] or "", depth=int(n["depth"])
        )
    for e in view.edges:
        out.add_edge(e["source"], e["target"], relation=e["relation"], weight=float(e["weight"]))
    return "\n".join(nx.generate_graphml(out)) + "\n"
