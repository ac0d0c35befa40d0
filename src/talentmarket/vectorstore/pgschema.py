"""The pgvector objects that migration 0002 adds on PostgreSQL, outside the models.

`entity_vectors.embedding` (type `vector`, no fixed dimension) and the partial HNSW
expression indexes `ix_entity_vectors_hnsw_<entity>_<dim>` exist only where the extension
is available, so the SQLAlchemy models leave them out; `include_object` hides them from
Alembic's model-vs-database comparison (autogenerate and the schema test).
"""

from __future__ import annotations

from typing import Any

import pgvector.sqlalchemy  # noqa: F401  (teaches SQLAlchemy's reflection the `vector` type)
from sqlalchemy import Connection, text

TABLE = "entity_vectors"
COLUMN = "embedding"
INDEX_PREFIX = "ix_entity_vectors_hnsw_"
HNSW_DIM = 384


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic filter: False for the pgvector-only column and indexes of entity_vectors."""
    if not reflected or compare_to is not None:
        return True
    if type_ == "column" and name == COLUMN:
        return getattr(getattr(obj, "table", None), "name", None) != TABLE
    return not (type_ == "index" and name is not None and name.startswith(INDEX_PREFIX))


def hnsw_index_name(entity: str, dim: int = HNSW_DIM) -> str:
    """Name of the partial HNSW index for one entity and dimension."""
    return f"{INDEX_PREFIX}{entity}_{dim}"


def hnsw_index_ddl(entity: str, dim: int = HNSW_DIM) -> str:
    """CREATE INDEX statement of the partial HNSW index (as migration 0002 creates it)."""
    return (
        f"CREATE INDEX IF NOT EXISTS {hnsw_index_name(entity, dim)} ON {TABLE} "
        f"USING hnsw (({COLUMN}::vector({dim})) vector_cosine_ops) "
        f"WITH (m = 16, ef_construction = 64) WHERE entity = '{entity}' AND dim = {dim}"
    )


def pgvector_status(conn: Connection) -> tuple[bool, str]:
    """(usable, reason): True when the extension is installed and the column exists."""
    if conn.dialect.name != "postgresql":
        return False, "not PostgreSQL"
    version = conn.execute(
        text("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
    ).scalar()
    if version is None:
        return False, "the pgvector extension is not installed in this database"
    column = conn.execute(
        text(
            "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = :t AND column_name = :c"
        ),
        {"t": TABLE, "c": COLUMN},
    ).scalar()
    if column is None:
        return False, f"{TABLE}.{COLUMN} is missing (migrated before pgvector was installed)"
    return True, f"pgvector {version}"


def pgvector_version(conn: Connection) -> tuple[int, ...]:
    """Installed pgvector version as a tuple, () when absent."""
    version = conn.execute(
        text("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
    ).scalar()
    if not version:
        return ()
    return tuple(int(p) for p in str(version).split(".") if p.isdigit())
