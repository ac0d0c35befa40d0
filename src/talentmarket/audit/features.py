"""Per-caller, per-hour features of an access log, each beside the caller's earlier habit.

Input: `AccessEvent`s (one audit row each, any order). Output: an `HourTable` with one row
per (caller, UTC hour) in which the caller did anything. Counts are in `COLUMNS`; every
row also carries the caller's own baseline for each column, learned only from that
caller's hours on *earlier* days (a trailing window), so that a burst never raises the bar
it is judged against. "Usual departments" are learned the same way: the departments that
held most of a caller's earlier direct look-ups (profile reads of people no ranking or
search of theirs had returned, and openings they ranked), on at least two different days.
A read is "outside" when its department is not usual and the caller neither ranked or
searched that person nor ranked an opening in that department within the window. A caller
has a remit only when their usual departments hold `remit_lift` times more of their
look-ups than those departments' share of the people seen in the log; callers who look
people up across the company (admins, integrations) have none, and so no outside reads.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np

from talentmarket.audit.access_events import (
    COL,
    COLUMNS,
    F64,
    I64,
    NEVER,
    PERSON_ACTIONS,
    AccessEvent,
    HistoryConfig,
    WorkingHours,
)
from talentmarket.audit.baselines import caller_baselines, daily_peaks, longest_run, rolling_sum


@dataclass
class HourTable:
    """One row per (caller, hour) with activity; rows grouped by caller, then by hour.

    values, base: (H, C) counts and the caller's habit from earlier days (NaN without
    enough history); hour: (H,) hours since the epoch; off_share: (H,) share of the
    caller's earlier events outside working hours (NaN without history).
    """

    callers: list[str]
    roles: list[str]
    hour: I64
    values: F64
    base: F64
    off_share: F64
    usual: list[tuple[str, ...]]  # caller's usual departments at that hour
    outside_departments: list[tuple[str, ...]]  # departments of this hour's outside reads
    run_span: list[tuple[int, int] | None]  # first and last id of the longest run

    def col(self, name: str) -> F64:
        """One column of `values`, shape (H,)."""
        return self.values[:, COL[name]]

    def at(self, row: int) -> datetime:
        """Start of the row's hour."""
        return datetime.fromtimestamp(int(self.hour[row]) * 3600, UTC)


@dataclass
class _Bucket:
    """Mutable counts of one caller-hour while the log is walked."""

    events: int = 0
    reads: set[int] = field(default_factory=set)
    departments: set[str] = field(default_factory=set)
    rankings: int = 0
    searches: int = 0
    exports: int = 0
    export_rows: int = 0
    writes: int = 0
    denied: set[object] = field(default_factory=set)
    singles: set[int] = field(default_factory=set)  # ids asked for one at a time
    outside: set[int] = field(default_factory=set)
    outside_departments: set[str] = field(default_factory=set)
    new_openings: set[int] = field(default_factory=set)
    usual: tuple[str, ...] = ()
    usual_known: bool = False


def hour_of(at: datetime) -> int:
    """Hours since the epoch of a timezone-aware datetime."""
    return int(at.timestamp()) // 3600


def department_shares(events: Sequence[AccessEvent]) -> dict[str, float]:
    """Share of the distinct people seen in one-person requests that each department holds."""
    people: dict[int, str] = {}
    for ev in events:
        if len(ev.subject_ids) == 1 and ev.department is not None:
            people[ev.subject_ids[0]] = ev.department
    counts = Counter(people.values())
    n = max(sum(counts.values()), 1)
    return {d: c / n for d, c in counts.items()}


def usual_departments(
    day_reads: dict[int, Counter[str]],
    day: int,
    config: HistoryConfig,
    shares: dict[str, float],
) -> frozenset[str] | None:
    """Departments with at least `usual_share` of the earlier direct look-ups in the window,
    seen on 2+ days. None when the caller looked up on fewer than `min_days` earlier days, or
    when those departments are not `remit_lift` times over-represented in the look-ups
    compared with their share of people (`shares`)."""
    days = [d for d, c in day_reads.items() if day - config.window_days <= d < day and c.total()]
    if len(days) < config.min_days:
        return None
    total: Counter[str] = Counter()
    seen_days: Counter[str] = Counter()
    for d in days:
        total.update(day_reads[d])
        seen_days.update(k for k, v in day_reads[d].items() if v > 0)
    n = sum(total.values())
    usual = {k for k, v in total.items() if v >= config.usual_share * n and seen_days[k] >= 2}
    held = sum(total[k] for k in usual) / n
    if held < config.remit_lift * sum(shares.get(k, 0.0) for k in usual):
        return None  # look-ups spread like the company's people: no remit to be outside of
    return frozenset(usual)


