"""CSV cells that a spreadsheet will not run as formulas (CWE-1236, OWASP "CSV injection").

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a
formula by Excel, LibreOffice and Google Sheets (`=HYPERLINK(...)` in a department name
becomes a link that leaks data). Such cells get a leading `'`, which spreadsheets show as
text and do not display. Numbers are not text and stay as they are: `-3` is a number a
column of gaps needs, not a formula.
"""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """The cell, prefixed with `'` when a spreadsheet would read it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def safe_row(values: Iterable[object]) -> list[str]:
    """A row for csv.writer: None as empty, numbers as written, text neutralised."""
    row: list[str] = []
    for value in values:
        if value is None:
            row.append("")
        elif isinstance(value, int | float):  # bool too: csv.writer's own spelling
            row.append(str(value))
        else:
            row.append(neutralise(str(value)))
    return row
