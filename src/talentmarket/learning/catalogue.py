"""Import a learning catalogue from an LMS export: CSV, JSON (a list) or JSON lines.

One row per course: `id` (the LMS's id, kept as the external id), `title`, `provider`,
`description`, `url`, `format`, `duration_hours`, `difficulty`, `language`, `status`, and
`skills`: the skills the catalogue tags it with (CSV: skill URIs separated by `;`, each
optionally `@level`; JSON: a list of URIs or of `{"skill_uri", "proficiency"}`). The whole
file is read and checked before anything is written, and written in the caller's one
transaction: a bad row fails the import, naming the file and the line.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from talentmarket.errors import ImportFormatError, TalentMarketError
from talentmarket.learning.schemas import CourseIn
from talentmarket.learning.service import upsert_course
from talentmarket.runtime import Runtime


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            data: dict[str, Any] = {k: v for k, v in row.items() if k and v not in (None, "")}
            tags = [t.strip() for t in str(data.pop("skills", "")).split(";") if t.strip()]
            data["skills"] = [_tag(t) for t in tags]
            yield reader.line_num, data


def _tag(tag: str) -> dict[str, Any]:
    uri, _, level = tag.partition("@")
    return {"skill_uri": uri.strip(), **({"proficiency": level.strip()} if level else {})}


def _json_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportFormatError(str(path), exc.lineno, f"not JSON: {exc.msg}") from exc
        pairs: list[tuple[int, Any]] = [(i + 1, item) for i, item in enumerate(items)]
    else:
        pairs = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    pairs.append((number, json.loads(line)))
                except json.JSONDecodeError as exc:
                    raise ImportFormatError(str(path), number, f"not JSON: {exc.msg}") from exc
    for number, item in pairs:
        if not isinstance(item, dict):
            raise ImportFormatError(str(path), number, "each course must be a JSON object")
        tags = item.get("skills") or []
        item["skills"] = [_tag(t) if isinstance(t, str) else t for t in tags]
        yield number, item


def read_catalogue(path: Path) -> list[tuple[int, str, CourseIn]]:
    """(line, LMS id, course) per row, every row checked; ImportFormatError on a bad one."""
    if not path.is_file():
        raise ImportFormatError(str(path), 0, "no such file")
    rows = _csv_rows(path) if path.suffix.lower() == ".csv" else _json_rows(path)
    out: list[tuple[int, str, CourseIn]] = []
    seen: dict[str, int] = {}
    for line, data in rows:
        external_id = str(data.pop("id", "")).strip()
        if not external_id:
            raise ImportFormatError(str(path), line, "id: the LMS's course id is missing")
        if external_id in seen:
            raise ImportFormatError(
                str(path), line, f"id {external_id} again (first on line {seen[external_id]})"
            )
        seen[external_id] = line
        try:
            out.append((line, external_id, CourseIn.model_validate(data)))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise ImportFormatError(str(path), line, f"{where}: {first['msg']}") from exc
    return out


def import_catalogue(
    session: Session, runtime: Runtime, path: Path, *, confirm_named: bool = False
) -> dict[str, int]:
    """Upsert every course of the file in the caller's transaction; counts by outcome."""
    counts: Counter[str] = Counter()
    for line, external_id, course in read_catalogue(path):
        try:
            result = upsert_course(
                session, runtime, external_id, course, confirm_named=confirm_named
            )
        except TalentMarketError as exc:
            raise ImportFormatError(str(path), line, exc.detail) from exc
        counts[result.result] += 1
    return {k: counts[k] for k in ("created", "updated", "unchanged")}
