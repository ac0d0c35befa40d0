"""The taxonomy exported ESCO-style imports into an empty database with the same counts,
and a second import changes nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from talentmarket.taxonomy.models import Role, RoleRelation, RoleSkill, Skill, SkillRelation

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "esco-1.1.1"
TABLES = (Skill, Role, RoleSkill, SkillRelation, RoleRelation)


def _cli(url: str, *args: str) -> str:
    command = [sys.executable, "-m", "talentmarket.cli", "--database", url, *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _counts(url: str) -> dict[str, object]:
    engine = create_engine(url)
    with Session(engine) as session:
        out: dict[str, object] = {
            t.__tablename__: session.scalar(select(func.count()).select_from(t)) for t in TABLES
        }
        out["skill kinds"] = sorted(
            session.execute(
                select(Skill.kind, Skill.skill_type, Skill.status, func.count()).group_by(
                    Skill.kind, Skill.skill_type, Skill.status
                )
            ).all()
        )
        out["role kinds"] = sorted(
            session.execute(
                select(Role.kind, Role.status, func.count()).group_by(Role.kind, Role.status)
            ).all()
        )
        out["relations"] = sorted(
            session.execute(
                select(SkillRelation.relation, func.count()).group_by(SkillRelation.relation)
            ).all()
        )
    engine.dispose()
    return out


def _round_trip(tmp_path: Path, *source: str) -> None:
    first, second = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    _cli(first, "taxonomy", "import", *source, "--quiet")
    folder = tmp_path / "export"
    report = json.loads(_cli(first, "taxonomy", "export", "esco", str(folder)))
    assert report["files"]["skills_en.csv"] > 0
    _cli(second, "taxonomy", "import", "esco", str(folder), "--quiet")
    assert _counts(second) == _counts(first)
    again = json.loads(_cli(second, "taxonomy", "import", "esco", str(folder), "--json", "--quiet"))
    assert again["changed"] is False


def test_the_starter_taxonomy_round_trips(tmp_path: Path) -> None:
    _round_trip(tmp_path, "starter")


@pytest.mark.shared
@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/esco-1.1.1 is not here")
def test_esco_round_trips(tmp_path: Path) -> None:
    _round_trip(tmp_path, "esco", str(SHARED))
