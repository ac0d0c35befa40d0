"""The fairness audit of one period (New York City Local Law 144 style, plus exposure).

Population: every pair of person and opening seen in the period: applied, ranked on a
page a recruiter opened (the audit log keeps each page with ranks and scores), or
decided about. Stages: `ranked_top_k` (placed in the top k of a logged candidate
ranking), `shortlisted` (shortlisted or selected), `selected` (the latest decision is a
selection). Each stage is compared across the categories of each dimension of the
self-reported demographics, and of sex x race/ethnicity; people who did not answer are
the category `unknown`. The demographics are read here and nowhere in ranking.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from sqlalchemy.orm import Session

from talentmarket.demographics import repository as demographics
from talentmarket.demographics.models import Demographics
from talentmarket.demographics.schemas import QUESTIONS
from talentmarket.fairness import repository
from talentmarket.fairness.metrics import UNKNOWN, exposure_rows, group_rows
from talentmarket.fairness.repository import Period
from talentmarket.fairness.schemas import FairnessReport, FairnessRow, FlagRef, ShadowAudit
from talentmarket.requestctx import note_read

STAGES = ("ranked_top_k", "shortlisted", "selected")
INTERSECTION = "sex x race_ethnicity"
LIMITS = [
    "Demographics are self-reported and optional; people who did not answer count as "
    "'unknown', so rates of the other categories rest on those who answered.",
    "A flag (impact ratio under 0.8 and p below alpha) is a reason to look closer, not a "
    "finding of discrimination: groups may differ in what the openings ask for.",
    "The ranked stage covers the candidate pages recruiters opened (logged rankings), not "
    "every ranking the service could have made.",
    "Categories with fewer people than the smallest cell are hidden; many comparisons are "
    "made and the p-values are not corrected for that.",
]


@dataclass
class Pair:
    """One person considered for one opening in the period."""

    best_rank: int | None = None
    best_score: float | None = None
    shortlisted: bool = False
    last_decision: str | None = None
    kinds: set[str] = field(default_factory=set)


Pairs = dict[tuple[int, int], Pair]


def _pairs(session: Session, period: Period) -> tuple[Pairs, set[str], int, int]:
    pairs: Pairs = {}
    versions: set[str] = set()
    rankings = repository.candidate_rankings(session, period)
    for opening_id, version, details in rankings:
        if version:
            versions.add(version)
        for employee_id, score, rank in details.get("items", []):
            pair = pairs.setdefault((opening_id, int(employee_id)), Pair())
            if pair.best_rank is None or rank < pair.best_rank:
                pair.best_rank = int(rank)
            pair.best_score = max(pair.best_score or 0.0, float(score))
    for opening_id, employee_id in repository.applications(session, period):
        pairs.setdefault((opening_id, employee_id), Pair())
    decided = repository.decisions(session, period)
    for opening_id, employee_id, decision, _score in decided:
        pair = pairs.setdefault((opening_id, employee_id), Pair())
        pair.last_decision = decision
        pair.shortlisted = pair.shortlisted or decision in ("shortlist", "select")
    return pairs, versions, len(decided), len(rankings)


def _category(row: Demographics | None, dimension: str) -> str:
    if row is None:
        return UNKNOWN
    if dimension == INTERSECTION:
        sex, race = row.sex or UNKNOWN, row.race_ethnicity or UNKNOWN
        return UNKNOWN if UNKNOWN in (sex, race) else f"{sex} x {race}"
    return getattr(row, dimension) or UNKNOWN


def _stage_rows(
    dimension: str,
    groups: list[str],
    stages: tuple[str, ...],
    reached: dict[str, list[bool]],
    scored: list[tuple[int, float]],
    median: float,
    min_cell: int,
    alpha: float,
) -> list[FairnessRow]:
    """The rows of one dimension: the ranked stage over the people ranked (with the
    scoring rate), the decision stages over everyone considered."""
    rows: list[FairnessRow] = []
    for stage in stages:
        if stage == "ranked_top_k":
            ranked = [i for i, _ in scored]
            rows += group_rows(
                stage,
                dimension,
                [groups[i] for i in ranked],
                [reached[stage][i] for i in ranked],
                min_cell,
                alpha,
                above_median=[s > median for _, s in scored],
            )
        else:
            rows += group_rows(stage, dimension, groups, reached[stage], min_cell, alpha)
    return rows


def fairness_report(
    session: Session,
    since: datetime | None,
    until: datetime | None,
    kind: str | None,
    stages: tuple[str, ...] = STAGES,
    *,
    top_k: int = 10,
    min_cell: int = 5,
    alpha: float = 0.05,
) -> FairnessReport:
    """The audit of the period: one row per stage, dimension and category, and exposure."""
    period = Period(since, until, kind)
    pairs, versions, n_decisions, n_rankings = _pairs(session, period)
    keys = list(pairs)
    people = demographics.of_people(session, {e for _, e in keys})
    note_read([], action="fairness-audit", result_count=len(keys))
    reached = {
        "ranked_top_k": [p.best_rank is not None and p.best_rank <= top_k for p in pairs.values()],
        "shortlisted": [p.shortlisted for p in pairs.values()],
        "selected": [p.last_decision == "select" for p in pairs.values()],
    }
    scored = [(i, p.best_score) for i, p in enumerate(pairs.values()) if p.best_score is not None]
    median = float(np.median([s for _, s in scored])) if scored else 0.0
    rows: list[FairnessRow] = []
    exposure = []
    for dimension in (*QUESTIONS, INTERSECTION):
        groups = [_category(people.get(e), dimension) for _, e in keys]
        rows += _stage_rows(dimension, groups, stages, reached, scored, median, min_cell, alpha)
        ranked_pairs = [(i, p.best_rank) for i, p in enumerate(pairs.values()) if p.best_rank]
        exposure += exposure_rows(
            dimension, [groups[i] for i, _ in ranked_pairs], [r for _, r in ranked_pairs], min_cell
        )
    return FairnessReport(
        since=since,
        until=until,
        kind=kind,
        openings=len({o for o, _ in keys}),
        decisions=n_decisions,
        rankings=n_rankings,
        considered=len(keys),
        scoring_versions=sorted(versions),
        top_k=top_k,
        min_cell=min_cell,
        alpha=alpha,
        rows=rows,
        exposure=exposure,
        limits=LIMITS,
    )


def _ranks(items: object) -> dict[int, int]:
    """employee -> rank of logged rows [id, score, rank] (erased people left out)."""
    out: dict[int, int] = {}
    for row in items if isinstance(items, list) else []:
        if row and row[0] is not None:
            out[int(row[0])] = int(row[2])
    return out


def _flags(rows: list[FairnessRow]) -> list[FlagRef]:
    return [
        FlagRef(
            dimension=r.dimension,
            category=r.category,
            impact_ratio=r.impact_ratio,
            p_value=r.p_value,
        )
        for r in rows
        if r.flag
    ]


def shadow_audit(
    session: Session,
    version: str,
    since: datetime,
    *,
    top_k: int = 10,
    min_cell: int = 5,
    alpha: float = 0.05,
) -> ShadowAudit:
    """The ranked stage of the logged rankings a shadow ranker also ordered, live against
    shadow: who reached the top k of each, over everyone on either page, per category of
    each dimension; `new_flags` are the categories only the shadow ranking flags."""
    live_best: dict[tuple[int, int], int] = {}
    shadow_best: dict[tuple[int, int], int] = {}
    rankings = repository.shadow_rankings(session, version, since)
    for opening_id, details in rankings:
        for best, items in (
            (live_best, details.get("items")),
            (shadow_best, details["shadow"].get("items")),
        ):
            for employee_id, rank in _ranks(items).items():
                key = (opening_id, employee_id)
                best[key] = min(best.get(key, rank), rank)
    keys = sorted(set(live_best) | set(shadow_best))
    people = demographics.of_people(session, {e for _, e in keys})
    note_read([], action="fairness-audit", result_count=len(keys))
    live_hit = [live_best.get(k, top_k + 1) <= top_k for k in keys]
    shadow_hit = [shadow_best.get(k, top_k + 1) <= top_k for k in keys]
    live_rows: list[FairnessRow] = []
    shadow_rows: list[FairnessRow] = []
    for dimension in (*QUESTIONS, INTERSECTION):
        groups = [_category(people.get(e), dimension) for _, e in keys]
        live_rows += group_rows("ranked_top_k", dimension, groups, live_hit, min_cell, alpha)
        shadow_rows += group_rows("ranked_top_k", dimension, groups, shadow_hit, min_cell, alpha)
    live_flags, shadow_flags = _flags(live_rows), _flags(shadow_rows)
    before = {(f.dimension, f.category) for f in live_flags}
    return ShadowAudit(
        version=version,
        rankings=len(rankings),
        considered=len(keys),
        top_k=top_k,
        live_flags=live_flags,
        shadow_flags=shadow_flags,
        new_flags=[f for f in shadow_flags if (f.dimension, f.category) not in before],
        rows=shadow_rows,
    )
