"""`talentmarket eval extraction` and `eval titles`: rank the whole loaded taxonomy for
each labelled case and report RP@k / MRR (extraction) or acc@1 / MRR (titles), optionally
beside plain cosine to preferred labels measured in the same run."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from talentmarket.evaluation.cases import mean, read_cases
from talentmarket.matching.metrics import accuracy_at_1, reciprocal_rank, rp_at_k
from talentmarket.runtime import Runtime
from talentmarket.skillintel.mapping_file import read_mappings
from talentmarket.skillintel.service import get_extractor, get_normalizer
from talentmarket.textintel.encoders import Encoder
from talentmarket.textintel.title_memory import TitleMemory
from talentmarket.textintel.titles import TitleNormalizer

BLOCK = 256  # titles scored at once (a block of scores is BLOCK x label variants)


def _extraction_scores(rankings: list[list[str]], golds: list[list[str]]) -> dict[str, Any]:
    return {
        "rp@5": mean([rp_at_k(r, g, 5) for r, g in zip(rankings, golds, strict=True)], 1, 100),
        "rp@10": mean([rp_at_k(r, g, 10) for r, g in zip(rankings, golds, strict=True)], 1, 100),
        "mrr": mean([reciprocal_rank(r, g) for r, g in zip(rankings, golds, strict=True)]),
        "n": len(rankings),
    }


def eval_extraction(
    session: Session, runtime: Runtime, path: Path, baseline: bool
) -> dict[str, Any]:
    """Rank all skills for each case's text with the extractor (and the baseline)."""
    cases = read_cases(path, ("text", "gold"))
    extractor = get_extractor(session, runtime)
    uri_of = {s.id: s.uri for s in extractor.skills_}
    started = time.perf_counter()
    rankings = []
    took = []
    for case in cases:
        t = time.perf_counter()
        ids, _scores = extractor.rank(case["text"])
        took.append(time.perf_counter() - t)
        rankings.append([uri_of[int(i)] for i in ids[:100]])
    golds = [list(c["gold"]) for c in cases]
    out = _extraction_scores(rankings, golds)
    out["seconds"] = round(time.perf_counter() - started, 1)
    out["p50_ms_per_case"] = round(1000 * float(np.median(took)), 1) if took else 0.0
    if baseline:
        vectors = runtime.encoder.encode([c["text"] for c in cases])
        sims = vectors @ extractor.preferred_vectors_.T
        uris = np.array([s.uri for s in extractor.skills_])
        order = np.argsort(-sims, axis=1, kind="stable")[:, :100]
        out["baseline"] = _extraction_scores([uris[o].tolist() for o in order], golds)
        out["baseline"]["method"] = "cosine of the whole text to preferred labels"
    return out


def _memory(normalizer: TitleNormalizer, encoder: Encoder, path: Path) -> tuple[TitleMemory, int]:
    """Mappings from a file as the normaliser's memory (not stored; vectors from the model,
    as the service keeps them), and how many rows named no loaded role."""
    _name, rows = read_mappings(path)
    where: dict[str, int] = {}
    for index, role in enumerate(normalizer.roles_):
        where.update({role.uri: index, role.code: index, str(role.id): index})
    where.pop("", None)
    known = [r for r in rows if r.role in where]
    prepared = [normalizer.prepare(r.title) for r in known]
    vectors = encoder.encode(prepared)
    memory = TitleMemory().fit(
        [r.title for r in known],
        [where[r.role] for r in known],
        vectors,
        len(normalizer.roles_),
        prepared,
    )
    return memory, len(rows) - len(known)


def _ranked(
    normalizer: TitleNormalizer, titles: list[str], memory: TitleMemory | None
) -> NDArray[np.int64]:
    blocks = []
    for i in range(0, len(titles), BLOCK):
        scores = normalizer.score_matrix(titles[i : i + BLOCK], memory)
        blocks.append(np.argsort(-scores, axis=1, kind="stable")[:, :100])
    return np.vstack(blocks)


def eval_titles(
    session: Session,
    runtime: Runtime,
    path: Path,
    baseline: bool,
    mappings: Path | None = None,
) -> dict[str, Any]:
    """Rank all roles for each case's title with the normaliser (and the baseline); with
    mappings, remembered first, scored with and without them."""
    cases = read_cases(path, ("text", "gold"))
    normalizer = get_normalizer(session, runtime)
    keys = {r.id: {r.uri, r.code} - {""} for r in normalizer.roles_}
    golds = [set(c["gold"]) for c in cases]
    started = time.perf_counter()
    titles = [c["text"] for c in cases]
    memory, unknown = _memory(normalizer, runtime.encoder, mappings) if mappings else (None, 0)
    top = _ranked(normalizer, titles, memory)
    role_ids = np.array([r.id for r in normalizer.roles_])

    def summary(order: np.ndarray) -> dict[str, Any]:
        hits = [
            [bool(keys[int(role_ids[i])] & g) for i in row]
            for row, g in zip(order, golds, strict=True)
        ]
        return {
            "acc@1": mean([accuracy_at_1(h, [True]) for h in hits]),
            "mrr": mean([reciprocal_rank(h, [True]) for h in hits]),
            "n": len(cases),
        }

    out = summary(top)
    out["seconds"] = round(time.perf_counter() - started, 1)
    if memory is not None:
        out["mappings"] = {"remembered": len(memory), "unknown_roles": unknown}
        out["without_mappings"] = summary(_ranked(normalizer, titles, None))
    if baseline:
        preferred = normalizer.embeddings_[normalizer.group_starts_]
        blocks = []
        for i in range(0, len(titles), BLOCK):
            sims = runtime.encoder.encode(titles[i : i + BLOCK]) @ preferred.T
            blocks.append(np.argsort(-sims, axis=1, kind="stable")[:, :100])
        out["baseline"] = summary(np.vstack(blocks))
        out["baseline"]["method"] = "cosine of the title to preferred titles"
    return out
