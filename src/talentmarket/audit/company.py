"""The simulated company: departments, divisions, who works where, and each caller's habits.

Ids are handed out in hiring waves, so neighbours in id often share a department; sizes
come from the seed. `World.emit` is the sink every simulated request goes through.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np
from numpy.typing import NDArray

from talentmarket.audit.access_events import AccessEvent

I64 = NDArray[np.int64]
DEPARTMENTS: tuple[str, ...] = (
    "Finance",
    "Legal",
    "Sales",
    "Marketing",
    "Engineering",
    "Data",
    "Security",
    "Support",
    "Operations",
    "Logistics",
    "Procurement",
    "People",
    "Facilities",
    "Design",
    "Product",
    "Research",
    "Quality",
    "Manufacturing",
    "Compliance",
    "Treasury",
    "Audit",
    "Communications",
    "Partnerships",
    "Training",
    "Infrastructure",
    "Platform",
    "Mobile",
    "Retail",
    "Field",
    "Strategy",
)
START = datetime(2026, 11, 2, tzinfo=UTC)  # a Monday
WEEKDAY_LOAD = (1.15, 1.05, 1.0, 0.95, 0.8, 0.0, 0.0)


@dataclass
class World:
    """The company (departments, divisions, who works where) and the event sink."""

    rng: np.random.Generator
    days: int
    dept_of: I64  # (N+1,) department index per employee id (index 0 unused)
    names: list[str]  # (D,)
    division: I64  # (D,) division per department
    members: list[I64]  # per department, its employee ids
    events: list[AccessEvent] = field(default_factory=list)
    next_opening: int = 1
    misuse_from: int = 8  # first day a misuse may happen

    @property
    def n_employees(self) -> int:
        """Number of employees."""
        return len(self.dept_of) - 1

    def division_of(self, d: int) -> I64:
        """Departments in the division of department d, shape (k,)."""
        return np.flatnonzero(self.division == self.division[d])

    def person_in(self, depts: I64 | list[int]) -> int:
        """A random employee of one of the departments."""
        d = int(self.rng.choice(depts))
        return int(self.rng.choice(self.members[d]))

    def anyone(self) -> int:
        """A random employee id."""
        return int(self.rng.integers(1, self.n_employees + 1))

    def dept(self, person: int) -> str:
        """Department name of an employee."""
        return self.names[int(self.dept_of[person])]

    def emit(
        self,
        caller: str,
        role: str,
        day: int,
        hour: float,
        action: str,
        route: str,
        subjects: tuple[int, ...] = (),
        opening: int | None = None,
        dept: str | None = None,
        status: int = 200,
        count: int | None = None,
    ) -> None:
        """Append one event at `hour` (fractional, may exceed 24) of `day`."""
        if dept is None and len(subjects) == 1:
            dept = self.dept(subjects[0])
        at = START + timedelta(days=day, seconds=round(hour * 3600))
        n = len(subjects) if count is None else count
        self.events.append(
            AccessEvent(at, caller, role, action, route, subjects, opening, dept, status, n)
        )


def make_world(rng: np.random.Generator, days: int) -> World:
    """Departments, divisions and employees, sizes drawn from the seed."""
    n_emp = int(rng.integers(1500, 6001))
    n_dept = int(rng.integers(12, 31))
    n_div = int(rng.integers(3, 7))
    names = [str(x) for x in rng.permutation(np.array(DEPARTMENTS))[:n_dept]]
    division = np.concatenate([np.arange(n_div), rng.integers(0, n_div, n_dept - n_div)])
    sizes = rng.dirichlet(np.full(n_dept, 2.0))
    dept_of = np.zeros(n_emp + 1, dtype=np.int64)
    current = int(rng.choice(n_dept, p=sizes))
    for i in range(1, n_emp + 1):  # hiring waves: runs of ids in one department
        if rng.random() > 0.6:
            current = int(rng.choice(n_dept, p=sizes))
        dept_of[i] = current
    members = [np.flatnonzero(dept_of == d) for d in range(n_dept)]
    members = [m if len(m) else np.array([1]) for m in members]
    return World(rng, days, dept_of, names, division.astype(np.int64), members)


@dataclass
class Person:
    """A caller's working habits."""

    caller: str
    role: str
    start: float  # usual first working hour
    length: int  # working hours per day
    rate: float  # events per busy hour
    active: float  # chance of using the service on a working day
    away: set[int]  # days off (vacation, sickness)

    def working_day(self, rng: np.random.Generator, day: int) -> bool:
        """Whether the person uses the service on this day in working hours."""
        return WEEKDAY_LOAD[day % 7] > 0 and day not in self.away and rng.random() < self.active

    def hours(self, rng: np.random.Generator, day: int) -> list[tuple[float, float]]:
        """(hour, expected events) pairs for a day: working hours, evenings, weekends."""
        out: list[tuple[float, float]] = []
        if self.working_day(rng, day):
            load = WEEKDAY_LOAD[day % 7] * float(rng.lognormal(0.0, 0.35))
            for h in range(self.length):
                shape = 0.6 if h in (0, self.length - 1) else 1.0
                shape *= 0.5 if int(self.start) + h == 12 else 1.0
                out.append((self.start + h, self.rate * load * shape))
        if self.role in ("recruiter", "admin") and day not in self.away:
            if WEEKDAY_LOAD[day % 7] > 0 and rng.random() < 0.05:
                out += [(19.0 + h + rng.random(), self.rate * 0.5) for h in range(2)]
            elif WEEKDAY_LOAD[day % 7] == 0 and rng.random() < 0.04:
                out.append((10.0 + 5 * rng.random(), self.rate * 0.4))
        return out


def make_person(
    rng: np.random.Generator, caller: str, role: str, rate: float, days: int, active: float
) -> Person:
    """Habits of one caller: start time, day length, rate and days away."""
    away: set[int] = set()
    if rng.random() < 0.2:
        first = int(rng.integers(0, days))
        away |= set(range(first, first + int(rng.integers(3, 10))))
    away |= {d for d in range(days) if rng.random() < 0.04}
    start = float(np.clip(rng.normal(8.5, 0.8), 6.0, 11.0))
    return Person(
        caller,
        role,
        start,
        int(rng.integers(8, 11)),
        rate * float(rng.lognormal(0.0, 0.5)),
        active,
        away,
    )
