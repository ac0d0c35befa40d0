"""Vector search in PostgreSQL with pgvector: HNSW for whole-set queries, exact for subsets.

Implements `talentmarket.textintel.vectors.VectorIndex` over entity_vectors.embedding. The
SQL repeats the index expression (`embedding::vector(384)`) and inlines the partial-index
predicate (entity, dim) as literals, so the planner can use the HNSW index of migration
0002; a query restricted to `allowed` ids orders by an expression the index cannot serve,
so it is exact over those rows (an HNSW scan would filter after the fact and return less).
`hnsw.ef_search` is set per transaction (SET LOCAL through set_config).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
from sqlalchemy import text
from sqlalchemy.orm import Session

from talentmarket.embeddings.sources import ENTITY_NAMES
from talentmarket.textintel.vectors import FloatArray, IdArray, normalise_rows
from talentmarket.vectorstore.pgschema import pgvector_version
from talentmarket.vectorstore.repository import pg_literal

EF_SEARCH = 100


class PgVectorIndex:
    """Nearest entity vectors by cosine distance, computed by PostgreSQL."""

    def __init__(
        self,
        session_factory: Callable[[], Session],
        entity: str,
        model_id: str,
        dim: int,
        ef_search: int = EF_SEARCH,
    ) -> None:
        if entity not in ENTITY_NAMES:
            msg = f"unknown entity {entity!r}"
            raise ValueError(msg)
        self.session_factory = session_factory
        self.entity = entity
        self.model_id = model_id
        self.dim = int(dim)
        self.ef_search = int(ef_search)
        # Literals, not parameters: a generic plan could not match the partial index.
        expr = f"embedding::vector({self.dim})"
        where = f"entity = '{entity}' AND dim = {self.dim} AND model_id = :model_id"
        self._knn = text(
            f"SELECT entity_id, {expr} <=> CAST(:q AS vector({self.dim})) AS distance "
            f"FROM entity_vectors WHERE {where} "
            f"ORDER BY {expr} <=> CAST(:q AS vector({self.dim})) LIMIT :k"
        )
        # unnest + join: primary-key lookups of the allowed ids, whatever the statistics say
        self._exact_subset = text(
            f"SELECT ev.entity_id, ev.{expr} <=> CAST(:q AS vector({self.dim})) AS distance "
            f"FROM unnest(CAST(:ids AS integer[])) AS allowed(id) JOIN entity_vectors ev "
            f"ON ev.entity_id = allowed.id AND ev.entity = '{entity}' AND ev.dim = {self.dim} "
            f"AND ev.model_id = :model_id "
            f"ORDER BY (ev.{expr} <=> CAST(:q AS vector({self.dim}))) + 0, ev.entity_id LIMIT :k"
        )
        with self.session_factory() as session:
            self._size = int(
                session.execute(
                    text(f"SELECT count(*) FROM entity_vectors WHERE {where}"),
                    {"model_id": model_id},
                ).scalar_one()
            )
            self._iterative = pgvector_version(session.connection()) >= (0, 8)

    def __len__(self) -> int:
        return self._size

    def _prepare(self, session: Session) -> None:
        # One round trip for both settings; `true` makes them SET LOCAL (this transaction).
        # pgvector >= 0.8 can keep scanning until k rows pass the model_id filter.
        scan = (
            ", set_config('hnsw.iterative_scan', 'strict_order', true)" if self._iterative else ""
        )
        session.execute(
            text(f"SELECT set_config('hnsw.ef_search', :ef, true){scan}"),
            {"ef": str(self.ef_search)},
        )

    def _run(
        self, session: Session, query: FloatArray, k: int, allowed: list[int] | None
    ) -> tuple[IdArray, FloatArray]:
        q = pg_literal(normalise_rows(np.asarray(query, dtype=np.float32).reshape(-1))[0])
        params: dict[str, object] = {"q": q, "k": int(k), "model_id": self.model_id}
        if allowed is None:
            rows = session.execute(self._knn, params).all()
        else:
            rows = session.execute(self._exact_subset, params | {"ids": allowed}).all()
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        scores = np.fromiter((1.0 - float(r[1]) for r in rows), dtype=np.float32, count=len(rows))
        return ids, scores

    def search(
        self, query: FloatArray, k: int, *, allowed: Iterable[int] | None = None
    ) -> tuple[IdArray, FloatArray]:
        """Top k of one query (dim,): ids (k',) int64 and scores (k',) float32, best first."""
        if np.asarray(query).size != self.dim:
            msg = f"query has {np.asarray(query).size} dimensions, the index {self.dim}"
            raise ValueError(msg)
        subset = None if allowed is None else sorted({int(i) for i in allowed})
        if k <= 0 or subset == []:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        with self.session_factory() as session:
            self._prepare(session)
            return self._run(session, query, k, subset)

    def search_many(self, queries: FloatArray, k: int) -> tuple[IdArray, FloatArray]:
        """Top k of each query (m, dim): ids (m, k') int64 and scores (m, k'), best first.

        k' = min(k, len(self)); an approximate search may find fewer for a query, whose
        row is then padded with id -1 and score -inf.
        """
        qs = np.asarray(queries, dtype=np.float32).reshape(-1, self.dim)
        kk = max(min(k, self._size), 0)
        out_ids = np.full((qs.shape[0], kk), -1, dtype=np.int64)
        out_scores = np.full((qs.shape[0], kk), -np.inf, dtype=np.float32)
        if kk == 0:
            return out_ids, out_scores
        with self.session_factory() as session:
            self._prepare(session)
            for i, q in enumerate(qs):
                ids, scores = self._run(session, q, kk, None)
                out_ids[i, : ids.size] = ids
                out_scores[i, : scores.size] = scores
        return out_ids, out_scores
