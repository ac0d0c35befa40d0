"""A ranking, logged whole: the one record every ranking call hands to its observer.

The audit log (a later change) writes these to its table; tests collect them. The record
holds what is needed to re-explain a ranking later: who asked, through which route,
about whom, what came back, and the model, taxonomy release, scoring version and data
versions that produced it. Building it costs a few small tuples per call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass(frozen=True)
class RankingRecord:
    """One ranking call: inputs, versions and the results shown."""

    kind: str  # candidates | opportunities | search | match | decision
    route: str  # the API route (template) or command that asked
    caller_id: str | None
    caller_role: str | None
    employee_id: int | None  # the employee ranked for (opportunities) or scored (match)
    opening_id: int | None  # the opening ranked for (candidates) or scored (match)
    result_ids: tuple[int, ...]  # the other side's ids on the page, best first
    scores: tuple[float, ...]  # their scores, same order
    total: int  # results before paging
    model_id: str
    taxonomy_release: str
    scoring_version: str
    versions: Mapping[str, int]  # data versions read
    params: Mapping[str, object] = field(default_factory=dict)  # filters, paging, min_score
    at: datetime = field(default_factory=lambda: datetime.now(UTC))


RankingObserver = Callable[[RankingRecord], None]
