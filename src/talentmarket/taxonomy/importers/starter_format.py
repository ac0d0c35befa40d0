"""The starter taxonomy's CSV format: frozen rows and a reader that validates every file.

The starter taxonomy is seven CSV files in one folder (see data/taxonomy/README.md). This
module only parses and checks them; writing to the database is the importer's job. Every
problem raises ImportFormatError with the file name and the physical line (header = 1).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from talentmarket.errors import ImportFormatError
from talentmarket.resources import shipped
from talentmarket.taxonomy.importers.rows import Line, read_table, split_labels
from talentmarket.taxonomy.importers.starter_rows import (
    G,
    StarterRole,
    StarterRoleGroup,
    StarterRoleSkill,
    StarterSkill,
    StarterSkillGroup,
    StarterSkillRelation,
    StarterTask,
    StarterTaxonomy,
)

ENV_STARTER_PATH = "TALENTMARKET_STARTER_PATH"
# src/talentmarket/taxonomy/importers/ -> the repository root is four levels up
STARTER_PATH = shipped("data/taxonomy")

SKILL_GROUPS_FILE = "skill_groups.csv"
SKILLS_FILE = "skills.csv"
SKILL_RELATIONS_FILE = "skill_relations.csv"
ROLE_GROUPS_FILE = "role_groups.csv"
ROLES_FILE = "roles.csv"
ROLE_SKILLS_FILE = "role_skills.csv"
TASKS_FILE = "tasks.csv"
FILES = (
    SKILL_GROUPS_FILE,
    SKILLS_FILE,
    SKILL_RELATIONS_FILE,
    ROLE_GROUPS_FILE,
    ROLES_FILE,
    ROLE_SKILLS_FILE,
    TASKS_FILE,
)

SKILL_TYPES = ("skill", "knowledge", "tool", "language", "transversal")
REUSE_LEVELS = ("transversal", "cross-sector", "sector-specific", "occupation-specific")
SKILL_RELATIONS = ("related", "requires")
ROLE_SKILL_RELATIONS = ("essential", "optional")
PROFICIENCY_LEVELS = {
    1: "awareness",
    2: "working knowledge",
    3: "practitioner",
    4: "advanced",
    5: "expert",
}
MAX_TASK_SKILLS = 5

_SLUG = re.compile(r"[a-z0-9]+(?:[.-][a-z0-9]+)*")
_ISCO = re.compile(r"\d{1,4}")
_ONET = re.compile(r"\d{2}-\d{4}\.\d{2}")
_ESCO_SKILL = "http://data.europa.eu/esco/skill/"
_ESCO_OCCUPATION = "http://data.europa.eu/esco/occupation/"


def starter_path(environ: Mapping[str, str] | None = None) -> Path:
    """The starter folder: TALENTMARKET_STARTER_PATH when set, else the repo's data/taxonomy."""
    env = os.environ if environ is None else environ
    override = env.get(ENV_STARTER_PATH, "").strip()
    return Path(override) if override else STARTER_PATH


DEFAULT_STARTER_PATH = starter_path()


def read_starter_taxonomy(folder: Path) -> StarterTaxonomy:
    """Read and validate a starter folder; the first problem raises ImportFormatError."""
    if not folder.is_dir():
        raise ImportFormatError(str(folder), 0, "starter taxonomy folder not found")
    skill_groups = _read_groups(folder / SKILL_GROUPS_FILE, "grp.", StarterSkillGroup)
    skills = _read_skills(folder / SKILLS_FILE, {g.id for g in skill_groups})
    skill_ids = {s.id for s in skills}
    relations = _read_relations(folder / SKILL_RELATIONS_FILE, skill_ids)
    role_groups = _read_groups(folder / ROLE_GROUPS_FILE, "fam.", StarterRoleGroup)
    roles = _read_roles(folder / ROLES_FILE, {g.id for g in role_groups})
    role_skills = _read_role_skills(folder / ROLE_SKILLS_FILE, {r.id for r in roles}, skill_ids)
    tasks = _read_tasks(folder / TASKS_FILE, {r.id for r in roles}, role_skills)
    return StarterTaxonomy(
        skill_groups=skill_groups,
        skills=skills,
        skill_relations=relations,
        role_groups=role_groups,
        roles=roles,
        role_skills=role_skills,
        tasks=tasks,
        checksum=folder_checksum(folder),
    )


