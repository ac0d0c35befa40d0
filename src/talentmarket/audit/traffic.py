"""Normal access traffic of a simulated company: the world, the callers' habits, their events.

The company: 1,500-6,000 employees in 12-30 departments grouped in 3-6 divisions; ids are
handed out in hiring waves, so neighbours in id often share a department. The callers:

- employees read their own profile and their own opportunities a few times a week, and
  now and then follow a link to a colleague they may not see (a refusal, maybe retried);
- recruiters support one to three departments of a division, own openings there (new ones
  arrive during the month, some recruiters pick up a new department), rank candidates for
  them, search, read the profiles those lists returned and record decisions, in working
  hours with a daily and weekly rhythm, now and then in the evening or on a weekend;
- admins read across the company, change settings and export reports;
- integrations sync at night: list pages of changed people (everyone on a weekly full
  sync), upserts, a nightly export; one kind fetches each changed person by id in id
  order; some also poll a little during the day. This bulk traffic is normal.

Sizes, shares and rates are drawn per seed so that nothing is tied to one configuration.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np
from numpy.typing import NDArray

from talentmarket.audit.features import AccessEvent

I64 = NDArray[np.int64]
DEPARTMENTS: tuple[str, ...] = (
    "Finance", "Legal", "Sales", "Marketing", "Engineering", "Data", "Security", "Support",
    "Operations", "Logistics", "Procurement", "People", "Facilities", "Design", "Product",
    "Research", "Quality", "Manufacturing", "Compliance", "Treasury", "Audit", "Communications",
    "Partnerships", "Training", "Infrastructure", "Platform", "Mobile", "Retail", "Field",
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

    def emit(self, caller: str, role: str, day: int, hour: float, action: str, route: str,
             subjects: tuple[int, ...] = (), opening: int | None = None,
             dept: str | None = None, status: int = 200, count: int | None = None) -> None:
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


def make_person(rng: np.random.Generator, caller: str, role: str, rate: float, days: int,
                active: float) -> Person:
    """Habits of one caller: start time, day length, rate and days away."""
    away: set[int] = set()
    if rng.random() < 0.2:
        first = int(rng.integers(0, days))
        away |= set(range(first, first + int(rng.integers(3, 10))))
    away |= {d for d in range(days) if rng.random() < 0.04}
    start = float(np.clip(rng.normal(8.5, 0.8), 6.0, 11.0))
    return Person(caller, role, start, int(rng.integers(8, 11)),
                  rate * float(rng.lognormal(0.0, 0.5)), active, away)


def employee_traffic(w: World, p: Person, me: int) -> None:
    """Own profile, own opportunities, own skills; a rare refused look at a colleague."""
    for day in range(w.days):
        if not p.working_day(w.rng, day):
            continue
        for _ in range(int(w.rng.integers(1, 3))):
            hour = p.start + w.rng.random() * p.length
            for k in range(1 + int(w.rng.poisson(2.0))):
                t = hour + k / 60
                u = w.rng.random()
                if u < 0.55:
                    w.emit(p.caller, p.role, day, t, "read", f"/v1/employees/{me}", (me,))
                elif u < 0.85:
                    w.emit(p.caller, p.role, day, t, "rank", f"/v1/employees/{me}/opportunities",
                           (me,), count=20)
                elif u < 0.98:
                    w.emit(p.caller, p.role, day, t, "write", f"/v1/employees/{me}/skills", (me,))
                else:
                    other = w.person_in([int(w.dept_of[me])])
                    for r in range(1 + int(w.rng.integers(0, 4))):
                        w.emit(p.caller, p.role, day, t + r / 600, "denied",
                               f"/v1/employees/{other}", (other,), status=403, count=0)


def recruiter_traffic(w: World, p: Person) -> list[int]:
    """Rank, search, read and decide within the supported departments' openings.

    Returns the departments the recruiter supported by the end of the month.
    """
    rng = w.rng
    home = int(rng.integers(0, len(w.names)))
    division = w.division_of(home)
    support = [home] + [int(d) for d in rng.permutation(division)[: int(rng.integers(0, 3))]]
    support = sorted(set(support))
    openings: list[tuple[int, int]] = []  # (opening id, department)

    def new_opening(depts: list[int]) -> None:
        openings.append((w.next_opening, int(rng.choice(depts))))
        w.next_opening += 1

    for _ in range(int(rng.integers(2, 6))):
        new_opening(support)
    moves_on = int(rng.integers(7, w.days)) if rng.random() < 0.08 else -1
    recent: deque[int] = deque(maxlen=300)
    for day in range(w.days):
        if day == moves_on:  # picks up a department elsewhere, with a new opening there
            support.append(int(rng.integers(0, len(w.names))))
            new_opening(support[-1:])
        elif rng.random() < 0.12:
            new_opening(support)
        for hour, rate in p.hours(rng, day):
            for _ in range(int(rng.poisson(rate))):
                t = hour + rng.random()
                u = rng.random()
                if u < 0.10 or not recent:
                    oid, d = openings[-1 - int(rng.integers(0, min(4, len(openings))))]
                    pool = [int(x) for x in w.division_of(d)]
                    ids = tuple(dict.fromkeys(
                        w.person_in([d]) if rng.random() < 0.55
                        else w.person_in(pool) if rng.random() < 0.55 else w.anyone()
                        for _ in range(int(rng.integers(20, 51)))))
                    w.emit(p.caller, p.role, day, t, "rank", f"/v1/openings/{oid}/candidates",
                           ids, oid, w.names[d])
                    recent.extend(ids)
                elif u < 0.18:
                    ids = tuple(dict.fromkeys(
                        w.person_in(support) if rng.random() < 0.6 else w.anyone()
                        for _ in range(int(rng.integers(10, 31)))))
                    w.emit(p.caller, p.role, day, t, "search", "/v1/search", ids)
                    recent.extend(ids)
                elif u < 0.85:
                    v = rng.random()
                    who = (int(rng.choice(recent)) if v < 0.85
                           else w.person_in(support) if v < 0.95 else w.anyone())
                    hidden = rng.random() < 0.004
                    w.emit(p.caller, p.role, day, t, "denied" if hidden else "read",
                           f"/v1/employees/{who}", (who,), status=403 if hidden else 200)
                else:
                    who = int(rng.choice(recent))
                    oid = openings[-1][0]
                    w.emit(p.caller, p.role, day, t, "write", f"/v1/openings/{oid}/decisions",
                           (who,), oid)
    return support


def admin_traffic(w: World, p: Person) -> None:
    """Reads across the company, governance writes, searches, report exports."""
    rng = w.rng
    for day in range(w.days):
        for hour, rate in p.hours(rng, day):
            for _ in range(int(rng.poisson(rate))):
                t = hour + rng.random()
                u = rng.random()
                if u < 0.5:
                    who = w.anyone()
                    w.emit(p.caller, p.role, day, t, "read", f"/v1/employees/{who}", (who,))
                elif u < 0.65:
                    ids = tuple(w.anyone() for _ in range(int(rng.integers(5, 30))))
                    w.emit(p.caller, p.role, day, t, "search", "/v1/search", ids)
                elif u < 0.93:
                    w.emit(p.caller, p.role, day, t, "write", "/v1/skills", ())
                elif u < 0.97:
                    w.emit(p.caller, p.role, day, t, "rank", "/v1/analytics/supply", (),
                           count=int(rng.integers(10, 200)))
                else:
                    rows = int(rng.integers(50, max(51, w.n_employees // 4)))
                    w.emit(p.caller, p.role, day, t, "export", "/v1/analytics/export.csv",
                           (), count=rows)


def integration_traffic(w: World, p: Person) -> None:
    """Nightly syncs (pages, or one request per person in id order), upserts, exports."""
    rng = w.rng
    per_id = rng.random() < 0.3
    night = float(rng.integers(0, 5))
    full_day = int(rng.integers(0, 7))
    changed = float(rng.uniform(0.02, 0.12))
    polls = rng.random() < 0.5
    for day in range(w.days):
        if rng.random() < 0.03:
            continue  # a missed night
        full = day % 7 == full_day
        n = w.n_employees
        ids = np.arange(1, n + 1) if full else np.sort(
            rng.choice(np.arange(1, n + 1), size=max(1, int(n * changed)), replace=False))
        span = 1.5 if full else 0.7
        if per_id:
            for k, who in enumerate(ids.tolist()):
                w.emit(p.caller, p.role, day, night + span * k / len(ids), "read",
                       f"/v1/employees/{who}", (who,))
        else:
            for k in range(0, len(ids), 100):
                page = tuple(int(x) for x in ids[k : k + 100])
                w.emit(p.caller, p.role, day, night + span * k / len(ids), "read",
                       "/v1/employees", page)
        for _ in range(int(rng.integers(5, 60))):
            who = w.anyone()
            w.emit(p.caller, p.role, day, night + span + 0.3 * rng.random(), "write",
                   f"/v1/employees/by-external-id/{who}", (who,))
        w.emit(p.caller, p.role, day, night + span + 0.35, "export", "/v1/employees/export.csv",
               (), count=n)
        if polls and WEEKDAY_LOAD[day % 7] > 0:
            for h in range(8, 18):
                for _ in range(int(rng.poisson(2.0))):
                    who = w.anyone()
                    w.emit(p.caller, p.role, day, h + rng.random(), "read",
                           f"/v1/employees/{who}", (who,))
