"""Reads and writes of stored vectors (text_vectors, entity_vectors) on both backends."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import delete, func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from talentmarket.db.base import utcnow
from talentmarket.db.chunked import chunks
from talentmarket.db.fetch import fetch_rows
from talentmarket.vectorstore.models import EntityVector, TextVector
from talentmarket.vectorstore.pgschema import (
    HNSW_DIM,
    hnsw_index_ddl,
    hnsw_index_name,
    pgvector_status,
)

FloatArray = NDArray[np.float32]
IdArray = NDArray[np.int64]
WRITE_CHUNK = 1000


def to_bytes(vector: FloatArray) -> bytes:
    """A vector (dim,) as little-endian float32 bytes, the stored form."""
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(blob: bytes, dim: int) -> FloatArray:
    """Stored bytes back to a float32 vector (dim,)."""
    vec = np.frombuffer(blob, dtype="<f4")
    if vec.shape[0] != dim:
        msg = f"stored vector has {vec.shape[0]} values, expected {dim}"
        raise ValueError(msg)
    return vec.astype(np.float32)


def pg_literal(vector: FloatArray) -> str:
    """A vector (dim,) in pgvector's text form, '[x1,x2,...]'."""
    return "[" + ",".join(f"{x:.9g}" for x in np.asarray(vector, dtype=np.float32).tolist()) + "]"


_PG_UPSERT = text(
    "INSERT INTO entity_vectors "
    "(entity, entity_id, model_id, text_hash, dim, vector, updated_at, embedding) "
    "VALUES (:entity, :entity_id, :model_id, :text_hash, :dim, :vector, :updated_at, "
    "CAST(:embedding AS vector)) "
    "ON CONFLICT (entity, entity_id, model_id) DO UPDATE SET text_hash = EXCLUDED.text_hash, "
    "dim = EXCLUDED.dim, vector = EXCLUDED.vector, updated_at = EXCLUDED.updated_at, "
    "embedding = EXCLUDED.embedding"
)


