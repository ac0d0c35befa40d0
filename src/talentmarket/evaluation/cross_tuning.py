"""`talentmarket eval extraction --cases B --tune-on A`: does what the extractor's weights
fit carry over to other text?

The weights are picked on one labelled set (A) from a small grid, then the other set (B)
is scored with them, beside the shipped weights and the best weights of the grid on B
itself (what tuning on B would have reached: an upper bound that no held-out choice
has). The gap between "picked on A" and "best on B" is what tuning on A does not carry
over; the spread over the grid on B says how much the weights matter at all.

The encoder runs once per case; the grid re-weights the stored parts of each case's
scores (`SkillExtractor.parts` / `rank_parts`), the same arithmetic the extractor scores with.
"""

from __future__ import annotations

import itertools
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from talentmarket.evaluation.cases import mean, read_cases
from talentmarket.matching.metrics import reciprocal_rank, rp_at_k
from talentmarket.runtime import Runtime
from talentmarket.skillintel.service import get_extractor
from talentmarket.textintel.extraction import SkillExtractor
from talentmarket.textintel.scoreparts import SegmentParts, Weights

# w_segment is 1 - w_phrase: the scale of the sum does not change the order
GRID: dict[str, tuple[float, ...]] = {
    "w_phrase": (0.3, 0.4, 0.5, 0.6, 0.7),
    "w_lexical": (0.0, 0.1, 0.2, 0.3),
    "w_prior": (0.0, 0.03, 0.06, 0.12),
}
TOP = 100  # ranks kept per case (RP@5, RP@10 and MRR within the first 100)

Prepared = list[tuple[list[SegmentParts], list[str]]]


def _grid() -> list[Weights]:
    return [
        Weights(round(1.0 - p, 3), p, lex, prior)
        for p, lex, prior in itertools.product(*GRID.values())
    ]


def _prepared(extractor: SkillExtractor, path: Path) -> Prepared:
    """Each case's score parts (one encoder pass per case) and its gold URIs."""
    return [
        (extractor.parts(case["text"]), list(case["gold"]))
        for case in read_cases(path, ("text", "gold"))
    ]


def _scores(
    extractor: SkillExtractor, uri_of: dict[int, str], cases: Prepared, weights: Weights
) -> dict[str, float]:
    rankings = [
        [uri_of[int(i)] for i in extractor.rank_parts(parts, weights)[:TOP]] for parts, _ in cases
    ]
    golds = [gold for _, gold in cases]
    pairs = list(zip(rankings, golds, strict=True))
    return {
        "rp@5": mean([rp_at_k(r, g, 5) for r, g in pairs], 1, 100),
        "rp@10": mean([rp_at_k(r, g, 10) for r, g in pairs], 1, 100),
        "mrr": mean([reciprocal_rank(r, g) for r, g in pairs]),
    }


def _best(table: list[tuple[Weights, dict[str, float]]]) -> tuple[Weights, dict[str, float]]:
    """Highest RP@5, then MRR; among equals the first in grid order."""
    return max(table, key=lambda row: (row[1]["rp@5"], row[1]["mrr"]))


def cross_tune(
    session: Session, runtime: Runtime, cases_path: Path, tune_path: Path
) -> dict[str, Any]:
    """Pick the weights on `tune_path`, report them on `cases_path`."""
    extractor = get_extractor(session, runtime)
    tune = _prepared(extractor, tune_path)
    report = _prepared(extractor, cases_path)
    grid = _grid()
    uri_of = {s.id: s.uri for s in extractor.skills_}
    on_tune = [(w, _scores(extractor, uri_of, tune, w)) for w in grid]
    on_report = [(w, _scores(extractor, uri_of, report, w)) for w in grid]
    picked, picked_on_tune = _best(on_tune)
    picked_on_report = dict(on_report)[picked]
    oracle, oracle_scores = _best(on_report)
    shipped = extractor.weights
    report_rp5 = [scores["rp@5"] for _, scores in on_report]
    return {
        "grid": {name: list(values) for name, values in GRID.items()} | {"size": len(grid)},
        "tuned_on": {
            "cases": str(tune_path),
            "n": len(tune),
            "picked": asdict(picked),
            "picked_scores": picked_on_tune,
            "shipped_scores": _scores(extractor, uri_of, tune, shipped),
        },
        "reported_on": {
            "cases": str(cases_path),
            "n": len(report),
            "picked_on_the_other_set": picked_on_report,
            "shipped": _scores(extractor, uri_of, report, shipped) | {"weights": asdict(shipped)},
            "best_of_grid_on_this_set": oracle_scores | {"weights": asdict(oracle)},
            "rp@5_range_over_grid": [min(report_rp5), max(report_rp5)],
        },
    }
