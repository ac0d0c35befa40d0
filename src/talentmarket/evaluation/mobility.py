"""`talentmarket eval mobility`: rank openings for O*NET occupation holders with the
product's own opportunity ranking, against O*NET's related-occupation lists (never an
input). Baselines in the same run: embedding cosine of profile and opening texts, and
Jaccard overlap of skill sets."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from talentmarket.embeddings.service import ensure_entity_vectors, load_entity_matrix
from talentmarket.evaluation import repository
from talentmarket.evaluation.cases import mean, read_cases
from talentmarket.evaluation.mobility_setup import ensure_fixtures
from talentmarket.evaluation.related_roles import eval_related_roles
from talentmarket.matching.metrics import reciprocal_rank
from talentmarket.mobility.evaluation import ndcg_at_k, precision_at_k
from talentmarket.openings.document import opening_sources
from talentmarket.paging import PageRequest
from talentmarket.people.document import employee_sources
from talentmarket.ranking.filters import OpportunityFilters
from talentmarket.ranking.ranker import Ranker
from talentmarket.runtime import Runtime

__all__ = ["eval_mobility", "eval_related_roles"]

TOP = 100  # ranked openings read per case (nDCG@10 and P@5 need ten; MRR counts within 100)


def _summary(rankings: list[list[str]], cases: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "ndcg@10": mean(
            [
                ndcg_at_k(r, c["related"], c.get("tiers"), 10)
                for r, c in zip(rankings, cases, strict=True)
            ]
        ),
        "p@5": mean(
            [precision_at_k(r, c["related"], 5) for r, c in zip(rankings, cases, strict=True)]
        ),
        "mrr": mean(
            [reciprocal_rank(r, c["related"]) for r, c in zip(rankings, cases, strict=True)]
        ),
        "n": len(cases),
    }


def eval_mobility(session: Session, runtime: Runtime, path: Path, baseline: bool) -> dict[str, Any]:
    """Rank all other occupations' openings for each case's employee; nDCG@10, P@5, MRR."""
    cases = read_cases(path, ("code", "related"))
    fixtures = ensure_fixtures(session)
    cases = [c for c in cases if c["code"] in fixtures]
    code_of_opening = {o: code for code, (_e, o) in fixtures.items()}
    employees = [e for e, _o in fixtures.values()]
    openings = [o for _e, o in fixtures.values()]
    ensure_entity_vectors(session, runtime.encoder, "employee", employees, reader=employee_sources)
    ensure_entity_vectors(session, runtime.encoder, "opening", openings, reader=opening_sources)
    session.commit()
    started = time.perf_counter()
    rankings = []
    page = PageRequest(limit=TOP, offset=0)
    ranker = Ranker(session, runtime, route="eval mobility")
    for case in cases:
        employee_id = fixtures[case["code"]][0]
        ranked = ranker.opportunities(employee_id, OpportunityFilters(), page)
        rankings.append(
            [code_of_opening[m.opening.id] for m in ranked.items if m.opening.id in code_of_opening]
        )
    out = _summary(rankings, cases)
    out["seconds"] = round(time.perf_counter() - started, 1)
    if baseline:
        out["baseline"] = _baselines(session, runtime, cases, fixtures)
    return out


def _baselines(
    session: Session,
    runtime: Runtime,
    cases: list[dict[str, Any]],
    fixtures: dict[str, tuple[int, int]],
) -> dict[str, Any]:
    codes = list(fixtures)
    e_ids, e_vecs = load_entity_matrix(
        session, "employee", runtime.encoder.model_id, [fixtures[c][0] for c in codes]
    )
    o_ids, o_vecs = load_entity_matrix(
        session, "opening", runtime.encoder.model_id, [fixtures[c][1] for c in codes]
    )
    e_row = {int(i): k for k, i in enumerate(e_ids)}
    o_row = {int(i): k for k, i in enumerate(o_ids)}
    held, needed = repository.skill_sets(
        session, [fixtures[c][0] for c in codes], [fixtures[c][1] for c in codes]
    )
    cos_rank, jac_rank = [], []
    o_matrix = np.stack([o_vecs[o_row[fixtures[c][1]]] for c in codes])
    for case in cases:
        me = case["code"]
        e, _o = fixtures[me]
        others = [c for c in codes if c != me]
        sims = o_matrix @ e_vecs[e_row[e]]
        order = np.argsort(-sims, kind="stable")
        cos_rank.append([codes[i] for i in order if codes[i] != me])
        mine = held.get(e, set())
        jac = [
            len(mine & needed.get(fixtures[c][1], set()))
            / max(len(mine | needed.get(fixtures[c][1], set())), 1)
            for c in others
        ]
        jac_rank.append([others[i] for i in np.argsort(-np.asarray(jac), kind="stable")])
    return {
        "embedding": _summary(cos_rank, cases)
        | {"method": "cosine of profile and opening vectors"},
        "jaccard": _summary(jac_rank, cases)
        | {"method": "Jaccard of held and required skill sets"},
    }
