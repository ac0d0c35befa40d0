"""A ranking, logged whole: the one record every ranking call hands to its observer.

One type shared by the ranking pipeline (which builds it) and the audit log (which
stores it), kept neutral so neither feature imports the other. The record
holds what is needed to re-explain a ranking later: who asked, through which route,
about whom, what came back, and the model, taxonomy release, scoring version and data
versions that produced it. Building it costs a few small tuples per call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True)
class RankingRecord:
    """One ranking call: inputs, versions and the results shown."""

    kind: str  # candidates | opportunities | search | match | decision
    route: str  # the API route (template) or command that asked
    caller_id: str | None = None
    caller_role: str | None = None
    employee_id: int | None = None  # the employee ranked for (opportunities) or scored
    opening_id: int | None = None  # the opening ranked for (candidates) or scored (match)
    result_ids: tuple[int, ...] = ()  # the other side's ids on the page, best first
    scores: tuple[float, ...] = ()  # their scores, same order
    total: int | None = None  # results before paging
    model_id: str | None = None
    taxonomy_release: str | None = None
    scoring_version: str | None = None
    versions: Mapping[str, int] = field(default_factory=dict)  # data versions read
    params: Mapping[str, object] = field(default_factory=dict)  # filters, paging, min_score
    # per result: the four parts (None where unavailable) and the must-have gate
    parts: tuple[tuple[float | None, ...], ...] = ()
    weights: Mapping[str, float] = field(default_factory=dict)  # the scorer's part weights
    shadow: Mapping[str, object] | None = None  # a shadow ranker's page: version, items
    method: str = "GET"
    status: int = 200
    at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def offset(self) -> int:
        """The rank of the first result shown, minus one (0 on the first page)."""
        offset = self.params.get("offset", 0)
        return offset if isinstance(offset, int) else 0

    @property
    def filters(self) -> dict[str, object]:
        """The query's filters (params without paging)."""
        return {k: v for k, v in self.params.items() if k not in ("limit", "offset")}


RankingObserver = Callable[[RankingRecord], None]
# (session, principal, record): writes the record in the session's transaction
RankingAudit = Callable[[Any, Any, RankingRecord], object]