def folder_checksum(folder: Path) -> str:
    """SHA-256 over the seven files' names and bytes; changes whenever the data does."""
    digest = hashlib.sha256()
    for name in FILES:
        digest.update(name.encode())
        digest.update((folder / name).read_bytes())
    return digest.hexdigest()


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[Line]:
    """Data rows of one starter file; blank lines are skipped."""
    for line in read_table(path, columns):
        if any(v and v.strip() for v in line.values.values()):
            yield line


def _id(line: Line, column: str, prefix: str, seen: set[str]) -> str:
    value = line.require(column)
    if not _SLUG.fullmatch(value) or not value.startswith(prefix):
        raise line.fail(f"{column} {value!r} must be a lowercase slug starting with {prefix!r}")
    if value in seen:
        raise line.fail(f"duplicate {column} {value!r}")
    seen.add(value)
    return value


def _choice(line: Line, column: str, allowed: tuple[str, ...], *, optional: bool = False) -> str:
    value = line.get(column)
    if optional and not value:
        return ""
    if value not in allowed:
        raise line.fail(f"{column} {value!r} is not one of {', '.join(allowed)}")
    return value


def _integer(line: Line, column: str, low: int, high: int) -> int:
    value = line.number(column, low=low, high=high)
    if value != int(value):
        raise line.fail(f"{column} {line.get(column)!r} must be a whole number")
    return int(value)


def _optional_code(line: Line, column: str, pattern: re.Pattern[str], form: str) -> str | None:
    value = line.get(column)
    if value and not pattern.fullmatch(value):
        raise line.fail(f"{column} {value!r} is not {form}")
    return value or None


def _esco_uri(line: Line, prefix: str) -> str | None:
    value = line.get("esco_uri")
    if value and (not value.startswith(prefix) or len(value) == len(prefix)):
        raise line.fail(f"esco_uri {value!r} must start with {prefix}")
    return value or None


def _ref(line: Line, column: str, value: str, known: set[str], what: str) -> str:
    if value not in known:
        raise line.fail(f"{column} refers to unknown {what} {value!r}")
    return value


def _read_groups(path: Path, prefix: str, kind: type[G]) -> tuple[G, ...]:
    groups: list[G] = []
    seen: set[str] = set()
    for line in _rows(path, ("id", "label", "parent", "description")):
        groups.append(
            kind(
                id=_id(line, "id", prefix, seen),
                label=line.require("label"),
                parent=line.get("parent") or None,
                description=line.get("description"),
                line=line.line,
            )
        )
    parents = {g.id: g.parent for g in groups}
    for group in groups:
        if group.parent is not None and group.parent not in parents:
            raise ImportFormatError(
                path.name, group.line, f"parent refers to unknown group {group.parent!r}"
            )
    for group in groups:
        visited = {group.id}
        parent = group.parent
        while parent is not None:
            if parent in visited:
                raise ImportFormatError(
                    path.name, group.line, f"group {group.id!r} is its own ancestor (cycle)"
                )
            visited.add(parent)
            parent = parents[parent]
    return tuple(groups)


def _read_skills(path: Path, group_ids: set[str]) -> tuple[StarterSkill, ...]:
    columns = ("id", "label", "alt_labels", "type", "groups", "description")
    skills: list[StarterSkill] = []
    seen: set[str] = set()
    for line in _rows(path, (*columns, "esco_uri", "reuse_level")):
        skill_id = _id(line, "id", "skill.", seen)
        groups = split_labels(line.get("groups"), "|")
        if not groups:
            raise line.fail("column 'groups' is empty")
        for group in groups:
            _ref(line, "groups", group, group_ids, "skill group")
        skills.append(
            StarterSkill(
                id=skill_id,
                label=line.require("label"),
                alt_labels=split_labels(line.get("alt_labels"), "|"),
                type=_choice(line, "type", SKILL_TYPES),
                groups=groups,
                description=line.require("description"),
                esco_uri=_esco_uri(line, _ESCO_SKILL),
                reuse_level=_choice(line, "reuse_level", REUSE_LEVELS, optional=True) or None,
                line=line.line,
            )
        )
    return tuple(skills)


