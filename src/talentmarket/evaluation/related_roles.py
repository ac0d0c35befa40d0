"""`talentmarket eval related-roles`: rank every other O*NET occupation of the loaded
taxonomy from each case's occupation and report nDCG@10, P@5 and MRR.

A case is `{"code": O*NET-SOC code, "related": [codes, best first], "tiers": [...]}`;
gains follow the tiers (Primary-Short 3, Primary-Long 2, Supplemental 1). O*NET's
related-occupation lists are never an input: the ranking is the service's own role
relatedness (`relatedness.service`), fitted over every active occupation in the
database (ESCO ones too, when loaded), while the candidates of a case are all other
O*NET occupations. With `baseline`, two simple rankers measured in the same run: TF-IDF
cosine of title, description and task statements, and Jaccard of role skill sets
(technology skills plus skills of importance >= 3).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from talentmarket.evaluation import repository
from talentmarket.evaluation.cases import read_cases
from talentmarket.matching.metrics import reciprocal_rank
from talentmarket.mobility.evaluation import (
    ndcg_at_k,
    precision_at_k,
    summarize,
)
from talentmarket.mobility.signals import tfidf_rows
from talentmarket.relatedness.profiles import load_profiles
from talentmarket.relatedness.service import get_relatedness
from talentmarket.runtime import Runtime

RowScorer = Callable[[int], NDArray[np.float64]]
ONET = "onet"


def rank_codes(scores: NDArray[np.float64], self_index: int, codes: Sequence[str]) -> list[str]:
    """Codes of all candidates but `self_index`, best score first (ties by position)."""
    keyed = np.asarray(scores, dtype=np.float64).copy()
    keyed[self_index] = -np.inf
    order = np.argsort(-keyed, kind="stable")
    return [codes[j] for j in order.tolist() if j != self_index]


def score_cases(
    scorer: RowScorer, cases: Sequence[dict[str, Any]], index: dict[str, int], codes: list[str]
) -> dict[str, Any]:
    """Mean nDCG@10, P@5 and MRR of a scorer over the cases whose code is loaded."""
    nd, p5, rr = [], [], []
    for case in cases:
        i = index[case["code"]]
        ranked = rank_codes(scorer(i), i, codes)
        nd.append(ndcg_at_k(ranked, case["related"], case.get("tiers"), k=10))
        p5.append(precision_at_k(ranked, case["related"], k=5))
        rr.append(reciprocal_rank(ranked, case["related"]))
    return {"ndcg@10": summarize(nd), "p@5": summarize(p5), "mrr": summarize(rr), "n": len(nd)}


def _onet_skill_sets(session: Session, role_ids: Sequence[int]) -> list[set[int]]:
    """Per O*NET role: its technology skills plus skills of importance >= 3."""
    wanted = set(role_ids)
    sets: dict[int, set[int]] = defaultdict(set)
    for role_id, skill_id, importance, _level, skill_type in repository.role_skill_rows(
        session, source=ONET
    ):
        if role_id in wanted and (skill_type == "tool" or (importance or 0.0) >= 3.0):
            sets[int(role_id)].add(int(skill_id))
    return [sets.get(r, set()) for r in role_ids]


def _jaccard_scorer(sets: list[set[int]]) -> RowScorer:
    """Jaccard similarity of one role's skill set to every role's."""

    def score(i: int) -> NDArray[np.float64]:
        a = sets[i]
        return np.array([len(a & b) / len(a | b) if a | b else 0.0 for b in sets])

    return score


def _baselines(
    session: Session,
    role_ids: list[int],
    cases: Sequence[dict[str, Any]],
    index: dict[str, int],
    codes: list[str],
) -> dict[str, Any]:
    """TF-IDF and Jaccard baselines over the O*NET roles, scored on the same cases."""
    by_id = {int(p.role_id): p for p in load_profiles(session).profiles}
    docs = [
        " ".join((by_id[r].title + ".", by_id[r].description, *by_id[r].tasks)) for r in role_ids
    ]
    matrix = tfidf_rows(docs)

    def tfidf(i: int) -> NDArray[np.float64]:
        return np.asarray((matrix @ matrix[i].T).toarray(), dtype=np.float64).ravel()

    jaccard = _jaccard_scorer(_onet_skill_sets(session, role_ids))
    return {
        "tfidf": {
            **score_cases(tfidf, cases, index, codes),
            "method": "TF-IDF cosine of title, description and task statements",
        },
        "jaccard": {
            **score_cases(jaccard, cases, index, codes),
            "method": "Jaccard of technology skills plus skills of importance >= 3",
        },
    }


def eval_related_roles(
    session: Session, runtime: Runtime, path: Path, baseline: bool
) -> dict[str, Any]:
    """Rank all other O*NET roles per case with the service's relatedness (and baselines)."""
    cases = read_cases(path, ("code", "related"))
    started = time.perf_counter()
    view = get_relatedness(session, runtime)
    build_s = time.perf_counter() - started
    onet_rows = [i for i, r in enumerate(view.roles) if r.source == ONET and r.code]
    codes = [view.roles[i].code for i in onet_rows]
    index = {c: k for k, c in enumerate(codes)}
    known = [c for c in cases if c["code"] in index]
    model = view.model
    rows = np.asarray(onet_rows, dtype=np.intp)

    def ours(i: int) -> NDArray[np.float64]:
        assert model is not None  # there are O*NET roles, so a fitted model
        return model.fused_from(int(rows[i]))[rows]

    ranked_at = time.perf_counter()
    out: dict[str, Any] = score_cases(ours, known, index, codes) if known else {"n": 0}
    out.update(
        {
            "skipped": len(cases) - len(known),
            "candidates": len(codes),
            "roles_fitted": len(view),
            "embedding": view.info.embedding,
            "version": view.version,
            "seconds": {
                "build": round(build_s, 2),
                "rank": round(time.perf_counter() - ranked_at, 2),
            },
        }
    )
    if baseline and known:
        role_ids = [view.roles[i].role_id for i in onet_rows]
        out["baseline"] = _baselines(session, role_ids, known, index, codes)
    return out
