"""Ranking metrics for related-role and mobility benchmarks (pure functions, no I/O).

Gains follow O*NET's related-occupation tiers: Primary-Short 3, Primary-Long 2,
Supplemental 1. nDCG uses the standard log2(rank + 1) discount and takes its ideal DCG
from the case's own gain list, so a case whose gold list is shorter than k still reaches 1.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

TIER_GAINS: Mapping[str, float] = {
    "Primary-Short": 3.0,
    "Primary-Long": 2.0,
    "Supplemental": 1.0,
}


def gains_of(related: Sequence[str], tiers: Sequence[str] | None = None) -> dict[str, float]:
    """Map each gold item to its gain; without tiers every gold item gains 1."""
    if tiers is None:
        return dict.fromkeys(related, 1.0)
    if len(tiers) != len(related):
        msg = f"{len(related)} related items but {len(tiers)} tiers"
        raise ValueError(msg)
    gains: dict[str, float] = {}
    for item, tier in zip(related, tiers, strict=True):
        gains[item] = max(gains.get(item, 0.0), TIER_GAINS[tier])
    return gains


def dcg(gains: Sequence[float]) -> float:
    """Discounted cumulative gain of gains listed by rank (rank 1 first)."""
    return sum(g / math.log2(rank + 1) for rank, g in enumerate(gains, start=1))


def ndcg_at_k(
    ranked: Sequence[str],
    related: Sequence[str],
    tiers: Sequence[str] | None = None,
    k: int = 10,
) -> float:
    """nDCG@k of a ranking against graded gold items; 0 when there is no gold."""
    gain = gains_of(related, tiers)
    ideal = dcg(sorted(gain.values(), reverse=True)[:k])
    if ideal == 0.0:
        return 0.0
    return dcg([gain.get(item, 0.0) for item in ranked[:k]]) / ideal


def precision_at_k(ranked: Sequence[str], related: Sequence[str], k: int = 5) -> float:
    """Share of the top k ranked items that are gold (divided by k, not by the list length)."""
    gold = set(related)
    return sum(1 for item in ranked[:k] if item in gold) / k


def summarize(values: Sequence[float]) -> float:
    """Mean of per-case values, rounded to 4 places (0 for no cases)."""
    return round(sum(values) / len(values), 4) if values else 0.0
