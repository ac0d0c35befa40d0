"""The life cycle of a learned ranker.

fit: logged candidate pages of a window (each row's parts, gate and rank, kept by the
audit log) and the shortlists and selections that followed become impressions; the
matching core fits part weights on the first part of the window and measures, on the
rest, how often the live scorer and the new weights order the chosen above the
passed-over (position-weighted pair accuracy: the gain and its standard error) and
their nDCG@10 (inverse-propensity weighted). The ranker starts in shadow: every
candidate ranking also orders its page with the shadow weights and logs that order,
shown to nobody. activate (admins): only from shadow, only when the held-out gain is
above its standard error and the fairness audit of its shadow rankings adds no flag to the live one.
rollback: the active ranker retires and the one before it (or the configured scorer)
ranks again. Every explanation names the version that scored it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from talentmarket.errors import Conflict, InvalidRequest
from talentmarket.fairness.schemas import ShadowAudit
from talentmarket.fairness.service import shadow_audit
from talentmarket.matching.learn import (
    Impressions,
    NoSignal,
    fit_weights,
    ndcg_at,
    pair_accuracy,
    scores_under,
)
from talentmarket.matching.scoring import PARTS
from talentmarket.principal import Principal
from talentmarket.rankers import repository
from talentmarket.rankers.models import LearnedRanker
from talentmarket.rankers.schemas import ActiveScorer, RankerFit, RankerRead
from talentmarket.timestamps import as_utc

MIN_GAIN = 0.0  # activation needs a held-out gain above zero and above its standard error


def _impressions(session: Session, since: datetime, until: datetime) -> Impressions:
    """The rows of each distinct logged candidate page of [since, until), labelled chosen
    when the person was shortlisted or selected for the opening after the page was seen
    and before `until`."""
    chosen = repository.chosen_pairs(session, since, until)
    seen: set[tuple[int, tuple[Any, ...]]] = set()
    rows: list[tuple[int, int, list[float], float, bool, list[float]]] = []
    for event_id, opening_id, at, details in repository.candidate_pages(session, since, until):
        items, parts = details.get("items", []), details.get("parts", [])
        key = (opening_id, tuple(item[0] for item in items))
        if key in seen or len(items) != len(parts):
            continue
        seen.add(key)
        base = [float(details.get("weights", {}).get(p, 0.0)) for p in PARTS]
        for item, row in zip(items, parts, strict=True):
            if item[0] is None:
                continue
            when = chosen.get((opening_id, int(item[0])))
            picked = when is not None and as_utc(when) >= as_utc(at)
            values = [np.nan if v is None else float(v) for v in row[:4]]
            rows.append((event_id, int(item[2]), values, float(row[4]), picked, base))
    return Impressions(
        list_id=np.array([r[0] for r in rows], dtype=np.int64),
        rank=np.array([r[1] for r in rows], dtype=np.int64),
        parts=np.array([r[2] for r in rows], dtype=np.float64).reshape(-1, 4),
        gate=np.array([r[3] for r in rows], dtype=np.float64),
        chosen=np.array([r[4] for r in rows], dtype=bool),
        base=np.array([r[5] for r in rows], dtype=np.float64).reshape(-1, 4),
    )


def _counts(imp: Impressions) -> dict[str, int]:
    return {
        "lists": len(np.unique(imp.list_id)),
        "pairs": len(imp),
        "chosen": int(imp.chosen.sum()),
    }


def _window(body: RankerFit) -> tuple[datetime, datetime, datetime]:
    since = as_utc(body.since)
    until = as_utc(body.until) if body.until else datetime.now(UTC)
    split = as_utc(body.split) if body.split else since + (until - since) * 3 / 4
    if not since < split < until:
        raise InvalidRequest("the windows must run from < split < to")
    return since, split, until


def fit(session: Session, body: RankerFit, base_version: str, caller: Principal) -> RankerRead:
    """Fit part weights on [from, split), evaluate on [split, to), and put the ranker in
    shadow (a ranker already in shadow retires)."""
    since, split, until = _window(body)
    train = _impressions(session, since, split)
    held = _impressions(session, split, until)
    try:
        learned = fit_weights(train)
    except NoSignal as exc:
        window = f"{since:%Y-%m-%d} to {split:%Y-%m-%d}"
        raise Conflict(f"nothing to learn from in {window}: {exc}") from exc
    weights = learned.weights
    live_scores, mine = held.live_scores(), scores_under(held, weights)
    diff = pair_accuracy(held, mine) - pair_accuracy(held, live_scores)
    metrics: dict[str, Any] = {
        "train": {**_counts(train), "pairs_compared": learned.pairs},
        "evaluation": _counts(held),
        "blend": learned.blend,
        "ndcg@10_live": _number(ndcg_at(held, live_scores)),
        "ndcg@10_learned": _number(ndcg_at(held, mine)),
        "pair_accuracy_live": _number(_mean(pair_accuracy(held, live_scores))),
        "pair_accuracy_learned": _number(_mean(pair_accuracy(held, mine))),
        "gain": _number(_mean(diff)),
        "gain_standard_error": _number(
            float(diff.std(ddof=1) / np.sqrt(len(diff))) if len(diff) > 1 else float("nan")
        ),
    }
    old = repository.in_status(session, "shadow")
    if old is not None:
        _retire(old)
    n = len(repository.listed(session)) + 1
    ranker = LearnedRanker(
        version=f"learned-{split:%Y%m%d}-{n}",
        status="shadow",
        weights=learned.as_dict(),
        base_version=base_version,
        trained_from=since,
        trained_until=split,
        evaluated_until=until,
        metrics=metrics,
        created_by=caller.id,
    )
    return RankerRead.model_validate(repository.add(session, ranker))


def _mean(values: Any) -> float:
    return float(np.mean(values)) if len(values) else float("nan")


def _number(value: float) -> float | None:
    return None if np.isnan(value) else round(float(value), 4)


def _retire(ranker: LearnedRanker) -> None:
    ranker.status = "retired"
    ranker.retired_at = datetime.now(UTC)


def listed(session: Session) -> list[RankerRead]:
    """Every ranker, newest first."""
    return [RankerRead.model_validate(r) for r in repository.listed(session)]


def get(session: Session, ranker_id: int) -> RankerRead:
    """One ranker."""
    return RankerRead.model_validate(repository.get(session, ranker_id))


def audit_shadow(
    session: Session, ranker_id: int, top_k: int, min_cell: int, alpha: float
) -> ShadowAudit:
    """The fairness audit of a ranker's shadow rankings against the live ones."""
    ranker = repository.get(session, ranker_id)
    return shadow_audit(
        session, ranker.version, ranker.created_at, top_k=top_k, min_cell=min_cell, alpha=alpha
    )


