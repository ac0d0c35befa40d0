"""Group rates with fairlearn, impact ratios against the most favoured group, Fisher's
exact test from scipy, and position-discounted exposure."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from fairlearn.metrics import MetricFrame, count, selection_rate
from scipy.stats import fisher_exact

from talentmarket.fairness.schemas import ExposureRow, FairnessRow

UNKNOWN = "unknown"
FOUR_FIFTHS = 0.8


def _by_group(groups: Sequence[str], hits: Sequence[bool]) -> dict[str, tuple[int, float]]:
    """category -> (people, share who reached), by fairlearn's MetricFrame."""
    y = np.asarray(hits, dtype=int)
    frame = MetricFrame(
        metrics={"rate": selection_rate, "count": count},
        y_true=y,
        y_pred=y,
        sensitive_features=np.asarray(groups, dtype=object),
    )
    table = frame.by_group
    return {str(c): (int(table.loc[c, "count"]), float(table.loc[c, "rate"])) for c in table.index}


def group_rows(
    stage: str,
    dimension: str,
    groups: Sequence[str],
    reached: Sequence[bool],
    min_cell: int,
    alpha: float,
    above_median: Sequence[bool] | None = None,
) -> list[FairnessRow]:
    """One row per category: count, rate, impact ratio and Fisher's p against the most
    favoured category shown (never `unknown`), and a flag when the ratio is under four
    fifths and significant. Categories under `min_cell` people are suppressed."""
    if not groups:
        return []
    shown = _by_group(groups, reached)
    scoring = {} if above_median is None else _by_group(groups, above_median)
    eligible = {c: v for c, v in shown.items() if v[0] >= min_cell and c != UNKNOWN}
    best = max(eligible, key=lambda c: eligible[c][1]) if eligible else None
    rows = []
    for category in sorted(shown):
        n, rate = shown[category]
        if n < min_cell:
            rows.append(_suppressed(stage, dimension, category))
            continue
        hits = round(rate * n)
        ratio: float | None = None
        p_value = 1.0
        if best is not None and eligible[best][1] > 0:
            best_n, best_rate = eligible[best]
            ratio = rate / best_rate
            best_hits = round(best_rate * best_n)
            table = [[hits, n - hits], [best_hits, best_n - best_hits]]
            p_value = 1.0 if category == best else float(fisher_exact(table)[1])
        rows.append(
            FairnessRow(
                stage=stage,
                dimension=dimension,
                category=category,
                count=n,
                reached=hits,
                rate=round(rate, 4),
                impact_ratio=None if ratio is None else round(ratio, 4),
                p_value=None if ratio is None else round(p_value, 6),
                flag=None if ratio is None else bool(ratio < FOUR_FIFTHS and p_value < alpha),
                scoring_rate=round(scoring[category][1], 4) if category in scoring else None,
                suppressed=False,
            )
        )
    return rows


def _suppressed(stage: str, dimension: str, category: str) -> FairnessRow:
    return FairnessRow(
        stage=stage,
        dimension=dimension,
        category=category,
        count=None,
        reached=None,
        rate=None,
        impact_ratio=None,
        p_value=None,
        flag=None,
        suppressed=True,
    )


def exposure_rows(
    dimension: str, groups: Sequence[str], ranks: Sequence[int], min_cell: int
) -> list[ExposureRow]:
    """Each category's share of exposure (1 / log2(1 + rank), the DCG discount) against its
    share of the ranked candidates."""
    if not groups:
        return []
    g = np.asarray(groups, dtype=object)
    exposure = 1.0 / np.log2(1.0 + np.asarray(ranks, dtype=float))
    total_exposure, total = float(exposure.sum()), len(groups)
    rows = []
    for category in sorted(set(groups)):
        mask = g == category
        n = int(mask.sum())
        if n < min_cell:
            rows.append(
                ExposureRow(
                    dimension=dimension,
                    category=category,
                    candidates=None,
                    exposure_share=None,
                    candidate_share=None,
                    exposure_ratio=None,
                    suppressed=True,
                )
            )
            continue
        share, candidates = float(exposure[mask].sum()) / total_exposure, n / total
        rows.append(
            ExposureRow(
                dimension=dimension,
                category=category,
                candidates=n,
                exposure_share=round(share, 4),
                candidate_share=round(candidates, 4),
                exposure_ratio=round(share / candidates, 4),
                suppressed=False,
            )
        )
    return rows
