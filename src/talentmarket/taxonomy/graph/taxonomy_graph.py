"""The taxonomy as a graph (networkx): skills, skill groups, roles, role groups and tasks
with typed, weighted edges, and skill similarity from the hierarchy, co-occurrence in roles
and tasks, and embeddings. A core: plain rows in (`rows`), no database, no web.

Edges point the way the data reads:
  skill|group --broader--> group|skill       (narrower to broader)
  skill --related|requires|essential_for|optional_for|same_as--> skill
  role --essential|optional--> skill          (weight 1.0 / optional_weight, x importance/5)
  role --broader--> role group                (the role hierarchy, from parent_id)
  role --related|same_as|close_match|broader--> role
  task --task_of--> role,  task --uses--> skill
Two rows that link the same pair keep one edge, the one whose relation ranks first in
`build.RELATION_PRIORITY`. Deprecated skills and roles are not nodes; `resolve_skill`
maps an old id to its replacement. A fitted graph is read-only: share it across threads.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Self

import networkx as nx
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from talentmarket.taxonomy.graph import similarity as gs
from talentmarket.taxonomy.graph import views as graph_views
from talentmarket.taxonomy.graph.build import build_digraph
from talentmarket.taxonomy.graph.rows import GraphData, node_id, parse_node_id
from talentmarket.taxonomy.graph.views import GraphView

FloatArray = NDArray[np.float32]
IntArray = NDArray[np.int64]
DEFAULT_WEIGHTS = {"hierarchy": 0.3, "cooccurrence": 0.4, "embedding": 0.3}


@dataclass(frozen=True)
class SimilarSkill:
    """A skill similar to another, with the combined score and each part."""

    skill_id: int
    score: float
    parts: dict[str, float]


class TaxonomyGraph:
    """Skills, groups, roles and tasks as one directed graph, with similarity matrices."""

    def __init__(
        self,
        optional_weight: float = 0.5,
        weights: Mapping[str, float] | None = None,
    ) -> None:
        self.optional_weight = optional_weight
        self.weights = dict(weights) if weights is not None else dict(DEFAULT_WEIGHTS)

    # -- building ------------------------------------------------------------------------
    def fit(self, data: GraphData) -> Self:
        """Build the graph and the similarity matrices from rows; sets the `*_` attributes."""
        built = build_digraph(data, self.role_skill_weight)
        self.replaced_by_: dict[int, int] = {
            s.id: s.replaced_by_id for s in data.skills if s.replaced_by_id is not None
        }
        self.graph_: nx.DiGraph = nx.freeze(built.graph)
        self.uri_index_: dict[str, str] = {
            str(a["uri"]): n for n, a in self.graph_.nodes(data=True) if a["uri"]
        }
        self.version_ = data.version
        self._fit_similarity(data, built.kind_of, *built.contexts)
        return self

    def role_skill_weight(self, relation: str, importance: float | None) -> float:
        """Edge weight of role needs skill: 1.0 essential, optional_weight optional,
        times importance/5 when the source rates importance (O*NET)."""
        base = 1.0 if relation == "essential" else self.optional_weight
        return base * (importance / 5.0) if importance else base

    def _fit_similarity(
        self,
        data: GraphData,
        kind_of: dict[int, str],
        ctx_skill: list[int],
        ctx_pos: list[int],
        ctx_weight: list[float],
    ) -> None:
        ids = np.array(sorted(kind_of), dtype=np.int64)
        ids.setflags(write=False)
        self.skill_ids_: IntArray = ids
        self.is_group_: NDArray[np.bool_] = np.array([kind_of[i] == "group" for i in ids.tolist()])
        n = ids.size
        self.cooccurrence_: sp.csr_matrix = gs.cooccurrence_matrix(
            self._pos(ctx_skill),
            np.asarray(ctx_pos, dtype=np.int64),
            np.asarray(ctx_weight, dtype=np.float64),
            n,
        )
        child, parent = [], []
        for e in data.skill_edges:
            if e.relation == "broader" and e.source_id in kind_of and e.target_id in kind_of:
                child.append(e.source_id)
                parent.append(e.target_id)
        self.ancestors_: sp.csr_matrix = gs.ancestor_closure(self._pos(child), self._pos(parent), n)
        self.ancestor_weights_ = gs.ancestor_weights(self.ancestors_)
        self.vectors_: FloatArray | None = None
        self.has_vector_ = np.zeros(n, dtype=np.bool_)
        if data.skill_vectors is not None and data.skill_vectors[0].size:
            vec_ids, matrix = data.skill_vectors
            vectors = np.zeros((n, matrix.shape[1]), dtype=np.float32)
            at = np.searchsorted(ids, vec_ids)
            ok = (at < n) & (ids[np.minimum(at, n - 1)] == vec_ids) if n else at < 0
            norms = np.linalg.norm(matrix[ok], axis=1, keepdims=True)
            vectors[at[ok]] = matrix[ok] / np.where(norms == 0, 1.0, norms)
            self.has_vector_[at[ok]] = norms.ravel() > 0
            vectors.setflags(write=False)
            self.vectors_ = vectors
        self.has_vector_.setflags(write=False)

    def _pos(self, skill_ids: Sequence[int]) -> IntArray:
        """Positions of known active skill ids (all must be present)."""
        return np.searchsorted(self.skill_ids_, np.asarray(skill_ids, dtype=np.int64))

    # -- nodes and hierarchy -------------------------------------------------------------
    def resolve_skill(self, skill_id: int) -> int | None:
        """The active skill id for skill_id (following replacements); None if unknown."""
        seen: set[int] = set()
        current = skill_id
        while current not in seen:
            seen.add(current)
            if self.skill_node(current, resolve=False) is not None:
                return current
            nxt = self.replaced_by_.get(current)
            if nxt is None:
                return None
            current = nxt
        return None

    def skill_node(self, skill_id: int, *, resolve: bool = True) -> str | None:
        """Node id of a skill or skill group ("skill:<id>" / "group:<id>"), None if absent."""
        for prefix in ("skill", "group"):
            node = f"{prefix}:{skill_id}"
            if node in self.graph_:
                return node
        if resolve:
            active = self.resolve_skill(skill_id)
            return None if active is None else self.skill_node(active, resolve=False)
        return None

    def role_node(self, role_id: int) -> str | None:
        """Node id of a role or role group, None if absent."""
        node = node_id("role", role_id)
        return node if node in self.graph_ else None

    def find_node(self, ref: str) -> str | None:
        """A node by node id ("skill:12"), URI, or bare id (skill first, then role)."""
        if ref in self.graph_:
            return ref
        if ref.isdigit():
            return self.skill_node(int(ref)) or self.role_node(int(ref))
        try:
            prefix, ident = parse_node_id(ref)
        except ValueError:
            return self.uri_index_.get(ref)
        if prefix in ("skill", "group"):
            return self.skill_node(ident)
        return None

    def ancestors(self, node: str, max_depth: int | None = None) -> dict[str, int]:
        """Broader nodes above node (skills/groups, or role groups) -> distance (1 = parent)."""
        return self._walk(node, max_depth, up=True)

    def descendants(self, node: str, max_depth: int | None = None) -> dict[str, int]:
        """Narrower nodes below node -> distance (1 = child)."""
        return self._walk(node, max_depth, up=False)

    def _walk(self, node: str, max_depth: int | None, *, up: bool) -> dict[str, int]:
        if node not in self.graph_:
            return {}
        adjacency = self.graph_.succ if up else self.graph_.pred
        found: dict[str, int] = {}
        frontier = [node]
        depth = 0
        while frontier and (max_depth is None or depth < max_depth):
            depth += 1
            nxt = []
            for current in frontier:
                for other, attrs in adjacency[current].items():
                    if attrs["relation"] == "broader" and other not in found and other != node:
                        found[other] = depth
                        nxt.append(other)
            frontier = nxt
        return found

    def role_skills(self, role_id: int) -> dict[int, float]:
        """Skill id -> weight of the skills a role needs (essential and optional)."""
        node = self.role_node(role_id)
        if node is None:
            return {}
        return {
            int(self.graph_.nodes[v]["ref"]): float(a["weight"])
            for v, a in self.graph_.succ[node].items()
            if a["relation"] in ("essential", "optional")
        }

    def skill_roles(self, skill_id: int) -> dict[int, float]:
        """Role id -> weight of the roles that need a skill."""
        node = self.skill_node(skill_id)
        if node is None:
            return {}
        return {
            int(self.graph_.nodes[u]["ref"]): float(a["weight"])
            for u, a in self.graph_.pred[node].items()
            if a["relation"] in ("essential", "optional")
        }

    # -- views to draw -------------------------------------------------------------------
    def neighbourhood(
        self, root: str, depth: int = 1, kinds: Collection[str] | None = None, limit: int = 500
    ) -> GraphView:
        """Nodes within depth hops of root (either direction), strongest edges first, at
        most limit nodes; with kinds, only nodes of those types (root always). KeyError if
        root is not a node."""
        return graph_views.neighbourhood(self.graph_, root, depth, kinds, limit)

    def top_levels(
        self, depth: int = 1, kinds: Collection[str] | None = None, limit: int = 500
    ) -> GraphView:
        """Roots of the skill-group and role-group hierarchies and depth-1 levels below."""
        return graph_views.top_levels(self.graph_, depth, kinds, limit)

    # -- similarity ----------------------------------------------------------------------
    def positions(self, skill_ids: Iterable[int]) -> tuple[IntArray, NDArray[np.bool_]]:
        """Matrix rows (k,) of skill ids (replacements followed) and a found mask (k,);
        unknown ids get row 0 and found False."""
        wanted = [self.resolve_skill(int(s)) for s in skill_ids]
        known = np.array([w is not None for w in wanted], dtype=np.bool_)
        ids = np.array([w if w is not None else -1 for w in wanted], dtype=np.int64)
        at = np.searchsorted(self.skill_ids_, ids)
        at = np.where(known, np.minimum(at, max(self.skill_ids_.size - 1, 0)), 0)
        return at.astype(np.int64), known

    def _blocks(
        self, a: Sequence[int], b: Sequence[int] | None
    ) -> tuple[IntArray, NDArray[np.bool_], IntArray | None, NDArray[np.bool_]]:
        pa, ka = self.positions(a)
        if b is None:
            return pa, ka, None, np.ones(self.skill_ids_.size, dtype=np.bool_)
        pb, kb = self.positions(b)
        return pa, ka, pb, kb

    def cooccurrence_similarity(
        self, a: Sequence[int], b: Sequence[int] | None = None
    ) -> FloatArray:
        """Cosine of IDF-weighted role/task co-occurrence: (len(a), len(b) or n_skills)."""
        pa, ka, pb, kb = self._blocks(a, b)
        block = gs.cosine_block(self.cooccurrence_, pa, pb)
        return np.where(ka[:, None] & kb[None, :], block, 0.0).astype(np.float32)

    def hierarchy_similarity(self, a: Sequence[int], b: Sequence[int] | None = None) -> FloatArray:
        """Weighted Jaccard of shared ancestors: (len(a), len(b) or n_skills)."""
        pa, ka, pb, kb = self._blocks(a, b)
        block = gs.hierarchy_similarity(self.ancestors_, self.ancestor_weights_, pa, pb)
        return np.where(ka[:, None] & kb[None, :], block, 0.0).astype(np.float32)

    def embedding_similarity(
        self, a: Sequence[int], b: Sequence[int] | None = None
    ) -> tuple[FloatArray, NDArray[np.bool_]]:
        """Cosine of stored skill vectors and the mask of pairs that both have one."""
        pa, ka, pb, kb = self._blocks(a, b)
        if self.vectors_ is None:
            shape = (pa.size, self.skill_ids_.size if pb is None else pb.size)
            return np.zeros(shape, dtype=np.float32), np.zeros(shape, dtype=np.bool_)
        scores, mask = gs.dense_cosine_block(self.vectors_, self.has_vector_, pa, pb)
        return scores, mask & ka[:, None] & kb[None, :]

    def skill_similarity(
        self, a: Sequence[int], b: Sequence[int] | None = None
    ) -> dict[str, FloatArray]:
        """Each part and their weighted mean ('score'): arrays (len(a), len(b) or n_skills).
        The embedding part drops out of a pair's mean when a vector is missing."""
        co = self.cooccurrence_similarity(a, b)
        hi = self.hierarchy_similarity(a, b)
        em, mask = self.embedding_similarity(a, b)
        score = gs.combine_parts(
            [
                (self.weights.get("cooccurrence", 0.0), co, None),
                (self.weights.get("hierarchy", 0.0), hi, None),
                (self.weights.get("embedding", 0.0), em, mask),
            ]
        )
        return {"score": score, "cooccurrence": co, "hierarchy": hi, "embedding": em}

    def similar_skills(self, skill_id: int, k: int = 10) -> list[SimilarSkill]:
        """The k skills (not groups) most similar to one, best first, with the parts."""
        active = self.resolve_skill(skill_id)
        if active is None:
            return []
        parts = self.skill_similarity([active])
        score = parts["score"][0].copy()
        score[self.is_group_] = -1.0
        score[self.positions([active])[0]] = -1.0
        best = np.argsort(-score, kind="stable")[:k]
        return [
            SimilarSkill(
                skill_id=int(self.skill_ids_[i]),
                score=float(score[i]),
                parts={name: float(parts[name][0, i]) for name in parts if name != "score"},
            )
            for i in best
            if score[i] > 0
        ]
