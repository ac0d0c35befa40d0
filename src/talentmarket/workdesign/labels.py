"""Reading the labelled task file (`task_exposure.tsv` of the "GPTs are GPTs" data): a bad
row stops the read, naming file and line."""

from __future__ import annotations

import csv
from pathlib import Path

from talentmarket.errors import ImportFormatError
from talentmarket.textintel.exposure import LEVELS

FILE = "task_exposure.tsv"


def read_labelled(path: Path) -> list[dict[str, str]]:
    """Rows with an O*NET SOC code, a task id, the task, people's and GPT-4's labels."""
    if not path.is_file():
        raise ImportFormatError(str(path), 0, "file not found")
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        for line, row in enumerate(reader, start=2):
            label, task_id = row.get("human_exposure_agg", ""), row.get("Task ID", "")
            if label not in LEVELS or not task_id.replace(".", "", 1).isdigit():
                raise ImportFormatError(
                    path.name,
                    line,
                    f"expected a Task ID and a human label in {', '.join(LEVELS)}, "
                    f"got {task_id!r} and {label!r}",
                )
            rows.append(row)
    return rows
