"""Career path search, step gaps and level scales on hand-made role needs (no database)."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.typing import NDArray

from talentmarket.mobility.coverage import HELD_FLOOR, build_skill_matrix
from talentmarket.mobility.levels import (
    held_unit,
    levels_to_gain,
    months_for,
    unit_importance,
    unit_level,
)
from talentmarket.mobility.paths import (
    PathSearch,
    essential_levels,
    grow,
    move_levels,
    step_gaps,
)
from talentmarket.mobility.relatedness import RoleSkill

# skills: 0 a, 1 b, 2 c, 3 d; levels on [0, 1] (0.5 = level 3, 1.0 = level 5)
NEEDS = [
    [RoleSkill("a", 1.0, 0.5, True)],  # 0 junior: a at 3
    [RoleSkill("a", 1.0, 0.75, True), RoleSkill("b", 0.8, 0.5, True)],  # 1 mid: a 4, b 3
    [
        RoleSkill("a", 1.0, 1.0, True),
        RoleSkill("b", 1.0, 0.75, True),
        RoleSkill("c", 0.9, 0.75, True),
    ],  # 2 senior: a 5, b 4, c 4
    [RoleSkill("d", 1.0, 0.5, True), RoleSkill("a", 0.2, 0.25, False)],  # 3 other: d 3
]
MATRIX = build_skill_matrix(NEEDS, ["a", "b", "c", "d"])
# a chain 0 - 1 - 2 of close roles; 0 - 2 related but far; 3 loosely linked to 0
RELATEDNESS = np.array(
    [
        [1.0, 0.8, 0.2, 0.1],
        [0.8, 1.0, 0.8, 0.0],
        [0.2, 0.8, 1.0, 0.0],
        [0.1, 0.0, 0.0, 1.0],
    ]
)


def neighbours(row: int, k: int) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    """The k most related other rows of the toy matrix, best first."""
    scores = RELATEDNESS[row].copy()
    scores[row] = -1.0
    order = np.argsort(-scores, kind="stable")[:k]
    return order.astype(np.intp), scores[order]


def held(**levels: int) -> NDArray[np.float64]:
    """Held levels over the toy skills from 1-5 proficiencies."""
    out = np.zeros(4)
    for name, proficiency in levels.items():
        out["abcd".index(name)] = held_unit(proficiency)
    return out


def test_scales_round_trip() -> None:
    assert unit_level(1) == 0.0
    assert unit_level(5) == 1.0
    assert unit_level(None) == pytest.approx(0.5)
    assert held_unit(1) == HELD_FLOOR
    assert unit_importance(None, True) > unit_importance(None, False)
    assert unit_importance(5.0, False) == 1.0
    gains = levels_to_gain(np.array([0.0, held_unit(2), 0.75]), np.array([0.5, 0.75, 0.5]))
    np.testing.assert_allclose(gains, [3.0, 2.0, 0.0])  # missing counts from 0
    assert months_for(3.0) == 1.5


def test_move_levels_and_growth() -> None:
    ess = essential_levels(MATRIX)
    assert ess[3].nnz == 1  # the optional need is not part of the effort
    start = held(a=3)
    np.testing.assert_allclose(move_levels(ess, np.array([0, 1, 2]), start), [0.0, 4.0, 10.0])
    after_mid = grow(start, ess, 1)
    np.testing.assert_allclose(after_mid[:2], [0.75, 0.5])
    assert start[1] == 0.0  # growing returns a copy


def test_target_path_prefers_a_chain_of_close_moves() -> None:
    search = PathSearch(k=3, penalty=1.0, step_cost=1.0).fit(MATRIX, neighbours)
    paths = search.search(held(a=3), start=0, target=2, max_steps=3, limit=3)
    assert [p.rows for p in paths] == [(1, 2), (2,)]
    chain, jump = paths
    assert chain.levels == pytest.approx(10.0)  # skills grow: the chain gains no more
    assert jump.levels == pytest.approx(10.0)
    assert chain.cost < jump.cost  # the jump is between distant roles
    assert chain.moves[0].relatedness == pytest.approx(0.8)
    assert chain.cost == pytest.approx(sum(m.cost for m in chain.moves))


def test_max_steps_limits_the_paths() -> None:
    search = PathSearch(k=3, step_cost=1.0).fit(MATRIX, neighbours)
    assert [p.rows for p in search.search(held(a=3), start=0, target=2, max_steps=1)] == [(2,)]
    assert search.search(held(a=3), start=3, target=2, max_steps=1) == []
    via = search.search(held(a=3), start=3, target=2, max_steps=3)
    assert via[0].rows == (0, 1, 2)


def test_weak_links_are_not_moves() -> None:
    search = PathSearch(k=3, min_relatedness=0.5).fit(MATRIX, neighbours)
    assert [p.rows for p in search.search(held(a=3), start=0, target=2, max_steps=2)] == [(1, 2)]
    assert search.search(held(a=3), start=3, target=2, max_steps=4) == []


def test_without_target_every_reached_role_has_its_cheapest_path() -> None:
    search = PathSearch(k=3, step_cost=1.0).fit(MATRIX, neighbours)
    paths = search.search(held(a=3), start=0, max_steps=2)
    ends = {p.rows[-1]: p for p in paths}
    assert set(ends) == {1, 2, 3}
    assert ends[2].rows == (1, 2)
    costs = [p.cost for p in paths]
    assert costs == sorted(costs)


def test_first_moves_without_a_current_role() -> None:
    search = PathSearch(k=3).fit(MATRIX, neighbours)
    first = (np.array([0, 3], dtype=np.intp), np.array([0.9, 0.4]))
    paths = search.search(held(a=3), first=first, target=2, max_steps=3)
    assert paths
    assert paths[0].rows[0] in (0, 3)
    assert paths[0].rows[-1] == 2
    with pytest.raises(ValueError, match="start row"):
        search.search(held(a=3), target=2)


def test_step_gaps_replay_growth() -> None:
    gaps = step_gaps(MATRIX, held(a=3), (1, 2))
    first, second = gaps
    assert [MATRIX.skill_ids[c] for c in first.columns] == ["b", "a"]  # 3 x 0.8 > 1 x 1
    np.testing.assert_allclose(first.levels, [3.0, 1.0])
    assert first.held[0] == 0.0  # b missing
    # after the first move a is held at 4 and b at 3: the senior role asks one more each
    assert sorted(MATRIX.skill_ids[c] for c in second.columns) == ["a", "b", "c"]
    np.testing.assert_allclose(sorted(second.levels), [1.0, 1.0, 4.0])
