"""Related-roles benchmark: rank all O*NET occupations from each case's occupation.

Gold: O*NET's related-occupation lists (../shared/bench/mobility/onet_related_dev.jsonl),
never an input. Prints one JSON object: nDCG@10, P@5, MRR over all cases, the same for two
baselines computed in this run (TF-IDF of title + description + tasks; Jaccard of skill
sets = technology skills plus Skills.txt elements of importance >= 3), half-split figures
(cases split by code parity of their position in code order; with --tune a small weight
grid is searched on one half and reported on the other), and timings.

    python -m bench.related_roles_eval [--no-embeddings] [--tune]
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bench.onet_loader import ONET, OnetData, load_cases, load_onet, onet_profiles, skill_labels
from talentmarket.matching.metrics import reciprocal_rank
from talentmarket.mobility.evaluation import (
    ndcg_at_k,
    precision_at_k,
    summarize,
)
from talentmarket.mobility.relatedness import RoleProfile, RoleRelatedness
from talentmarket.mobility.signals import normalize_dense_rows, tfidf_rows

Case = dict[str, Any]
RowScorer = Callable[[int], NDArray[np.float64]]


def rank_codes(scores: NDArray[np.float64], self_index: int, codes: Sequence[str]) -> list[str]:
    """Codes of all other roles ordered by score, best first (ties by position)."""
    keyed = scores.astype(np.float64).copy()
    keyed[self_index] = -np.inf
    order = np.argsort(-keyed, kind="stable")
    return [codes[j] for j in order if j != self_index]


def evaluate(
    scorer: RowScorer, cases: Sequence[Case], index: dict[str, int], codes: Sequence[str]
) -> dict[str, float]:
    """Mean nDCG@10, P@5 and MRR of a row scorer over the cases."""
    nd, p5, rr = [], [], []
    for case in cases:
        i = index[case["code"]]
        ranked = rank_codes(scorer(i), i, codes)
        nd.append(ndcg_at_k(ranked, case["related"], case["tiers"], k=10))
        p5.append(precision_at_k(ranked, case["related"], k=5))
        rr.append(reciprocal_rank(ranked, case["related"]))
    return {"ndcg@10": summarize(nd), "p@5": summarize(p5), "mrr": summarize(rr), "n": len(cases)}


def tfidf_baseline(data: OnetData) -> RowScorer:
    """TF-IDF cosine of title + description + task statements."""
    docs = [
        " ".join((t + ".", d, *data.tasks.get(c, [])))
        for c, t, d in zip(data.codes, data.titles, data.descriptions, strict=True)
    ]
    matrix = tfidf_rows(docs)
    return lambda i: np.asarray((matrix @ matrix[i].T).toarray(), dtype=np.float64).ravel()


def jaccard_baseline(data: OnetData) -> RowScorer:
    """Jaccard of skill sets: technology skill examples plus skills of importance >= 3."""
    sets = [
        {ex for ex, _ in data.tech.get(c, [])}
        | {e for e, (im, _) in data.skills.get(c, {}).items() if im >= 3.0}
        for c in data.codes
    ]

    def score(i: int) -> NDArray[np.float64]:
        a = sets[i]
        return np.array([len(a & b) / len(a | b) if a | b else 0.0 for b in sets])

    return score


def role_embeddings(profiles: Sequence[RoleProfile]) -> NDArray[np.float32]:
    """One vector per role: 'title. description' + mean task vector + mean alternate-title vector.

    all-MiniLM-L6-v2 through the shared disk cache; each part unit length before the sum.
    """
    from bench.embcache import CachedEncoder
    from talentmarket.textintel.encoders import SentenceTransformerEncoder

    encoder = CachedEncoder(SentenceTransformerEncoder())
    heads = encoder.encode([f"{p.title}. {p.description}" for p in profiles])
    total = normalize_dense_rows(heads)
    for field in ("tasks", "alt_titles"):
        texts = sorted({t for p in profiles for t in getattr(p, field)})
        vecs = encoder.encode(texts)
        row = {t: k for k, t in enumerate(texts)}
        means = np.zeros_like(heads)
        for i, p in enumerate(profiles):
            items = getattr(p, field)
            if items:
                means[i] = vecs[[row[t] for t in items]].mean(axis=0)
        total += normalize_dense_rows(means)
    return total


def split_halves(cases: Sequence[Case]) -> tuple[list[Case], list[Case]]:
    """Two halves by alternating position in code order (deterministic, no seed)."""
    ordered = sorted(cases, key=lambda c: c["code"])
    return ordered[0::2], ordered[1::2]


GRID: dict[str, list[float]] = {
    "titles": [0.4, 0.7, 1.0],
    "activities": [0.1, 0.3, 0.5],
    "skills": [0.0, 0.2, 0.4],
    "embedding": [0.8, 1.2, 1.6, 2.0],
}


def tune(
    fitted: RoleRelatedness,
    train: Sequence[Case],
    index: dict[str, int],
    codes: Sequence[str],
) -> tuple[dict[str, float], float]:
    """Grid-search signal weights (text fixed at 1) on `train`; best weights and nDCG@10."""
    raw = {index[c["code"]]: fitted.signals_from(index[c["code"]]) for c in train}
    best: tuple[float, dict[str, float]] = (-1.0, {})
    names = list(GRID)
    for values in itertools.product(*GRID.values()):
        weights = dict(zip(names, values, strict=True))
        if "embedding" not in fitted.scales_:
            weights["embedding"] = 0.0
        model = fitted.reweighted(**weights)
        got = evaluate(_combiner(model, raw), train, index, codes)["ndcg@10"]
        if got > best[0]:
            best = (got, weights)
    return best[1], best[0]


def _combiner(model: RoleRelatedness, raw: dict[int, dict[str, NDArray[np.float64]]]) -> RowScorer:
    """A row scorer that fuses precomputed raw signals with the model's weights."""
    return lambda i: model.combine(raw[i])


