"""A small loader of O*NET text files for benchmark scripts (no database).

Reads the tab-separated files of `../shared/data/onet` by column name and turns each
occupation into a `RoleProfile`, the same shape the service builds from its database:
title, description, task statements, alternate titles, skills with importance and level,
technology skills and detailed work activities.
"""

from __future__ import annotations

import csv
import json
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from talentmarket.mobility.relatedness import RoleProfile, RoleSkill

SHARED = Path(os.environ.get("TALENTMARKET_SHARED", Path(__file__).resolve().parents[2] / "shared"))
ONET = SHARED / "data" / "onet"
RELATED_DEV = SHARED / "bench" / "mobility" / "onet_related_dev.jsonl"
TECH_PREFIX = "tech:"


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of one O*NET tab-separated file, keyed by header name."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@dataclass
class OnetData:
    """The parts of O*NET the mobility benchmarks use, keyed by O*NET-SOC code."""

    codes: list[str]
    titles: list[str]
    descriptions: list[str]
    tasks: dict[str, list[str]] = field(default_factory=dict)
    alt_titles: dict[str, list[str]] = field(default_factory=dict)
    dwas: dict[str, list[str]] = field(default_factory=dict)
    dwa_titles: dict[str, str] = field(default_factory=dict)
    skills: dict[str, dict[str, tuple[float, float]]] = field(default_factory=dict)
    skill_names: dict[str, str] = field(default_factory=dict)
    tech: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)


def load_onet(root: Path = ONET) -> OnetData:
    """Read occupations, tasks, DWAs, alternate titles, skills and technology skills."""
    occ = read_tsv(root / "Occupation Data.txt")
    data = OnetData(
        codes=[r["O*NET-SOC Code"] for r in occ],
        titles=[r["Title"] for r in occ],
        descriptions=[r["Description"] for r in occ],
    )
    tasks: dict[str, list[str]] = defaultdict(list)
    for r in read_tsv(root / "Task Statements.txt"):
        tasks[r["O*NET-SOC Code"]].append(r["Task"])
    alts: dict[str, list[str]] = defaultdict(list)
    for r in read_tsv(root / "Alternate Titles.txt"):
        alts[r["O*NET-SOC Code"]].append(r["Alternate Title"])
    dwas: dict[str, list[str]] = defaultdict(list)
    for r in read_tsv(root / "Tasks to DWAs.txt"):
        dwas[r["O*NET-SOC Code"]].append(r["DWA ID"])
        data.dwa_titles[r["DWA ID"]] = r["DWA Title"]
    skills: dict[str, dict[str, list[float]]] = defaultdict(dict)
    for r in read_tsv(root / "Skills.txt"):
        if r["Scale ID"] not in ("IM", "LV"):
            continue
        data.skill_names[r["Element ID"]] = r["Element Name"]
        pair = skills[r["O*NET-SOC Code"]].setdefault(r["Element ID"], [0.0, 0.0])
        pair[0 if r["Scale ID"] == "IM" else 1] = float(r["Data Value"])
    tech: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for r in read_tsv(root / "Technology Skills.txt"):
        tech[r["O*NET-SOC Code"]].append((r["Example"], r["Hot Technology"] == "Y"))
    data.tasks, data.alt_titles, data.dwas, data.tech = tasks, alts, dwas, tech
    data.skills = {c: {e: (v[0], v[1]) for e, v in s.items()} for c, s in skills.items()}
    return data


def onet_role_skills(data: OnetData, code: str) -> list[RoleSkill]:
    """Skills of one occupation on the core's scales.

    Skills.txt importance 1-5 maps to [0, 1] by (IM - 1) / 4 and level 0-7 to LV / 7; a skill
    is essential from importance 3 ("important") up. Technology skills carry no importance:
    hot technologies count 0.75, the others 0.5, none essential, no level.
    """
    out = [
        RoleSkill(e, importance=(im - 1.0) / 4.0, level=lv / 7.0, essential=im >= 3.0)
        for e, (im, lv) in sorted(data.skills.get(code, {}).items())
    ]
    seen: set[str] = set()
    for example, hot in data.tech.get(code, []):
        if example not in seen:
            seen.add(example)
            imp = 0.75 if hot else 0.5
            out.append(RoleSkill(TECH_PREFIX + example, importance=imp, essential=False))
    return out


def onet_profiles(data: OnetData) -> list[RoleProfile]:
    """One `RoleProfile` per occupation, in `data.codes` order."""
    return [
        RoleProfile(
            role_id=code,
            title=title,
            description=desc,
            tasks=tuple(data.tasks.get(code, [])),
            alt_titles=tuple(data.alt_titles.get(code, [])),
            skills=tuple(onet_role_skills(data, code)),
            activities=tuple(data.dwas.get(code, [])),
            group=code,
        )
        for code, title, desc in zip(data.codes, data.titles, data.descriptions, strict=True)
    ]


def skill_labels(data: OnetData) -> dict[str, str]:
    """Readable labels for every skill id used by `onet_role_skills`."""
    labels = dict(data.skill_names)
    for items in data.tech.values():
        labels.update({TECH_PREFIX + ex: ex for ex, _ in items})
    return labels


def load_cases(path: Path = RELATED_DEV) -> list[dict[str, Any]]:
    """Related-occupation benchmark cases, one JSON object a line."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
