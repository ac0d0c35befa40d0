"""Prototype quality evaluation of the person-to-opening scorer on O*NET related occupations.

Each case's employee holds the case's O*NET occupation: profile text = description plus
task statements, current role = that occupation, skills = Skills.txt elements of
importance >= 3 with level 0-7 mapped to proficiency 1-5, plus its technology skills at 3.
There is one open opening per occupation, built from its skills: must-have for importance
>= 3.5 (at least the three most important), nice-to-have for the other skills of importance
>= 3 and for technology skills; minimum proficiency from the level, weight from importance.
All openings but the employee's own occupation are ranked; the gold is O*NET's related list.

The scorer is the product's in miniature:
- requirement coverage: proficiency-aware partial credit, partial credit through a similar
  held skill (label embeddings), times (1 - must_penalty x share of unmet must-haves);
- semantic fit: embedding cosine of the profile and the opening text;
- role proximity: `RoleRelatedness.proximities_from` (asymmetric);
combined by a weighted mean. Baselines in the same run: plain embedding cosine and plain
Jaccard of skill sets. Prints one JSON object.

    python -m bench.mobility_eval_prototype [--tune]
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from bench.onet_loader import ONET, TECH_PREFIX, OnetData, load_cases, load_onet, onet_profiles
from bench.related_roles_eval import Case, RowScorer, evaluate, role_embeddings, split_halves
from talentmarket.mobility.coverage import (
    SkillMatrix,
    build_skill_matrix,
    transfer_levels,
    unmet_essential,
    weighted_coverage,
)
from talentmarket.mobility.relatedness import RoleRelatedness

FloatArray = NDArray[np.float64]
TECH_PROFICIENCY = 3


def proficiency(level_0_7: float) -> int:
    """O*NET level 0-7 on the documented 1-5 proficiency scale (rounded, at least 1)."""
    return int(min(5, max(1, round(1.0 + 4.0 * level_0_7 / 7.0))))


@dataclass(frozen=True)
class Requirement:
    """One opening requirement; level is the minimum proficiency / 5."""

    skill_id: str
    importance: float
    level: float
    essential: bool


def employee_skills(data: OnetData, code: str) -> dict[str, int]:
    """Skill id -> proficiency 1-5 of the occupation's holder."""
    held = {e: proficiency(lv) for e, (im, lv) in data.skills.get(code, {}).items() if im >= 3.0}
    for example, _ in data.tech.get(code, []):
        held[TECH_PREFIX + example] = TECH_PROFICIENCY
    return held


def opening_requirements(data: OnetData, code: str) -> list[Requirement]:
    """Requirements of the occupation's opening (must-haves first)."""
    ranked = sorted(data.skills.get(code, {}).items(), key=lambda kv: (-kv[1][0], kv[0]))
    reqs = []
    for k, (element, (im, lv)) in enumerate(ranked):
        if im < 3.0 and k >= 3:
            continue
        must = im >= 3.5 or k < 3
        reqs.append(Requirement(element, (im - 1.0) / 4.0, proficiency(lv) / 5.0, must))
    seen: set[str] = set()
    for example, hot in data.tech.get(code, []):
        if example not in seen:
            seen.add(example)
            reqs.append(Requirement(TECH_PREFIX + example, 0.5 if hot else 0.3, 0.6, False))
    return reqs


def skill_similarity(labels: Sequence[str], k: int = 5, threshold: float = 0.6) -> sp.csr_matrix:
    """Top-k label-embedding neighbours with cosine >= threshold, self excluded; (m, m)."""
    from bench.embcache import CachedEncoder
    from talentmarket.textintel.encoders import SentenceTransformerEncoder

    vecs = CachedEncoder(SentenceTransformerEncoder()).encode(list(labels))
    rows, cols, vals = [], [], []
    for start in range(0, len(labels), 1024):
        block = vecs[start : start + 1024] @ vecs.T
        for r in range(block.shape[0]):
            block[r, start + r] = -1.0
        top = np.argpartition(-block, k, axis=1)[:, :k]
        for r in range(block.shape[0]):
            for c in top[r]:
                if block[r, c] >= threshold:
                    rows.append(start + r)
                    cols.append(int(c))
                    vals.append(float(block[r, c]))
    return sp.csr_matrix((vals, (rows, cols)), shape=(len(labels), len(labels)))


