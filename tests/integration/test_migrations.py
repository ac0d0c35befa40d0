"""Upgrading a database that holds people keeps every row: on SQLite a migration that
rebuilds a table (batch mode) must not let the old table's drop cascade to its children."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, Integer, MetaData, Table, func, select, text

from talentmarket.db.engine import make_engine, make_sessionmaker
from talentmarket.db.migrate import upgrade
from talentmarket.taxonomy.importers import import_taxonomy

BEFORE = "0015_data_changes"  # the next migration rebuilds `employees` on SQLite


def _row(table: Table, **given: Any) -> dict[str, Any]:
    """Given values, and a plain value for every other required column."""
    row = dict(given)
    for column in table.columns:
        if column.name in row or column.nullable or column.primary_key:
            continue
        kind = column.type
        if isinstance(kind, JSON):
            row[column.name] = [] if column.name.startswith("preferred") else {}
        elif isinstance(kind, DateTime):
            row[column.name] = datetime(2026, 1, 1, tzinfo=UTC)
        elif isinstance(kind, Boolean | Integer | Float):
            row[column.name] = 0
        else:
            row[column.name] = "x"
    return row


def test_an_upgrade_keeps_people_their_skills_and_their_managers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/old.db"
    upgrade(url, BEFORE)
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        import_taxonomy(session, "starter", None)
        session.commit()
    tables = MetaData()
    tables.reflect(engine)
    people, skills = tables.tables["employees"], tables.tables["employee_skills"]
    with engine.begin() as conn:
        skill_ids = conn.execute(select(tables.tables["skills"].c.id).limit(3)).scalars().all()
        boss = conn.execute(
            people.insert().values(_row(people, name="Bea", email="bea@example.com"))
        ).inserted_primary_key[0]
        ana = conn.execute(
            people.insert().values(
                _row(people, name="Ana", email="ana@example.com", manager_id=boss)
            )
        ).inserted_primary_key[0]
        for skill_id in skill_ids:
            conn.execute(
                skills.insert().values(
                    _row(
                        skills, employee_id=ana, skill_id=skill_id, proficiency=3, status="accepted"
                    )
                )
            )
    engine.dispose()

    upgrade(url)

    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(people)).scalar() == 2
        assert conn.execute(select(func.count()).select_from(skills)).scalar() == len(skill_ids)
        manager = conn.execute(select(people.c.manager_id).where(people.c.id == ana)).scalar()
        assert manager == boss
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1  # on again
    engine.dispose()
