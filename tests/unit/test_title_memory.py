"""The memory of confirmed titles: how its neighbours vote."""

from __future__ import annotations

import numpy as np
import pytest

from talentmarket.textintel.title_memory import TitleMemory


def _unit(rows: list[list[float]]) -> np.ndarray:
    a = np.asarray(rows, dtype=np.float32)
    return a / np.linalg.norm(a, axis=1, keepdims=True)


def test_near_neighbours_share_one_vote_by_how_many_name_each_role() -> None:
    vectors = _unit([[1, 0, 0], [1, 0, 0], [1, 0, 0], [0, 1, 0]])
    memory = TitleMemory(lexical_share=0.0, prior_weight=0.0).fit(
        ["a", "a", "a", "b"], [0, 0, 1, 2], vectors, 3
    )
    votes = memory.votes(_unit([[1, 0, 0]]), ["a"])
    per_role = votes.per_role[0] / memory.weight
    assert per_role.sum() == pytest.approx(1.0, abs=1e-4)
    assert per_role[0] == pytest.approx(2 * per_role[1], rel=1e-3)
    assert per_role[2] < 1e-3


def test_a_title_with_only_distant_neighbours_gets_little_vote() -> None:
    memory = TitleMemory(lexical_share=0.0, prior_weight=0.0).fit(["x"], [1], _unit([[1, 0, 0]]), 2)
    far = memory.votes(_unit([[0.3, 1, 0]]), ["y"])
    assert 0 < far.per_role[0, 1] < 0.01
    scores = np.array([[0.6, 0.5]], dtype=np.float32)
    assert np.argmax(memory.fuse(scores, far)[0]) == 0


def test_shared_words_bring_a_confirmed_title_nearer() -> None:
    vectors = _unit([[1, 0.2, 0], [1, 0, 0.2]])
    titles = ["forklift operator", "warehouse clerk"]
    query = _unit([[1, 0.1, 0.1]])
    plain = TitleMemory(lexical_share=0.0).fit(titles, [0, 1], vectors, 2)
    mixed = TitleMemory(lexical_share=0.4).fit(titles, [0, 1], vectors, 2)
    assert plain.similarities(query, ["forklift driver"])[0, 0] == pytest.approx(
        plain.similarities(query, ["forklift driver"])[0, 1]
    )
    sims = mixed.similarities(query, ["forklift driver"])[0]
    assert sims[0] > sims[1]


def test_the_prior_favours_roles_mapped_more_often_among_those_voted_for() -> None:
    vectors = _unit([[1, 0, 0], [1, 0, 0], [1, 0, 0], [0, 0, 1]])
    memory = TitleMemory(neighbours=2, lexical_share=0.0).fit(
        ["a", "a", "a", "c"], [0, 0, 1, 2], vectors, 4
    )
    votes = memory.votes(_unit([[1, 0, 0]]), ["a"])
    assert votes.per_role[0, 3] == 0.0  # a role nobody mapped
    assert votes.per_role[0, 2] == 0.0  # mapped, but not among the neighbours
    assert memory.share(votes, 0, 0) > memory.share(votes, 0, 1)
    assert np.all(memory.fuse(np.ones((1, 4), np.float32), votes) <= 1.0)


def test_fit_refuses_lengths_that_differ() -> None:
    with pytest.raises(ValueError, match="differ in length"):
        TitleMemory().fit(["a", "b"], [0], _unit([[1, 0]]), 1)
