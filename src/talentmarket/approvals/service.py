"""Manager approval of a gig, project or mentorship's time share, without hoarding.

A person who applies for (or is selected for) work that takes part of their time needs
their manager's yes to the time share and dates. The manager approves (possibly for less
time or shorter dates) or declines with a reason. A request left unanswered for the
configured working days goes to HR (admins): it reads as `escalated`, the manager can no
longer answer it, and HR does. Jobs never ask the manager: internal job applications stay
confidential (see `openings.confidential`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from talentmarket.approvals import repository
from talentmarket.approvals.config import ApprovalSettings
from talentmarket.approvals.models import Approval
from talentmarket.approvals.schemas import (
    ApprovalAnswer,
    ApprovalOpening,
    ApprovalPerson,
    ApprovalRead,
)
from talentmarket.approvals.workdays import due_at
from talentmarket.db.base import utcnow
from talentmarket.errors import Conflict, Forbidden, InvalidRequest, NotFound
from talentmarket.events import service as events
from talentmarket.openings.models import Opening
from talentmarket.paging import Page, PageRequest
from talentmarket.people.models import Employee
from talentmarket.principal import Principal
from talentmarket.requestctx import note_read
from talentmarket.timestamps import as_utc

TIME_TAKING = frozenset({"gig", "project", "mentorship"})
CLOSED = frozenset({"approved", "declined", "cancelled"})


def effective_status(approval: Approval, now: datetime) -> str:
    """What was decided, or `pending` / `escalated` (pending past the deadline)."""
    if approval.status == "pending" and as_utc(approval.due_at) <= now:
        return "escalated"
    return approval.status


def approval_read(
    approval: Approval, employee: Employee, opening: Opening, now: datetime
) -> ApprovalRead:
    """The API shape of a request, with its effective status at `now`."""
    return ApprovalRead(
        id=approval.id,
        employee=ApprovalPerson(id=employee.id, name=employee.name, department=employee.department),
        opening=ApprovalOpening(
            id=opening.id, title=opening.title, kind=opening.kind, department=opening.department
        ),
        manager_id=approval.manager_id,
        time_pct=approval.time_pct,
        start_date=approval.start_date,
        end_date=approval.end_date,
        status=effective_status(approval, now),
        requested_at=approval.requested_at,
        due_at=approval.due_at,
        decided_at=approval.decided_at,
        decided_by=approval.decided_by,
        decided_as=approval.decided_as,
        reason=approval.reason,
    )


def request_for(
    session: Session, employee: Employee, opening: Opening, settings: ApprovalSettings
) -> Approval | None:
    """Ask the person's manager to approve the opening's time share and dates (once per
    person and opening; a cancelled request is asked again). Jobs ask no one."""
    if opening.kind not in TIME_TAKING:
        return None
    approval = repository.of_pair(session, employee.id, opening.id)
    if approval is not None and approval.status != "cancelled":
        return approval
    now = utcnow()
    fields = {
        "manager_id": employee.manager_id,
        "time_pct": opening.time_pct,
        "start_date": opening.start_date,
        "end_date": opening.end_date,
        "status": "pending",
        "requested_at": now,
        # no manager: HR answers from the start
        "due_at": due_at(now, settings) if employee.manager_id is not None else now,
        "decided_at": None,
        "decided_by": "",
        "decided_as": "",
        "reason": "",
    }
    if approval is None:
        approval = repository.add(
            session, Approval(employee_id=employee.id, opening_id=opening.id, **fields)
        )
    else:
        for name, value in fields.items():
            setattr(approval, name, value)
        session.flush()
    events.emit(
        session,
        "approval.requested",
        f"approvals/{approval.id}",
        {
            "approval_id": approval.id,
            "employee_id": employee.id,
            "opening_id": opening.id,
            "manager_id": approval.manager_id,
            "due_at": as_utc(approval.due_at).isoformat(),
        },
        employee_id=employee.id,
    )
    return approval


def cancel_for(session: Session, employee_id: int, opening_id: int) -> None:
    """The person was declined or withdrew: a request still open is no longer asked."""
    approval = repository.of_pair(session, employee_id, opening_id)
    if approval is not None and approval.status == "pending":
        approval.status = "cancelled"
        session.flush()


def requests_of(session: Session, employee_id: int) -> dict[int, str]:
    """opening id -> the effective status of the approval asked there for this person."""
    now = utcnow()
    return {
        o: effective_status(a, now) for o, a in repository.of_employee(session, employee_id).items()
    }


def _load(session: Session, approval_id: int) -> tuple[Approval, Employee, Opening]:
    found = repository.with_parties(session, approval_id)
    if found is None:
        raise NotFound(f"approval {approval_id} does not exist")
    return found


def get_approval(session: Session, principal: Principal, approval_id: int) -> ApprovalRead:
    """One request, for the person it is about, the manager asked, or HR."""
    approval, employee, opening = _load(session, approval_id)
    me = principal.employee_id
    if principal.role != "admin" and me not in (approval.employee_id, approval.manager_id):
        raise Forbidden(f"approval {approval_id} is for the person, their manager and HR")
    note_read([employee.id], action="read", opening_id=opening.id)
    return approval_read(approval, employee, opening, utcnow())


def _narrowed(approval: Approval, body: ApprovalAnswer) -> None:
    """Apply an approval's narrower time share or dates; never more than was asked."""
    if body.time_pct is not None:
        if approval.time_pct is not None and body.time_pct > approval.time_pct:
            raise InvalidRequest(
                f"time_pct: {body.time_pct} is more than the {approval.time_pct} asked for",
                field="time_pct",
            )
        approval.time_pct = body.time_pct
    start = body.start_date or approval.start_date
    end = body.end_date or approval.end_date
    if approval.start_date and start and start < approval.start_date:
        raise InvalidRequest("start_date: before the start asked for", field="start_date")
    if approval.end_date and end and end > approval.end_date:
        raise InvalidRequest("end_date: after the end asked for", field="end_date")
    if start and end and end < start:
        raise InvalidRequest("end_date: before start_date", field="end_date")
    approval.start_date, approval.end_date = start, end


