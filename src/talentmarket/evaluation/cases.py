"""Reading labelled cases (JSON lines) with clear errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from talentmarket.errors import ImportFormatError


def read_cases(path: Path, required: tuple[str, ...]) -> list[dict[str, Any]]:
    """One JSON object per line; a bad line names the file and line."""
    if not path.is_file():
        raise ImportFormatError(str(path), 0, "cases file not found")
    cases = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                case = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ImportFormatError(path.name, number, f"not JSON: {exc.msg}") from exc
            missing = [k for k in required if k not in case]
            if missing:
                raise ImportFormatError(path.name, number, f"missing {', '.join(missing)}")
            cases.append(case)
    return cases


def mean(values: list[float], digits: int = 3, scale: float = 1.0) -> float:
    """Rounded mean (0 for no values)."""
    return round(scale * sum(values) / len(values), digits) if values else 0.0
