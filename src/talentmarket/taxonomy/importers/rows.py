"""Plain rows an importer produces from source files, and a CSV reader that keeps lines."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from talentmarket.errors import ImportFormatError

Progress = Callable[[str, int, int], None]


def no_progress(_stage: str, _done: int, _total: int) -> None:
    """Progress sink that shows nothing."""


@dataclass(frozen=True)
class SkillRow:
    """A skill or skill group as a source defines it."""

    uri: str
    label: str
    kind: str = "skill"
    alt_labels: tuple[str, ...] = ()
    hidden_labels: tuple[str, ...] = ()
    description: str = ""
    skill_type: str = "skill"
    reuse_level: str = ""
    code: str = ""
    status: str = "active"
    same_as: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoleRow:
    """A role (occupation) or role group as a source defines it."""

    uri: str
    title: str
    kind: str = "role"
    code: str = ""
    isco_code: str = ""
    alt_titles: tuple[str, ...] = ()
    description: str = ""
    parent_uri: str = ""
    status: str = "active"
    same_as: tuple[str, ...] = ()


@dataclass(frozen=True)
class EdgeRow:
    """A typed edge between two concepts of the same kind, by URI."""

    source_uri: str
    target_uri: str
    relation: str
    weight: float = 1.0


@dataclass(frozen=True)
class RoleSkillRow:
    """A role needs a skill."""

    role_uri: str
    skill_uri: str
    relation: str = "essential"
    importance: float | None = None
    level: float | None = None
    source_level: float | None = None


@dataclass(frozen=True)
class TaskRow:
    """A task statement of a role."""

    uri: str
    role_uri: str
    statement: str
    task_type: str = "core"


@dataclass(frozen=True)
class ActivityRow:
    """A detailed work activity."""

    uri: str
    title: str
    code: str = ""
    parent_code: str = ""
    parent_title: str = ""


@dataclass
class TaxonomyRows:
    """Everything one import writes."""

    source: str
    version: str
    skills: list[SkillRow] = field(default_factory=list)
    skill_edges: list[EdgeRow] = field(default_factory=list)
    roles: list[RoleRow] = field(default_factory=list)
    role_edges: list[EdgeRow] = field(default_factory=list)
    role_skills: list[RoleSkillRow] = field(default_factory=list)
    tasks: list[TaskRow] = field(default_factory=list)
    task_skills: list[EdgeRow] = field(default_factory=list)
    activities: list[ActivityRow] = field(default_factory=list)
    task_activities: list[EdgeRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    checksum: str = ""


@dataclass(frozen=True)
class Line:
    """One data row of a delimited file, with where it came from."""

    file: str
    line: int
    values: dict[str, str]

    def get(self, column: str, default: str = "") -> str:
        """A column's value, stripped; default when absent or empty."""
        value = self.values.get(column)
        return value.strip() if value else default

    def require(self, column: str) -> str:
        """A column's value; an empty value is an ImportFormatError naming file and line."""
        value = self.get(column)
        if not value:
            raise ImportFormatError(self.file, self.line, f"column {column!r} is empty")
        return value

    def number(self, column: str, *, low: float, high: float) -> float:
        """A numeric column within [low, high]."""
        raw = self.require(column)
        try:
            value = float(raw)
        except ValueError:
            raise ImportFormatError(
                self.file, self.line, f"{column} {raw!r} is not a number"
            ) from None
        if not low <= value <= high:
            raise ImportFormatError(
                self.file, self.line, f"{column} {raw} is outside {low:g}..{high:g}"
            )
        return value

    def fail(self, message: str) -> ImportFormatError:
        """An ImportFormatError at this line."""
        return ImportFormatError(self.file, self.line, message)


def read_table(path: Path, required: tuple[str, ...], *, delimiter: str = ",") -> Iterator[Line]:
    """Rows of a delimited file with their physical line numbers; checks the header."""
    if not path.is_file():
        raise ImportFormatError(str(path), 0, "file not found")
    try:
        yield from _rows(path, required, delimiter)
    except UnicodeDecodeError as exc:  # decoding runs ahead of parsing, by whole chunks
        line = first_undecodable_line(path)
        raise ImportFormatError(path.name, line, "is not valid UTF-8") from exc


def _rows(path: Path, required: tuple[str, ...], delimiter: str) -> Iterator[Line]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        header = reader.fieldnames or []
        missing = [c for c in required if c not in header]
        if missing:
            raise ImportFormatError(path.name, 1, f"missing columns: {', '.join(missing)}")
        start = 2
        try:
            for values in reader:
                if None in values:
                    raise ImportFormatError(path.name, start, "more fields than the header has")
                if any(values.get(c) is None for c in required):
                    raise ImportFormatError(path.name, start, "fewer fields than the header has")
                yield Line(path.name, start, values)
                start = reader.line_num + 1
        except csv.Error as exc:  # the row that begins at `start` cannot be parsed
            raise ImportFormatError(path.name, start, f"unreadable row: {exc}") from exc


def first_undecodable_line(path: Path) -> int:
    """The number of the first line that is not valid UTF-8 (0 when none is found)."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 0


def split_labels(raw: str, sep: str = "\n") -> tuple[str, ...]:
    """Split a multi-valued label field, dropping blanks and duplicates, keeping order."""
    seen: dict[str, None] = {}
    for part in raw.split(sep):
        label = part.strip()
        if label:
            seen.setdefault(label, None)
    return tuple(seen)
