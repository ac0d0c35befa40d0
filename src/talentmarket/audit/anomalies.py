"""Access anomaly detection: clear rules plus an isolation forest fitted on the log itself.

`AccessAnomalyDetector.fit(events)` learns, per role, the level of each hourly count that is
common for the role (the 90th percentile over its callers of each caller's habit, so one
caller's bad day does not move it) and an isolation forest over standardised
per-caller-hour vectors. `detect(events)` builds the hour table (each row beside the
caller's own earlier habit, see features.py), runs the rules (anomaly_rules.py) and the
forest, and returns one `Finding` per caller with the reasons in words and numbers.

The forest proposes hours whose *combination* of counts is rare for the role (exports,
rankings, searches and writes have no rule of their own); such an hour becomes a finding
only when one of its counts is also at least `model_ratio` times both the caller's own usual
high and the role's level, so that every finding names a number that moved.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any, Self

import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.exceptions import NotFittedError
from sklearn.preprocessing import StandardScaler

from talentmarket.audit.access_events import (
    COL,
    COLUMNS,
    F64,
    AccessEvent,
    HistoryConfig,
    WorkingHours,
)
from talentmarket.audit.anomaly_rules import Hit, RuleConfig, evaluate_rules, threshold
from talentmarket.audit.features import HourTable, caller_habits, hour_table

# Counts a model finding may name; shares and runs belong to the rules.
GATE_COLUMNS: tuple[str, ...] = (
    "events",
    "reads",
    "departments",
    "rankings",
    "searches",
    "exports",
    "export_rows",
    "writes",
    "denials",
    "new_openings",
)
MODEL_FLOOR = 5.0  # a model finding names a count of at least this
LABELS = {
    "events": "requests",
    "reads": "distinct profiles read",
    "departments": "departments read",
    "rankings": "rankings",
    "searches": "searches",
    "exports": "exports",
    "export_rows": "rows exported",
    "writes": "writes",
    "denials": "refusals",
    "new_openings": "new openings outside usual departments",
}


@dataclass(frozen=True)
class Finding:
    """One caller whose access looks like misuse, with why, in words and numbers."""

    caller: str
    role: str
    kinds: tuple[str, ...]  # strongest first; rule kinds or "unusual_activity" (the model)
    score: float  # in [0, 1); grows with how far and how many ways the caller went beyond
    start: datetime  # first flagged hour
    end: datetime  # end of the last flagged hour
    hours: int  # flagged hours
    reasons: list[str] = field(default_factory=list)


def findings_as_dicts(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    """Findings as JSON-ready dicts (datetimes as ISO 8601 strings)."""
    out = []
    for f in findings:
        d = asdict(f)
        d["kinds"] = list(f.kinds)
        d["start"], d["end"] = f.start.isoformat(), f.end.isoformat()
        out.append(d)
    return out


def model_matrix(table: HourTable) -> F64:
    """Hour vectors for the forest, shape (H, 2 * G + 1) for G = len(GATE_COLUMNS).

    Per gated count: log1p(count) and its log ratio to the caller's own usual high (0
    without history); then off-hours weighted by how rare off-hours work is for the caller.
    """
    idx = [COL[c] for c in GATE_COLUMNS]
    logs = np.log1p(table.values[:, idx])
    rel = np.nan_to_num(logs - np.log1p(table.base[:, idx]), nan=0.0)
    off = table.col("off_hours") * (1.0 - np.nan_to_num(table.off_share, nan=0.5))
    return np.column_stack([logs, rel, off])


class AccessAnomalyDetector:
    """Find callers whose access pattern is unusual, for them and for their role."""

    def __init__(
        self,
        contamination: float = 0.01,
        seed: int = 0,
        n_estimators: int = 200,
        model_ratio: float = 3.0,
        min_role_hours: int = 50,
        working_hours: WorkingHours | None = None,
        history: HistoryConfig | None = None,
        rules: RuleConfig | None = None,
    ) -> None:
        self.contamination = contamination  # share of a role's hours the forest calls rare
        self.seed = seed
        self.n_estimators = n_estimators
        self.model_ratio = model_ratio
        self.min_role_hours = min_role_hours  # roles with fewer hours get rules only
        self.working_hours = working_hours
        self.history = history
        self.rules = rules

    def _table(self, events: Sequence[AccessEvent]) -> HourTable:
        """The hour table of a log under this detector's settings."""
        return hour_table(events, self.working_hours, self.history)

    def history_start(self, since: datetime) -> datetime:
        """How far back to load the log so that hours from `since` on have their history."""
        return since - timedelta(days=(self.history or HistoryConfig()).window_days)

    def fit(self, events: Sequence[AccessEvent]) -> Self:
        """Learn role levels and one forest per role; sets role_high_, scalers_, forests_."""
        return self._fit_table(self._table(events))

    def _fit_table(self, table: HourTable) -> Self:
        """`fit` on an hour table already built."""
        q = (self.rules or RuleConfig()).role_quantile
        roles = np.array(table.roles)
        x = model_matrix(table)
        habits = caller_habits(table, (self.history or HistoryConfig()).habit_days)
        self.role_high_: dict[str, F64] = {}
        self.scalers_: dict[str, StandardScaler] = {}
        self.forests_: dict[str, IsolationForest] = {}
        for role in sorted(set(table.roles)):
            rows = roles == role
            levels = np.array([h for r, h in habits.values() if r == role])  # (callers, C)
            self.role_high_[role] = np.quantile(levels, q, axis=0)
            if rows.sum() < self.min_role_hours:
                continue
            scaler = StandardScaler().fit(x[rows])
            forest = IsolationForest(
                n_estimators=self.n_estimators,
                contamination=self.contamination,
                random_state=self.seed,
            ).fit(scaler.transform(x[rows]))
            self.scalers_[role], self.forests_[role] = scaler, forest
        self.n_hours_ = len(table.roles)
        return self

    def model_hits(self, table: HourTable) -> list[Hit]:
        """Rows the forest calls rare for the role that also name a count that moved."""
        x = model_matrix(table)
        roles = np.array(table.roles)
        gates = {}
        for col in GATE_COLUMNS:
            _, own, high = threshold(table, col, 0.0, 1.0, self.role_high_)
            level = np.fmax(own, high)  # NaN only when both are unknown
            gates[col] = (np.fmax(self.model_ratio * level, MODEL_FLOOR), own, high)
        hits: list[Hit] = []
        for role, forest in self.forests_.items():
            rows = np.flatnonzero(roles == role)
            if len(rows) == 0:
                continue
            xs = self.scalers_[role].transform(x[rows])
            rare = forest.decision_function(xs) < 0
            score = -forest.score_samples(xs)
            for k in np.flatnonzero(rare).tolist():
                i = int(rows[k])
                moved = []
                for col, (thr, own, high) in gates.items():
                    v = table.values[i, COL[col]]
                    if v >= thr[i]:
                        moved.append((v / thr[i], col, v, own[i], high[i]))
                if not moved:
                    continue
                moved.sort(reverse=True)
                parts = [
                    f"{v:,.0f} {LABELS[col]} (this caller's usual high {_n(own)}, "
                    f"at most {_n(high)} for 9 in 10 {role}s)"
                    for _, col, v, own, high in moved[:3]
                ]
                reason = (
                    f"unusual hour for a {role} ({table.at(i):%a %Y-%m-%d %H:00 UTC}, "
                    f"isolation-forest score {score[k]:.2f}, role cut-off "
                    f"{-forest.offset_:.2f}): " + "; ".join(parts)
                )
                hits.append(Hit(i, "unusual_activity", 1.0 + float(np.log(moved[0][0])), reason))
        return hits

    def detect(self, events: Sequence[AccessEvent], since: datetime | None = None) -> list[Finding]:
        """Findings for the log, strongest first; only hours from `since` on when given.

        The log should reach `history_start(since)` back: baselines come from earlier days.
        """
        return self._detect_table(self._table(events), since)

    def _detect_table(self, table: HourTable, since: datetime | None) -> list[Finding]:
        """`detect` on an hour table already built."""
        if not hasattr(self, "role_high_"):
            raise NotFittedError("call fit (or fit_detect) before detect")
        hits = evaluate_rules(table, self.role_high_, self.rules) + self.model_hits(table)
        if since is not None:
            cut = int(since.timestamp()) // 3600
            hits = [h for h in hits if table.hour[h.row] >= cut]
        return _findings(table, hits)

    def fit_detect(
        self, events: Sequence[AccessEvent], since: datetime | None = None
    ) -> list[Finding]:
        """Fit on the log, then detect on it (the hour table is built once)."""
        table = self._table(events)
        return self._fit_table(table)._detect_table(table, since)


