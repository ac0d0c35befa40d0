"""Reading confirmed title mappings from a file: CSV with `title` and `role` columns (the
role's id, URI or code), or JSON lines with `title` (or `text`) and `role` (or `gold`, a
URI or a list whose first URI counts, the layout of labelled title cases). A bad row stops
the read, naming file and line."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from talentmarket.errors import ImportFormatError


@dataclass(frozen=True)
class MappingRow:
    """One title and the reference of its role, with where it was read."""

    title: str
    role: str
    line: int


def _row(name: str, line: int, data: Any) -> MappingRow:
    if not isinstance(data, dict):
        raise ImportFormatError(name, line, "expected an object with a title and a role")
    title = data.get("title", data.get("text"))
    role = data.get("role", data.get("gold"))
    if isinstance(role, list):
        role = role[0] if role else None
    if isinstance(role, int):
        role = str(role)
    if not isinstance(title, str) or not title.strip() or len(title) > 300:
        raise ImportFormatError(name, line, "expected a title of 1 to 300 characters")
    if not isinstance(role, str) or not role.strip():
        raise ImportFormatError(name, line, "expected a role (id, URI or code)")
    return MappingRow(" ".join(title.split()), role.strip(), line)


def read_mappings(path: Path) -> tuple[str, list[MappingRow]]:
    """The file's name and its rows (.csv: a header with title and role; else JSON lines)."""
    if not path.is_file():
        raise ImportFormatError(str(path), 0, "file not found")
    rows: list[MappingRow] = []
    with path.open(encoding="utf-8", newline="") as handle:
        if path.suffix.lower() == ".csv":
            reader = csv.DictReader(handle)
            if not {"title", "role"} <= set(reader.fieldnames or []):
                raise ImportFormatError(path.name, 1, "expected columns title and role")
            rows = [_row(path.name, n, r) for n, r in enumerate(reader, start=2)]
        else:
            for n, text in enumerate(handle, start=1):
                if not text.strip():
                    continue
                try:
                    data = json.loads(text)
                except json.JSONDecodeError as exc:
                    raise ImportFormatError(path.name, n, f"not JSON: {exc.msg}") from None
                rows.append(_row(path.name, n, data))
    if not rows:
        raise ImportFormatError(path.name, 0, "no mappings in the file")
    return path.name, rows
