"""Staffing many openings at once: the assignment of people to openings that maximises
the total match score under capacity, time and fairness limits, solved exactly by a
mixed-integer program (HiGHS through `scipy.optimize.milp`), beside the greedy baseline.

One binary x_p per candidate pair p (opening o, person e, score s_p) the rankings offered:

    maximise   sum_p s_p x_p
    subject to sum_{p in o} x_p <= capacity_o                       every opening
               sum_{p of e} hours_o x_p <= available_hours_e        every person
               sum_{p in o, department d} x_p <= max_per_department every opening, department
               sum_p (grows_p - min_growth_share) x_p >= 0          when a share is asked

Must-haves and consent are settled before: only pairs that meet every must-have of the
opening, with people visible and open to opportunities, are candidates. No part of this
module touches the database or the web.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class Problem:
    """Openings, people and the candidate pairs between them, as aligned arrays."""

    capacity: IntArray  # (openings,)
    hours: FloatArray  # (openings,) weekly hours an assignment takes
    available: FloatArray  # (people,) weekly hours a person can give
    department: list[str]  # (people,)
    pair_opening: IntArray  # (pairs,) index into the openings
    pair_person: IntArray  # (pairs,) index into the people
    score: FloatArray  # (pairs,) match score in [0, 1]
    grows: NDArray[np.bool_]  # (pairs,) the work grows a skill the person wants to grow
    max_per_department: int | None = None
    min_growth_share: float | None = None


@dataclass(frozen=True)
class Solution:
    """The chosen pairs, their total score, and how the solver ended."""

    chosen: IntArray  # pair indices
    total: float
    seconds: float
    status: str
    gap: float | None  # relative optimality gap; 0 when proven optimal


def _rows(problem: Problem) -> tuple[list[LinearConstraint], int]:
    """The linear constraints, and how many rows they have."""
    n = problem.score.size
    cols = np.arange(n)
    out: list[LinearConstraint] = []
    n_open = problem.capacity.size
    per_opening = coo_array((np.ones(n), (problem.pair_opening, cols)), shape=(n_open, n))
    out.append(LinearConstraint(per_opening, -np.inf, problem.capacity.astype(np.float64)))
    n_people = problem.available.size
    hours = problem.hours[problem.pair_opening]
    per_person = coo_array((hours, (problem.pair_person, cols)), shape=(n_people, n))
    out.append(LinearConstraint(per_person, -np.inf, problem.available))
    rows = n_open + n_people
    if problem.max_per_department is not None:
        groups = _department_groups(problem)
        if groups.size:
            _, row = np.unique(groups, return_inverse=True)
            matrix = coo_array((np.ones(n), (row, cols)), shape=(int(row.max()) + 1, n))
            out.append(LinearConstraint(matrix, -np.inf, float(problem.max_per_department)))
            rows += int(row.max()) + 1
    if problem.min_growth_share is not None:
        weights = problem.grows.astype(np.float64) - problem.min_growth_share
        out.append(LinearConstraint(weights.reshape(1, -1), 0.0, np.inf))
        rows += 1
    return out, rows


def _department_groups(problem: Problem) -> NDArray[np.int64]:
    """Per pair, one id per (opening, department) group."""
    names = {name: i for i, name in enumerate(sorted(set(problem.department)))}
    dept = np.array([names[d] for d in problem.department], dtype=np.int64)
    if dept.size == 0:
        return np.zeros(0, dtype=np.int64)
    return problem.pair_opening * (len(names) + 1) + dept[problem.pair_person]


def solve(problem: Problem, time_limit: float = 30.0, gap: float = 1e-4) -> Solution:
    """The best plan the solver finds within the time limit (proven optimal when gap 0)."""
    started = time.perf_counter()
    n = problem.score.size
    if n == 0:
        return Solution(np.zeros(0, dtype=np.int64), 0.0, 0.0, "optimal", 0.0)
    constraints, _ = _rows(problem)
    result = milp(
        c=-problem.score,
        constraints=constraints,
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        options={"time_limit": time_limit, "mip_rel_gap": gap, "presolve": True},
    )
    seconds = time.perf_counter() - started
    if result.x is None:
        status = "infeasible" if result.status == 2 else "no plan found in time"
        return Solution(np.zeros(0, dtype=np.int64), 0.0, seconds, status, None)
    chosen = np.flatnonzero(result.x > 0.5).astype(np.int64)
    found_gap = getattr(result, "mip_gap", None)
    status = "optimal" if result.status == 0 else "time limit reached"
    total = float(problem.score[chosen].sum())
    return Solution(chosen, total, seconds, status, None if found_gap is None else float(found_gap))


def greedy(problem: Problem) -> Solution:
    """Best pair first: take a pair while its opening has room, its person has the hours
    and its department is under the limit (the growth share is not steered)."""
    started = time.perf_counter()
    room = problem.capacity.astype(np.int64).copy()
    left = problem.available.astype(np.float64).copy()
    per_group: dict[int, int] = {}
    groups = _department_groups(problem) if problem.max_per_department is not None else None
    chosen: list[int] = []
    for p in np.argsort(-problem.score, kind="stable").tolist():
        o, e = int(problem.pair_opening[p]), int(problem.pair_person[p])
        need = float(problem.hours[o])
        if room[o] <= 0 or left[e] + 1e-9 < need:
            continue
        if groups is not None and per_group.get(int(groups[p]), 0) >= (
            problem.max_per_department or 0
        ):
            continue
        room[o] -= 1
        left[e] -= need
        if groups is not None:
            per_group[int(groups[p])] = per_group.get(int(groups[p]), 0) + 1
        chosen.append(p)
    picked = np.asarray(chosen, dtype=np.int64)
    seconds = time.perf_counter() - started
    return Solution(picked, float(problem.score[picked].sum()), seconds, "greedy", None)


def violations(problem: Problem, chosen: IntArray) -> int:
    """How many constraints a set of pairs breaks (0 for a valid plan)."""
    x = np.zeros(problem.score.size)
    x[chosen] = 1.0
    constraints, _ = _rows(problem)
    broken = 0
    for c in constraints:
        value = c.A @ x
        broken += int(np.sum(value > np.asarray(c.ub) + 1e-6))
        broken += int(np.sum(value < np.asarray(c.lb) - 1e-6))
    return broken