def _n(x: float) -> str:
    """A count for a sentence, 'unknown' for NaN."""
    return "unknown" if np.isnan(x) else f"{x:,.0f}"


def _findings(table: HourTable, hits: list[Hit]) -> list[Finding]:
    """Group hits by caller into findings: per kind its strongest hour's reason."""
    by_caller: dict[str, list[Hit]] = defaultdict(list)
    for h in hits:
        by_caller[table.callers[h.row]].append(h)
    findings = []
    for caller, hs in by_caller.items():
        best: dict[str, Hit] = {}
        count: dict[str, set[int]] = defaultdict(set)
        for h in hs:
            count[h.kind].add(h.row)
            if h.kind not in best or h.strength > best[h.kind].strength:
                best[h.kind] = h
        kinds = sorted(best, key=lambda k: -best[k].strength)
        reasons = []
        for k in kinds:
            more = len(count[k]) - 1
            tail = f" (and {more} more hour{'s' if more > 1 else ''} like it)" if more else ""
            reasons.append(best[k].reason + tail)
        rows = sorted({h.row for h in hs})
        strength = sum(best[k].strength for k in kinds)
        findings.append(
            Finding(
                caller=caller,
                role=table.roles[rows[0]],
                kinds=tuple(kinds),
                score=round(float(1.0 - np.exp(-strength / 2.0)), 4),
                start=table.at(rows[0]),
                end=table.at(rows[-1]) + timedelta(hours=1),
                hours=len(rows),
                reasons=reasons,
            )
        )
    return sorted(findings, key=lambda f: (-f.score, f.caller))


__all__ = ["COLUMNS", "AccessAnomalyDetector", "AccessEvent", "Finding", "findings_as_dicts"]