@dataclass
class Scorer:
    """Weights of the scorer's parts and the must-have penalty."""

    coverage: float = 0.25
    semantic: float = 0.5
    proximity: float = 2.0
    must_penalty: float = 0.5
    transfer: float = 0.5

    def combine(self, parts: dict[str, FloatArray]) -> FloatArray:
        """Weighted mean of the parts; shape (n openings,)."""
        total = self.coverage + self.semantic + self.proximity
        out: FloatArray = (
            self.coverage * parts["coverage"]
            + self.semantic * parts["semantic"]
            + self.proximity * parts["proximity"]
        ) / total
        return out


class Prototype:
    """Everything precomputed to score one employee against all openings at once."""

    def __init__(self, data: OnetData, similarity_k: int = 5) -> None:
        self.data = data
        codes = data.codes
        self.openings: SkillMatrix = build_skill_matrix(
            [opening_requirements(data, c) for c in codes]
        )
        skill_ids = self.openings.skill_ids
        self.col = {s: k for k, s in enumerate(skill_ids)}
        labels = [s.removeprefix(TECH_PREFIX) for s in skill_ids]
        labels = [data.skill_names.get(s, s) for s in labels]
        self.similarity = skill_similarity(labels, k=similarity_k)
        self.held = [employee_skills(data, c) for c in codes]
        self.n_must = np.add.reduceat(
            np.append(self.openings.essential.astype(np.float64), 0.0), self.openings.indptr[:-1]
        )
        self.n_must[self.openings.indptr[1:] == self.openings.indptr[:-1]] = 0.0
        profiles = onet_profiles(data)
        from bench.embcache import CachedEncoder
        from talentmarket.textintel.encoders import SentenceTransformerEncoder

        encoder = CachedEncoder(SentenceTransformerEncoder())
        self.profile_vecs = encoder.encode(
            [
                " ".join((d, *data.tasks.get(c, [])))
                for c, d in zip(codes, data.descriptions, strict=True)
            ]
        )
        self.opening_vecs = encoder.encode(
            [f"{t}. {d}" for t, d in zip(data.titles, data.descriptions, strict=True)]
        )
        self.relatedness = RoleRelatedness().fit(profiles, embeddings=role_embeddings(profiles))

    def held_levels(self, i: int) -> FloatArray:
        """Employee i's proficiencies / 5 over the requirement skill columns; (m,)."""
        held = np.zeros(len(self.col), dtype=np.float64)
        for skill, prof in self.held[i].items():
            k = self.col.get(skill)
            if k is not None:
                held[k] = prof / 5.0
        return held

    def parts(self, i: int, scorer: Scorer) -> dict[str, FloatArray]:
        """Coverage, semantic fit and role proximity of employee i to every opening; (n,) each."""
        levels = transfer_levels(self.held_levels(i), self.similarity, scorer.transfer)
        cover = weighted_coverage(self.openings, levels)
        unmet = unmet_essential(self.openings, levels, threshold=0.5)
        share = np.divide(unmet, self.n_must, out=np.zeros_like(unmet), where=self.n_must > 0)
        semantic = np.asarray(self.opening_vecs @ self.profile_vecs[i], dtype=np.float64)
        return {
            "coverage": cover * (1.0 - scorer.must_penalty * share),
            "semantic": semantic,
            "proximity": self.relatedness.proximities_from(i),
        }


def jaccard_baseline(proto: Prototype) -> RowScorer:
    """Jaccard of the employee's skill set and each opening's requirement set."""
    req_sets = [
        set(
            proto.openings.indices[proto.openings.indptr[j] : proto.openings.indptr[j + 1]].tolist()
        )
        for j in range(len(proto.held))
    ]

    def score(i: int) -> FloatArray:
        held = {proto.col[s] for s in proto.held[i] if s in proto.col}
        return np.array([len(held & r) / len(held | r) if held | r else 0.0 for r in req_sets])

    return score


def full_scorer(proto: Prototype, scorer: Scorer) -> RowScorer:
    """A row scorer with the full scorer's parts combined by `scorer`."""
    return lambda i: scorer.combine(proto.parts(i, scorer))


