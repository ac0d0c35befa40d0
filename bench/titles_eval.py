"""Benchmark job-title normalisation on the JobBERT validation titles (ESCO occupations).

Candidates are all ESCO 1.1.1 occupations (labels and descriptions), loaded from the CSVs
(no database). Prints one JSON object: acc@1 and MRR over the whole file and over its two
halves (a fixed split by a hash of the case-folded title: "tune" is where parameters were
chosen, "test" is held out),
the project baseline from the same run (cosine of the raw title to preferred labels only),
fit time and, with --latency, p50/p95 milliseconds per title of `normalize` with the real
encoder (no cache) after warm-up.

    python -m bench.titles_eval [--onet] [--latency 200] [--limit N]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from bench.embcache import CachedEncoder
from talentmarket.matching.metrics import accuracy_at_1, reciprocal_rank
from talentmarket.textintel.encoders import Encoder, SentenceTransformerEncoder
from talentmarket.textintel.titles import RoleLabels, TitleNormalizer

SHARED = Path(os.environ.get("TALENTMARKET_SHARED", Path(__file__).resolve().parents[2] / "shared"))
ESCO_OCCUPATIONS = SHARED / "data" / "esco-1.1.1" / "occupations_en.csv"
ONET = SHARED / "data" / "onet"
TITLES = SHARED / "bench" / "titles" / "jobbert_validation.jsonl"
# Crosswalk link types whose O*NET alternate titles are lent to the ESCO occupation.
ONET_LINKS = ("exactMatch", "closeMatch", "narrowMatch", "broadMatch")


def _lines(field: str) -> list[str]:
    return [part.strip() for part in field.split("\n") if part.strip()]


def load_esco_roles(path: Path = ESCO_OCCUPATIONS) -> list[RoleLabels]:
    """ESCO occupations as roles: preferred label, alt and hidden labels, ISCO-based code."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            RoleLabels(
                id=index,
                uri=row["conceptUri"],
                code=row["code"],
                title=row["preferredLabel"].strip(),
                alt_titles=tuple(_lines(row["altLabels"]) + _lines(row["hiddenLabels"])),
                description=row["description"],
            )
            for index, row in enumerate(csv.DictReader(handle))
        ]


def onet_titles(onet: Path = ONET) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """O*NET titles and alternate titles by O*NET-SOC code, and ESCO URIs linked to each code."""
    with (onet / "ESCO_ONET_crosswalk_v1.tsv").open(encoding="utf-8", newline="") as handle:
        crosswalk = list(csv.DictReader(handle, delimiter="\t"))
    with (onet / "Alternate Titles.txt").open(encoding="utf-8", newline="") as handle:
        alternates = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    titles: dict[str, list[str]] = defaultdict(list)
    for row in alternates:
        titles[row["O*NET-SOC Code"]].append(row["Alternate Title"].strip())
        if row["Short Title"].strip():
            titles[row["O*NET-SOC Code"]].append(row["Short Title"].strip())
    links: dict[str, list[str]] = defaultdict(list)
    for row in crosswalk:
        if row["Type of Match"] in ONET_LINKS and "/occupation/" in row["ESCO or ISCO URI"]:
            titles[row["O*NET Id"]].insert(0, row["O*NET Title"].strip())
            links[row["O*NET Id"]].append(row["ESCO or ISCO URI"])
    return titles, links


def lend_to_closest(
    roles: Sequence[RoleLabels],
    titles: dict[str, list[str]],
    links: dict[str, list[str]],
    encoder: Encoder,
) -> dict[str, list[str]]:
    """Lend each linked title to the one linked role whose own labels it is closest to.

    An O*NET occupation is linked to several ESCO occupations (exact, close, broader and
    narrower matches); copying its titles to all of them would make those roles tie. Each
    title goes to the linked role with the highest cosine over that role's variants, and
    titles that already are a label of some role are skipped.
    """
    by_uri = {role.uri: role for role in roles}
    known = {v.lower() for role in roles for v in TitleNormalizer.role_variants(role)}
    out: dict[str, list[str]] = defaultdict(list)
    for code, uris in links.items():
        targets = [by_uri[u] for u in dict.fromkeys(uris) if u in by_uri]
        new = [t for t in dict.fromkeys(titles.get(code, [])) if t and t.lower() not in known]
        if not targets or not new:
            continue
        if len(targets) == 1:
            out[targets[0].uri].extend(new)
            continue
        variants = [TitleNormalizer.role_variants(role) for role in targets]
        owner = np.repeat(np.arange(len(targets)), [len(v) for v in variants])
        sims = encoder.encode(new) @ encoder.encode([v for vs in variants for v in vs]).T
        best = np.full((len(new), len(targets)), -np.inf, dtype=np.float32)
        for j in range(len(targets)):
            best[:, j] = sims[:, owner == j].max(axis=1)
        for title, j in zip(new, best.argmax(axis=1), strict=True):
            out[targets[int(j)].uri].append(title)
    return out


def with_extra_titles(roles: Sequence[RoleLabels], extra: dict[str, list[str]]) -> list[RoleLabels]:
    """Roles with extra alternative titles appended (by URI)."""
    return [
        RoleLabels(
            r.id, r.uri, r.code, r.title, (*r.alt_titles, *extra.get(r.uri, ())), r.description
        )
        for r in roles
    ]


def load_cases(path: Path = TITLES) -> list[tuple[str, list[str]]]:
    """(title, gold URIs) pairs of the benchmark file."""
    with path.open(encoding="utf-8") as handle:
        return [(case["text"], case["gold"]) for case in map(json.loads, handle)]


