"""Alembic environment: runs migrations on the URL the CLI or environment gives."""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection

from talentmarket.config import get_settings
from talentmarket.db.engine import is_sqlite, make_engine, normalise_url
from talentmarket.models import Base
from talentmarket.vectorstore.pgschema import include_object

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _url() -> str:
    url = config.attributes.get("database_url") or get_settings().database_url
    return normalise_url(str(url))


def _configure(connection: Connection | None, url: str) -> None:
    context.configure(
        connection=connection,
        url=None if connection is not None else url,
        target_metadata=target_metadata,
        render_as_batch=is_sqlite(url),
        compare_type=True,
        # pgvector's column and HNSW indexes live outside the models (migration 0002)
        include_object=include_object,
        literal_binds=connection is None,
    )


def run_migrations_offline() -> None:
    """Emit SQL without a database connection."""
    url = _url()
    _configure(None, url)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run migrations on a live connection (given by the caller, or a new engine)."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection, str(connection.engine.url))
        with context.begin_transaction():
            context.run_migrations()
        return
    url = _url()
    engine = make_engine(url)
    with engine.connect() as conn:
        if is_sqlite(url):
            _run_sqlite(conn, url)
        else:
            _configure(conn, url)
            with context.begin_transaction():
                context.run_migrations()
    engine.dispose()


def _run_sqlite(conn: Connection, url: str) -> None:
    """Migrate SQLite with foreign keys off, as SQLite asks for table rebuilds: a batch
    migration copies a table and drops the old one, and with foreign keys on that drop
    first deletes every row, cascading to the children (people's skills, interests, ...).
    Every reference is checked before the migration commits; foreign keys go back on."""
    conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
    conn.commit()
    try:
        _configure(conn, url)
        with context.begin_transaction():
            context.run_migrations()
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
            if broken:
                raise RuntimeError(f"migration left dangling references: {broken[:5]}")
    finally:
        conn.commit()
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
