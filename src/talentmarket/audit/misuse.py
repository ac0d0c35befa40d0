"""Misuses injected into simulated traffic, one function per kind; sizes drawn per misuse.

Each misuse happens on a working day at least a week into the log, so that the caller has
a history to differ from, and comes on top of the caller's normal work that day.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from talentmarket.audit.company import WEEKDAY_LOAD, Person, World

MISUSE_KINDS: tuple[str, ...] = (
    "bulk_reads",
    "enumeration",
    "outside_remit",
    "off_hours_burst",
    "repeated_denials",
    "unusual_export",
)
# Which roles commit which misuse.
MISUSE_ROLES: dict[str, tuple[str, ...]] = {
    "bulk_reads": ("recruiter",),
    "enumeration": ("recruiter", "admin"),
    "outside_remit": ("recruiter",),
    "off_hours_burst": ("recruiter", "admin"),
    "repeated_denials": ("employee",),
    "unusual_export": ("admin",),
}


def _workday(w: World, p: Person) -> int:
    """A working day from `misuse_from` on which the caller is not away."""
    days = [
        d for d in range(w.misuse_from, w.days - 1) if WEEKDAY_LOAD[d % 7] > 0 and d not in p.away
    ]
    return int(w.rng.choice(days or [w.days - 2]))


def _office_hour(w: World, p: Person) -> float:
    """A whole hour inside the caller's working day."""
    return float(int(p.start) + int(w.rng.integers(1, max(2, p.length - 2))))


def _reads(w: World, p: Person, day: int, hour: float, hours: int, people: list[int]) -> None:
    """Profile reads of `people`, in that order, spread evenly over `hours` hours."""
    for k, who in enumerate(people):
        w.emit(
            p.caller,
            p.role,
            day,
            hour + hours * k / len(people),
            "read",
            f"/v1/employees/{who}",
            (who,),
        )


def bulk_reads(w: World, p: Person, support: list[int]) -> None:
    """Scrape 40-200 profiles an hour, for 1-3 hours, across the company."""
    hours = int(w.rng.integers(1, 4))
    n = hours * int(w.rng.integers(40, 201))
    _reads(w, p, _workday(w, p), _office_hour(w, p), hours, [w.anyone() for _ in range(n)])


def enumeration(w: World, p: Person, support: list[int]) -> None:
    """Walk 25-150 employee ids in order (step 1, sometimes 2); hidden ones are refused."""
    n = int(w.rng.integers(25, 151))
    first = int(w.rng.integers(1, max(2, w.n_employees - 2 * n)))
    day, hour, span = _workday(w, p), _office_hour(w, p), float(w.rng.uniform(0.3, 1.5))
    who = first
    for k in range(n):
        refused = w.rng.random() < 0.05
        w.emit(
            p.caller,
            p.role,
            day,
            hour + span * k / n,
            "denied" if refused else "read",
            f"/v1/employees/{who}",
            (who,),
            status=403 if refused else 200,
        )
        who += 1 if w.rng.random() < 0.9 else 2


def outside_remit(w: World, p: Person, support: list[int]) -> None:
    """Read 12-40 people in 2-5 departments of other divisions, over 1-3 hours of a day."""
    mine = {int(d) for s in support for d in w.division_of(s)}
    far = [d for d in range(len(w.names)) if d not in mine] or list(range(len(w.names)))
    depts = [int(d) for d in w.rng.permutation(far)[: int(w.rng.integers(2, 6))]]
    n = int(w.rng.integers(12, 41))
    hours = int(w.rng.integers(1, 4))
    _reads(w, p, _workday(w, p), _office_hour(w, p), hours, [w.person_in(depts) for _ in range(n)])


def off_hours_burst(w: World, p: Person, support: list[int]) -> None:
    """Read 20-60 profiles an hour, for 1-2 hours, from the usual departments, at night or
    on a weekend."""
    weekend = [d for d in range(w.misuse_from, w.days) if WEEKDAY_LOAD[d % 7] == 0]
    if w.rng.random() < 0.5 or not weekend:
        day = _workday(w, p)
        hour = 22.0 + float(w.rng.integers(0, 6))  # 22:00 to 03:00 next morning
    else:
        day, hour = int(w.rng.choice(weekend)), float(w.rng.integers(10, 17))
    hours = int(w.rng.integers(1, 3))
    n = hours * int(w.rng.integers(20, 61))
    people = [w.person_in(support) if support else w.anyone() for _ in range(n)]
    _reads(w, p, day, hour, hours, people)


def repeated_denials(w: World, p: Person, me: int) -> None:
    """An employee tries 8-40 other people's profiles, in id order or at random."""
    n = int(w.rng.integers(8, 41))
    if w.rng.random() < 0.5:
        first = int(np.clip(me - n // 2, 1, max(1, w.n_employees - n)))
        people = list(range(first, first + n))
    else:
        people = [w.anyone() for _ in range(n)]
    day, hour = _workday(w, p), float(w.rng.integers(8, 22))
    span = float(w.rng.uniform(0.2, 2.0))
    for k, who in enumerate(people):
        w.emit(
            p.caller,
            p.role,
            day,
            hour + span * k / n,
            "denied",
            f"/v1/employees/{who}",
            (who,),
            status=403,
            count=0,
        )


def unusual_export(w: World, p: Person, support: list[int]) -> None:
    """An admin exports the people file 5-20 times in 1-3 hours, half to all of it each."""
    n = int(w.rng.integers(5, 21))
    day, hour = _workday(w, p), float(w.rng.integers(9, 22))
    span = float(w.rng.integers(1, 4))
    for k in range(n):
        rows = int(w.rng.integers(w.n_employees // 2, w.n_employees + 1))
        w.emit(
            p.caller,
            p.role,
            day,
            hour + span * k / n,
            "export",
            "/v1/employees/export.csv",
            (),
            count=rows,
        )


INJECT: dict[str, Callable[[World, Person, list[int]], None]] = {
    "bulk_reads": bulk_reads,
    "enumeration": enumeration,
    "outside_remit": outside_remit,
    "off_hours_burst": off_hours_burst,
    "unusual_export": unusual_export,
}
