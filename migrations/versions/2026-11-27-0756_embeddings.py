"""Embeddings: stored text vectors and entity document vectors; pgvector HNSW on PostgreSQL.

On PostgreSQL, when the `vector` extension is available, this also creates the extension
(if needed), an `embedding vector` column on entity_vectors (filled beside the bytes) and
partial HNSW expression indexes for 384-dimensional vectors, one per entity. These objects
are not in the SQLAlchemy models; migrations/env.py and the schema test leave them out of
comparisons through `talentmarket.vectorstore.pgschema.include_object`. Without the
extension they are skipped, with a warning, and vector search runs in-process.

Revision ID: 0002_embeddings
Revises: 0001_initial
Create Date: 2026-11-27 07:56:50.547268+00:00
"""

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_embeddings"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("talentmarket.migrations")

ENTITIES = ("skill", "role", "employee", "opening")
HNSW_DIM = 384


def _hnsw_index_sql(entity: str, dim: int) -> str:
    # pgvector indexes need a fixed dimension: a cast in an expression index over a
    # partial slice of rows of that dimension (pgvector README, "Indexing subvectors" and
    # "Partial indexes").
    return (
        f"CREATE INDEX IF NOT EXISTS ix_entity_vectors_hnsw_{entity}_{dim} ON entity_vectors "
        f"USING hnsw ((embedding::vector({dim})) vector_cosine_ops) "
        f"WITH (m = 16, ef_construction = 64) WHERE entity = '{entity}' AND dim = {dim}"
    )


def _upgrade_pgvector() -> None:
    bind = op.get_bind()
    available = bind.execute(
        sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
    ).scalar()
    if not available:
        log.warning(
            "PostgreSQL has no pgvector extension: skipping the embedding column and HNSW "
            "indexes; vector search will run in-process (numpy)"
        )
        return
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS vector"))
    except sa.exc.DBAPIError as exc:
        log.warning(
            "cannot create the pgvector extension (%s): skipping the embedding column and "
            "HNSW indexes; vector search will run in-process (numpy)",
            str(exc.orig).strip().splitlines()[0] if exc.orig else exc,
        )
        return
    op.execute("ALTER TABLE entity_vectors ADD COLUMN embedding vector")
    # Keep the vector in the row (distances read it without TOAST lookups) and move the
    # bytes copy out of line uncompressed (float bytes do not compress).
    op.execute("ALTER TABLE entity_vectors ALTER COLUMN embedding SET STORAGE PLAIN")
    op.execute("ALTER TABLE entity_vectors ALTER COLUMN vector SET STORAGE EXTERNAL")
    for entity in ENTITIES:
        op.execute(_hnsw_index_sql(entity, HNSW_DIM))


def upgrade() -> None:
    op.create_table(
        "entity_vectors",
        sa.Column("entity", sa.String(length=16), nullable=False),
        sa.Column("entity_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("model_id", sa.String(length=128), nullable=False),
        sa.Column("text_hash", sa.String(length=40), nullable=False),
        sa.Column("dim", sa.Integer(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "entity IN ('skill', 'role', 'employee', 'opening')",
            name=op.f("ck_entity_vectors_entity"),
        ),
        sa.PrimaryKeyConstraint("entity", "entity_id", "model_id", name=op.f("pk_entity_vectors")),
    )
    op.create_table(
        "text_vectors",
        sa.Column("model_id", sa.String(length=128), nullable=False),
        sa.Column("text_hash", sa.String(length=40), nullable=False),
        sa.Column("dim", sa.Integer(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("model_id", "text_hash", name=op.f("pk_text_vectors")),
    )
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_pgvector()


def downgrade() -> None:
    # The HNSW indexes and the embedding column go with the table; the extension stays,
    # since other schemas in the database may use it.
    op.drop_table("text_vectors")
    op.drop_table("entity_vectors")
