"""The O*NET importer writes what the text files say, is idempotent, and rejects bad rows
with their file and line without touching the database."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from talentmarket.errors import ImportFormatError
from talentmarket.taxonomy.importers import import_taxonomy
from talentmarket.taxonomy.models import (
    Role,
    RoleRelation,
    RoleSkill,
    Skill,
    Task,
    TaskActivity,
    TaskSkill,
    WorkActivity,
)
from tests.conftest import shared_path

pytestmark = pytest.mark.shared

TAXONOMY_TABLES = (
    "skills",
    "skill_relations",
    "roles",
    "role_relations",
    "role_skills",
    "tasks",
    "task_skills",
    "work_activities",
    "task_activities",
    "taxonomy_releases",
    "taxonomy_changes",
)


def rows_of(folder: Path, name: str) -> Iterator[dict[str, str]]:
    """Data rows of one tab-separated O*NET file."""
    with (folder / name).open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle, delimiter="\t")


def expected_counts(folder: Path) -> dict[str, int]:
    """What the files define, derived here from the files alone."""
    codes = {r["O*NET-SOC Code"] for r in rows_of(folder, "Occupation Data.txt")}
    ratings = list(rows_of(folder, "Skills.txt"))
    elements = {r["Element ID"] for r in ratings}
    skill_groups = {e.rsplit(".", i)[0] for e in elements for i in range(1, e.count("."))}
    technology = list(rows_of(folder, "Technology Skills.txt"))
    not_relevant = {
        (r["O*NET-SOC Code"], r["Element ID"]) for r in ratings if r["Not Relevant"] == "Y"
    }
    importance = {
        (r["O*NET-SOC Code"], r["Element ID"]): float(r["Data Value"])
        for r in ratings
        if r["Scale ID"] == "IM" and r["Recommend Suppress"] != "Y"
    }
    kept = {k: v for k, v in importance.items() if k not in not_relevant}
    tasks = {r["Task ID"]: r["O*NET-SOC Code"] for r in rows_of(folder, "Task Statements.txt")}
    gwa_of = {r["DWA ID"]: r["Element ID"] for r in rows_of(folder, "DWA Reference.txt")}
    skills_of: dict[str, set[str]] = {}
    for r in rows_of(folder, "Skills to Work Activities.txt"):
        skills_of.setdefault(r["Work Activities Element ID"], set()).add(r["Skills Element ID"])
    task_dwas = {(r["Task ID"], r["DWA ID"]) for r in rows_of(folder, "Tasks to DWAs.txt")}
    task_skills = {
        (task, skill)
        for task, dwa in task_dwas
        for skill in skills_of.get(gwa_of[dwa], ())
        if kept.get((tasks[task], skill), 0.0) >= 3.0
    }
    with (folder / "ESCO_ONET_crosswalk_v1.tsv").open(encoding="utf-8-sig", newline="") as f:
        crosswalk = list(csv.DictReader(f, delimiter="\t"))
    exact = {"exactMatch", "exactISCO"}
    return {
        "roles": len(codes),
        "role_groups": len({c[:2] for c in codes}),
        "skills": len(elements),
        "tools": len({r["Example"] for r in technology}),
        "skill_groups": len(skill_groups) + len({r["Commodity Code"] for r in technology}),
        "rated_edges": len(kept),
        "essential_rated_edges": sum(1 for v in kept.values() if v >= 3.0),
        "tool_edges": len({(r["O*NET-SOC Code"], r["Example"]) for r in technology}),
        "tasks": len(tasks),
        "dwas": len(gwa_of),
        "task_activities": len(task_dwas),
        "task_skills": len(task_skills),
        "roles_with_same_as": len(
            {r["O*NET Id"] for r in crosswalk if r["Type of Match"] in exact}
        ),
    }


def count(session: Session, stmt: object) -> int:
    """Scalar count of a select."""
    return int(session.scalar(stmt) or 0)  # type: ignore[call-overload]


def table_counts(session: Session) -> dict[str, int]:
    """Rows per taxonomy table."""
    return {t: count(session, text(f"SELECT count(*) FROM {t}")) for t in TAXONOMY_TABLES}


def assert_mapped_rating(session: Session, folder: Path, code: str, element: str) -> None:
    """One rated edge carries IM, LV and the documented 1-5 level mapping."""
    values = {
        r["Scale ID"]: float(r["Data Value"])
        for r in rows_of(folder, "Skills.txt")
        if r["O*NET-SOC Code"] == code and r["Element ID"] == element
    }
    edge = session.execute(
        select(RoleSkill)
        .join(Role, Role.id == RoleSkill.role_id)
        .join(Skill, Skill.id == RoleSkill.skill_id)
        .where(Role.code == code, Skill.code == element)
    ).scalar_one()
    assert edge.importance == values["IM"]
    assert edge.source_level == values["LV"]
    assert edge.level == round(1 + 4 * values["LV"] / 7, 1)
    assert edge.relation == ("essential" if values["IM"] >= 3 else "optional")


def test_full_import_matches_the_files_and_is_idempotent(session: Session) -> None:
    folder = shared_path("data", "onet")
    want = expected_counts(folder)

    report = import_taxonomy(session, "onet", folder)
    assert report.changed

    onet_skills = select(Skill.skill_type, func.count()).where(Skill.source == "onet")
    by_type = dict(session.execute(onet_skills.group_by(Skill.skill_type)).all())
    assert by_type == {
        "skill": want["skills"],
        "tool": want["tools"],
        "group": want["skill_groups"],
    }
    roles = select(Role.kind, func.count()).where(Role.source == "onet").group_by(Role.kind)
    assert dict(session.execute(roles).all()) == {
        "role": want["roles"],
        "group": want["role_groups"],
    }
    onet_edges = select(func.count()).select_from(RoleSkill).where(RoleSkill.origin == "onet")
    assert count(session, onet_edges) == want["rated_edges"] + want["tool_edges"]
    rated = onet_edges.where(RoleSkill.importance.is_not(None))
    assert count(session, rated) == want["rated_edges"]
    assert (
        count(session, rated.where(RoleSkill.relation == "essential"))
        == want["essential_rated_edges"]
    )
    onet_tasks = select(Task.id).where(Task.source == "onet")
    assert count(session, select(func.count()).select_from(onet_tasks.subquery())) == want["tasks"]
    dwas = select(func.count()).select_from(WorkActivity).where(WorkActivity.source == "onet")
    assert count(session, dwas) == want["dwas"]
    for model, key in ((TaskActivity, "task_activities"), (TaskSkill, "task_skills")):
        links = select(func.count()).select_from(model).where(model.task_id.in_(onet_tasks))
        assert count(session, links) == want[key]
    with_same_as = [
        same for same in session.scalars(select(Role.same_as).where(Role.source == "onet")) if same
    ]
    assert len(with_same_as) == want["roles_with_same_as"]
    parents = select(func.count()).select_from(RoleRelation).where(RoleRelation.origin == "onet")
    assert count(session, parents) == want["roles"]

    assert_mapped_rating(session, folder, "15-1211.00", "2.B.3.e")

    again = import_taxonomy(session, "onet", folder)
    assert not again.changed
    assert all(c.created == c.updated == c.removed == 0 for c in again.counts.values())


def broken_copy(tmp_path: Path, name: str, line: int, column: str, value: str) -> Path:
    """The O*NET folder with one cell of one physical line replaced (other files linked)."""
    source = shared_path("data", "onet")
    folder = tmp_path / "onet"
    folder.mkdir()
    for path in source.iterdir():
        if path.name != name:
            (folder / path.name).symlink_to(path)
    lines = (source / name).read_text(encoding="utf-8").split("\n")
    header = lines[0].split("\t")
    cells = lines[line - 1].split("\t")
    cells[header.index(column)] = value
    lines[line - 1] = "\t".join(cells)
    (folder / name).write_text("\n".join(lines), encoding="utf-8")
    return folder


def line_where(name: str, match: dict[str, str], nth: int = 3) -> int:
    """Physical line of the nth data row whose columns have the given values."""
    found = 0
    for number, row in enumerate(rows_of(shared_path("data", "onet"), name), start=2):
        if all(row[k] == v for k, v in match.items()):
            found += 1
            if found == nth:
                return number
    raise AssertionError(f"no row {nth} of {name} matches {match}")


@pytest.mark.parametrize(
    ("name", "match", "column", "value", "message"),
    [
        ("Skills.txt", {"Scale ID": "IM"}, "Data Value", "5.5", "outside 1..5"),
        ("Skills.txt", {"Scale ID": "LV"}, "Data Value", "7.5", "outside 0..7"),
        ("Skills.txt", {"Scale ID": "LV"}, "Data Value", "high", "not a number"),
        ("Skills.txt", {"Scale ID": "IM"}, "O*NET-SOC Code", "99-9999.00", "unknown O*NET-SOC"),
        ("Skills.txt", {"Scale ID": "IM"}, "Element ID", "2.C.9", "unknown skill element"),
        ("Tasks to DWAs.txt", {}, "DWA ID", "4.A.9.z.9.I99.D99", "unknown DWA ID"),
    ],
)
def test_broken_row_names_file_and_line_and_writes_nothing(
    session: Session,
    tmp_path: Path,
    name: str,
    match: dict[str, str],
    column: str,
    value: str,
    message: str,
) -> None:
    line = line_where(name, match)
    folder = broken_copy(tmp_path, name, line, column, value)
    before = table_counts(session)

    with pytest.raises(ImportFormatError) as raised:
        import_taxonomy(session, "onet", folder)

    assert (raised.value.file, raised.value.line) == (name, line)
    assert message in raised.value.message
    assert table_counts(session) == before
