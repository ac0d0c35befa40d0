"""Decisions (recruiters, hiring managers) and interests (employees): append-only logs.

A person decides; the system never records a decision on its own. Nothing here is ever
deleted: a change of mind is a new entry (e.g. `withdraw` after `select`).
"""

from __future__ import annotations

from operator import attrgetter

from sqlalchemy.orm import Session

from talentmarket.approvals import service as approvals
from talentmarket.approvals.config import ApprovalSettings
from talentmarket.db.versions import note_change
from talentmarket.errors import NotFound
from talentmarket.events import service as events
from talentmarket.marketplace import repository, schemas
from talentmarket.openings.confidential import hidden_from
from talentmarket.openings.models import Decision, Interest, Opening
from talentmarket.openings.repository import (
    DECISION_STATUS,
    applications_of,
    latest_decisions,
    selected_count,
)
from talentmarket.paging import Page, PageRequest
from talentmarket.people.models import Employee
from talentmarket.principal import Principal
from talentmarket.requestctx import note_read


def _opening(session: Session, opening_id: int) -> Opening:
    opening = repository.find_opening(session, opening_id)
    if opening is None:
        raise NotFound(f"opening {opening_id} does not exist")
    return opening


def _employee(session: Session, employee_id: int, field: str = "employee_id") -> Employee:
    employee = repository.find_employee(session, employee_id)
    if employee is None:
        raise NotFound(f"{field}: employee {employee_id} does not exist", field=field)
    return employee


def record_decision(
    session: Session,
    principal: Principal,
    opening_id: int,
    body: schemas.DecisionCreate,
    score: float | None,
    settings: ApprovalSettings,
) -> schemas.DecisionRead:
    """Store a decision with who made it, the score the pair had at that moment and where
    the person came from (manager, department); a selection that reaches the opening's
    capacity marks it `filled`. Selecting someone for a gig, project or mentorship asks
    their manager to approve the time (if their application did not already); declining
    or withdrawing them cancels a request still open."""
    opening = _opening(session, opening_id)
    employee = _employee(session, body.employee_id)
    decision = Decision(
        opening_id=opening_id,
        employee_id=body.employee_id,
        decision=body.decision,
        reason=body.reason.strip(),
        decided_by=principal.id,
        score=score,
        from_manager_id=employee.manager_id,
        from_department=employee.department,
    )
    repository.append(session, decision)
    events.emit(
        session,
        "decision.recorded",
        f"openings/{opening_id}/decisions/{decision.id}",
        {
            "decision_id": decision.id,
            "opening_id": opening_id,
            "employee_id": employee.id,
            "decision": body.decision,
            "application_status": DECISION_STATUS[body.decision],
        },
        employee_id=employee.id,
    )
    if body.decision == "select":
        approvals.request_for(session, employee, opening, settings)
    elif body.decision in ("reject", "withdraw"):
        approvals.cancel_for(session, employee.id, opening_id)
    filling = body.decision == "select" and opening.status == "open"
    if filling and selected_count(session, opening_id) >= opening.capacity:
        opening.status = "filled"
        session.flush()
        note_change(session, "openings", [opening_id])
    note_read([body.employee_id], action="write", opening_id=opening_id)
    return schemas.DecisionRead.model_validate(decision).model_copy(
        update={"opening_status": opening.status}
    )


def list_applications(
    session: Session, employee_id: int, page: PageRequest
) -> Page[schemas.ApplicationRead]:
    """Where a person applied or was decided about, with the status there (newest first)."""
    _employee(session, employee_id, "employee")
    found = applications_of(session, employee_id)
    asked = approvals.requests_of(session, employee_id)
    note_read([employee_id], action="list", result_count=len(found))
    items = [
        schemas.ApplicationRead(
            opening_id=o.id,
            title=o.title,
            kind=o.kind,
            opening_status=o.status,
            status=s,
            approval_status=asked.get(o.id),
        )
        for o, s in found
    ]
    return page.slice(items)


def list_decisions(
    session: Session,
    principal: Principal,
    opening_id: int,
    page: PageRequest,
    employee_id: int | None = None,
) -> Page[schemas.DecisionRead]:
    """Decisions about an opening's candidates, oldest first; for a job, a manager does
    not see the decisions about people they manage until those are shortlisted."""
    opening = _opening(session, opening_id)
    secret = hidden_from(session, principal, opening, latest_decisions(session, opening_id))
    rows, total, more = repository.decisions_page(
        session, opening_id, page, employee_id, exclude=secret
    )
    note_read(
        [d.employee_id for d in rows if d.employee_id is not None],
        action="list",
        opening_id=opening_id,
        result_count=total,
    )
    return page.keyed(
        [schemas.DecisionRead.model_validate(d) for d in rows], total, more, key=attrgetter("id")
    )


REPEATABLE_ACTIONS = frozenset({"view"})  # every view counts; a save or an application once


def record_interest(
    session: Session, employee_id: int, body: schemas.InterestCreate, settings: ApprovalSettings
) -> tuple[schemas.InterestRead, bool]:
    """Store an employee's view, save, apply or dismiss; the same save, application or
    dismissal sent again answers the record it repeats (idempotent), while a change of
    mind (save after dismiss) is recorded. Applying for a gig, project or mentorship asks
    the person's manager to approve the time. Returns (interest, created)."""
    employee = _employee(session, employee_id, "employee")
    opening = repository.find_opening(session, body.opening_id)
    if opening is None:
        raise NotFound(f"opening_id: opening {body.opening_id} does not exist", field="opening_id")
    if body.action not in REPEATABLE_ACTIONS:
        earlier = repository.latest_interest(
            session, employee_id, body.opening_id, skip=REPEATABLE_ACTIONS
        )
        if earlier is not None and earlier.action == body.action:
            return schemas.InterestRead.model_validate(earlier), False
    interest = Interest(
        employee_id=employee_id, opening_id=body.opening_id, action=body.action, note=body.note
    )
    repository.append(session, interest)
    if body.action == "apply":
        events.emit(
            session,
            "interest.expressed",
            f"employees/{employee_id}/interests/{interest.id}",
            {"interest_id": interest.id, "employee_id": employee_id, "opening_id": opening.id},
            employee_id=employee_id,
        )
        approvals.request_for(session, employee, opening, settings)
    return schemas.InterestRead.model_validate(interest), True


def list_interests(
    session: Session, employee_id: int, page: PageRequest, action: str | None = None
) -> Page[schemas.InterestRead]:
    """An employee's interests, oldest first."""
    _employee(session, employee_id, "employee")
    rows, total, more = repository.interests_page(session, employee_id, page, action)
    note_read([employee_id], action="list", result_count=total)
    return page.keyed(
        [schemas.InterestRead.model_validate(i) for i in rows], total, more, key=attrgetter("id")
    )