def _read_relations(path: Path, skill_ids: set[str]) -> tuple[StarterSkillRelation, ...]:
    relations: list[StarterSkillRelation] = []
    seen: set[tuple[str, str, str]] = set()
    requires: dict[str, list[str]] = {}
    for line in _rows(path, ("source", "relation", "target", "weight")):
        source = _ref(line, "source", line.require("source"), skill_ids, "skill")
        target = _ref(line, "target", line.require("target"), skill_ids, "skill")
        relation = _choice(line, "relation", SKILL_RELATIONS)
        if source == target:
            raise line.fail(f"a skill cannot be {relation} to itself")
        weight = line.number("weight", low=0.0, high=1.0)
        if weight == 0.0:
            raise line.fail("weight must be greater than 0")
        # related is symmetric, so a-b and b-a are the same edge
        if relation == "related":
            key = (relation, min(source, target), max(source, target))
        else:
            key = (relation, source, target)
        if key in seen:
            raise line.fail(f"duplicate edge {source} {relation} {target}")
        seen.add(key)
        if relation == "requires":
            if _reaches(requires, target, source):
                raise line.fail(f"{source} requires {target} closes a cycle of requires edges")
            requires.setdefault(source, []).append(target)
        relations.append(StarterSkillRelation(source, relation, target, weight, line.line))
    return tuple(relations)


def _reaches(edges: dict[str, list[str]], start: str, goal: str) -> bool:
    stack, visited = [start], {start}
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for nxt in edges.get(node, ()):
            if nxt not in visited:
                visited.add(nxt)
                stack.append(nxt)
    return False


def _read_roles(path: Path, group_ids: set[str]) -> tuple[StarterRole, ...]:
    columns = ("id", "title", "alt_titles", "group", "description")
    roles: list[StarterRole] = []
    seen: set[str] = set()
    for line in _rows(path, (*columns, "esco_uri", "isco_code", "onet_code")):
        roles.append(
            StarterRole(
                id=_id(line, "id", "role.", seen),
                title=line.require("title"),
                alt_titles=split_labels(line.get("alt_titles"), "|"),
                group=_ref(line, "group", line.require("group"), group_ids, "role group"),
                description=line.require("description"),
                esco_uri=_esco_uri(line, _ESCO_OCCUPATION),
                isco_code=_optional_code(line, "isco_code", _ISCO, "an ISCO-08 code (1-4 digits)"),
                onet_code=_optional_code(
                    line, "onet_code", _ONET, "an O*NET-SOC code like 15-1252.00"
                ),
                line=line.line,
            )
        )
    return tuple(roles)


def _read_role_skills(
    path: Path, role_ids: set[str], skill_ids: set[str]
) -> tuple[StarterRoleSkill, ...]:
    rows: list[StarterRoleSkill] = []
    seen: set[tuple[str, str]] = set()
    for line in _rows(path, ("role", "skill", "relation", "level", "importance")):
        role = _ref(line, "role", line.require("role"), role_ids, "role")
        skill = _ref(line, "skill", line.require("skill"), skill_ids, "skill")
        if (role, skill) in seen:
            raise line.fail(f"{role} already lists {skill}")
        seen.add((role, skill))
        rows.append(
            StarterRoleSkill(
                role=role,
                skill=skill,
                relation=_choice(line, "relation", ROLE_SKILL_RELATIONS),
                level=_integer(line, "level", 1, 5),
                importance=_integer(line, "importance", 1, 5),
                line=line.line,
            )
        )
    return tuple(rows)


def _read_tasks(
    path: Path, role_ids: set[str], role_skills: tuple[StarterRoleSkill, ...]
) -> tuple[StarterTask, ...]:
    listed: dict[str, set[str]] = {role: set() for role in role_ids}
    for row in role_skills:
        listed.setdefault(row.role, set()).add(row.skill)
    tasks: list[StarterTask] = []
    seen: set[str] = set()
    for line in _rows(path, ("id", "role", "statement", "skills")):
        task_id = _id(line, "id", "task.", seen)
        role = _ref(line, "role", line.require("role"), role_ids, "role")
        skills = split_labels(line.get("skills"), "|")
        if not 1 <= len(skills) <= MAX_TASK_SKILLS:
            raise line.fail(f"a task lists 1 to {MAX_TASK_SKILLS} skills, not {len(skills)}")
        for skill in skills:
            if skill not in listed[role]:
                raise line.fail(f"skill {skill!r} is not listed for {role} in {ROLE_SKILLS_FILE}")
        tasks.append(StarterTask(task_id, role, line.require("statement"), skills, line.line))
    return tuple(tasks)
