"""Working-day arithmetic for approval deadlines and durations (numpy's business days)."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np

from talentmarket.approvals.config import ApprovalSettings


def due_at(requested_at: datetime, settings: ApprovalSettings) -> datetime:
    """The moment a request made at `requested_at` escalates: the same time of day,
    `working_days` working days later (a request made on a day off counts from the working
    day before it, so the deadline is still the `working_days`-th working day after it)."""
    day = np.busday_offset(
        requested_at.date(),
        settings.working_days,
        roll="backward",
        weekmask=settings.weekmask,
        holidays=settings.holidays,
    )
    due_day: date = day.astype(date)
    return datetime.combine(due_day, requested_at.timetz())


def working_days_between(start: datetime, end: datetime, settings: ApprovalSettings) -> int:
    """Whole working days from `start` to `end` (0 on the same day)."""
    return int(
        np.busday_count(
            start.date(), end.date(), weekmask=settings.weekmask, holidays=settings.holidays
        )
    )
