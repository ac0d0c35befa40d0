"""`talentmarket eval titles --folds K`: confirmed mappings learnt from the labelled file
itself. The cases are shuffled (seed 0) and cut into K folds; each fold is asked with the
other K - 1 remembered as confirmed mappings (as `--mappings` would, not stored), so one
run gives acc@1 and MRR with and without mappings on every case. K = 2 is the protocol of
half the file remembered and the other half asked."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from talentmarket.errors import MalformedInput
from talentmarket.evaluation.cases import mean, read_cases
from talentmarket.matching.metrics import accuracy_at_1, reciprocal_rank
from talentmarket.runtime import Runtime
from talentmarket.skillintel.service import get_normalizer
from talentmarket.textintel.title_memory import TitleMemory
from talentmarket.textintel.titles import TitleNormalizer

BLOCK = 256  # titles scored at once
TOP = 100  # roles kept per case (acc@1 and MRR read no further)


def _scores(hits: list[list[bool]]) -> dict[str, Any]:
    return {
        "acc@1": mean([accuracy_at_1(h, [True]) for h in hits]),
        "mrr": mean([reciprocal_rank(h, [True]) for h in hits]),
        "n": len(hits),
    }


def _hits(order: NDArray[np.int64], gold: list[set[int]]) -> list[list[bool]]:
    return [[int(p) in g for p in row] for row, g in zip(order, gold, strict=True)]


def _top(scores: NDArray[np.float32]) -> NDArray[np.int64]:
    return np.argsort(-scores, axis=1, kind="stable")[:, :TOP]


def _vectors(normalizer: TitleNormalizer, prepared: list[str]) -> NDArray[np.float32]:
    """The prepared titles' vectors as the normaliser reads them, in blocks."""
    blocks = [
        normalizer.encoder.encode(prepared[i : i + BLOCK]) for i in range(0, len(prepared), BLOCK)
    ]
    return np.vstack(blocks).astype(np.float32)


def eval_title_folds(
    session: Session, runtime: Runtime, path: Path, folds: int, seed: int = 0
) -> dict[str, Any]:
    """acc@1 and MRR of every case asked with the other folds remembered, and without."""
    cases = read_cases(path, ("text", "gold"))
    if not 2 <= folds <= len(cases):
        raise MalformedInput(f"--folds must be between 2 and the {len(cases)} cases")
    normalizer = get_normalizer(session, runtime)
    where: dict[str, int] = {}
    for index, role in enumerate(normalizer.roles_):
        where.update({role.uri: index, role.code: index, str(role.id): index})
    where.pop("", None)
    gold = [{where[g] for g in c["gold"] if g in where} for c in cases]
    first = np.array([next((where[g] for g in c["gold"] if g in where), -1) for c in cases])
    started = time.perf_counter()
    titles = [c["text"] for c in cases]
    prepared = [normalizer.prepare(t) for t in titles]
    vectors = _vectors(normalizer, prepared)
    fold = np.empty(len(cases), dtype=np.int64)
    fold[np.random.default_rng(seed).permutation(len(cases))] = np.arange(len(cases)) % folds
    cold = np.zeros((len(cases), min(TOP, len(normalizer.roles_))), dtype=np.int64)
    warm = np.zeros_like(cold)
    per_fold = []
    for k in range(folds):
        asked = np.flatnonzero(fold == k)
        known = np.flatnonzero((fold != k) & (first >= 0))
        memory = TitleMemory().fit(
            [titles[i] for i in known],
            first[known].tolist(),
            vectors[known],
            len(normalizer.roles_),
            [prepared[i] for i in known],
        )
        for block in np.array_split(asked, max(1, len(asked) // BLOCK)):
            scores, queries, texts = normalizer.read([titles[i] for i in block])
            cold[block] = _top(scores)
            warm[block] = _top(memory.fuse(scores, memory.votes(queries, texts)))
        asked_gold = [gold[i] for i in asked]
        per_fold.append(
            {
                **_scores(_hits(warm[asked], asked_gold)),
                "without_mappings": _scores(_hits(cold[asked], asked_gold)),
                "remembered": len(known),
            }
        )
    out = _scores(_hits(warm, gold))
    out |= {
        "without_mappings": _scores(_hits(cold, gold)),
        "folds": folds,
        "seed": seed,
        "per_fold": per_fold,
        "seconds": round(time.perf_counter() - started, 1),
    }
    return out
