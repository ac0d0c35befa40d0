"""The taxonomy graph of the running service: loaded from the database, built once per
taxonomy version and shared by every request (and thread) until the taxonomy changes.

The cache key is the stored taxonomy data version (every import and governance write bumps
it) plus the skill-vector version and model, so replicas notice each other's changes. One
lock makes concurrent first requests wait for a single build instead of building twice.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from talentmarket.db.versions import data_versions
from talentmarket.errors import MalformedInput, NotFound
from talentmarket.runtime import Runtime
from talentmarket.taxonomy.graph.repository import load_graph_data
from talentmarket.taxonomy.graph.rows import (
    NODE_TYPES,
)
from talentmarket.taxonomy.graph.taxonomy_graph import TaxonomyGraph
from talentmarket.taxonomy.graph.views import GraphView
from talentmarket.taxonomy.repository import RoleRepository, SkillRepository
from talentmarket.textintel.encoders import DEFAULT_MODEL
from talentmarket.vectorstore.repository import FloatArray, IdArray, VectorRepository

log = logging.getLogger(__name__)
CACHE_NAME = "taxonomy-graph"
_BUILD_LOCK = threading.Lock()


@dataclass(frozen=True)
class BuildTimings:
    """Seconds spent reading rows, reading vectors and building the graph."""

    load_rows: float
    load_vectors: float
    fit: float

    @property
    def total(self) -> float:
        """Seconds from the first query to a usable graph."""
        return self.load_rows + self.load_vectors + self.fit


def configured_model_id(runtime: Runtime) -> str:
    """Model id of the configured encoder, without loading a neural model."""
    if runtime.settings.encoder == "hashing":
        return runtime.encoder.model_id
    model = runtime.settings.model
    aliases = (DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}", "default")
    return DEFAULT_MODEL if model in aliases else model


def load_skill_vectors(session: Session, model_id: str) -> tuple[IdArray, FloatArray] | None:
    """Stored skill document vectors of a model: ids (n,) and (n, dim); None if none."""
    repo = VectorRepository(session)
    if not repo.entity_dim("skill", model_id):
        return None
    return repo.entity_matrix("skill", model_id)


def build_graph(
    session: Session, model_id: str | None = None, version: str = ""
) -> tuple[TaxonomyGraph, BuildTimings]:
    """Load the rows and fit a TaxonomyGraph; returns it with the time each step took."""
    started = time.perf_counter()
    rows = load_graph_data(session, version)
    loaded = time.perf_counter()
    if model_id is not None:
        rows = replace(rows, skill_vectors=load_skill_vectors(session, model_id))
    vectors_loaded = time.perf_counter()
    graph = TaxonomyGraph().fit(rows)
    done = time.perf_counter()
    return graph, BuildTimings(loaded - started, vectors_loaded - loaded, done - vectors_loaded)


def graph_key(session: Session, model_id: str) -> tuple[int, int, str]:
    """What the cached graph depends on: taxonomy version, skill-vector version, model."""
    versions = data_versions(session)
    return versions.get("taxonomy", 0), versions.get("vectors:skill", 0), model_id


def get_graph(runtime: Runtime, session: Session) -> TaxonomyGraph:
    """The taxonomy graph for the database's current taxonomy version (built if needed)."""
    model_id = configured_model_id(runtime)
    key = graph_key(session, model_id)

    def build() -> TaxonomyGraph:
        graph, timings = build_graph(session, model_id, version=f"{key[0]}.{key[1]}")
        log.info(
            "taxonomy graph v%s: %d nodes, %d edges in %.2f s (rows %.2f, vectors %.2f, fit %.2f)",
            graph.version_,
            graph.graph_.number_of_nodes(),
            graph.graph_.number_of_edges(),
            timings.total,
            timings.load_rows,
            timings.load_vectors,
            timings.fit,
        )
        return graph

    with _BUILD_LOCK:
        return runtime.cached(CACHE_NAME, key, build)


def _resolve_root(graph: TaxonomyGraph, session: Session, root: str) -> str:
    """A node for root: node id, URI, bare skill id (replacements followed), or role URI."""
    node = graph.find_node(root)
    if node is None and not root.isdigit():
        skill_id = SkillRepository(session).id_of_uri(root)
        if skill_id is not None:
            node = graph.skill_node(skill_id)
        else:
            role_id = RoleRepository(session).id_of_uri_or_code(root)
            node = graph.role_node(role_id) if role_id is not None else None
    if node is None:
        raise NotFound(f"no skill, group, role or task {root!r} in the taxonomy graph")
    return node


def graph_view(
    runtime: Runtime,
    session: Session,
    root: str | None,
    depth: int,
    kinds: list[str] | None,
    limit: int,
) -> tuple[GraphView, str]:
    """The piece of the graph around root (or the hierarchy tops) and the graph version."""
    unknown = sorted(set(kinds or ()) - set(NODE_TYPES))
    if unknown:
        raise MalformedInput(
            f"unknown node type(s) {', '.join(unknown)}; use {', '.join(NODE_TYPES)}",
            field="query.kinds",
        )
    graph = get_graph(runtime, session)
    if root is None:
        return graph.top_levels(depth, kinds, limit), graph.version_
    node = _resolve_root(graph, session, root)
    return graph.neighbourhood(node, depth, kinds, limit), graph.version_