GRID: dict[str, list[float]] = {
    "coverage": [0.1, 0.25, 0.5, 1.0],
    "semantic": [0.25, 0.5, 1.0],
    "proximity": [1.0, 2.0, 4.0],
    "must_penalty": [0.0, 0.5],
}


def tune(
    proto: Prototype, cases: Sequence[Case], index: dict[str, int], codes: Sequence[str]
) -> tuple[Scorer, float]:
    """Grid search of the part weights and must-have penalty on `cases`."""
    best: tuple[float, Scorer] = (-1.0, Scorer())
    cache: dict[tuple[float, int], dict[str, FloatArray]] = {}
    for values in itertools.product(*GRID.values()):
        scorer = Scorer(**dict(zip(GRID, values, strict=True)))

        def row(i: int, s: Scorer = scorer) -> FloatArray:
            key = (s.must_penalty, i)
            if key not in cache:
                cache[key] = proto.parts(i, s)
            return s.combine(cache[key])

        got = evaluate(row, cases, index, codes)["ndcg@10"]
        if got > best[0]:
            best = (got, scorer)
    return best[1], best[0]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the prototype evaluation and print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true", help="tune on each half, report the other")
    args = parser.parse_args(argv)
    if not ONET.is_dir():
        print(f"O*NET data not found at {ONET}", file=sys.stderr)
        return 2
    data = load_onet()
    cases = load_cases()
    codes = data.codes
    index = {c: i for i, c in enumerate(codes)}
    t0 = time.perf_counter()
    proto = Prototype(data)
    build_s = time.perf_counter() - t0

    scorer = Scorer()
    parts = {index[c["code"]]: proto.parts(index[c["code"]], scorer) for c in cases}

    def part_scorer(name: str) -> RowScorer:
        return lambda i: parts[i][name]

    times = []
    for case in cases[:100]:
        t1 = time.perf_counter()
        i = index[case["code"]]
        scorer.combine(proto.parts(i, scorer))
        times.append((time.perf_counter() - t1) * 1000.0)
    half_a, half_b = split_halves(cases)
    full = lambda i: scorer.combine(parts[i])  # noqa: E731
    out: dict[str, Any] = {
        **evaluate(full, cases, index, codes),
        "scorer": vars(scorer),
        "parts_alone": {
            n: evaluate(part_scorer(n), cases, index, codes) for n in parts[index[cases[0]["code"]]]
        },
        "baseline": {
            "embedding": evaluate(
                lambda i: np.asarray(proto.opening_vecs @ proto.profile_vecs[i], dtype=np.float64),
                cases,
                index,
                codes,
            ),
            "jaccard": evaluate(jaccard_baseline(proto), cases, index, codes),
        },
        "halves": {
            "a": evaluate(full, half_a, index, codes),
            "b": evaluate(full, half_b, index, codes),
        },
        "timings": {
            "build_s": round(build_s, 2),
            "score_all_openings_p50_ms": round(statistics.median(times), 2),
            "openings": len(codes),
            "skills": len(proto.col),
            "similar_skill_pairs": int(proto.similarity.nnz),
        },
    }
    variants = {
        "no_similar_skill_credit": dataclasses.replace(scorer, transfer=0.0),
        "no_must_penalty": dataclasses.replace(scorer, must_penalty=0.0),
        "no_coverage": dataclasses.replace(scorer, coverage=0.0),
        "no_semantic": dataclasses.replace(scorer, semantic=0.0),
        "no_proximity": dataclasses.replace(scorer, proximity=0.0),
    }
    out["ablation_ndcg@10"] = {
        name: evaluate(full_scorer(proto, variant), cases, index, codes)["ndcg@10"]
        for name, variant in variants.items()
    }
    if args.tune:
        tuned = {}
        for name, train, test in (("a->b", half_a, half_b), ("b->a", half_b, half_a)):
            best, train_ndcg = tune(proto, train, index, codes)
            tuned[name] = {
                "scorer": vars(best),
                "train_ndcg@10": train_ndcg,
                "test": evaluate(full_scorer(proto, best), test, index, codes),
                "default_on_test": out["halves"][name[-1]],
            }
        out["tuned"] = tuned
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
