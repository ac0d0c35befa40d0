"""Normal access traffic of the simulated company: what each kind of caller does, day by day.

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

import numpy as np

from talentmarket.audit.company import WEEKDAY_LOAD, Person, World


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
                    w.emit(
                        p.caller,
                        p.role,
                        day,
                        t,
                        "rank",
                        f"/v1/employees/{me}/opportunities",
                        (me,),
                        count=20,
                    )
                elif u < 0.98:
                    w.emit(p.caller, p.role, day, t, "write", f"/v1/employees/{me}/skills", (me,))
                else:
                    other = w.person_in([int(w.dept_of[me])])
                    for r in range(1 + int(w.rng.integers(0, 4))):
                        w.emit(
                            p.caller,
                            p.role,
                            day,
                            t + r / 600,
                            "denied",
                            f"/v1/employees/{other}",
                            (other,),
                            status=403,
                            count=0,
                        )


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
                    ids = tuple(
                        dict.fromkeys(
                            w.person_in([d])
                            if rng.random() < 0.55
                            else w.person_in(pool)
                            if rng.random() < 0.55
                            else w.anyone()
                            for _ in range(int(rng.integers(20, 51)))
                        )
                    )
                    w.emit(
                        p.caller,
                        p.role,
                        day,
                        t,
                        "rank",
                        f"/v1/openings/{oid}/candidates",
                        ids,
                        oid,
                        w.names[d],
                    )
                    recent.extend(ids)
                elif u < 0.18:
                    ids = tuple(
                        dict.fromkeys(
                            w.person_in(support) if rng.random() < 0.6 else w.anyone()
                            for _ in range(int(rng.integers(10, 31)))
                        )
                    )
                    w.emit(p.caller, p.role, day, t, "search", "/v1/search", ids)
                    recent.extend(ids)
                elif u < 0.85:
                    v = rng.random()
                    who = (
                        int(rng.choice(recent))
                        if v < 0.85
                        else w.person_in(support)
                        if v < 0.95
                        else w.anyone()
                    )
                    hidden = rng.random() < 0.004
                    w.emit(
                        p.caller,
                        p.role,
                        day,
                        t,
                        "denied" if hidden else "read",
                        f"/v1/employees/{who}",
                        (who,),
                        status=403 if hidden else 200,
                    )
                else:
                    who = int(rng.choice(recent))
                    oid = openings[-1][0]
                    w.emit(
                        p.caller,
                        p.role,
                        day,
                        t,
                        "write",
                        f"/v1/openings/{oid}/decisions",
                        (who,),
                        oid,
                    )
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
                    w.emit(
                        p.caller,
                        p.role,
                        day,
                        t,
                        "rank",
                        "/v1/analytics/supply",
                        (),
                        count=int(rng.integers(10, 200)),
                    )
                else:
                    rows = int(rng.integers(50, max(51, w.n_employees // 4)))
                    w.emit(
                        p.caller,
                        p.role,
                        day,
                        t,
                        "export",
                        "/v1/analytics/export.csv",
                        (),
                        count=rows,
                    )


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
        ids = (
            np.arange(1, n + 1)
            if full
            else np.sort(
                rng.choice(np.arange(1, n + 1), size=max(1, int(n * changed)), replace=False)
            )
        )
        span = 1.5 if full else 0.7
        if per_id:
            for k, who in enumerate(ids.tolist()):
                w.emit(
                    p.caller,
                    p.role,
                    day,
                    night + span * k / len(ids),
                    "read",
                    f"/v1/employees/{who}",
                    (who,),
                )
        else:
            for k in range(0, len(ids), 100):
                page = tuple(int(x) for x in ids[k : k + 100])
                w.emit(
                    p.caller,
                    p.role,
                    day,
                    night + span * k / len(ids),
                    "read",
                    "/v1/employees",
                    page,
                )
        for _ in range(int(rng.integers(5, 60))):
            who = w.anyone()
            w.emit(
                p.caller,
                p.role,
                day,
                night + span + 0.3 * rng.random(),
                "write",
                f"/v1/employees/by-external-id/{who}",
                (who,),
            )
        w.emit(
            p.caller,
            p.role,
            day,
            night + span + 0.35,
            "export",
            "/v1/employees/export.csv",
            (),
            count=n,
        )
        if polls and WEEKDAY_LOAD[day % 7] > 0:
            for h in range(8, 18):
                for _ in range(int(rng.poisson(2.0))):
                    who = w.anyone()
                    w.emit(
                        p.caller,
                        p.role,
                        day,
                        h + rng.random(),
                        "read",
                        f"/v1/employees/{who}",
                        (who,),
                    )
