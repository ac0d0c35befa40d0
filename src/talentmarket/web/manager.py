"""The manager's page: requests for their people's time on gigs, projects and
mentorships, to approve (possibly for less time) or decline with a reason before the
deadline sends them to HR. Job applications never appear here."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from talentmarket.approvals import service as approvals
from talentmarket.approvals.schemas import ApprovalAnswer
from talentmarket.errors import InvalidRequest
from talentmarket.ids import ID_MAX
from talentmarket.paging import PageRequest
from talentmarket.web.deps import PagePrincipal, PageSession, render, require
from talentmarket.web.employee import me_of
from talentmarket.web.session import check_csrf

router = APIRouter(prefix="/app/me", include_in_schema=False)


@router.get("/approvals", response_class=HTMLResponse)
def approvals_page(
    request: Request, session: PageSession, principal: PagePrincipal
) -> HTMLResponse:
    """Requests for my people's time, oldest first."""
    me = me_of(principal)
    require(principal, "GET", "/v1/managers/{employee_id}/approvals", own=True)
    queue = approvals.list_approvals(session, PageRequest(limit=100), manager_id=me)
    return render(request, "approvals.html", principal, queue=queue)


@router.post("/approvals/{approval_id}")
async def answer(
    request: Request,
    session: PageSession,
    principal: PagePrincipal,
    approval_id: int,
    decision: Annotated[str, Form(max_length=16)],
    reason: Annotated[str, Form(max_length=2000)] = "",
    time_pct: Annotated[str, Form(max_length=3)] = "",
) -> Response:
    """Approve (possibly for a smaller share) or decline with a reason."""
    await check_csrf(request)
    require(principal, "POST", "/v1/approvals/{approval_id}/answer")
    try:
        body = ApprovalAnswer.model_validate(
            {"decision": decision, "reason": reason, "time_pct": time_pct or None}
        )
    except ValidationError as exc:
        messages = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
        raise InvalidRequest(messages) from None
    approvals.answer(session, principal, min(approval_id, ID_MAX), body)
    return RedirectResponse("/app/me/approvals", status_code=303)
