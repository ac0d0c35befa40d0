"""The Alembic migrations build the schema the models describe, on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect

from talentmarket.models import Base
from talentmarket.vectorstore.pgschema import include_object


def test_schema_matches_models(connection: Connection) -> None:
    # include_object: the same filter as migrations/env.py (pgvector objects are not models)
    context = MigrationContext.configure(connection, opts={"include_object": include_object})
    diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_every_table_exists(connection: Connection) -> None:
    tables = set(inspect(connection).get_table_names())
    assert set(Base.metadata.tables) <= tables
