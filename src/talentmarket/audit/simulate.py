"""A seeded month of realistic access traffic for hundreds of callers, with misuses injected.

`simulate_month(n_callers, days, seed)` draws the company and the callers (traffic.py),
their normal work, and then 2-3.5% of the callers (at least one per kind) who misuse
their access once (misuse.py). The ground truth is the set of misusing callers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from talentmarket.audit.access_events import AccessEvent
from talentmarket.audit.company import START, Person, make_person, make_world
from talentmarket.audit.misuse import INJECT, MISUSE_KINDS, MISUSE_ROLES, repeated_denials
from talentmarket.audit.traffic import (
    admin_traffic,
    employee_traffic,
    integration_traffic,
    recruiter_traffic,
)


@dataclass(frozen=True)
class SimulatedLog:
    """Events in time order, each caller's role, and who misused their access how."""

    events: list[AccessEvent]  # the history days, then the month
    month_start: datetime  # misuses happen from here on; earlier days are history
    roles: dict[str, str]  # caller -> role
    misuse: dict[str, str]  # caller -> kind of misuse
    n_employees: int
    n_departments: int


def role_counts(rng: np.random.Generator, n_callers: int) -> dict[str, int]:
    """How many callers of each role; shares drawn from the seed."""
    recruiters = max(6, round(n_callers * rng.uniform(0.10, 0.18)))
    admins = max(3, round(n_callers * rng.uniform(0.02, 0.04)))
    integrations = max(2, round(n_callers * rng.uniform(0.01, 0.03)))
    employees = n_callers - recruiters - admins - integrations
    if employees < 6:
        raise ValueError("n_callers is too small for a company (need at least 20)")
    return {
        "employee": employees,
        "recruiter": recruiters,
        "admin": admins,
        "integration": integrations,
    }


def simulate_month(
    n_callers: int = 400,
    days: int = 30,
    seed: int = 0,
    history_days: int = 14,
    misuse_share: float | None = None,
) -> SimulatedLog:
    """Simulate `history_days` of ordinary traffic, then `days` days with misuses injected.

    The history stands for the audit log a deployment already holds when a month is
    examined; with history_days=0 misuses still come a week into the month.
    """
    if days < 12 and history_days < 8:
        raise ValueError("need 8 days before the misuses: raise days or history_days")
    rng = np.random.default_rng(seed)
    w = make_world(rng, history_days + days)
    w.misuse_from = max(8, history_days)
    counts = role_counts(rng, n_callers)
    ids = [f"u{x:05d}" for x in rng.choice(np.arange(10000, 100000), n_callers, replace=False)]
    roles = [r for r, k in counts.items() for _ in range(k)]
    roles = [str(r) for r in rng.permutation(np.array(roles))]
    rate = {
        "recruiter": rng.uniform(4.0, 9.0),
        "admin": rng.uniform(2.0, 5.0),
        "employee": 1.0,
        "integration": 1.0,
    }
    mean_active = float(rng.uniform(0.15, 0.4))
    people: dict[str, Person] = {}
    support: dict[str, list[int]] = {}
    me: dict[str, int] = {}
    for caller, role in zip(ids, roles, strict=True):
        active = float(np.clip(rng.beta(2.0, 2.0 / mean_active - 2.0), 0.03, 0.95))
        if role in ("recruiter", "admin"):
            active = float(rng.uniform(0.75, 0.95))
        p = make_person(rng, caller, role, float(rate[role]), w.days, active)
        people[caller] = p
        if role == "employee":
            me[caller] = w.anyone()
            employee_traffic(w, p, me[caller])
        elif role == "recruiter":
            support[caller] = recruiter_traffic(w, p)
        elif role == "admin":
            admin_traffic(w, p)
        else:
            integration_traffic(w, p)
    misuse = choose_misusers(rng, ids, roles, misuse_share)
    for caller, kind in misuse.items():
        if kind == "repeated_denials":
            repeated_denials(w, people[caller], me[caller])
        else:
            INJECT[kind](w, people[caller], support.get(caller, []))
    events = sorted(w.events, key=lambda e: (e.at, e.caller))
    month_start = START + timedelta(days=history_days)
    return SimulatedLog(
        events, month_start, dict(zip(ids, roles, strict=True)), misuse, w.n_employees, len(w.names)
    )


def choose_misusers(
    rng: np.random.Generator, ids: list[str], roles: list[str], share: float | None
) -> dict[str, str]:
    """Pick the misusing callers: every kind at least once, 2-3.5% of callers in all."""
    share = float(rng.uniform(0.02, 0.035)) if share is None else share
    n = max(len(MISUSE_KINDS), round(len(ids) * share))
    kinds = list(MISUSE_KINDS) + [
        str(k) for k in rng.choice(np.array(MISUSE_KINDS), n - len(MISUSE_KINDS))
    ]
    free = {r: [c for c, rr in zip(ids, roles, strict=True) if rr == r] for r in sorted(set(roles))}
    for r in free:
        free[r] = [str(c) for c in rng.permutation(np.array(free[r]))]
    chosen: dict[str, str] = {}
    for kind in kinds:
        for role in rng.permutation(np.array(MISUSE_ROLES[kind])):
            if free.get(str(role)):
                chosen[free[str(role)].pop()] = kind
                break
    return chosen
