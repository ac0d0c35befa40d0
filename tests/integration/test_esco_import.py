"""ESCO import: exact counts on the official 1.1.1 files, idempotence, v1.2 file names,
and a bad row that fails the whole import with file and line."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentmarket.errors import ImportFormatError
from talentmarket.events.models import Event
from talentmarket.taxonomy.importers import import_taxonomy
from talentmarket.taxonomy.models import Role, RoleSkill, Skill, SkillRelation
from tests.conftest import shared_path

SKILL = "http://data.europa.eu/esco/skill/"
OCC = "http://data.europa.eu/esco/occupation/"


def _count(session: Session, model: type, *where: object) -> int:
    return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _table_counts(session: Session) -> tuple[int, ...]:
    return tuple(_count(session, m) for m in (Skill, Role, RoleSkill, SkillRelation))


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def make_mini_esco(folder: Path, suffix: str = "_en") -> Path:
    """A tiny ESCO download in the v1.2 layout (relation files with `_en`)."""
    folder.mkdir(parents=True, exist_ok=True)
    _write(
        folder / "skills_en.csv",
        [
            "conceptType",
            "conceptUri",
            "skillType",
            "reuseLevel",
            "preferredLabel",
            "altLabels",
            "hiddenLabels",
            "status",
            "description",
        ],
        [
            [
                "KnowledgeSkillCompetence",
                SKILL + "py",
                "knowledge",
                "sector-specific",
                "Python (computer programming)",
                "Python\npython3",
                "",
                "released",
                "A language.",
            ],
            [
                "KnowledgeSkillCompetence",
                SKILL + "sql",
                "knowledge",
                "sector-specific",
                "SQL",
                "structured query language",
                "",
                "released",
                "Query language.",
            ],
            [
                "KnowledgeSkillCompetence",
                SKILL + "team",
                "skill/competence",
                "transversal",
                "work in teams",
                "teamwork",
                "",
                "released",
                "Cooperate.",
            ],
        ],
    )
    _write(
        folder / "skillGroups_en.csv",
        [
            "conceptType",
            "conceptUri",
            "preferredLabel",
            "altLabels",
            "status",
            "description",
            "code",
        ],
        [["SkillGroup", SKILL + "grp", "programming", "", "released", "", "06.1"]],
    )
    _write(
        folder / f"broaderRelationsSkillPillar{suffix}.csv",
        ["conceptType", "conceptUri", "broaderType", "broaderUri"],
        [
            ["KnowledgeSkillCompetence", SKILL + "py", "SkillGroup", SKILL + "grp"],
            ["KnowledgeSkillCompetence", SKILL + "sql", "SkillGroup", SKILL + "grp"],
        ],
    )
    _write(
        folder / f"skillSkillRelations{suffix}.csv",
        [
            "originalSkillUri",
            "originalSkillType",
            "relationType",
            "relatedSkillType",
            "relatedSkillUri",
        ],
        [[SKILL + "team", "skill/competence", "optional", "knowledge", SKILL + "py"]],
    )
    _write(
        folder / "ISCOGroups_en.csv",
        [
            "conceptType",
            "conceptUri",
            "code",
            "preferredLabel",
            "status",
            "altLabels",
            "description",
        ],
        [
            [
                "ISCOGroup",
                "http://data.europa.eu/esco/isco/C2512",
                "2512",
                "Software developers",
                "released",
                "",
                "",
            ]
        ],
    )
    _write(
        folder / "occupations_en.csv",
        [
            "conceptType",
            "conceptUri",
            "iscoGroup",
            "preferredLabel",
            "altLabels",
            "status",
            "description",
            "code",
        ],
        [
            [
                "Occupation",
                OCC + "dev",
                "2512",
                "software developer",
                "programmer\ncoder",
                "released",
                "Writes software.",
                "2512.4",
            ],
            [
                "Occupation",
                OCC + "dba",
                "2512",
                "database developer",
                "",
                "released",
                "Builds databases.",
                "2512.5",
            ],
        ],
    )
    _write(
        folder / f"occupationSkillRelations{suffix}.csv",
        ["occupationUri", "relationType", "skillType", "skillUri"],
        [
            [OCC + "dev", "essential", "knowledge", SKILL + "py"],
            [OCC + "dev", "optional", "skill/competence", SKILL + "team"],
            [OCC + "dba", "essential", "knowledge", SKILL + "sql"],
        ],
    )
    return folder


def test_mini_esco_with_v12_names_imports_everything(session: Session, tmp_path: Path) -> None:
    report = import_taxonomy(session, "esco", make_mini_esco(tmp_path / "esco-1.2.0"))
    assert report.version == "1.2.0"
    assert report.counts["skills"].created == 3
    assert report.counts["skill_groups"].created == 1
    assert report.counts["roles"].created == 2
    assert report.counts["role_groups"].created == 1
    assert report.counts["role_skills"].created == 3
    python = session.scalar(select(Skill).where(Skill.uri == SKILL + "py"))
    assert python is not None
    assert python.alt_labels == ["Python", "python3"]
    dev = session.scalar(select(Role).where(Role.uri == OCC + "dev"))
    assert dev is not None
    assert dev.parent_id is not None
    assert dev.isco_code == "2512"


def test_v11_names_without_suffix_work_too(session: Session, tmp_path: Path) -> None:
    report = import_taxonomy(session, "esco", make_mini_esco(tmp_path / "esco-1.1.0", ""))
    assert report.counts["skill_relations"].created == 3


def test_second_import_changes_nothing(session: Session, tmp_path: Path) -> None:
    folder = make_mini_esco(tmp_path / "esco-1.2.0")
    first = import_taxonomy(session, "esco", folder)
    again = import_taxonomy(session, "esco", folder)
    assert not again.changed
    assert again.counts["role_skills"].unchanged == 3
    # one event tells subscribers of the release; the unchanged import tells nothing
    [event] = session.scalars(select(Event).where(Event.type.like("%release_imported"))).all()
    assert event.subject == f"releases/{first.release_id}"
    assert event.data["source"] == "esco"
    assert event.data["counts"]["skills"] > 0


def test_changed_label_is_updated_and_missing_skill_deprecated(
    session: Session, tmp_path: Path
) -> None:
    folder = make_mini_esco(tmp_path / "esco-1.2.0")
    import_taxonomy(session, "esco", folder)
    for path in folder.iterdir():
        lines = path.read_text(encoding="utf-8").splitlines()
        kept = [ln.replace("work in teams", "work in a team") for ln in lines if "/sql" not in ln]
        path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    report = import_taxonomy(session, "esco", folder)
    assert report.counts["skills"].updated == 1
    assert report.counts["skills"].removed == 1
    sql = session.scalar(select(Skill).where(Skill.uri == SKILL + "sql"))
    assert sql is not None
    assert sql.status == "deprecated"


def test_bad_row_names_file_and_line_and_writes_nothing(session: Session, tmp_path: Path) -> None:
    folder = make_mini_esco(tmp_path / "esco-1.2.0")
    rel = folder / "occupationSkillRelations_en.csv"
    with rel.open("a", encoding="utf-8") as handle:
        handle.write(f"{OCC}dev,essential,knowledge,{SKILL}nonexistent\n")
    before = _table_counts(session)
    with pytest.raises(ImportFormatError) as info:
        import_taxonomy(session, "esco", folder)
    assert info.value.file == "occupationSkillRelations_en.csv"
    assert info.value.line == 5
    assert "nonexistent" in info.value.detail
    assert _table_counts(session) == before


def test_invalid_utf8_names_file_and_line_and_writes_nothing(
    session: Session, tmp_path: Path
) -> None:
    folder = make_mini_esco(tmp_path / "esco-1.2.0")
    rel = folder / "occupationSkillRelations_en.csv"
    with rel.open("ab") as handle:
        handle.write(f"{OCC}dev,essential,knowledge,{SKILL}caf".encode() + b"\xe9\n")
    before = _table_counts(session)
    with pytest.raises(ImportFormatError) as info:
        import_taxonomy(session, "esco", folder)
    assert (info.value.file, info.value.line) == ("occupationSkillRelations_en.csv", 5)
    assert "UTF-8" in info.value.detail
    assert _table_counts(session) == before


def test_unterminated_quote_names_the_line_the_row_starts_on(
    session: Session, tmp_path: Path
) -> None:
    folder = make_mini_esco(tmp_path / "esco-1.2.0")
    rel = folder / "occupationSkillRelations_en.csv"
    with rel.open("a", encoding="utf-8") as handle:
        handle.write(f'{OCC}dev,"essential,knowledge,{SKILL}py\n')
        handle.write(f"{OCC}dba,optional,knowledge,{SKILL}py\n")
    with pytest.raises(ImportFormatError) as info:
        import_taxonomy(session, "esco", folder)
    assert (info.value.file, info.value.line) == ("occupationSkillRelations_en.csv", 5)


@pytest.mark.shared
def test_official_esco_111_counts_and_idempotence(session: Session) -> None:
    folder = shared_path("data", "esco-1.1.1")
    report = import_taxonomy(session, "esco", folder)
    assert report.counts["skills"].total == 13_896
    assert report.counts["roles"].total == 3_007
    assert report.counts["role_skills"].total == 123_855
    assert _count(session, Skill, Skill.kind == "skill") == 13_896
    assert _count(session, Role, Role.kind == "role", Role.status != "placeholder") == 3_007
    assert _count(session, RoleSkill) == 123_855
    again = import_taxonomy(session, "esco", folder)
    assert not again.changed


@pytest.mark.shared
def test_official_esco_broken_row_fails_whole(session: Session, tmp_path: Path) -> None:
    source = shared_path("data", "esco-1.1.1")
    folder = tmp_path / "esco-1.1.1"
    folder.mkdir()
    for path in source.iterdir():
        if path.name != "skillSkillRelations.csv":
            (folder / path.name).symlink_to(path)
    lines = (source / "skillSkillRelations.csv").read_text(encoding="utf-8").splitlines()
    lines[99] = lines[99].replace("essential", "mandatory").replace("optional", "mandatory")
    (folder / "skillSkillRelations.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = _table_counts(session)
    with pytest.raises(ImportFormatError) as info:
        import_taxonomy(session, "esco", folder)
    assert (info.value.file, info.value.line) == ("skillSkillRelations.csv", 100)
    assert _table_counts(session) == before
    shutil.rmtree(folder)
