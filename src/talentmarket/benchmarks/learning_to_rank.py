"""`talentmarket bench learning-to-rank`: does learning from decisions help, and at what
cost in fairness?

On the configured database (for example the `bench matching` company of 100,000 people),
the real ranking pipeline ranks the candidates of sampled open openings (top `limit`,
nothing written). Simulated recruiters with hidden preferences then decide on each page:
they look down it (rank r with probability 1 / r ** 0.7, a steeper or flatter habit than
the fit assumes), and shortlist the people they look at whose hidden utility is in the
top tenth of the page. The first half of the openings is the training period: the
matching core fits part weights on its logged pages and decisions exactly as
`POST /v1/rankers` does. The second half is held out: nDCG@10 of the live scorer and of
the learned weights against the recruiters' true preferences (the top tenth by hidden
utility, which the simulation knows), and against the logged choices (inverse-propensity
weighted, as the service measures it). Each person gets a simulated sex (half and half,
independent of everything else), and the lowest impact ratio of reaching the top 10 is
reported for both orders.

Preferences: `default` (utility = the live score: nothing to learn), `semantic`, `role`
(weights far from the defaults), `location` (the live score plus a bonus for the
opening's own location), `must` (the live score times the must-have gate cubed).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from talentmarket.benchmarks import repository
from talentmarket.config import Settings
from talentmarket.fairness.metrics import group_rows
from talentmarket.matching.learn import Impressions, fit_weights, ndcg_at, scores_under
from talentmarket.matching.scoring import PARTS
from talentmarket.paging import PageRequest
from talentmarket.ranking.ranker import Ranker
from talentmarket.runtime import Runtime

PREFERENCES = ("default", "semantic", "role", "location", "must")
EXAMINE_POWER = 0.7
NOISE = 0.03


@dataclass(frozen=True)
class LtrParams:
    """How many openings, how long a page, which recruiters."""

    openings: int = 1200
    limit: int = 50
    preference: str = "semantic"
    seed: int = 0


@dataclass
class Pages:
    """Every ranked page: one row per shown pair."""

    list_id: NDArray[np.int64]
    rank: NDArray[np.int64]
    parts: NDArray[np.float64]
    gate: NDArray[np.float64]
    base: NDArray[np.float64]
    employee: NDArray[np.int64]
    same_location: NDArray[np.bool_]


def rank_pages(runtime: Runtime, params: LtrParams) -> Pages:
    """The live pipeline's candidate pages for sampled open openings."""
    rows: list[tuple[int, int, list[float], float, list[float], int, bool]] = []
    with runtime.sessionmaker() as session:
        _people, openings = repository.sample_pairs(session, params.openings, params.seed)
        for opening_id in openings:
            page = Ranker(session, runtime).candidates(opening_id, PageRequest(limit=params.limit))
            base = [page.provenance.weights[p] for p in PARTS] if page.provenance.weights else []
            place = repository.opening_location(session, opening_id)
            for item in page.items:
                why = item.explanation
                parts = [np.nan if v is None else v for v in (why.parts or {}).values()]
                rows.append(
                    (
                        opening_id,
                        item.rank,
                        parts,
                        why.must_have_gate or 1.0,
                        base,
                        item.employee.id,
                        item.employee.location == place,
                    )
                )
    return Pages(
        list_id=np.array([r[0] for r in rows], dtype=np.int64),
        rank=np.array([r[1] for r in rows], dtype=np.int64),
        parts=np.array([r[2] for r in rows], dtype=np.float64).reshape(-1, 4),
        gate=np.array([r[3] for r in rows], dtype=np.float64),
        base=np.array([r[4] for r in rows], dtype=np.float64).reshape(-1, 4),
        employee=np.array([r[5] for r in rows], dtype=np.int64),
        same_location=np.array([r[6] for r in rows], dtype=bool),
    )


def utility(pages: Pages, preference: str) -> NDArray[np.float64]:
    """The simulated recruiters' hidden utility of each shown pair."""
    live = Impressions(
        pages.list_id,
        pages.rank,
        pages.parts,
        pages.gate,
        np.zeros(len(pages.rank), bool),
        pages.base,
    ).live_scores()
    if preference == "default":
        value = live
    elif preference == "semantic":
        value = scores_under(_imp(pages), np.array([0.2, 0.6, 0.15, 0.05]))
    elif preference == "role":
        value = scores_under(_imp(pages), np.array([0.1, 0.1, 0.75, 0.05]))
    elif preference == "location":
        value = live + 0.3 * pages.same_location
    elif preference == "must":
        value = live * pages.gate**3
    else:
        raise ValueError(f"unknown preference {preference!r}; one of {', '.join(PREFERENCES)}")
    return np.asarray(value, dtype=np.float64)


