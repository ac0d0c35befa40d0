"""The taxonomy, local skills and company roles included, as an ESCO-style CSV folder:
the layout `talentmarket taxonomy import esco` reads, so an export imports into an empty
database with the same counts, and importing it again changes nothing.

Files: skills_en.csv, skillGroups_en.csv, languageSkillsCollection_en.csv,
broaderRelationsSkillPillar_en.csv, skillSkillRelations_en.csv, ISCOGroups_en.csv,
occupations_en.csv, broaderRelationsOccPillar_en.csv, occupationSkillRelations_en.csv.
Multi-valued labels are one per line inside the cell, as ESCO writes them. Relations the
ESCO layout has no column for (similar skills, related roles) are not exported.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from talentmarket.taxonomy import export_repository as repo
from talentmarket.taxonomy.importers.esco import EXTENDED_RELATIONS, TYPE_COLUMN
from talentmarket.taxonomy.models import Skill
from talentmarket.taxonomy.rsd import rich_skill_descriptor

RSD_FILE = "rich-skill-descriptors.jsonl"
RSD_OCCUPATIONS = 50  # roles named in each descriptor

ROLE_SKILL_KINDS = {"essential", "optional"}
SKILL_EDGE_KINDS = {"essential_for": "essential", "optional_for": "optional"}


@dataclass
class ExportReport:
    """Rows written per file."""

    folder: str
    files: dict[str, int] = field(default_factory=dict)


def _status(status: str) -> str:
    return "obsolete" if status == "deprecated" else "released"


def _write(folder: Path, name: str, header: Sequence[str], rows: Iterable[Sequence[str]]) -> int:
    count = 0
    with (folder / name).open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def export_esco(session: Session, folder: Path) -> ExportReport:
    """Write the taxonomy to `folder` (created if needed); returns rows per file."""
    folder.mkdir(parents=True, exist_ok=True)
    report = ExportReport(str(folder))
    _write_skills(session, folder, report)
    _write_skill_edges(session, folder, report)
    _write_roles(session, folder, report)
    return report


SKILL_HEADER = (
    "conceptType",
    "conceptUri",
    "skillType",
    "reuseLevel",
    "preferredLabel",
    "altLabels",
    "hiddenLabels",
    "status",
    "description",
    "code",
    TYPE_COLUMN,
)
GROUP_HEADER = (
    "conceptType",
    "conceptUri",
    "preferredLabel",
    "altLabels",
    "status",
    "description",
    "code",
)


def _skill_row(s: Skill) -> tuple[str, ...]:
    return (
        "KnowledgeSkillCompetence",
        s.uri,
        "knowledge" if s.skill_type == "knowledge" else "skill/competence",
        "transversal" if s.skill_type == "transversal" else s.reuse_level,
        s.label,
        "\n".join(s.alt_labels or []),
        "\n".join(s.hidden_labels or []),
        _status(s.status),
        s.description,
        s.code,
        s.skill_type,
    )


def _group_row(g: Skill) -> tuple[str, ...]:
    alt = "\n".join(g.alt_labels or [])
    return ("SkillGroup", g.uri, g.label, alt, _status(g.status), g.description, g.code)


def _write_skills(session: Session, folder: Path, report: ExportReport) -> None:
    all_skills = list(repo.skills(session))
    concepts = [s for s in all_skills if s.kind != "group"]
    files = report.files
    files["skills_en.csv"] = _write(
        folder, "skills_en.csv", SKILL_HEADER, (_skill_row(s) for s in concepts)
    )
    languages = ((s.uri, s.label) for s in concepts if s.skill_type == "language")
    files["languageSkillsCollection_en.csv"] = _write(
        folder, "languageSkillsCollection_en.csv", ("conceptUri", "preferredLabel"), languages
    )
    groups = (_group_row(g) for g in all_skills if g.kind == "group")
    files["skillGroups_en.csv"] = _write(folder, "skillGroups_en.csv", GROUP_HEADER, groups)


def _write_skill_edges(session: Session, folder: Path, report: ExportReport) -> None:
    edges = list(repo.skill_edges(session))
    report.files["broaderRelationsSkillPillar_en.csv"] = _write(
        folder,
        "broaderRelationsSkillPillar_en.csv",
        ("conceptUri", "broaderUri"),
        ((a, b) for a, b, kind, _w in edges if kind == "broader"),
    )
    # stored as related --essential_for--> origin; ESCO writes origin, kind, related
    esco = [(b, SKILL_EDGE_KINDS[k], a, "") for a, b, k, _w in edges if k in SKILL_EDGE_KINDS]
    own = [(a, k, b, f"{w:g}") for a, b, k, w in edges if k in EXTENDED_RELATIONS]
    report.files["skillSkillRelations_en.csv"] = _write(
        folder,
        "skillSkillRelations_en.csv",
        ("originalSkillUri", "relationType", "relatedSkillUri", "weight"),
        esco + own,
    )


def _write_roles(session: Session, folder: Path, report: ExportReport) -> None:
    roles = list(repo.roles(session))
    report.files["ISCOGroups_en.csv"] = _write(
        folder,
        "ISCOGroups_en.csv",
        ("conceptType", "conceptUri", "code", "preferredLabel", "altLabels", "description"),
        (
            (
                "ISCOGroup",
                r.uri,
                r.code or r.isco_code,
                r.title,
                "\n".join(r.alt_titles or []),
                r.description,
            )
            for r in roles
            if r.kind == "group"
        ),
    )
    report.files["occupations_en.csv"] = _write(
        folder,
        "occupations_en.csv",
        (
            "conceptType",
            "conceptUri",
            "iscoGroup",
            "preferredLabel",
            "altLabels",
            "status",
            "description",
            "code",
        ),
        (
            (
                "Occupation",
                r.uri,
                r.isco_code,
                r.title,
                "\n".join(r.alt_titles or []),
                _status(r.status),
                r.description,
                r.code,
            )
            for r in roles
            if r.kind != "group"
        ),
    )
    report.files["broaderRelationsOccPillar_en.csv"] = _write(
        folder,
        "broaderRelationsOccPillar_en.csv",
        ("conceptUri", "broaderUri"),
        ((a, b) for a, b, kind in repo.role_edges(session) if kind == "broader"),
    )
    report.files["occupationSkillRelations_en.csv"] = _write(
        folder,
        "occupationSkillRelations_en.csv",
        ("occupationUri", "relationType", "skillUri"),
        ((r, k, s) for r, s, k in repo.role_skills(session) if k in ROLE_SKILL_KINDS),
    )


def export_rsd(session: Session, folder: Path, author: str) -> ExportReport:
    """Every skill (not groups) as a Rich Skill Descriptor, one JSON object a line, in
    `folder/rich-skill-descriptors.jsonl`."""
    folder.mkdir(parents=True, exist_ok=True)
    report = ExportReport(str(folder))
    count = 0
    with (folder / RSD_FILE).open("w", encoding="utf-8") as f:
        for skill in repo.skills(session):
            if skill.kind == "group":
                continue
            category, roles = repo.skill_context(session, skill.id, RSD_OCCUPATIONS)
            descriptor = rich_skill_descriptor(skill, category, roles, author)
            f.write(json.dumps(descriptor, ensure_ascii=False) + "\n")
            count += 1
    report.files[RSD_FILE] = count
    return report