def scaled_timing(
    profiles: Sequence[RoleProfile], copies: int, **fit_kwargs: Any
) -> dict[str, float]:
    """Fit time and p50 `related` latency on the roles repeated `copies` times (new ids)."""
    many = [
        dataclasses.replace(p, role_id=f"{p.role_id}#{k}", title=f"{p.title} {k}" if k else p.title)
        for k in range(copies)
        for p in profiles
    ]
    emb = fit_kwargs.get("embeddings")
    kwargs = dict(fit_kwargs)
    if emb is not None:
        kwargs["embeddings"] = np.concatenate([emb] * copies)
    t0 = time.perf_counter()
    model = RoleRelatedness().fit(many, **kwargs)
    fit_s = time.perf_counter() - t0
    rng = np.random.default_rng(0)
    times = []
    for i in rng.choice(len(many), size=100, replace=False).tolist():
        t1 = time.perf_counter()
        model.related(int(i), limit=10)
        times.append((time.perf_counter() - t1) * 1000.0)
    return {
        "roles": len(many),
        "fit_s": round(fit_s, 2),
        "related_p50_ms": round(statistics.median(times), 2),
        "related_p95_ms": round(float(np.percentile(times, 95)), 2),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-embeddings", action="store_true", help="skip the embedding signal")
    parser.add_argument(
        "--tune", action="store_true", help="also tune on each half, report the other"
    )
    parser.add_argument("--scale", type=int, default=0, help="also time on roles repeated N times")
    args = parser.parse_args(argv)
    if not ONET.is_dir():
        print(f"O*NET data not found at {ONET}", file=sys.stderr)
        return 2

    t0 = time.perf_counter()
    data = load_onet()
    profiles = onet_profiles(data)
    cases = load_cases()
    codes = data.codes
    index = {c: i for i, c in enumerate(codes)}
    load_s = time.perf_counter() - t0

    fit_kwargs: dict[str, Any] = {"skill_labels": skill_labels(data)}
    model = RoleRelatedness()
    embed_s = 0.0
    if not args.no_embeddings:
        t1 = time.perf_counter()
        fit_kwargs["embeddings"] = role_embeddings(profiles)
        embed_s = time.perf_counter() - t1
    t1 = time.perf_counter()
    model.fit(profiles, **fit_kwargs)
    fit_s = time.perf_counter() - t1

    ours = evaluate(model.fused_from, cases, index, codes)
    proximity_ranking = evaluate(model.proximities_from, cases, index, codes)
    raw = {index[c["code"]]: model.signals_from(index[c["code"]]) for c in cases}
    ablation: dict[str, dict[str, float]] = {}
    for name in model.active_:
        alone = model.reweighted(**{n: (w if n == name else 0.0) for n, w in model.weights.items()})
        without = model.reweighted(**{name: 0.0})
        ablation[name] = {
            "alone": evaluate(_combiner(alone, raw), cases, index, codes)["ndcg@10"],
            "without": evaluate(_combiner(without, raw), cases, index, codes)["ndcg@10"],
        }
    half_a, half_b = split_halves(cases)
    halves = {
        "a": evaluate(model.fused_from, half_a, index, codes),
        "b": evaluate(model.fused_from, half_b, index, codes),
    }
    timings_ms = []
    for case in cases[:200]:
        t2 = time.perf_counter()
        model.related(index[case["code"]], limit=10)
        timings_ms.append((time.perf_counter() - t2) * 1000.0)
    out: dict[str, Any] = {
        **ours,
        "weights": model.weights,
        "coverage_blend": model.coverage_blend,
        "proximity_ranking": proximity_ranking,
        "signals_ndcg@10": ablation,
        "baseline": {
            "tfidf": evaluate(tfidf_baseline(data), cases, index, codes),
            "jaccard": evaluate(jaccard_baseline(data), cases, index, codes),
        },
        "halves": halves,
        "timings": {
            "load_s": round(load_s, 2),
            "embed_s": round(embed_s, 2),
            "fit_s": round(fit_s, 3),
            "related_p50_ms": round(statistics.median(timings_ms), 2),
            "related_p95_ms": round(float(np.percentile(timings_ms, 95)), 2),
            "roles": len(codes),
        },
    }
    if args.scale > 1:
        out["timings"]["scaled"] = scaled_timing(profiles, args.scale, **fit_kwargs)
    if args.tune:
        tuned = {}
        wide = RoleRelatedness().fit(profiles, **fit_kwargs)
        for name, train, test in (("a->b", half_a, half_b), ("b->a", half_b, half_a)):
            weights, train_ndcg = tune(wide, train, index, codes)
            fitted = wide.reweighted(**weights)
            tuned[name] = {
                "weights": weights,
                "train_ndcg@10": train_ndcg,
                "test": evaluate(fitted.fused_from, test, index, codes),
                "default_on_test": halves[name[-1]],
            }
        out["tuned"] = tuned
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
