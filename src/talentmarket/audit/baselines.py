"""Numeric helpers of the hour table: id chains, rolling sums, daily peaks, and a caller's
habit and off-hours share learned from their earlier days."""

from __future__ import annotations

import numpy as np

from talentmarket.audit.access_events import COL, F64, I64, HistoryConfig


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


def rolling_sum(hours: I64, x: F64, width: int) -> F64:
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