def _imp(pages: Pages, chosen: NDArray[np.bool_] | None = None) -> Impressions:
    picked = np.zeros(len(pages.rank), dtype=bool) if chosen is None else chosen
    return Impressions(pages.list_id, pages.rank, pages.parts, pages.gate, picked, pages.base)


def _top_tenth(pages: Pages, value: NDArray[np.float64]) -> NDArray[np.bool_]:
    out = np.zeros(len(value), dtype=bool)
    for lst in np.unique(pages.list_id):
        rows = np.flatnonzero(pages.list_id == lst)
        cut = np.quantile(value[rows], 0.9)
        out[rows] = value[rows] >= cut
    return out


def _top_k(pages: Pages, scores: NDArray[np.float64], k: int = 10) -> NDArray[np.bool_]:
    out = np.zeros(len(scores), dtype=bool)
    for lst in np.unique(pages.list_id):
        rows = np.flatnonzero(pages.list_id == lst)
        out[rows[np.argsort(-scores[rows], kind="stable")[:k]]] = True
    return out


def _min_impact_ratio(groups: list[str], reached: NDArray[np.bool_]) -> float | None:
    rows = group_rows("ranked_top_k", "sex", groups, reached.tolist(), 5, 0.05)
    ratios = [r.impact_ratio for r in rows if r.impact_ratio is not None]
    return round(min(ratios), 4) if ratios else None


def simulate(pages: Pages, params: LtrParams) -> dict[str, Any]:
    """Decisions, the fit on the first period and the comparison on the second."""
    rng = np.random.default_rng(params.seed)
    value = utility(pages, params.preference)
    liked = _top_tenth(pages, value)  # what the recruiters want (the truth)
    noisy = value + rng.normal(0.0, NOISE, size=len(value))  # what they judge on a page
    looked = rng.random(len(value)) < 1.0 / pages.rank.astype(float) ** EXAMINE_POWER
    chosen = _top_tenth(pages, noisy) & looked
    lists = np.unique(pages.list_id)
    train_lists = lists[: len(lists) // 2]
    in_train = np.isin(pages.list_id, train_lists)
    train, held = _imp(pages, chosen).subset(in_train), _imp(pages, chosen).subset(~in_train)
    learned = fit_weights(train)
    live_scores, mine = held.live_scores(), scores_under(held, learned.weights)
    truth = liked[~in_train].astype(np.float64)
    sexes = np.where(
        np.random.default_rng(params.seed + 1).random(int(pages.employee.max(initial=0)) + 1) < 0.5,
        "female",
        "male",
    )
    groups = [str(sexes[e]) for e in pages.employee[~in_train]]
    held_pages = Pages(
        pages.list_id[~in_train],
        pages.rank[~in_train],
        pages.parts[~in_train],
        pages.gate[~in_train],
        pages.base[~in_train],
        pages.employee[~in_train],
        pages.same_location[~in_train],
    )
    return {
        "preference": params.preference,
        "openings": len(lists),
        "page_length": params.limit,
        "train_lists": len(train_lists),
        "eval_lists": int(len(lists) - len(train_lists)),
        "chosen_train": int(train.chosen.sum()),
        "weights_live": dict(zip(PARTS, np.round(pages.base[0], 4).tolist(), strict=True))
        if len(pages.base)
        else {},
        "weights_learned": learned.as_dict(),
        "blend": learned.blend,
        "ndcg@10_live": round(ndcg_at(held, live_scores, truth), 4),
        "ndcg@10_learned": round(ndcg_at(held, mine, truth), 4),
        "ndcg@10_live_logged": round(ndcg_at(held, live_scores), 4),
        "ndcg@10_learned_logged": round(ndcg_at(held, mine), 4),
        "min_impact_ratio_live": _min_impact_ratio(groups, _top_k(held_pages, live_scores)),
        "min_impact_ratio_learned": _min_impact_ratio(groups, _top_k(held_pages, mine)),
    }


def run(settings: Settings, params: LtrParams) -> dict[str, Any]:
    """Rank, simulate, fit, compare; one JSON-ready object."""
    started = time.perf_counter()
    runtime = Runtime(settings)
    try:
        pages = rank_pages(runtime, params)
    finally:
        runtime.close()
    ranked = time.perf_counter() - started
    if len(pages.rank) == 0:
        raise SystemExit("no open openings with candidates in this database; seed one first")
    out = simulate(pages, params)
    out["rank_seconds"] = round(ranked, 1)
    out["seconds"] = round(time.perf_counter() - started, 1)
    return out


def main(settings: Settings, params: LtrParams) -> None:
    """Print the result as one JSON object."""
    print(json.dumps(run(settings, params), indent=1))
