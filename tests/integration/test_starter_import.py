"""The shipped starter taxonomy loads, is idempotent, and links up with ESCO."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentmarket.taxonomy.importers import import_taxonomy
from talentmarket.taxonomy.importers.starter_format import (
    DEFAULT_STARTER_PATH,
    read_starter_taxonomy,
)
from talentmarket.taxonomy.models import Role, RoleSkill, Skill, SkillRelation, Task


def test_starter_loads_every_concept_once(session: Session) -> None:
    parsed = read_starter_taxonomy(DEFAULT_STARTER_PATH)
    report = import_taxonomy(session, "starter", None)
    assert report.counts["skills"].created == len(parsed.skills)
    assert report.counts["roles"].created == len(parsed.roles)
    assert report.counts["role_skills"].created == len(parsed.role_skills)
    assert report.counts["tasks"].created == len(parsed.tasks)
    python = session.scalar(select(Skill).where(Skill.uri == "urn:talentmarket:skill:python"))
    assert python is not None
    assert "py" in python.alt_labels
    engineer = session.scalar(
        select(Role).where(Role.uri == "urn:talentmarket:role:software-engineer")
    )
    assert engineer is not None
    assert engineer.parent_id is not None
    n_skills = session.scalar(
        select(func.count()).select_from(RoleSkill).where(RoleSkill.role_id == engineer.id)
    )
    assert (n_skills or 0) >= 8
    n_tasks = session.scalar(
        select(func.count()).select_from(Task).where(Task.role_id == engineer.id)
    )
    assert (n_tasks or 0) >= 3
    assert not import_taxonomy(session, "starter", None).changed


def test_links_are_made_whichever_import_comes_first(session: Session) -> None:
    report = import_taxonomy(session, "starter", None)
    assert report.changed
    python = session.scalar(select(Skill).where(Skill.uri == "urn:talentmarket:skill:python"))
    assert python is not None
    esco_uri = python.same_as[0]
    session.add(Skill(uri=esco_uri, label="Python (computer programming)", source="esco"))
    session.flush()
    from talentmarket.taxonomy.importers.concepts import link_same_as
    from talentmarket.taxonomy.importers.repository import ImportStore

    assert link_same_as(ImportStore(session)) >= 1
    edge = session.scalar(
        select(SkillRelation).where(
            SkillRelation.source_id == python.id, SkillRelation.relation == "same_as"
        )
    )
    assert edge is not None


def test_bad_starter_row_names_file_and_line(session: Session, tmp_path: Path) -> None:
    from talentmarket.errors import ImportFormatError

    folder = tmp_path / "taxonomy"
    folder.mkdir()
    for path in DEFAULT_STARTER_PATH.glob("*.csv"):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    lines = (folder / "role_skills.csv").read_text(encoding="utf-8").splitlines()
    fields = lines[3].split(",")
    fields[3] = "9"
    lines[3] = ",".join(fields)
    (folder / "role_skills.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = session.scalar(select(func.count()).select_from(Skill))
    with pytest.raises(ImportFormatError) as info:
        import_taxonomy(session, "starter", folder)
    assert (info.value.file, info.value.line) == ("role_skills.csv", 4)
    assert session.scalar(select(func.count()).select_from(Skill)) == before


def test_reimport_keeps_a_deprecation_and_links_the_replacement(session: Session) -> None:
    from talentmarket.taxonomy.models import RoleSkill

    import_taxonomy(session, "starter", None)
    python = session.scalar(select(Skill).where(Skill.uri == "urn:talentmarket:skill:python"))
    java = session.scalar(select(Skill).where(Skill.uri == "urn:talentmarket:skill:java"))
    assert python is not None
    assert java is not None
    # what governance does: deprecate, point at the replacement, move the role links
    python.status, python.replaced_by_id = "deprecated", java.id
    session.execute(
        RoleSkill.__table__.delete().where(RoleSkill.skill_id == python.id)  # type: ignore[attr-defined]
    )
    session.flush()
    import_taxonomy(session, "starter", None, version="next")
    session.refresh(python)
    assert python.status == "deprecated"
    assert python.replaced_by_id == java.id
    links = session.scalar(
        select(func.count()).select_from(RoleSkill).where(RoleSkill.skill_id == python.id)
    )
    assert links == 0


def test_progress_ends_at_the_total_it_announced(session: Session) -> None:
    """Every stage's last report is done == total, and a stage's total counts what it
    says (skills and skill groups together)."""
    last: dict[str, tuple[int, int]] = {}

    def progress(stage: str, done: int, total: int) -> None:
        assert 0 <= done <= total, (stage, done, total)
        last[stage] = (done, total)

    report = import_taxonomy(session, "starter", None, progress=progress)
    assert last
    assert all(done == total for done, total in last.values()), last
    skills = report.counts["skills"].total + report.counts["skill_groups"].total
    assert last["skills and skill groups"] == (skills, skills)
