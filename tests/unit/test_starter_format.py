"""The shipped starter taxonomy parses and is complete; broken copies fail at the right line."""

from __future__ import annotations

import csv
import io
import os
import shutil
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest

from talentmarket.errors import ImportFormatError
from talentmarket.taxonomy.importers.starter_format import (
    DEFAULT_STARTER_PATH,
    ENV_STARTER_PATH,
    FILES,
    SKILL_TYPES,
    read_starter_taxonomy,
    starter_path,
)
from talentmarket.taxonomy.importers.starter_rows import StarterTaxonomy

SHIPPED = starter_path({})
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
ESCO = SHARED / "data" / "esco-1.1.1"
ONET = SHARED / "data" / "onet"
FAMILIES = {
    "fam.engineering",
    "fam.data",
    "fam.product",
    "fam.design",
    "fam.sales",
    "fam.marketing",
    "fam.finance",
    "fam.hr",
    "fam.legal",
    "fam.operations",
    "fam.customer-support",
}
Rows = list[list[str]]


@pytest.fixture(scope="module")
def starter() -> StarterTaxonomy:
    return read_starter_taxonomy(SHIPPED)


def test_default_path_is_the_repository_folder() -> None:
    repo_folder = (Path(__file__).parents[2] / "data" / "taxonomy").resolve()
    assert SHIPPED.resolve() == repo_folder
    assert starter_path(os.environ) == DEFAULT_STARTER_PATH
    assert starter_path({ENV_STARTER_PATH: "/srv/taxonomy"}) == Path("/srv/taxonomy")
    assert all((SHIPPED / name).is_file() for name in FILES)


def test_shipped_taxonomy_meets_the_counts(starter: StarterTaxonomy) -> None:
    assert len(starter.skills) >= 400
    assert len(starter.roles) >= 80
    assert len(starter.skill_relations) >= 150
    assert {s.type for s in starter.skills} == set(SKILL_TYPES)
    assert {r.relation for r in starter.skill_relations} == {"related", "requires"}
    skills_per_role = Counter(rs.role for rs in starter.role_skills)
    tasks_per_role = Counter(t.role for t in starter.tasks)
    for role in starter.roles:
        assert skills_per_role[role.id] >= 8, role.id
        assert tasks_per_role[role.id] >= 3, role.id
        assert role.description


def test_skill_groups_have_two_levels(starter: StarterTaxonomy) -> None:
    parents = {g.id: g.parent for g in starter.skill_groups}
    top = {g for g, p in parents.items() if p is None}
    assert len(top) >= 10
    assert len(parents) - len(top) >= 40
    grouped = {g for s in starter.skills for g in s.groups}
    assert grouped <= set(parents)


def test_every_family_has_roles(starter: StarterTaxonomy) -> None:
    parents = {g.id: g.parent for g in starter.role_groups}
    assert {g for g, p in parents.items() if p is None} == FAMILIES

    def family(group: str) -> str:
        while (parent := parents[group]) is not None:
            group = parent
        return group

    roles_per_family = Counter(family(r.group) for r in starter.roles)
    assert set(roles_per_family) == FAMILIES
    assert min(roles_per_family.values()) >= 7


def test_senior_roles_need_higher_levels(starter: StarterTaxonomy) -> None:
    levels: dict[str, dict[str, int]] = defaultdict(dict)
    for rs in starter.role_skills:
        levels[rs.role][rs.skill] = rs.level
    pairs = [
        ("role.associate-software-engineer", "role.software-engineer"),
        ("role.software-engineer", "role.senior-software-engineer"),
        ("role.senior-software-engineer", "role.staff-software-engineer"),
        ("role.data-analyst", "role.senior-data-analyst"),
        ("role.data-scientist", "role.senior-data-scientist"),
        ("role.product-manager", "role.senior-product-manager"),
        ("role.accountant", "role.senior-accountant"),
        ("role.legal-counsel", "role.senior-legal-counsel"),
        ("role.customer-success-manager", "role.senior-customer-success-manager"),
    ]
    for junior, senior in pairs:
        shared = levels[junior].keys() & levels[senior].keys()
        assert len(shared) >= 5, (junior, senior)
        assert all(levels[senior][s] >= levels[junior][s] for s in shared), (junior, senior)
        assert sum(levels[senior][s] for s in shared) > sum(levels[junior][s] for s in shared)


