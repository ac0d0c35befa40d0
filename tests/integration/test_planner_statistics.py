"""SQLite plans a filtered candidate search through the department index once it knows
the tables' sizes (`refresh_planner_statistics`, run by `db upgrade` and at server start);
without statistics it read every visible employee through the visibility index."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from sqlalchemy.dialects import sqlite

from talentmarket.db.engine import make_engine, make_sessionmaker, refresh_planner_statistics
from talentmarket.db.migrate import upgrade
from talentmarket.people.models import Employee
from talentmarket.people.repository import PeopleRepository


def _plan(url: str) -> str:
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        stmt = PeopleRepository(session).visible_candidates(department="Finance")
        sql = str(stmt.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
        rows = session.execute(text(f"EXPLAIN QUERY PLAN {sql}")).all()
    engine.dispose()
    return " ".join(str(row[-1]) for row in rows)


def test_department_filter_uses_its_index_after_statistics(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/plan.db"
    upgrade(url)
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        session.add_all(
            Employee(name=f"P{i}", email=f"p{i}@x.example", department=f"D{i % 500}")
            for i in range(3000)
        )
        session.commit()
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM sqlite_stat1")  # as before any statistics
    assert "ix_employees_department_ci" not in _plan(url)

    refresh_planner_statistics(engine)
    engine.dispose()

    assert "ix_employees_department_ci" in _plan(url)
