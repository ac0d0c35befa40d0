"""The report as CSV (one line per row) or as a small HTML page."""

from __future__ import annotations

import csv
import html
import io

from talentmarket.csvsafe import safe_row
from talentmarket.fairness.schemas import FairnessReport, FairnessRow

COLUMNS = list(FairnessRow.model_fields)


def as_csv(report: FairnessReport) -> str:
    """The rows, with a header line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in report.rows:
        writer.writerow(safe_row([getattr(row, c) for c in COLUMNS]))
    return buffer.getvalue()


def as_html(report: FairnessReport) -> str:
    """A page a person can read: the period, the counts, the rows with flags marked."""
    e = html.escape
    head = "".join(f"<th scope='col'>{e(c)}</th>" for c in COLUMNS)
    body = []
    for row in report.rows:
        cells = "".join(
            f"<td>{e('' if getattr(row, c) is None else str(getattr(row, c)))}</td>"
            for c in COLUMNS
        )
        style = " class='flag'" if row.flag else ""
        body.append(f"<tr{style}>{cells}</tr>")
    limits = "".join(f"<li>{e(text)}</li>" for text in report.limits)
    period = f"{report.since or 'the start'} to {report.until or 'now'}"
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Fairness audit · talentmarket</title>"
        "<style>table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}"
        ".flag{background:#fde2e2}</style></head><body>"
        f"<h1>Fairness audit</h1><p>Period {e(period)}; kind {e(report.kind or 'all')}; "
        f"{report.openings} openings, {report.considered} people considered, "
        f"{report.decisions} decisions, {report.rankings} logged rankings; scoring "
        f"{e(', '.join(report.scoring_versions) or 'none logged')}; top {report.top_k}; "
        f"cells under {report.min_cell} hidden; alpha {report.alpha}.</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        f"<h2>What this cannot tell</h2><ul>{limits}</ul></body></html>"
    )
