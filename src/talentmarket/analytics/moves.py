"""Moves through the marketplace and approval times, per manager or per department.

A move is a selection that still stands (the person's latest decision for the opening
is `select`). It leaves the manager or department the person came from (recorded on the
decision) and enters the opening's owner or department; a move inside one group counts
as `within`. Jobs move people; gigs, projects and mentorships lend them. Approvals count
how managers answered requests for their people's time and how many working days it
took, so a company can see (and reward) the managers who develop and lend people, and
those who let requests run into HR.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

import numpy as np
from sqlalchemy.orm import Session

from talentmarket.analytics import repository
from talentmarket.analytics.schemas import ApprovalTimes, MoveRow
from talentmarket.approvals.config import ApprovalSettings
from talentmarket.approvals.models import Approval
from talentmarket.approvals.workdays import working_days_between
from talentmarket.db.base import utcnow
from talentmarket.requestctx import note_read
from talentmarket.timestamps import as_utc

MovesBy = Literal["manager", "department"]


@dataclass
class _Tally:
    moved_in: int = 0
    moved_out: int = 0
    within: int = 0
    jobs_out: int = 0
    lent_out: int = 0
    answered: list[int] = field(default_factory=list)  # working days to each answer
    requested: int = 0
    approved: int = 0
    declined: int = 0
    escalated: int = 0
    pending: int = 0


def _count_moves(session: Session, by: MovesBy, tallies: dict[int | str, _Tally]) -> None:
    for _, kind, from_manager, from_dept, to_dept, owner in repository.selections(session):
        source, dest = (from_manager, owner) if by == "manager" else (from_dept, to_dept)
        source = source if source not in (None, "") else None
        dest = dest if dest not in (None, "") else None
        if source is not None and source == dest:
            tallies[source].within += 1
            continue
        if source is not None:
            out = tallies[source]
            out.moved_out += 1
            if kind == "job":
                out.jobs_out += 1
            else:
                out.lent_out += 1
        if dest is not None:
            tallies[dest].moved_in += 1


def _count_approval(tally: _Tally, approval: Approval, now: datetime, s: ApprovalSettings) -> None:
    tally.requested += 1
    late = as_utc(approval.due_at) <= (as_utc(approval.decided_at) if approval.decided_at else now)
    if approval.manager_id is not None and late and approval.decided_as != "manager":
        tally.escalated += 1
    if approval.status == "pending":
        tally.pending += 1
        return
    tally.approved += approval.status == "approved"
    tally.declined += approval.status == "declined"
    assert approval.decided_at is not None
    tally.answered.append(
        working_days_between(as_utc(approval.requested_at), as_utc(approval.decided_at), s)
    )


def _times(tally: _Tally) -> ApprovalTimes:
    days = np.array(tally.answered, dtype=float)
    return ApprovalTimes(
        requested=tally.requested,
        approved=tally.approved,
        declined=tally.declined,
        escalated=tally.escalated,
        pending=tally.pending,
        median_working_days=round(float(np.median(days)), 1) if days.size else None,
        p90_working_days=round(float(np.percentile(days, 90)), 1) if days.size else None,
    )


def moves(session: Session, by: MovesBy, settings: ApprovalSettings) -> list[MoveRow]:
    """One row per manager or department that people moved from or to, or whose
    people's time was asked for; managers by id, departments by name."""
    tallies: dict[int | str, _Tally] = defaultdict(_Tally)
    _count_moves(session, by, tallies)
    now = utcnow()
    for approval, department in repository.approval_rows(session):
        key = approval.manager_id if by == "manager" else (department or None)
        if key is not None:
            _count_approval(tallies[key], approval, now, settings)
    names = repository.employee_names(session, [k for k in tallies if isinstance(k, int)])
    note_read([], action="list", result_count=len(tallies))
    rows = [
        MoveRow(
            manager_id=key if isinstance(key, int) else None,
            label=names.get(key, "") if isinstance(key, int) else key,
            moved_in=t.moved_in,
            moved_out=t.moved_out,
            within=t.within,
            jobs_out=t.jobs_out,
            lent_out=t.lent_out,
            approvals=_times(t),
        )
        for key, t in tallies.items()
    ]
    return sorted(rows, key=lambda r: (r.manager_id or 0, r.label))