class VectorRepository:
    """Stored text vectors and entity document vectors."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect.name
        self._pgvector: bool | None = None

    @property
    def pgvector(self) -> bool:
        """True when entity_vectors has pgvector's `embedding` column to keep filled."""
        if self._pgvector is None:
            self._pgvector = pgvector_status(self.session.connection())[0]
        return self._pgvector

    def _insert(self, table: Any) -> Any:
        module: Any = postgresql if self.dialect == "postgresql" else sqlite
        return module.insert(table)

    # -- text vectors -------------------------------------------------------------------------
    def existing_hashes(self, model_id: str, hashes: Sequence[str]) -> set[str]:
        """Those of hashes that have a stored vector under model_id."""
        found: set[str] = set()
        for chunk in chunks(hashes):
            found.update(
                self.session.scalars(
                    select(TextVector.text_hash).where(
                        TextVector.model_id == model_id, TextVector.text_hash.in_(chunk)
                    )
                )
            )
        return found

    def read_text_vectors(
        self, model_id: str, hashes: Sequence[str], dim: int
    ) -> tuple[FloatArray, NDArray[np.bool_]]:
        """Stored vectors of hashes, in their order: (n, dim) float32 and found (n,) bool.

        Rows not found (or stored with another dimension) are zero.
        """
        positions: dict[str, list[int]] = {}
        for i, h in enumerate(hashes):
            positions.setdefault(h, []).append(i)
        width = dim * 4
        buffer = bytearray(len(hashes) * width)  # one allocation; rows not found stay zero
        view = memoryview(buffer)
        found = np.zeros(len(hashes), dtype=np.bool_)
        for chunk in chunks(list(positions)):
            # hashes are hex digests and the model id comes from configuration, so the
            # driver-level read (about half the time of ORM rows) is safe here
            stmt = select(TextVector.text_hash, TextVector.vector).where(
                TextVector.model_id == model_id,
                TextVector.dim == dim,
                TextVector.text_hash.in_(chunk),
            )
            for h, blob in fetch_rows(self.session, stmt):
                for i in positions[h]:
                    view[i * width : (i + 1) * width] = blob
                    found[i] = True
        out: FloatArray = np.frombuffer(buffer, dtype="<f4").reshape(len(hashes), dim)
        return out, found

    def add_text_vectors(self, model_id: str, hashes: Sequence[str], vectors: FloatArray) -> None:
        """Store vectors (n, dim) of hashes; a hash already stored keeps its vector."""
        dim = int(vectors.shape[1])
        rows = [
            {"model_id": model_id, "text_hash": h, "dim": dim, "vector": to_bytes(v)}
            for h, v in zip(hashes, vectors, strict=True)
        ]
        stmt = self._insert(TextVector).on_conflict_do_nothing(
            index_elements=["model_id", "text_hash"]
        )
        for chunk in chunks(rows, WRITE_CHUNK):
            self.session.execute(stmt, list(chunk))

    def has_text_vectors(self, model_id: str) -> bool:
        """True when some text vector of this model is stored."""
        stmt = select(TextVector.text_hash).where(TextVector.model_id == model_id).limit(1)
        return self.session.scalar(stmt) is not None

    def count_text_vectors(self, model_id: str | None = None) -> int:
        """Stored text vectors, of one model or of all."""
        query = select(func.count()).select_from(TextVector)
        if model_id is not None:
            query = query.where(TextVector.model_id == model_id)
        return int(self.session.scalar(query) or 0)

    # -- entity vectors -----------------------------------------------------------------------
    def entity_hashes(
        self, entity: str, model_id: str, ids: Iterable[int] | None = None
    ) -> dict[int, str]:
        """entity_id -> source text hash of the stored document vectors."""
        base = select(EntityVector.entity_id, EntityVector.text_hash).where(
            EntityVector.entity == entity, EntityVector.model_id == model_id
        )
        if ids is None:
            return {int(i): h for i, h in self.session.execute(base)}
        out: dict[int, str] = {}
        for chunk in chunks(list(ids)):
            rows = self.session.execute(base.where(EntityVector.entity_id.in_(chunk)))
            out.update({int(i): h for i, h in rows})
        return out

    def upsert_entity_vectors(
        self,
        entity: str,
        model_id: str,
        ids: Sequence[int],
        hashes: Sequence[str],
        vectors: FloatArray,
    ) -> None:
        """Store document vectors (n, dim) of entity ids, replacing older ones."""
        now = utcnow()
        dim = int(vectors.shape[1])
        rows: list[dict[str, Any]] = [
            {
                "entity": entity,
                "entity_id": int(i),
                "model_id": model_id,
                "text_hash": h,
                "dim": dim,
                "vector": to_bytes(v),
                "updated_at": now,
            }
            for i, h, v in zip(ids, hashes, vectors, strict=True)
        ]
        if self.dialect == "postgresql" and self.pgvector:
            for row, v in zip(rows, vectors, strict=True):
                row["embedding"] = pg_literal(v)
            for chunk in chunks(rows, WRITE_CHUNK):
                self.session.execute(_PG_UPSERT, list(chunk))
            return
        stmt = self._insert(EntityVector)
        stmt = stmt.on_conflict_do_update(
            index_elements=["entity", "entity_id", "model_id"],
            set_={
                "text_hash": stmt.excluded.text_hash,
                "dim": stmt.excluded.dim,
                "vector": stmt.excluded.vector,
                "updated_at": stmt.excluded.updated_at,
            },
        )
        for chunk in chunks(rows, WRITE_CHUNK):
            self.session.execute(stmt, list(chunk))

    def delete_entity_vectors(self, entity: str, model_id: str, ids: Iterable[int]) -> int:
        """Drop the document vectors of these entity ids; returns how many went."""
        gone = 0
        for chunk in chunks(list(ids)):
            result = self.session.execute(
                delete(EntityVector).where(
                    EntityVector.entity == entity,
                    EntityVector.model_id == model_id,
                    EntityVector.entity_id.in_(chunk),
                )
            )
            gone += int(getattr(result, "rowcount", 0) or 0)
        return gone

    def entity_matrix(
        self, entity: str, model_id: str, ids: Iterable[int] | None = None
    ) -> tuple[IdArray, FloatArray]:
        """Stored document vectors: ids (n,) int64 ascending and matrix (n, dim) float32."""
        base = (
            select(EntityVector.entity_id, EntityVector.dim, EntityVector.vector)
            .where(EntityVector.entity == entity, EntityVector.model_id == model_id)
            .order_by(EntityVector.entity_id)
        )
        if ids is None:
            rows = list(self.session.execute(base))
        else:
            rows = []
            for chunk in chunks(sorted(set(ids))):
                rows.extend(self.session.execute(base.where(EntityVector.entity_id.in_(chunk))))
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
        dim = int(rows[0][1])
        if any(int(r[1]) != dim for r in rows):
            msg = f"{entity} vectors of {model_id} have mixed dimensions"
            raise ValueError(msg)
        ids_out = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        matrix = np.empty((len(rows), dim), dtype=np.float32)
        for i, row in enumerate(rows):
            matrix[i] = np.frombuffer(row[2], dtype="<f4")
        return ids_out, matrix

    def _has_hnsw_index(self, entity: str) -> bool:
        name = hnsw_index_name(entity, HNSW_DIM)
        return (
            self.session.execute(text("SELECT to_regclass(:n)"), {"n": name}).scalar() is not None
        )

    def drop_hnsw_index(self, entity: str) -> bool:
        """Drop an entity's HNSW index before a bulk write (one build beats row-by-row
        upkeep); True when there was one to drop."""
        if not (self.dialect == "postgresql" and self.pgvector and self._has_hnsw_index(entity)):
            return False
        self.session.execute(text(f"DROP INDEX {hnsw_index_name(entity, HNSW_DIM)}"))
        return True

    def ensure_hnsw_index(self, entity: str) -> bool:
        """Build an entity's HNSW index when it is missing (after a bulk write, or one that
        was interrupted); True when it was built. An existing index is left alone, unlocked."""
        if not (self.dialect == "postgresql" and self.pgvector) or self._has_hnsw_index(entity):
            return False
        self.session.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
        self.session.execute(text(hnsw_index_ddl(entity, HNSW_DIM)))
        return True

    def refresh_statistics(self) -> None:
        """ANALYZE entity_vectors on PostgreSQL, so plans after a bulk write use the keys."""
        if self.dialect == "postgresql":
            self.session.execute(text("ANALYZE entity_vectors"))

    def entity_dim(self, entity: str, model_id: str) -> int | None:
        """Dimension of the stored document vectors of one entity, None when there are none."""
        return self.session.scalar(
            select(EntityVector.dim)
            .where(EntityVector.entity == entity, EntityVector.model_id == model_id)
            .limit(1)
        )
