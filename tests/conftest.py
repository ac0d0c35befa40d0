"""Shared fixtures: a migrated database (SQLite, or PostgreSQL when configured), one
rolled-back transaction per test, an API client on that transaction, and paths to the
shared data sets."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, event, make_url, text
from sqlalchemy.orm import Session, sessionmaker

from talentmarket.app import create_app
from talentmarket.config import Settings
from talentmarket.db.engine import is_sqlite, make_engine
from talentmarket.db.migrate import upgrade
from talentmarket.runtime import Runtime
from talentmarket.textintel.encoders import HashingEncoder
from tests.tokens import TokenMaker

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()
ESCO_DIR = SHARED / "data" / "esco-1.1.1"
ONET_DIR = SHARED / "data" / "onet"
BENCH_DIR = SHARED / "bench"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test with the reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (../shared data sets are not present on this machine)")
    return path


def _worker_database(url: str) -> str:
    """The database of this test worker: the configured one when the tests run in one
    process, else one database per pytest-xdist worker beside it (`<name>_gw0`, ...),
    created when missing, so that workers never share tables."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    base = make_url(url)
    name = f"{base.database}_{worker}"
    engine = make_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if exists.first() is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _reset_postgres(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """URL of a freshly migrated test database (TALENTMARKET_TEST_DATABASE_URL or SQLite)."""
    url = os.environ.get("TALENTMARKET_TEST_DATABASE_URL")
    if url:
        url = _worker_database(url)
        _reset_postgres(url)
        upgrade(url)
        yield url
        return
    with tempfile.TemporaryDirectory(prefix="talentmarket-test-") as tmp:
        url = f"sqlite:///{tmp}/test.db"
        upgrade(url)
        yield url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    """Engine on the test database; SQLite gets real SAVEPOINT support."""
    eng = make_engine(database_url)
    if is_sqlite(database_url):

        @event.listens_for(eng, "connect")
        def _no_implicit_tx(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            dbapi_connection.isolation_level = None

        @event.listens_for(eng, "begin")
        def _begin(conn):  # type: ignore[no-untyped-def]
            conn.exec_driver_sql("BEGIN")

    yield eng
    eng.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """A connection inside a transaction that is rolled back after the test."""
    with engine.connect() as conn:
        tx = conn.begin()
        yield conn
        tx.rollback()


@pytest.fixture
def session_factory(connection: Connection) -> sessionmaker[Session]:
    """Sessions joined to the test transaction; their commits become savepoints."""
    return sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session in the rolled-back test transaction."""
    with session_factory() as s:
        yield s


@pytest.fixture
def runtime(
    engine: Engine, session_factory: sessionmaker[Session], database_url: str, tmp_path: Path
) -> Runtime:
    """A runtime on the test transaction with the fast hashing encoder; no signing key
    exists (the API runs open) until a test creates one at `settings.auth_key_file`."""
    settings = Settings(
        database_url=database_url,
        encoder="hashing",
        cache_dir=None,
        auth_key_file=tmp_path / "auth" / "signing-key.json",
    )
    rt = Runtime(settings, engine=engine)
    rt.sessionmaker = session_factory
    rt.set_encoder(HashingEncoder())
    return rt


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    """An API client whose requests run in the test transaction."""
    app = create_app(runtime=runtime)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def tokens(runtime: Runtime) -> TokenMaker:
    """Signed bearer tokens per role; using this fixture turns authentication on."""
    return TokenMaker(runtime.settings)
