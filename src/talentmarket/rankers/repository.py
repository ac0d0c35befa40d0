"""SQL of learned rankers: the artefacts, and what fitting reads (logged candidate pages
with their parts, and the decisions that followed)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentmarket.audit.models import AuditEvent
from talentmarket.db.versions import bump_version
from talentmarket.errors import NotFound
from talentmarket.openings.models import Decision
from talentmarket.rankers.models import LearnedRanker

VERSION_AREA = "rankers"  # the data version ranking caches compare


def get(session: Session, ranker_id: int) -> LearnedRanker:
    """One ranker, or NotFound."""
    ranker = session.get(LearnedRanker, ranker_id)
    if ranker is None:
        raise NotFound(f"ranker {ranker_id} does not exist")
    return ranker


def listed(session: Session) -> list[LearnedRanker]:
    """Every ranker, newest first."""
    return list(session.scalars(select(LearnedRanker).order_by(LearnedRanker.id.desc())))


def in_status(session: Session, status: str) -> LearnedRanker | None:
    """The ranker in this status (shadow or active), if any."""
    stmt = select(LearnedRanker).where(LearnedRanker.status == status)
    return session.scalars(stmt.order_by(LearnedRanker.id.desc()).limit(1)).first()


def previously_active(session: Session, before: LearnedRanker) -> LearnedRanker | None:
    """The ranker that was active before this one (the one a rollback restores)."""
    stmt = (
        select(LearnedRanker)
        .where(LearnedRanker.activated_at.is_not(None), LearnedRanker.id != before.id)
        .where(LearnedRanker.activated_at <= before.activated_at)
        .order_by(LearnedRanker.activated_at.desc(), LearnedRanker.id.desc())
        .limit(1)
    )
    return session.scalars(stmt).first()


def add(session: Session, ranker: LearnedRanker) -> LearnedRanker:
    """Store a new ranker and tell ranking caches."""
    session.add(ranker)
    session.flush()
    changed(session)
    return ranker


def changed(session: Session) -> None:
    """A ranker's status changed: ranking caches rebuild their scorer."""
    bump_version(session, VERSION_AREA)


def candidate_pages(
    session: Session, since: datetime, until: datetime
) -> list[tuple[int, int, datetime, dict[str, Any]]]:
    """(audit event id, opening, time, details) of logged candidate pages in the window
    that kept each row's parts, oldest first."""
    stmt = (
        select(AuditEvent.id, AuditEvent.opening_id, AuditEvent.at, AuditEvent.details)
        .where(AuditEvent.action == "rank", AuditEvent.opening_id.is_not(None))
        .where(AuditEvent.at >= since, AuditEvent.at < until)
        .order_by(AuditEvent.id)
    )
    return [
        (int(i), int(o), at, d)
        for i, o, at, d in session.execute(stmt)
        if isinstance(d, dict) and d.get("kind") == "candidates" and d.get("parts")
    ]


def chosen_pairs(
    session: Session, since: datetime, until: datetime
) -> dict[tuple[int, int], datetime]:
    """(opening, employee) -> first time the person was shortlisted or selected."""
    stmt = (
        select(Decision.opening_id, Decision.employee_id, Decision.created_at)
        .where(Decision.decision.in_(("shortlist", "select")), Decision.employee_id.is_not(None))
        .where(Decision.created_at >= since, Decision.created_at < until)
        .order_by(Decision.id)
    )
    out: dict[tuple[int, int], datetime] = {}
    for opening, employee, at in session.execute(stmt):
        if employee is not None:
            out.setdefault((int(opening), int(employee)), at)
    return out