def answer(
    session: Session, principal: Principal, approval_id: int, body: ApprovalAnswer
) -> ApprovalRead:
    """Approve or decline a request: the manager asked, until the deadline; HR (admins)
    at any time. An answered request is final (409)."""
    approval, employee, opening = _load(session, approval_id)
    now = utcnow()
    status = effective_status(approval, now)
    if status in CLOSED:
        raise Conflict(f"approval {approval_id} is {status} already")
    as_manager = principal.employee_id is not None and principal.employee_id == approval.manager_id
    if principal.role != "admin":
        if not as_manager:
            raise Forbidden(f"approval {approval_id} is answered by the person's manager or HR")
        if status == "escalated":
            raise Conflict(
                f"approval {approval_id} passed its deadline ({approval.due_at:%Y-%m-%d}) "
                "and went to HR"
            )
    if body.decision == "approve":
        _narrowed(approval, body)
    approval.status = "approved" if body.decision == "approve" else "declined"
    approval.reason = body.reason.strip()
    approval.decided_at = now
    approval.decided_by = principal.id
    approval.decided_as = "manager" if as_manager and status == "pending" else "hr"
    session.flush()
    events.emit(
        session,
        "approval.answered",
        f"approvals/{approval.id}",
        {
            "approval_id": approval.id,
            "employee_id": employee.id,
            "opening_id": opening.id,
            "status": approval.status,
            "decided_as": approval.decided_as,
            "time_pct": approval.time_pct,
        },
        employee_id=employee.id,
    )
    note_read([employee.id], action="write", opening_id=opening.id)
    return approval_read(approval, employee, opening, now)


def list_approvals(
    session: Session,
    page: PageRequest,
    *,
    status: str | None = None,
    manager_id: int | None = None,
    hr_queue: bool = False,
) -> Page[ApprovalRead]:
    """A page of requests by id: a manager's, HR's queue, or all (admins)."""
    now = utcnow()
    rows, total, more = repository.page(
        session, page, now=now, status=status, manager_id=manager_id, hr_queue=hr_queue
    )
    note_read([e.id for _, e, _ in rows], action="list", result_count=total)
    items = [approval_read(a, e, o, now) for a, e, o in rows]
    return page.keyed(items, total, more, key=lambda item: item.id)