def tuning_half(title: str) -> bool:
    """The fixed split: True for the half parameters were tuned on."""
    digest = hashlib.md5(title.strip().lower().encode("utf-8")).hexdigest()
    return int(digest, 16) % 2 == 0


def summarise(rr: NDArray[np.float64], acc: NDArray[np.float64]) -> dict[str, float]:
    """Mean acc@1 and MRR, rounded."""
    return {"acc@1": round(float(acc.mean()), 4), "mrr": round(float(rr.mean()), 4), "n": len(rr)}


def evaluate(
    score: NDArray[np.float32], golds: Sequence[set[int]]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Per-case reciprocal rank and acc@1 from a (cases, roles) score matrix."""
    rr = np.zeros(len(golds))
    acc = np.zeros(len(golds))
    for i, gold in enumerate(golds):
        ranked = np.argsort(-score[i], kind="stable").tolist()
        rr[i] = reciprocal_rank(ranked, gold)
        acc[i] = accuracy_at_1(ranked, gold)
    return rr, acc


def score_in_chunks(
    normalizer: TitleNormalizer, titles: Sequence[str], chunk: int = 256
) -> NDArray[np.float32]:
    """Role scores for many titles: (len(titles), n_roles)."""
    parts = [normalizer.score_matrix(titles[i : i + chunk]) for i in range(0, len(titles), chunk)]
    return np.concatenate(parts)


def baseline_scores(
    encoder: Encoder, roles: Sequence[RoleLabels], titles: Sequence[str]
) -> NDArray[np.float32]:
    """The project baseline: cosine of the raw title to each preferred label."""
    labels = encoder.encode([r.title for r in roles])
    return encoder.encode(list(titles)) @ labels.T


def report(
    score: NDArray[np.float32], golds: Sequence[set[int]], halves: NDArray[np.bool_]
) -> dict[str, object]:
    """Metrics over all cases and over each half."""
    rr, acc = evaluate(score, golds)
    out: dict[str, object] = dict(summarise(rr, acc))
    out["tune"] = summarise(rr[halves], acc[halves])
    out["test"] = summarise(rr[~halves], acc[~halves])
    return out


def latency(normalizer: TitleNormalizer, titles: Sequence[str], n: int) -> dict[str, float]:
    """p50/p95 ms of `normalize` per title, after a warm-up."""
    for title in titles[:10]:
        normalizer.normalize(title)
    rng = np.random.default_rng(0)
    picks = rng.choice(len(titles), size=min(n, len(titles)), replace=False)
    times = []
    for i in picks:
        start = time.perf_counter()
        normalizer.normalize(titles[i])
        times.append(1000.0 * (time.perf_counter() - start))
    return {"p50_ms": round(float(np.percentile(times, 50)), 2),
            "p95_ms": round(float(np.percentile(times, 95)), 2), "n": len(times)}  # fmt: skip


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark and print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--onet", action="store_true", help="add O*NET titles via crosswalk")
    parser.add_argument("--lexical-weight", type=float, default=None)
    parser.add_argument("--preferred-weight", type=float, default=None)
    parser.add_argument("--description-weight", type=float, default=None, help="0: off")
    parser.add_argument("--no-segment-drop", action="store_true")
    parser.add_argument("--typo-cutoff", type=float, default=None)
    parser.add_argument("--temperature", type=float, default=None, help="0: plain max")
    parser.add_argument("--latency", type=int, default=0, help="time N titles (0: skip)")
    parser.add_argument("--limit", type=int, default=0, help="first N cases only")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args(argv)
    if not TITLES.exists():
        sys.exit(f"benchmark file not found: {TITLES}")

    model = SentenceTransformerEncoder()
    encoder = CachedEncoder(model)
    roles = load_esco_roles()
    if args.onet:
        roles = with_extra_titles(roles, lend_to_closest(roles, *onet_titles(), encoder))
    cases = load_cases()
    if args.limit:
        cases = cases[: args.limit]
    titles = [title for title, _ in cases]
    index = {role.uri: i for i, role in enumerate(roles)}
    golds = [{index[uri] for uri in gold if uri in index} for _, gold in cases]
    halves = np.array([tuning_half(t) for t in titles])

    params: dict[str, object] = {"drop_unknown_segments": not args.no_segment_drop}
    if args.lexical_weight is not None:
        params["lexical_weight"] = args.lexical_weight
    if args.preferred_weight is not None:
        params["preferred_weight"] = args.preferred_weight
    if args.description_weight is not None:
        params["description_weight"] = args.description_weight
    if args.temperature is not None:
        params["temperature"] = args.temperature or None
    if args.typo_cutoff is not None:
        params["typo_cutoff"] = args.typo_cutoff
    texts = TitleNormalizer.label_texts(roles)
    vectors = dict(zip(texts, encoder.encode(texts), strict=True))
    start = time.perf_counter()
    normalizer = TitleNormalizer(encoder, **params).fit(roles, vectors)  # type: ignore[arg-type]
    fit_s = time.perf_counter() - start

    out = report(score_in_chunks(normalizer, titles), golds, halves)
    out["fit_s"] = round(fit_s, 2)
    out["label_variants"] = len(normalizer.variant_texts_)
    names = (
        "lexical_weight",
        "preferred_weight",
        "description_weight",
        "typo_cutoff",
        "temperature",
        "drop_unknown_segments",
    )
    out["params"] = {k: getattr(normalizer, k) for k in names}
    out["onet"] = args.onet
    if not args.no_baseline:
        out["baseline"] = report(baseline_scores(encoder, roles, titles), golds, halves)
    if args.latency:
        live = TitleNormalizer(model, **params).fit(roles, vectors)  # type: ignore[arg-type]
        out["latency"] = latency(live, titles, args.latency)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
