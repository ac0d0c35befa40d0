"""Clear rules over the per-caller-hour table: each fires with a reason in words and numbers.

Every rule compares a count of the hour with a threshold of three parts, and fires when the
count reaches the largest of them:

- a floor (`min_*`): below it nothing is worth a reviewer's time;
- `ratio` x the caller's own habit on earlier days (features.caller_baselines), or
  `ratio` x the role's level when the caller has no history yet;
- the role's level, strictly: the `role_quantile` of the habits of the role's callers; what
  is habitual for one in ten of them is not flagged for any.

Off-hours bursts use a lower ratio, but only for callers who rarely work off-hours.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from talentmarket.audit.access_events import COL, F64
from talentmarket.audit.features import HourTable

KINDS: tuple[str, ...] = (
    "bulk_reads",
    "enumeration",
    "outside_remit",
    "off_hours_burst",
    "repeated_denials",
)


@dataclass(frozen=True)
class RuleConfig:
    """The few tuned constants of the rules (chosen once, checked on seeds 0-9)."""

    ratio: float = 3.0  # a burst is this many times the caller's own usual high
    off_hours_ratio: float = 1.5  # ... or this many, off-hours, for callers rarely active then
    rare_off_share: float = 0.2  # "rarely active off-hours": below this share of events
    role_quantile: float = 0.9  # the role's level: this quantile of its callers' habits
    min_bulk_reads: int = 25
    min_run: int = 10
    min_outside: int = 10
    min_off_hours_reads: int = 15
    min_denials: int = 5


@dataclass(frozen=True)
class Hit:
    """One rule or model firing on one row of the hour table."""

    row: int
    kind: str
    strength: float  # 1 at the threshold, growing with the log of value / threshold
    reason: str


def threshold(
    table: HourTable, column: str, floor: float, ratio: float, role_high: dict[str, F64]
) -> tuple[F64, F64, F64]:
    """Per-row threshold for one column, with its caller and role parts; each shape (H,)."""
    j = COL[column]
    role = np.array([role_high[r][j] if r in role_high else np.nan for r in table.roles])
    caller = table.base[:, j]
    own = np.where(np.isnan(caller), ratio * np.nan_to_num(role, nan=floor), ratio * caller)
    thr = np.fmax(np.fmax(own, np.nan_to_num(role, nan=0.0) + 1e-9), floor)
    return thr, caller, role


def _num(x: float) -> str:
    """A count for a sentence: integers with thousands separators, 'unknown' for NaN."""
    if np.isnan(x):
        return "unknown (too little history)"
    return f"{round(x):,}" if abs(x - round(x)) < 0.05 else f"{x:,.1f}"


def _when(table: HourTable, row: int) -> str:
    """The row's hour in words."""
    return table.at(row).strftime("%a %Y-%m-%d %H:00 UTC")


@dataclass(frozen=True)
class Rule:
    """One rule: a per-hour column, its floor and ratio (names of RuleConfig fields), the
    rows it may fire on, and the reason it gives."""

    kind: str
    column: str
    floor: str
    ratio: str
    mask: Callable[[HourTable, RuleConfig], F64 | None]
    say: str


def _every_row(_table: HourTable, _c: RuleConfig) -> F64 | None:
    return None


def _off_hours(table: HourTable, c: RuleConfig) -> F64 | None:
    with np.errstate(invalid="ignore"):  # no history (NaN) is not "rarely off-hours"
        mask: F64 = table.col("off_hours") * (table.off_share < c.rare_off_share)
    return mask


RULES = (
    Rule(
        "bulk_reads",
        "reads",
        "min_bulk_reads",
        "ratio",
        _every_row,
        "read {v} distinct profiles in the hour from {when}; this caller's usual high is "
        "{own}, at most {role} for 9 in 10 {r}s",
    ),
    Rule(
        "enumeration",
        "seq_run",
        "min_run",
        "ratio",
        _every_row,
        "requested {v} employee ids in sequence{extra} in the hour from {when}; this "
        "caller's longest run is usually {own}, at most {role} for 9 in 10 {r}s",
    ),
    Rule(
        "outside_remit",
        "outside_24h",
        "min_outside",
        "ratio",
        lambda table, _c: table.col("outside"),
        "read {v} profiles in 24 hours up to {when} outside their usual departments "
        "({extra}), none of them from their own rankings or searches; usually {own}, "
        "at most {role} for 9 in 10 {r}s",
    ),
    Rule(
        "off_hours_burst",
        "reads",
        "min_off_hours_reads",
        "off_hours_ratio",
        _off_hours,
        "read {v} distinct profiles outside working hours, {when}{extra}; this caller's "
        "usual high is {own}, at most {role} for 9 in 10 {r}s",
    ),
    Rule(
        "repeated_denials",
        "denials_24h",
        "min_denials",
        "ratio",
        lambda table, _c: table.col("denials"),
        "was refused access to {v} different people or routes in 24 hours up to {when}; "
        "usually {own}, at most {role} for 9 in 10 {r}s",
    ),
)


def evaluate_rules(
    table: HourTable, role_high: dict[str, F64], config: RuleConfig | None = None
) -> list[Hit]:
    """Every rule firing on every row of the table, with its reason."""
    c = config or RuleConfig()
    hits: list[Hit] = []
    for rule in RULES:
        floor, ratio = float(getattr(c, rule.floor)), float(getattr(c, rule.ratio))
        thr, caller, role = threshold(table, rule.column, floor, ratio, role_high)
        value = table.col(rule.column)
        mask = rule.mask(table, c)
        rows = value >= thr if mask is None else (value >= thr) & (mask > 0)
        for i in np.flatnonzero(rows).tolist():
            strength = 1.0 + float(np.log(value[i] / thr[i]))
            text = rule.say.format(
                v=_num(value[i]),
                when=_when(table, i),
                own=_num(caller[i]),
                role=_num(role[i]),
                r=table.roles[i],
                extra=_extra(table, rule.kind, i),
            )
            hits.append(Hit(i, rule.kind, strength, text))
    return hits


def _extra(table: HourTable, kind: str, row: int) -> str:
    """Kind-specific detail for a reason: the id run, the departments, the off-hours habit."""
    if kind == "enumeration" and table.run_span[row] is not None:
        first, last = table.run_span[row] or (0, 0)
        return f" ({first} to {last})"
    if kind == "outside_remit":
        depts = ", ".join(table.outside_departments[row]) or "several"
        usual = ", ".join(table.usual[row][:4]) or "none"
        return f"{depts}; usual: {usual}"
    if kind == "off_hours_burst":
        share = table.off_share[row]
        if np.isnan(share):
            return ""
        return f"; only {share:.0%} of their earlier activity was off-hours"
    return ""
