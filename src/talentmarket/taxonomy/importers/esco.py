"""ESCO importer: the official CSV download (v1.1 names, and v1.2 names with `_en`).

Reads skills, skill groups and the skill hierarchy, occupations and ISCO groups with their
hierarchy, occupation-skill essential/optional relations, skill-skill relations and all
labels. Every reference is checked before anything is written; a bad row raises
ImportFormatError with the file and line.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from talentmarket.errors import ImportFormatError
from talentmarket.taxonomy.importers.rows import (
    EdgeRow,
    Line,
    Progress,
    RoleRow,
    RoleSkillRow,
    SkillRow,
    TaxonomyRows,
    no_progress,
    read_table,
    split_labels,
)
from talentmarket.taxonomy.models import SKILL_TYPES

SOURCE = "esco"
# Columns and relation types ESCO does not have, which the ESCO-style export adds so that
# a company's own taxonomy round-trips (ESCO's tools ignore them).
TYPE_COLUMN = "talentmarketSkillType"
EXTENDED_RELATIONS = ("related", "requires", "same_as")
REQUIRED_FILES = ("skills", "occupations", "occupationSkillRelations")


def find_file(folder: Path, stem: str, *, required: bool = True) -> Path | None:
    """Locate an ESCO file by stem, with or without the `_en` suffix (releases differ)."""
    for name in (f"{stem}_en.csv", f"{stem}.csv"):
        path = folder / name
        if path.is_file():
            return path
    if required:
        raise ImportFormatError(f"{stem}_en.csv", 0, f"not found in {folder}")
    return None


def release_version(folder: Path) -> str:
    """The ESCO release from the folder name (esco-1.1.1 -> 1.1.1), else a content hash."""
    match = re.search(r"(\d+\.\d+(?:\.\d+)?)", folder.name)
    if match:
        return match.group(1)
    return "sha-" + checksum(folder)[:12]


def checksum(folder: Path) -> str:
    """Hash of the CSV files' names and sizes and modification-free content prefix."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.csv")):
        digest.update(path.name.encode())
        digest.update(str(path.stat().st_size).encode())
    return digest.hexdigest()


def _skill_type(line: Line, languages: set[str]) -> str:
    own = line.get(TYPE_COLUMN)  # written by `taxonomy export esco`
    if own:
        if own not in SKILL_TYPES:
            raise line.fail(f"{TYPE_COLUMN} {own!r} is not one of {', '.join(SKILL_TYPES)}")
        return own
    uri = line.get("conceptUri")
    if uri in languages:
        return "language"
    if line.get("reuseLevel") == "transversal":
        return "transversal"
    raw = line.get("skillType")
    return "knowledge" if raw == "knowledge" else "skill"


def _weight(line: Line) -> float:
    raw = line.get("weight")
    try:
        return float(raw) if raw else 1.0
    except ValueError:
        raise line.fail(f"weight {raw!r} is not a number") from None


def _status(line: Line) -> str:
    return "deprecated" if line.get("status") in {"obsolete", "deprecated"} else "active"


def read_esco(
    folder: Path, progress: Progress = no_progress, version: str | None = None
) -> TaxonomyRows:
    """Parse an ESCO CSV folder into rows; raises ImportFormatError on the first bad row."""
    if not folder.is_dir():
        raise ImportFormatError(str(folder), 0, "ESCO folder not found")
    rows = TaxonomyRows(SOURCE, version or release_version(folder), checksum=checksum(folder))

    skill_uris = _read_skills(folder, rows, progress)
    group_uris = _read_skill_groups(folder, rows)
    _read_skill_relations(folder, rows, skill_uris, skill_uris | group_uris, progress)
    _read_roles(folder, rows, skill_uris, progress)
    return rows


