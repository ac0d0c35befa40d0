"""The staffing planner's optimisation against greedy, on problems small enough to check
by hand and on a random one where every plan must keep every rule."""

from __future__ import annotations

import numpy as np

from talentmarket.staffing.planner import Problem, greedy, solve, violations


def _problem(**limits: object) -> Problem:
    # Ada is the best for both gigs but has time for one; Bo fits only gig 0
    return Problem(
        capacity=np.array([1, 1]),
        hours=np.array([8.0, 8.0]),
        available=np.array([8.0, 16.0]),
        department=["data", "data"],
        pair_opening=np.array([0, 1, 0]),
        pair_person=np.array([0, 0, 1]),
        score=np.array([0.9, 0.8, 0.85]),
        grows=np.array([False, True, False]),
        **limits,  # type: ignore[arg-type]
    )


def test_the_planner_finds_what_best_pair_first_misses() -> None:
    problem = _problem()
    best, first = solve(problem), greedy(problem)
    assert sorted(best.chosen.tolist()) == [1, 2]  # Ada to gig 1, Bo to gig 0
    assert best.total == np.float64(0.8 + 0.85)
    assert first.chosen.tolist() == [0]  # Ada to gig 0, and gig 1 has no one left
    assert best.status == "optimal"
    assert best.gap is not None
    assert best.gap <= 1e-4
    assert violations(problem, best.chosen) == violations(problem, first.chosen) == 0
    # a plan that gives Ada both gigs breaks her time
    assert violations(problem, np.array([0, 1])) == 1


def test_limits_per_department_and_growth_share() -> None:
    one = Problem(
        capacity=np.array([2]),
        hours=np.array([2.0]),
        available=np.array([8.0, 8.0, 8.0]),
        department=["data", "data", "sales"],
        pair_opening=np.array([0, 0, 0]),
        pair_person=np.array([0, 1, 2]),
        score=np.array([0.9, 0.8, 0.5]),
        grows=np.array([False, False, True]),
        max_per_department=1,
    )
    best = solve(one)
    assert sorted(best.chosen.tolist()) == [0, 2]  # one from data, then sales
    assert violations(one, np.array([0, 1])) == 1
    grown = solve(_problem(min_growth_share=1.0))
    assert grown.chosen.tolist() == [1]  # only the growing pair may be taken
    assert violations(_problem(min_growth_share=1.0), greedy(_problem()).chosen) == 1


def test_random_problems_keep_every_rule_and_beat_or_equal_greedy() -> None:
    rng = np.random.default_rng(7)
    n_open, n_people, per = 40, 120, 15
    pairs_o = np.repeat(np.arange(n_open), per)
    pairs_e = np.concatenate([rng.choice(n_people, per, replace=False) for _ in range(n_open)])
    problem = Problem(
        capacity=rng.integers(1, 4, n_open),
        hours=rng.choice([2.0, 8.0, 16.0], n_open),
        available=rng.choice([0.0, 8.0, 16.0, 20.0], n_people),
        department=[f"d{i % 5}" for i in range(n_people)],
        pair_opening=pairs_o,
        pair_person=pairs_e,
        score=rng.uniform(0.3, 1.0, pairs_o.size),
        grows=rng.random(pairs_o.size) < 0.3,
        max_per_department=2,
    )
    best, first = solve(problem), greedy(problem)
    assert violations(problem, best.chosen) == 0
    assert violations(problem, first.chosen) == 0
    assert best.total >= first.total - 1e-9
    assert best.total > first.total  # at this size best pair first leaves score behind