def test_ids_labels_and_links_are_consistent(starter: StarterTaxonomy) -> None:
    labels = Counter(s.label.lower() for s in starter.skills)
    assert max(labels.values()) == 1
    esco_skill_uris = [s.esco_uri for s in starter.skills if s.esco_uri]
    assert len(esco_skill_uris) == len(set(esco_skill_uris)) >= 150
    assert sum(1 for r in starter.roles if r.esco_uri) >= len(starter.roles) * 2 // 3
    assert all(t.id.startswith(t.role.replace("role.", "task.", 1) + ".") for t in starter.tasks)


@pytest.mark.shared
def test_external_codes_exist_in_esco_and_onet(starter: StarterTaxonomy) -> None:
    if not ESCO.is_dir() or not ONET.is_dir():
        pytest.skip(f"ESCO/O*NET data not found under {SHARED.resolve()}")
    esco_skills = _column(ESCO / "skills_en.csv", "conceptUri")
    occupations = {
        row["conceptUri"]: row["iscoGroup"] for row in _dict_rows(ESCO / "occupations_en.csv")
    }
    onet_codes = {
        row["O*NET-SOC Code"] for row in _dict_rows(ONET / "Occupation Data.txt", delimiter="\t")
    }
    for skill in starter.skills:
        assert skill.esco_uri is None or skill.esco_uri in esco_skills, skill.id
    for role in starter.roles:
        if role.esco_uri is not None:
            assert role.esco_uri in occupations, role.id
            assert role.isco_code == occupations[role.esco_uri], role.id
        assert role.onet_code is None or role.onet_code in onet_codes, role.id