def _read_skills(folder: Path, rows: TaxonomyRows, progress: Progress) -> set[str]:
    """Skills (languages typed as such); returns their uris."""
    languages: set[str] = set()
    lang_path = find_file(folder, "languageSkillsCollection", required=False)
    if lang_path:
        languages = {ln.get("conceptUri") for ln in read_table(lang_path, ("conceptUri",))}

    skill_uris: set[str] = set()
    path = find_file(folder, "skills")
    assert path is not None
    for line in read_table(path, ("conceptUri", "preferredLabel", "altLabels", "skillType")):
        uri = line.require("conceptUri")
        rows.skills.append(
            SkillRow(
                uri=uri,
                label=line.require("preferredLabel"),
                alt_labels=split_labels(line.get("altLabels")),
                hidden_labels=split_labels(line.get("hiddenLabels")),
                description=line.get("description") or line.get("definition"),
                skill_type=_skill_type(line, languages),
                reuse_level=line.get("reuseLevel"),
                status=_status(line),
            )
        )
        skill_uris.add(uri)
    progress("read skills", len(rows.skills), len(rows.skills))
    return skill_uris


def _read_skill_groups(folder: Path, rows: TaxonomyRows) -> set[str]:
    """Skill groups, from their file and the hierarchy; returns their uris."""
    group_uris: set[str] = set()
    path = find_file(folder, "skillGroups", required=False)
    if path:
        for line in read_table(path, ("conceptUri", "preferredLabel")):
            uri = line.require("conceptUri")
            rows.skills.append(
                SkillRow(
                    uri=uri,
                    kind="group",
                    label=line.require("preferredLabel"),
                    alt_labels=split_labels(line.get("altLabels")),
                    description=line.get("description"),
                    skill_type="group",
                    code=line.get("code"),
                    status=_status(line),
                )
            )
            group_uris.add(uri)
    _groups_from_hierarchy(folder, rows, group_uris)
    return group_uris


def _read_skill_relations(
    folder: Path, rows: TaxonomyRows, skill_uris: set[str], concepts: set[str], progress: Progress
) -> None:
    """The skill pillar's broader links and the skill-skill relations."""
    path = find_file(folder, "broaderRelationsSkillPillar", required=False)
    if path:
        for line in read_table(path, ("conceptUri", "broaderUri")):
            narrower, broader = line.require("conceptUri"), line.require("broaderUri")
            for uri in (narrower, broader):
                if uri not in concepts:
                    raise line.fail(f"unknown skill or skill group {uri}")
            rows.skill_edges.append(EdgeRow(narrower, broader, "broader"))

    path = find_file(folder, "skillSkillRelations", required=False)
    if path:
        for line in read_table(path, ("originalSkillUri", "relationType", "relatedSkillUri")):
            origin, related = line.require("originalSkillUri"), line.require("relatedSkillUri")
            for uri in (origin, related):
                if uri not in skill_uris:
                    raise line.fail(f"unknown skill {uri}")
            kind = line.require("relationType")
            if kind in EXTENDED_RELATIONS:  # written by `taxonomy export esco`
                rows.skill_edges.append(EdgeRow(origin, related, kind, _weight(line)))
                continue
            if kind not in {"essential", "optional"}:
                raise line.fail(f"relationType {kind!r} is not essential or optional")
            # ESCO: skill `origin` has `related` as essential/optional knowledge or skill,
            # stored as: related --essential_for/optional_for--> origin
            rows.skill_edges.append(EdgeRow(related, origin, f"{kind}_for"))
    progress("read skill hierarchy", len(rows.skill_edges), len(rows.skill_edges))


def _groups_from_hierarchy(folder: Path, rows: TaxonomyRows, group_uris: set[str]) -> None:
    """Skill groups that appear only in the hierarchy file (some releases omit a few)."""
    path = find_file(folder, "skillsHierarchy", required=False)
    if path is None:
        return
    for line in read_table(path, ("Level 0 URI",)):
        for level in range(4):
            uri = line.get(f"Level {level} URI")
            label = line.get(f"Level {level} preferred term")
            if uri and uri not in group_uris and label:
                rows.skills.append(
                    SkillRow(
                        uri=uri,
                        kind="group",
                        label=label,
                        skill_type="group",
                        code=line.get(f"Level {level} code"),
                    )
                )
                group_uris.add(uri)


