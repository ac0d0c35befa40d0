"""Pick the vector index for an entity kind: pgvector on PostgreSQL when it is there,
else exact numpy search over the stored vectors; cached per data version."""

from __future__ import annotations

import logging

import numpy as np

from talentmarket.db.versions import changed_since, data_versions
from talentmarket.embeddings.service import vector_version_name
from talentmarket.runtime import Runtime
from talentmarket.textintel.vectors import NumpyIndex, VectorIndex
from talentmarket.vectorstore.pgschema import pgvector_status
from talentmarket.vectorstore.repository import VectorRepository

log = logging.getLogger(__name__)
_warned: set[str] = set()


def pgvector_usable(runtime: Runtime) -> bool:
    """pgvector status of the runtime's database, checked once per runtime."""

    def check() -> bool:
        if runtime.engine.dialect.name != "postgresql":
            return False
        with runtime.sessionmaker() as session:
            usable, reason = pgvector_status(session.connection())
        url = runtime.engine.url.render_as_string(hide_password=True)
        if usable:
            log.info("vector search through %s in PostgreSQL", reason)
        elif url not in _warned:
            _warned.add(url)
            log.warning("vector search runs in-process (numpy) on PostgreSQL: %s", reason)
        return usable

    return runtime.cached("pgvector-status", str(runtime.engine.url), check)


def vector_index(
    runtime: Runtime, entity: str, model_id: str | None = None, *, backend: str = "auto"
) -> VectorIndex:
    """The vector index of one entity kind's stored document vectors under model_id
    (default: the runtime encoder's model). backend: 'auto', 'numpy' or 'pgvector'."""
    return vector_index_at(runtime, entity, model_id, backend=backend)[0]


def vector_index_at(
    runtime: Runtime, entity: str, model_id: str | None = None, *, backend: str = "auto"
) -> tuple[VectorIndex, int]:
    """The vector index and the vector version it holds. A change of a few rows recorded
    row by row (`note_change`) does not rebuild it: callers search those rows directly
    (`changed_since` the version it holds); other changes rebuild it."""
    model = model_id if model_id is not None else runtime.encoder.model_id
    use_pg = backend == "pgvector" or (backend == "auto" and pgvector_usable(runtime))
    area = vector_version_name(entity)
    with runtime.sessionmaker() as session:
        version = data_versions(session).get(area, 0)
        dim = VectorRepository(session).entity_dim(entity, model)

        def build() -> tuple[VectorIndex, int]:
            if use_pg and dim:
                from talentmarket.embeddings.pgvector_index import PgVectorIndex

                return PgVectorIndex(runtime.sessionmaker, entity, model, dim), version
            ids, matrix = VectorRepository(session).entity_matrix(entity, model)
            if ids.size == 0:
                return NumpyIndex(ids, np.zeros((0, dim or 0), dtype=np.float32)), version
            return NumpyIndex(ids, matrix), version

        def keep(
            value: tuple[VectorIndex, int], since: tuple[int, ...]
        ) -> tuple[VectorIndex, int] | None:
            recorded = changed_since(session, area, since[0], version) is not None
            return value if recorded else None

        name = f"vector-index:{entity}:{backend}"
        found: tuple[VectorIndex, int] = runtime.following(
            name, (model, dim, use_pg), (version,), build, keep
        )
        return found
