"""Explanation on request: a logged ranking re-explained from the audit log alone.

Each logged page keeps, per row, the four parts and the must-have gate, and the part
weights and data versions of the call, so the same scores and parts come back for the
versions it ran with, whatever has changed since: each row's contributions (gate x
weight x part, the weight of an unavailable part spread over the others) add up to the
score logged. The skills behind each part are not kept (they would copy profiles into
the log); `data_changed` says which data areas moved since, that is, whether scoring the
pairs again today would read the same data.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from talentmarket.audit.repository import AuditRepository
from talentmarket.audit.schemas import LoggedRanking, LoggedRow
from talentmarket.db.versions import data_versions
from talentmarket.errors import Conflict, NotFound
from talentmarket.matching.scoring import PARTS, part_contributions
from talentmarket.requestctx import note_read

PERSON_KINDS = ("candidates", "search")


def explain_logged(session: Session, event_id: int) -> LoggedRanking:
    """The logged ranking of an audit event, with each row's parts and contributions."""
    event = AuditRepository(session).event(event_id)
    if event is None:
        raise NotFound(f"audit event {event_id} does not exist")
    details: dict[str, Any] = event.details or {}
    items, parts = details.get("items"), details.get("parts")
    if event.action not in ("rank", "search") or not items:
        raise Conflict(f"audit event {event_id} is not a ranking")
    if not parts or len(parts) != len(items):
        raise Conflict(f"audit event {event_id} was logged before rankings kept their parts")
    weights = details.get("weights", {})
    w = np.array([float(weights.get(p, 0.0)) for p in PARTS], dtype=np.float64)
    values = np.array([[np.nan if v is None else v for v in row[:4]] for row in parts], float)
    gates = np.array([row[4] for row in parts], dtype=np.float64)
    contrib = part_contributions(values, gates, w)
    rows = [
        LoggedRow(
            id=item[0],
            rank=int(item[2]),
            score=float(item[1]),
            parts=dict(zip(PARTS, row[:4], strict=True)),
            must_have_gate=float(row[4]),
            contributions={p: round(float(c), 4) for p, c in zip(PARTS, contrib[i], strict=True)},
            recomputed_score=round(float(contrib[i].sum()), 4),
        )
        for i, (item, row) in enumerate(zip(items, parts, strict=True))
    ]
    kind = str(details.get("kind", ""))
    if kind in PERSON_KINDS:
        note_read([r.id for r in rows if r.id is not None], action="re-explain")
    elif details.get("employee_id") is not None:  # a person's own opportunities or match
        note_read([int(details["employee_id"])], action="re-explain")
    logged = {str(k): int(v) for k, v in details.get("versions", {}).items()}
    now = data_versions(session)
    return LoggedRanking(
        event_id=event.id,
        at=event.at,
        kind=kind,
        route=event.route,
        caller=event.caller,
        opening_id=event.opening_id,
        employee_id=details.get("employee_id"),
        model_id=event.model_id,
        taxonomy_release=event.taxonomy_release,
        scoring_version=event.scoring_version,
        weights={p: float(x) for p, x in zip(PARTS, w, strict=True)},
        data_versions=logged,
        data_changed=sorted(k for k in set(logged) | set(now) if logged.get(k) != now.get(k)),
        filters=details.get("filters", {}),
        rows=rows,
        shadow=details.get("shadow"),
    )
