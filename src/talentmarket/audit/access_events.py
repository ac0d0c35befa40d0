"""The vocabulary of access anomaly detection: an audited access, working hours, the
per-caller-hour columns and how a caller's history is read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
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
