"""Run Alembic migrations from code (the CLI and tests use this)."""

from __future__ import annotations

import logging

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from talentmarket.db.engine import make_engine, refresh_planner_statistics
from talentmarket.resources import shipped

log = logging.getLogger(__name__)


def alembic_config(url: str) -> Config:
    """An Alembic config for this project pointing at the given database."""
    cfg = Config(str(shipped("alembic.ini")))
    cfg.set_main_option("script_location", str(shipped("migrations")))
    cfg.attributes["database_url"] = url
    cfg.attributes["configure_logger"] = False
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at url to revision (default head)."""
    command.upgrade(alembic_config(url), revision)
    engine = make_engine(url)
    try:
        refresh_planner_statistics(engine)
    except OperationalError as exc:  # the schema is current; statistics can wait
        log.warning("planner statistics not refreshed: %s", exc)
    finally:
        engine.dispose()


def is_current(engine: Engine) -> bool:
    """True when the database is at the newest revision."""
    script = ScriptDirectory.from_config(alembic_config(str(engine.url)))
    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    return current == set(script.get_heads())


def ensure_current(engine: Engine, url: str) -> bool:
    """Migrate when behind; returns True when a migration ran."""
    if is_current(engine):
        return False
    upgrade(url)
    return True
