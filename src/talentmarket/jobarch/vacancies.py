"""Real vacancies as evidence for role profiles and for skill extraction's prior: each
vacancy's title goes to the role the title normaliser ranks first, each of its ESCO skill
labels to the skill of that label, and what is kept is counts per role and skill
(`openings.market`; the ads themselves are not stored). A changed import bumps the
`vacancies` data version, so the next extraction counts them.

The file is the JSON-lines layout of `vacancies_with_esco_skills.jsonl`: one object a
line with `title` and `skill_name` (ESCO preferred labels). A bad line stops the import,
naming file and line, and nothing is written.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from talentmarket.db.versions import bump_version
from talentmarket.errors import ImportFormatError
from talentmarket.jobarch import profile_repository as repo
from talentmarket.runtime import Runtime
from talentmarket.skillintel.service import get_normalizer

FILE = "vacancies_with_esco_skills.jsonl"
BLOCK = 256  # titles scored at once
TITLES_KEPT = 5  # example titles kept per role, as evidence


@dataclass(frozen=True)
class Vacancy:
    """One real vacancy: its title and the skill labels it asks for."""

    title: str
    skills: tuple[str, ...]


def _parse(name: str, line: int, text: str) -> Vacancy:
    try:
        row = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(name, line, f"not a JSON object: {exc.msg}") from None
    title = row.get("title") if isinstance(row, dict) else None
    labels = row.get("skill_name") if isinstance(row, dict) else None
    if not isinstance(title, str) or not title.strip():
        raise ImportFormatError(name, line, "expected a non-empty `title`")
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise ImportFormatError(name, line, "expected `skill_name` to be a list of labels")
    return Vacancy(title.strip(), tuple(dict.fromkeys(x.strip() for x in labels if x.strip())))


def read_vacancies(path: Path) -> tuple[str, list[Vacancy]]:
    """The file's name and its vacancies (a folder means the file of that name in it)."""
    file = path / FILE if path.is_dir() else path
    if not file.is_file():
        raise ImportFormatError(str(file), 0, "file not found")
    with file.open(encoding="utf-8") as handle:
        rows = [_parse(file.name, n, t) for n, t in enumerate(handle, start=1) if t.strip()]
    if not rows:
        raise ImportFormatError(file.name, 0, "no vacancies in the file")
    return file.name, rows


def _roles_of(session: Session, runtime: Runtime, titles: list[str]) -> list[int]:
    normalizer = get_normalizer(session, runtime)
    ids = np.array([r.id for r in normalizer.roles_], dtype=np.int64)
    out: list[int] = []
    for i in range(0, len(titles), BLOCK):
        scores = normalizer.score_matrix(titles[i : i + BLOCK])
        out.extend(int(x) for x in ids[np.argmax(scores, axis=1)])
    return out


def import_vacancies(session: Session, runtime: Runtime, path: Path) -> dict[str, Any]:
    """Replace the vacancy counts per role and skill; a report of what was matched."""
    name, rows = read_vacancies(path)
    role_of = _roles_of(session, runtime, [v.title for v in rows])
    by_label = repo.skill_ids_by_label(session)
    roles: Counter[int] = Counter()
    pairs: Counter[tuple[int, int]] = Counter()
    titles: dict[int, list[str]] = defaultdict(list)
    unmatched: Counter[str] = Counter()
    mentions = 0
    for vacancy, role_id in zip(rows, role_of, strict=True):
        roles[role_id] += 1
        if len(titles[role_id]) < TITLES_KEPT and vacancy.title not in titles[role_id]:
            titles[role_id].append(vacancy.title)
        for label in vacancy.skills:
            mentions += 1
            skill_id = by_label.get(label.casefold())
            if skill_id is None:
                unmatched[label] += 1
            else:
                pairs[(role_id, skill_id)] += 1
    changed = repo.stored_vacancies(session) != (dict(roles), dict(pairs))
    if changed:
        repo.replace_vacancies(session, roles, titles, pairs)
        bump_version(session, "vacancies")  # the extractor's prior counts them
    return {
        "file": name,
        "vacancies": len(rows),
        "roles": len(roles),
        "skill_mentions": mentions,
        "matched_mentions": mentions - sum(unmatched.values()),
        "unmatched_labels": [label for label, _ in unmatched.most_common(10)],
        "changed": changed,
    }