def _dict_rows(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def _column(path: Path, column: str) -> set[str]:
    return {row[column] for row in _dict_rows(path)}


# --- broken copies -------------------------------------------------------------------


@pytest.fixture
def folder_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "taxonomy"
    folder.mkdir()
    for name in FILES:
        shutil.copy(SHIPPED / name, folder / name)
    return folder


def _serialise(rows: Rows) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _edit(folder: Path, name: str, change: Callable[[Rows], int]) -> int:
    """Apply change to the file's rows (header first); return the changed row's line."""
    path = folder / name
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    index = change(rows)
    path.write_text(_serialise(rows), encoding="utf-8")
    return 1 + _serialise(rows[:index]).count("\n")


def _find(rows: Rows, column: str, value: str) -> int:
    col = rows[0].index(column)
    return next(i for i, row in enumerate(rows) if i > 0 and row[col] == value)


def _set(column: str, value: str, *, where: tuple[str, str] | None = None) -> Callable[[Rows], int]:
    def change(rows: Rows) -> int:
        index = _find(rows, *where) if where else 7
        rows[index][rows[0].index(column)] = value
        return index

    return change


def _duplicate(index: int) -> Callable[[Rows], int]:
    def change(rows: Rows) -> int:
        rows.append(list(rows[index]))
        return len(rows) - 1

    return change


def _new_edge(source: str, relation: str, target: str) -> Callable[[Rows], int]:
    def change(rows: Rows) -> int:
        rows.append([source, relation, target, "0.5"])
        return len(rows) - 1

    return change


CASES: dict[str, tuple[str, Callable[[Rows], int], str]] = {
    "unknown skill in role_skills": (
        "role_skills.csv",
        _set("skill", "skill.no-such-skill"),
        "unknown skill 'skill.no-such-skill'",
    ),
    "level above the scale": ("role_skills.csv", _set("level", "6"), "outside 1..5"),
    "fractional level": ("role_skills.csv", _set("level", "3.5"), "whole number"),
    "importance not a number": ("role_skills.csv", _set("importance", "high"), "not a number"),
    "bad relation": ("role_skills.csv", _set("relation", "required"), "not one of"),
    "duplicate skill id": ("skills.csv", _duplicate(3), "duplicate id 'skill.javascript'"),
    "duplicate role id": ("roles.csv", _duplicate(1), "duplicate id"),
    "duplicate role skill": ("role_skills.csv", _duplicate(5), "already lists"),
    "bad skill type": ("skills.csv", _set("type", "hobby"), "type 'hobby' is not one of"),
    "bad reuse level": ("skills.csv", _set("reuse_level", "global"), "reuse_level"),
    "unknown skill group": ("skills.csv", _set("groups", "grp.nowhere"), "unknown skill group"),
    "id with capitals": ("skills.csv", _set("id", "skill.Python"), "lowercase slug"),
    "wrong id prefix": ("roles.csv", _set("id", "job.pilot"), "starting with 'role.'"),
    "empty label": ("skills.csv", _set("label", " "), "column 'label' is empty"),
    "esco uri of the wrong kind": (
        "roles.csv",
        _set("esco_uri", "http://data.europa.eu/esco/skill/abc"),
        "esco_uri",
    ),
    "bad onet code": ("roles.csv", _set("onet_code", "15-1252"), "O*NET-SOC"),
    "unknown role group": ("roles.csv", _set("group", "fam.pirates"), "unknown role group"),
    "task skill the role does not list": (
        "tasks.csv",
        _set("skills", "skill.python|skill.figma", where=("id", "task.software-engineer.1")),
        "'skill.figma' is not listed for role.software-engineer",
    ),
    "task with six skills": (
        "tasks.csv",
        _set(
            "skills",
            "|".join(
                f"skill.{s}" for s in ("python", "javascript", "sql", "git", "debugging", "docker")
            ),
            where=("id", "task.software-engineer.1"),
        ),
        "1 to 5 skills",
    ),
    "unknown role in tasks": ("tasks.csv", _set("role", "role.astronaut"), "unknown role"),
    "weight zero": ("skill_relations.csv", _set("weight", "0"), "greater than 0"),
    "weight above one": ("skill_relations.csv", _set("weight", "1.5"), "outside 0..1"),
    "self relation": (
        "skill_relations.csv",
        _new_edge("skill.python", "related", "skill.python"),
        "to itself",
    ),
    "related edge given twice": (
        "skill_relations.csv",
        _new_edge("skill.docker", "related", "skill.kubernetes"),
        "duplicate edge",
    ),
    "requires cycle": (
        "skill_relations.csv",
        _new_edge("skill.javascript", "requires", "skill.react"),
        "cycle",
    ),
    "skill group cycle": (
        "skill_groups.csv",
        _set("parent", "grp.programming-languages", where=("id", "grp.software-engineering")),
        "cycle",
    ),
    "role group cycle": (
        "role_groups.csv",
        _set("parent", "fam.security", where=("id", "fam.engineering")),
        "cycle",
    ),
    "unknown parent group": ("skill_groups.csv", _set("parent", "grp.ghost"), "unknown group"),
}


@pytest.mark.parametrize("case", CASES)
def test_broken_copy_names_file_and_line(folder_copy: Path, case: str) -> None:
    name, change, message = CASES[case]
    line = _edit(folder_copy, name, change)
    with pytest.raises(ImportFormatError) as info:
        read_starter_taxonomy(folder_copy)
    assert (info.value.file, info.value.line) == (name, line)
    assert message in info.value.message


def test_line_numbers_count_physical_lines(folder_copy: Path) -> None:
    """A quoted description spanning three lines shifts later rows' line numbers by two."""

    def change(rows: Rows) -> int:
        rows[2][rows[0].index("description")] = "First line,\nsecond line,\nthird line."
        rows[5][rows[0].index("type")] = "hobby"
        return 5

    line = _edit(folder_copy, "skills.csv", change)
    assert line == 5 + 1 + 2
    with pytest.raises(ImportFormatError) as info:
        read_starter_taxonomy(folder_copy)
    assert (info.value.file, info.value.line) == ("skills.csv", line)


def test_missing_column_is_reported_on_the_header(folder_copy: Path) -> None:
    def change(rows: Rows) -> int:
        col = rows[0].index("importance")
        for row in rows:
            del row[col]
        return 0

    _edit(folder_copy, "role_skills.csv", change)
    with pytest.raises(ImportFormatError) as info:
        read_starter_taxonomy(folder_copy)
    assert (info.value.file, info.value.line) == ("role_skills.csv", 1)
    assert "importance" in info.value.message


def test_missing_file_and_folder(folder_copy: Path, tmp_path: Path) -> None:
    (folder_copy / "tasks.csv").unlink()
    with pytest.raises(ImportFormatError) as info:
        read_starter_taxonomy(folder_copy)
    assert info.value.file == str(folder_copy / "tasks.csv")
    with pytest.raises(ImportFormatError):
        read_starter_taxonomy(tmp_path / "absent")


def test_spreadsheet_export_with_bom_and_blank_rows_reads_the_same(
    folder_copy: Path, starter: StarterTaxonomy
) -> None:
    path = folder_copy / "skills.csv"
    path.write_text("\ufeff" + path.read_text(encoding="utf-8") + ",,,,,,,\n", encoding="utf-8")
    again = read_starter_taxonomy(folder_copy)
    assert again.skills == starter.skills
    assert again.checksum != starter.checksum
