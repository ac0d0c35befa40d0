"""Ranking metrics for extraction and normalisation benchmarks (pure functions).

Definitions follow the published skill-extraction work: R-precision at k divides the hits
in the top k by min(k, |gold|), so a case with one gold item scores 1 when that item is
anywhere in the top k; MRR is the mean reciprocal rank of the first gold item (0 when
absent). Averages are reported x100 by `summarise`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TypeVar

T = TypeVar("T")


def rp_at_k(ranked: Sequence[T], gold: Collection[T], k: int) -> float:
    """R-precision at k: |top-k ∩ gold| / min(k, |gold|); 0 when gold is empty."""
    if k <= 0:
        raise ValueError("k must be positive")
    if not gold:
        return 0.0
    wanted = set(gold)
    hits = sum(1 for item in dict.fromkeys(ranked[:k]) if item in wanted)
    return hits / min(k, len(wanted))


def reciprocal_rank(ranked: Sequence[T], gold: Collection[T]) -> float:
    """1 / (1-based rank of the first gold item), 0 when no gold item is ranked."""
    wanted = set(gold)
    for position, item in enumerate(ranked, start=1):
        if item in wanted:
            return 1.0 / position
    return 0.0


def hit_at_k(ranked: Sequence[T], gold: Collection[T], k: int) -> float:
    """1 when any gold item is in the top k, else 0."""
    if k <= 0:
        raise ValueError("k must be positive")
    wanted = set(gold)
    return 1.0 if any(item in wanted for item in ranked[:k]) else 0.0


def accuracy_at_1(ranked: Sequence[T], gold: Collection[T]) -> float:
    """1 when the first ranked item is gold, else 0."""
    return hit_at_k(ranked, gold, 1)


def case_metrics(
    ranked: Sequence[T], gold: Collection[T], ks: Iterable[int] = (5, 10)
) -> dict[str, float]:
    """All per-case metrics: `rp@k` for each k, `mrr` and `acc@1`."""
    out = {f"rp@{k}": rp_at_k(ranked, gold, k) for k in ks}
    out["mrr"] = reciprocal_rank(ranked, gold)
    out["acc@1"] = accuracy_at_1(ranked, gold)
    return out


def summarise(per_case: Sequence[Mapping[str, float]], digits: int = 1) -> dict[str, float]:
    """Average per-case metrics x100 (rounded to `digits`) and add `n`, the case count."""
    if not per_case:
        return {"n": 0}
    keys = list(per_case[0])
    out = {
        key: round(100.0 * sum(case[key] for case in per_case) / len(per_case), digits)
        for key in keys
    }
    out["n"] = len(per_case)
    return out


def evaluate_rankings(
    rankings: Sequence[Sequence[T]],
    golds: Sequence[Collection[T]],
    ks: Iterable[int] = (5, 10),
    digits: int = 1,
) -> dict[str, float]:
    """Summarise `case_metrics` over paired rankings and gold sets."""
    if len(rankings) != len(golds):
        raise ValueError("rankings and golds differ in length")
    ks = tuple(ks)
    per_case = [case_metrics(r, g, ks) for r, g in zip(rankings, golds, strict=True)]
    return summarise(per_case, digits)
