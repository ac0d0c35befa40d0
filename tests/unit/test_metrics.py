"""Ranking metrics used by the extraction and normalisation benchmarks."""

from __future__ import annotations

import pytest

from talentmarket.matching.metrics import (
    accuracy_at_1,
    case_metrics,
    evaluate_rankings,
    hit_at_k,
    reciprocal_rank,
    rp_at_k,
    summarise,
)


def test_rp_at_k_divides_by_min_of_k_and_gold() -> None:
    ranked = ["a", "b", "c", "d", "e", "f"]
    assert rp_at_k(ranked, {"a"}, 5) == 1.0
    assert rp_at_k(ranked, {"f"}, 5) == 0.0
    assert rp_at_k(ranked, {"a", "c", "z"}, 5) == pytest.approx(2 / 3)
    gold = {"a", "b", "c", "d", "e", "f", "g"}
    assert rp_at_k(ranked, gold, 5) == 1.0  # 5 hits / min(5, 7)
    assert rp_at_k(ranked, gold, 10) == pytest.approx(6 / 7)


def test_rp_at_k_ignores_duplicates_and_empty_gold() -> None:
    assert rp_at_k(["a", "a", "b"], {"a", "b"}, 2) == 0.5
    assert rp_at_k(["a"], set(), 5) == 0.0
    with pytest.raises(ValueError, match="positive"):
        rp_at_k(["a"], {"a"}, 0)


def test_reciprocal_rank_and_hits() -> None:
    ranked = ["x", "y", "z"]
    assert reciprocal_rank(ranked, {"z", "y"}) == 0.5
    assert reciprocal_rank(ranked, {"q"}) == 0.0
    assert hit_at_k(ranked, {"z"}, 2) == 0.0
    assert hit_at_k(ranked, {"z"}, 3) == 1.0
    assert accuracy_at_1(ranked, {"x"}) == 1.0
    assert accuracy_at_1(ranked, {"y"}) == 0.0


def test_summarise_averages_times_100() -> None:
    cases = [case_metrics(["a", "b"], {"a"}), case_metrics(["a", "b"], {"b"})]
    out = summarise(cases)
    assert out == {"rp@5": 100.0, "rp@10": 100.0, "mrr": 75.0, "acc@1": 50.0, "n": 2}
    assert summarise([]) == {"n": 0}


def test_evaluate_rankings_pairs_cases() -> None:
    out = evaluate_rankings([[1, 2, 3], [3, 2, 1]], [{3}, {3}], ks=(1,))
    assert out["rp@1"] == 50.0
    assert out["mrr"] == pytest.approx(100 * (1 / 3 + 1) / 2, abs=0.1)
    with pytest.raises(ValueError, match="length"):
        evaluate_rankings([[1]], [])