def _names(flags: Iterable[Any]) -> str:
    return ", ".join(f"{f.dimension}={f.category} (ratio {f.impact_ratio})" for f in flags)


def activate(
    session: Session, ranker_id: int, caller: Principal, top_k: int, min_cell: int, alpha: float
) -> RankerRead:
    """Make a shadow ranker the live one, under the guardrails (409 with the reason)."""
    ranker = repository.get(session, ranker_id)
    if ranker.status != "shadow":
        raise Conflict(f"ranker {ranker.version} is {ranker.status}; only a shadow ranker starts")
    gain = ranker.metrics.get("gain")
    error = ranker.metrics.get("gain_standard_error") or 0.0
    if gain is None or gain <= max(MIN_GAIN, error):
        raise Conflict(
            f"ranker {ranker.version} shows no offline gain on its held-out window: it "
            f"orders the chosen above the passed-over {ranker.metrics.get('pair_accuracy_learned')}"
            f" of the time against {ranker.metrics.get('pair_accuracy_live')} for the live "
            f"scorer (gain {gain}, standard error {error})"
        )
    audit = shadow_audit(
        session, ranker.version, ranker.created_at, top_k=top_k, min_cell=min_cell, alpha=alpha
    )
    if audit.rankings == 0:
        raise Conflict(f"ranker {ranker.version} has no shadow rankings to audit yet")
    if audit.new_flags:
        raise Conflict(
            f"the fairness audit of ranker {ranker.version}'s shadow rankings adds flags the "
            f"live scorer does not have: {_names(audit.new_flags)}"
        )
    current = repository.in_status(session, "active")
    if current is not None:
        _retire(current)
    ranker.status = "active"
    ranker.activated_at = datetime.now(UTC)
    ranker.activated_by = caller.id
    ranker.shadow_audit = audit.model_dump(mode="json", exclude={"rows"})
    repository.changed(session)
    return RankerRead.model_validate(ranker)


def rollback(session: Session, configured_version: str) -> ActiveScorer:
    """Retire the active ranker; the one active before it ranks again, or the configured
    scorer when there was none."""
    current = repository.in_status(session, "active")
    if current is None:
        raise Conflict("no learned ranker is active; the configured scorer already ranks")
    before = repository.previously_active(session, current)
    _retire(current)
    session.flush()
    if before is not None:
        before.status = "active"
        before.retired_at = None
    repository.changed(session)
    if before is None:
        return ActiveScorer(active=None, scoring_version=configured_version)
    return ActiveScorer(active=RankerRead.model_validate(before), scoring_version=before.version)