def _read_roles(folder: Path, rows: TaxonomyRows, skill_uris: set[str], progress: Progress) -> None:
    isco_by_code: dict[str, str] = {}
    role_uris: set[str] = set()
    groups: list[tuple[Line, str]] = []
    path = find_file(folder, "ISCOGroups", required=False)
    if path:
        for line in read_table(path, ("conceptUri", "code", "preferredLabel")):
            uri = line.require("conceptUri")
            isco_by_code[line.require("code")] = uri
            groups.append((line, uri))
            role_uris.add(uri)

    occupations: list[tuple[Line, str]] = []
    path = find_file(folder, "occupations")
    assert path is not None
    for line in read_table(path, ("conceptUri", "preferredLabel", "altLabels", "iscoGroup")):
        uri = line.require("conceptUri")
        occupations.append((line, uri))
        role_uris.add(uri)

    parents, referenced = _occupation_parents(folder, rows, role_uris)
    for line, uri in groups:
        code = line.get("code")
        rows.roles.append(
            RoleRow(
                uri=uri,
                kind="group",
                title=line.require("preferredLabel"),
                code=code,
                isco_code=code,
                alt_titles=split_labels(line.get("altLabels")),
                description=line.get("description"),
                parent_uri=parents.get(uri) or isco_by_code.get(code[:-1], ""),
            )
        )
    for line, uri in occupations:
        isco = line.get("iscoGroup")
        rows.roles.append(
            RoleRow(
                uri=uri,
                title=line.require("preferredLabel"),
                code=line.get("code"),
                isco_code=isco,
                alt_titles=split_labels(line.get("altLabels")),
                description=line.get("description") or line.get("definition"),
                parent_uri=parents.get(uri) or isco_by_code.get(isco, ""),
                status=_status(line),
            )
        )
    progress("read occupations", len(occupations), len(occupations))

    _occupation_skills(folder, rows, skill_uris, role_uris, parents, referenced, progress)


def _occupation_parents(
    folder: Path, rows: TaxonomyRows, role_uris: set[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """Broader links of the occupation pillar: child -> parent, and occupations referred
    to but not defined (uri -> where)."""
    parents: dict[str, str] = {}
    referenced: dict[str, str] = {}
    path = find_file(folder, "broaderRelationsOccPillar", required=False)
    if path:
        for line in read_table(path, ("conceptUri", "broaderUri")):
            narrower, broader = line.require("conceptUri"), line.require("broaderUri")
            if broader not in role_uris:
                raise line.fail(f"unknown broader occupation or ISCO group {broader}")
            if narrower not in role_uris:
                referenced.setdefault(narrower, f"{line.file}, line {line.line}")
            parents.setdefault(narrower, broader)
            rows.role_edges.append(EdgeRow(narrower, broader, "broader"))
    return parents, referenced


def _occupation_skills(
    folder: Path,
    rows: TaxonomyRows,
    skill_uris: set[str],
    role_uris: set[str],
    parents: dict[str, str],
    referenced: dict[str, str],
    progress: Progress,
) -> None:
    """Occupation-skill relations, and placeholders for occupations referred to only."""
    path = find_file(folder, "occupationSkillRelations")
    assert path is not None
    for line in read_table(path, ("occupationUri", "relationType", "skillUri")):
        role, skill = line.require("occupationUri"), line.require("skillUri")
        if skill not in skill_uris:
            raise line.fail(f"unknown skill {skill}")
        if role not in role_uris:
            referenced.setdefault(role, f"{line.file}, line {line.line}")
        kind = line.require("relationType")
        if kind not in {"essential", "optional"}:
            raise line.fail(f"relationType {kind!r} is not essential or optional")
        rows.role_skills.append(RoleSkillRow(role, skill, kind))
    for uri, where in referenced.items():
        # Some releases refer to occupations their occupations file omits; keep the edges
        # on a clearly marked placeholder instead of dropping them.
        rows.roles.append(
            RoleRow(
                uri=uri,
                title=f"ESCO occupation {uri.rsplit('/', 1)[-1][:8]} (not in occupations file)",
                parent_uri=parents.get(uri, ""),
                status="placeholder",
            )
        )
        rows.notes.append(f"occupation {uri} is referenced ({where}) but not defined")
    progress("read occupation skills", len(rows.role_skills), len(rows.role_skills))