def _walk_caller(
    events: list[AccessEvent], config: HistoryConfig, shares: dict[str, float]
) -> dict[int, _Bucket]:
    """Walk one caller's events in time order and fill their hour buckets."""
    buckets: dict[int, _Bucket] = defaultdict(_Bucket)
    day_reads: dict[int, Counter[str]] = defaultdict(Counter)
    context: dict[int, int] = {}  # person -> last day a ranking or search returned them
    remit: dict[str, int] = {}  # department -> last day the caller ranked an opening there
    openings: set[int] = set()
    usual: frozenset[str] | None = None
    current_day = -1
    for ev in events:
        hour = hour_of(ev.at)
        day = hour // 24
        if day != current_day:
            current_day, usual = day, usual_departments(day_reads, day, config, shares)
        b = buckets[hour]
        b.events += 1
        b.usual = tuple(sorted(usual)) if usual else ()
        b.usual_known = usual is not None
        if len(ev.subject_ids) == 1 and ev.action in PERSON_ACTIONS:
            b.singles.add(ev.subject_ids[0])
        if ev.denied:
            b.denied.update(ev.subject_ids or (ev.route,))
            continue
        if ev.action == "read":
            b.reads.update(ev.subject_ids)
            if ev.department is not None and ev.subject_ids:
                b.departments.add(ev.department)
                fresh = [
                    s for s in ev.subject_ids if day - context.get(s, NEVER) > config.window_days
                ]
                day_reads[day][ev.department] += len(fresh)  # looked up directly
                in_remit = day - remit.get(ev.department, NEVER) <= config.window_days
                if usual is not None and ev.department not in usual and not in_remit and fresh:
                    b.outside.update(fresh)
                    b.outside_departments.add(ev.department)
        elif ev.action in ("rank", "search"):
            if ev.action == "rank":
                b.rankings += 1
            else:
                b.searches += 1
            for s in ev.subject_ids:
                context[s] = day
            if ev.opening_id is not None and ev.department is not None:
                if (
                    ev.opening_id not in openings
                    and usual is not None
                    and ev.department not in usual
                ):
                    b.new_openings.add(ev.opening_id)
                openings.add(ev.opening_id)
                remit[ev.department] = day
                day_reads[day][ev.department] += 1
        elif ev.action == "export":
            b.exports += 1
            b.export_rows += ev.result_count
        elif ev.action == "write":
            b.writes += 1
    return buckets


def caller_habits(table: HourTable, habit_days: int) -> dict[str, tuple[str, F64]]:
    """Each caller's role and habit over the whole table: per column, the `habit_days`-th
    highest daily peak, shape (C,)."""
    out: dict[str, tuple[str, F64]] = {}
    callers = np.array(table.callers)
    starts = np.flatnonzero(np.r_[True, callers[1:] != callers[:-1]])
    ends = np.r_[starts[1:], len(callers)]
    for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
        _, peaks = daily_peaks(table.hour[a:b] // 24, table.values[a:b])
        peaks = np.sort(peaks, axis=0)[::-1]
        out[table.callers[a]] = (table.roles[a], peaks[min(habit_days, len(peaks)) - 1])
    return out


def _hour_values(
    hs: I64,
    buckets: dict[int, _Bucket],
    hours: WorkingHours,
    usual: list[tuple[str, ...]],
    outside_depts: list[tuple[str, ...]],
    spans: list[tuple[int, int] | None],
) -> F64:
    """One caller's (hours, COLUMNS) values; appends each hour's usual departments,
    departments read outside them and longest id run span to the given lists."""
    v = np.zeros((len(hs), len(COLUMNS)))
    for i, h in enumerate(hs.tolist()):
        b = buckets[h]
        run, span = longest_run(sorted(b.singles))
        v[i] = (
            b.events,
            len(b.reads),
            len(b.departments),
            b.rankings,
            b.searches,
            b.exports,
            b.export_rows,
            b.writes,
            len(b.denied),
            run,
            len(b.outside),
            0.0,
            0.0,
            len(b.new_openings),
            float(hours.is_off(datetime.fromtimestamp(h * 3600, UTC))),
        )
        usual.append(b.usual)
        outside_depts.append(tuple(sorted(b.outside_departments)))
        spans.append(span)
    v[:, COL["outside_24h"]] = rolling_sum(hs, v[:, COL["outside"]], 24)
    v[:, COL["denials_24h"]] = rolling_sum(hs, v[:, COL["denials"]], 24)
    return v


def hour_table(
    events: Iterable[AccessEvent],
    hours: WorkingHours | None = None,
    config: HistoryConfig | None = None,
) -> HourTable:
    """Build the per-caller, per-hour table of an access log."""
    hours = hours or WorkingHours()
    config = config or HistoryConfig()
    events = list(events)
    shares = department_shares(events)
    by_caller: dict[str, list[AccessEvent]] = defaultdict(list)
    for ev in events:
        by_caller[ev.caller].append(ev)
    callers: list[str] = []
    roles: list[str] = []
    hour_parts: list[I64] = []
    value_parts: list[F64] = []
    base_parts: list[F64] = []
    off_parts: list[F64] = []
    usual: list[tuple[str, ...]] = []
    outside_depts: list[tuple[str, ...]] = []
    spans: list[tuple[int, int] | None] = []
    for caller in sorted(by_caller):
        evs = sorted(by_caller[caller], key=lambda e: e.at)
        buckets = _walk_caller(evs, config, shares)
        hs = np.array(sorted(buckets), dtype=np.int64)
        v = _hour_values(hs, buckets, hours, usual, outside_depts, spans)
        known = v.copy()
        unknown = np.array([not buckets[h].usual_known for h in hs.tolist()], dtype=bool)
        for name in ("outside", "outside_24h", "new_openings"):
            known[unknown, COL[name]] = np.nan
        base, off_share = caller_baselines(hs, known, v[:, COL["off_hours"]], config)
        callers += [caller] * len(hs)
        roles += [evs[-1].role] * len(hs)
        hour_parts.append(hs)
        value_parts.append(v)
        base_parts.append(base)
        off_parts.append(off_share)
    if not callers:
        empty = np.zeros((0, len(COLUMNS)))
        return HourTable(
            [], [], np.zeros(0, dtype=np.int64), empty, empty.copy(), np.zeros(0), [], [], []
        )
    return HourTable(
        callers,
        roles,
        np.concatenate(hour_parts),
        np.vstack(value_parts),
        np.vstack(base_parts),
        np.concatenate(off_parts),
        usual,
        outside_depts,
        spans,
    )
