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
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]

COLUMNS: tuple[str, ...] = (
    "events",  # audit rows in the hour
    "reads",  # distinct people whose profile was read (not refused)
    "departments",  # distinct departments of those people
    "rankings",  # ranking requests
    "searches",  # search requests
    "exports",  # export requests
    "export_rows",  # rows exported
    "writes",  # writes of personal data
    "denials",  # distinct targets refused (401/403): people, or routes when no person
    "seq_run",  # longest chain of ids asked for one at a time, each within 2 of the next
    "outside",  # distinct people read outside the caller's usual departments, unexplained
    "outside_24h",  # `outside` summed over the 24 hours ending with this one
    "denials_24h",  # `denials` summed over the 24 hours ending with this one
    "new_openings",  # openings ranked for the first time, in a department not usual
    "off_hours",  # 1 when the hour is outside working hours
)
COL = {name: i for i, name in enumerate(COLUMNS)}
PERSON_ACTIONS = frozenset({"read", "denied"})
NEVER = -(10**9)


@dataclass(frozen=True)
class AccessEvent:
    """One audited access: who did what to which people, when, and with what outcome."""

    at: datetime  # timezone-aware, UTC
    caller: str  # stable principal id
    role: str
    action: str  # read, rank, search, export, write, denied
    route: str = ""
    subject_ids: tuple[int, ...] = ()
    opening_id: int | None = None
    department: str | None = None  # department of the subject(s), or of the opening
    status: int = 200
    result_count: int = 0

    @property
    def denied(self) -> bool:
        """Whether the request was refused."""
        return self.action == "denied" or self.status in (401, 403)


@dataclass(frozen=True)
class WorkingHours:
    """Company working hours: [start, end) local hours on `workdays` (Monday = 0)."""

    start: int = 7
    end: int = 19
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    timezone: str = "UTC"

    def is_off(self, at: datetime) -> bool:
        """Whether `at` falls outside working hours."""
        local = at.astimezone(ZoneInfo(self.timezone))
        return local.weekday() not in self.workdays or not self.start <= local.hour < self.end


@dataclass(frozen=True)
class HistoryConfig:
    """How a caller's own baseline is learned from their earlier days."""

    window_days: int = 28  # trailing history used for baselines and usual departments
    min_days: int = 3  # earlier active days needed before a caller has a baseline
    usual_share: float = 0.05  # a usual department holds this share of earlier look-ups
    remit_lift: float = 2.0  # usual departments are a remit when this over-represented
    habit_days: int = 2  # a level reached on this many earlier days is the caller's habit


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


def longest_run(ids: list[int], max_step: int = 2) -> tuple[int, tuple[int, int] | None]:
    """Longest chain of sorted distinct ids with gaps of at most `max_step`, and its ends."""
    best, span, start, length = 0, None, 0, 0
    for i, x in enumerate(ids):
        if i and x - ids[i - 1] <= max_step:
            length += 1
        else:
            start, length = i, 1
        if length > best:
            best, span = length, (ids[start], x)
    return best, span


def _rolling(hours: I64, x: F64, width: int) -> F64:
    """Sum of x over the `width` hours ending at each row's hour; hours sorted, shape (n,)."""
    cs = np.concatenate([[0.0], np.cumsum(x)])
    start = np.searchsorted(hours, hours - (width - 1), side="left")
    out: F64 = cs[1:] - cs[start]
    return out


def daily_peaks(days: I64, values: F64) -> tuple[I64, F64]:
    """Each day's peak hour per column; for 24-hour sums, the day's total instead, so that
    one burst counts on one day only.

    days: (n,) sorted; values: (n, C), NaN where undefined. Returns the days (U,) and
    peaks (U, C), -inf where a column is undefined all day.
    """
    udays, first = np.unique(days, return_index=True)
    clean = np.nan_to_num(values, nan=-np.inf)
    peaks = np.fmax.reduceat(clean, first, axis=0)
    for rolled, hourly in (("outside_24h", "outside"), ("denials_24h", "denials")):
        total = np.add.reduceat(clean[:, COL[hourly]], first)
        peaks[:, COL[rolled]] = total
    return udays, peaks


def caller_baselines(hours: I64, values: F64, off: F64, config: HistoryConfig) -> tuple[F64, F64]:
    """The caller's habit for each column and their off-hours share, from earlier days.

    hours: (n,) sorted hours of one caller; values: (n, C), NaN where a count is not yet
    defined (outside reads before usual departments are known); off: (n,) 0/1.
    The habit of a column is the `habit_days`-th highest of the caller's daily maxima over
    earlier days in the window: a level reached on that many earlier days is habitual.
    Returns base (n, C) and off_share (n,), NaN with fewer than `min_days` earlier days.
    """
    n, c = values.shape
    base = np.full((n, c), np.nan)
    off_share = np.full(n, np.nan)
    days = hours // 24
    udays, peak = daily_peaks(days, values)
    events = values[:, COL["events"]]
    for day in udays.tolist():
        prev = (udays < day) & (udays >= day - config.window_days)
        if prev.sum() < config.min_days:
            continue
        past = np.sort(peak[prev], axis=0)[::-1]  # (m, C), highest first
        known = np.isfinite(past).sum(axis=0)
        level = past[min(config.habit_days, len(past)) - 1]
        rows = days == day
        base[rows] = np.where(known >= config.min_days, level, np.nan)
        before = (days < day) & (days >= day - config.window_days)
        off_share[rows] = float((events[before] * off[before]).sum() / events[before].sum())
    return base, off_share


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
        v[:, COL["outside_24h"]] = _rolling(hs, v[:, COL["outside"]], 24)
        v[:, COL["denials_24h"]] = _rolling(hs, v[:, COL["denials"]], 24)
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
