"""The learning-to-rank core: recovers recruiters' preferences from position-biased
choices, keeps the live weights when choices follow them, and says when there is nothing
to learn."""

from __future__ import annotations

import numpy as np
import pytest

from talentmarket.matching.learn import (
    Impressions,
    NoSignal,
    fit_weights,
    ndcg_at,
    pair_accuracy,
    scores_under,
)

LIVE = np.array([0.13, 0.26, 0.52, 0.09])


def _pages(
    hidden: np.ndarray, seed: int, lists: int = 300, size: int = 30
) -> tuple[Impressions, np.ndarray]:
    """Pages ranked by the live weights; a recruiter looks at rank r with chance 1/sqrt(r)
    and picks what they look at whose hidden utility is in the page's top tenth."""
    rng = np.random.default_rng(seed)
    parts = rng.uniform(0.0, 1.0, size=(lists * size, 4))
    parts[rng.random(len(parts)) < 0.1, 2] = np.nan  # some people have no known role
    gate = np.where(rng.random(len(parts)) < 0.2, 0.8, 1.0)
    list_id = np.repeat(np.arange(lists), size)
    live = scores_under(_imp(list_id, np.ones(len(parts), int), parts, gate), LIVE)
    utility = scores_under(_imp(list_id, np.ones(len(parts), int), parts, gate), hidden)
    rank = np.zeros(len(parts), dtype=np.int64)
    liked = np.zeros(len(parts), dtype=bool)
    for lst in range(lists):
        rows = np.flatnonzero(list_id == lst)
        rank[rows[np.argsort(-live[rows])]] = np.arange(1, size + 1)
        liked[rows] = utility[rows] >= np.quantile(utility[rows], 0.9)
    looked = rng.random(len(parts)) < 1 / np.sqrt(rank)
    return _imp(list_id, rank, parts, gate, liked & looked), liked


def _imp(list_id, rank, parts, gate, chosen=None) -> Impressions:  # type: ignore[no-untyped-def]
    n = len(rank)
    picked = np.zeros(n, dtype=bool) if chosen is None else chosen
    return Impressions(list_id, rank, parts, gate, picked, np.tile(LIVE, (n, 1)))


def test_it_learns_a_preference_that_differs_from_the_live_weights() -> None:
    hidden = np.array([0.15, 0.7, 0.1, 0.05])
    train, _ = _pages(hidden, seed=1)
    held, truth = _pages(hidden, seed=2)
    fit = fit_weights(train)
    assert fit.blend > 0
    assert fit.weights.sum() == pytest.approx(1.0)
    assert int(np.argmax(fit.weights)) == 1  # semantic fit weighs most
    learned = scores_under(held, fit.weights)
    assert (
        ndcg_at(held, learned, truth.astype(float))
        > ndcg_at(held, held.live_scores(), truth.astype(float)) + 0.05
    )
    assert pair_accuracy(held, learned).mean() > pair_accuracy(held, held.live_scores()).mean()


def test_choices_that_follow_the_live_weights_keep_them() -> None:
    train, _ = _pages(LIVE, seed=3)
    fit = fit_weights(train)
    assert fit.blend == 0.0
    np.testing.assert_allclose(fit.weights, LIVE / LIVE.sum())


def test_the_live_weights_give_back_the_live_scores() -> None:
    train, _ = _pages(LIVE, seed=4, lists=5)
    np.testing.assert_allclose(scores_under(train, LIVE), train.live_scores())


def test_nothing_chosen_is_no_signal() -> None:
    train, _ = _pages(LIVE, seed=5, lists=10)
    empty = Impressions(
        train.list_id, train.rank, train.parts, train.gate, np.zeros(len(train), bool), train.base
    )
    with pytest.raises(NoSignal):
        fit_weights(empty)
