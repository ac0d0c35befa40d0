"""The recruiter's pages: openings (list, create from a description with suggested
requirements to review), ranked candidates with their reasons, side-by-side comparison,
decisions with a reason, and free-text search across people. Nobody is auto-rejected:
every decision is a person's, recorded with who made it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from talentmarket.api.deps import RuntimeDep
from talentmarket.approvals.config import get_approval_settings
from talentmarket.errors import InvalidRequest
from talentmarket.ids import ID_MAX
from talentmarket.marketplace import feedback
from talentmarket.marketplace.schemas import DecisionCreate
from talentmarket.openings import service as openings
from talentmarket.openings.repository import OpeningFilters
from talentmarket.openings.schemas import OpeningCreate, OpeningUpdate, RequirementReview
from talentmarket.paging import PageRequest, page_request
from talentmarket.ranking.schemas import CandidateSearch
from talentmarket.skillintel import suggest
from talentmarket.skillintel.schemas import SuggestRequest
from talentmarket.web.deps import PagePrincipal, PageSession, render, require
from talentmarket.web.ranking import page_ranker
from talentmarket.web.session import check_csrf

router = APIRouter(prefix="/app", include_in_schema=False)
KINDS = ("job", "gig", "project", "mentorship")


def _invalid(exc: ValidationError) -> InvalidRequest:
    fields = sorted({str(e["loc"][-1]) for e in exc.errors() if e["loc"]})
    return InvalidRequest(f"Please check: {', '.join(fields) or 'the form'}.")


@router.get("/openings", response_class=HTMLResponse)
def openings_page(
    request: Request,
    session: PageSession,
    principal: PagePrincipal,
    q: Annotated[str, Query(max_length=200)] = "",
    status: Annotated[str, Query(max_length=16)] = "open",
    cursor: Annotated[str, Query(max_length=200)] = "",
) -> HTMLResponse:
    """Openings, newest ids last, filtered by words and status."""
    require(principal, "GET", "/v1/openings")
    filters = OpeningFilters(status=status or None, q=q.strip() or None)
    page = page_request(50, cursor or None)
    found = openings.list_openings(session, filters, page)
    may_edit = principal.role in ("recruiter", "admin")
    return render(
        request, "openings.html", principal, page=found, q=q, status=status, may_edit=may_edit
    )


@router.get("/openings/new", response_class=HTMLResponse)
def new_opening_page(request: Request, principal: PagePrincipal) -> HTMLResponse:
    """The form for a new opening."""
    require(principal, "POST", "/v1/openings")
    return render(request, "opening_new.html", principal, kinds=KINDS, form={})


@router.post("/openings", response_class=HTMLResponse)
async def create_opening(
    request: Request, session: PageSession, runtime: RuntimeDep, principal: PagePrincipal
) -> Response:
    """Create the opening, then propose its requirements from the description."""
    await check_csrf(request)
    require(principal, "POST", "/v1/openings")
    sent = await request.form()
    form: dict[str, object] = {k: v for k, v in sent.items() if k != "csrf" and v != ""}
    form["remote"] = "remote" in sent
    try:
        body = OpeningCreate.model_validate(form)
    except ValidationError as exc:
        error = str(_invalid(exc))
        return render(
            request, "opening_new.html", principal, 400, kinds=KINDS, form=form, error=error
        )
    created = openings.create_opening(session, body, runtime.encoder)
    if body.description.strip():
        suggest.suggest_requirements(session, runtime, created.id, SuggestRequest())
    return RedirectResponse(f"/app/openings/{created.id}", status_code=303)


@router.get("/openings/{opening_id}", response_class=HTMLResponse)
def opening_page(
    request: Request, session: PageSession, principal: PagePrincipal, opening_id: int
) -> HTMLResponse:
    """One opening: its requirements, the suggestions to review, where applicants stand."""
    require(principal, "GET", "/v1/openings/{opening_id}")
    opening = openings.get_opening(session, min(opening_id, ID_MAX))
    may_edit = principal.role in ("recruiter", "admin")
    return render(request, "opening.html", principal, opening=opening, may_edit=may_edit)


@router.get("/openings/{opening_id}/edit", response_class=HTMLResponse)
def edit_opening_page(
    request: Request, session: PageSession, principal: PagePrincipal, opening_id: int
) -> HTMLResponse:
    """The form to change an opening (kind, capacity, time share, dates, place, status)."""
    require(principal, "PATCH", "/v1/openings/{opening_id}")
    opening = openings.get_opening(session, min(opening_id, ID_MAX))
    form = opening.model_dump(mode="json")
    return render(request, "opening_new.html", principal, kinds=KINDS, form=form, edit=opening)


@router.post("/openings/{opening_id}/edit", response_class=HTMLResponse)
async def edit_opening(
    request: Request,
    session: PageSession,
    runtime: RuntimeDep,
    principal: PagePrincipal,
    opening_id: int,
) -> Response:
    """Change the opening; fields left empty are cleared where they may be."""
    await check_csrf(request)
    require(principal, "PATCH", "/v1/openings/{opening_id}")
    oid = min(opening_id, ID_MAX)
    sent = await request.form()
    form: dict[str, object] = {k: v for k, v in sent.items() if k != "csrf"}
    form["remote"] = "remote" in sent
    for name in ("time_pct", "start_date", "end_date"):
        if form.get(name) == "":
            form[name] = None
    try:
        body = OpeningUpdate.model_validate(form)
    except ValidationError as exc:
        opening = openings.get_opening(session, oid)
        error = str(_invalid(exc))
        return render(
            request,
            "opening_new.html",
            principal,
            400,
            kinds=KINDS,
            form=form,
            edit=opening,
            error=error,
        )
    openings.update_opening(session, oid, body, runtime.encoder)
    return RedirectResponse(f"/app/openings/{oid}", status_code=303)


@router.post("/openings/{opening_id}/suggest")
async def suggest_requirements(
    request: Request,
    session: PageSession,
    runtime: RuntimeDep,
    principal: PagePrincipal,
    opening_id: int,
) -> Response:
    """Propose requirements from the opening's title and description again."""
    await check_csrf(request)
    require(principal, "POST", "/v1/openings/{opening_id}/requirements/suggest")
    suggest.suggest_requirements(session, runtime, min(opening_id, ID_MAX), SuggestRequest())
    return RedirectResponse(f"/app/openings/{opening_id}#requirements", status_code=303)


@router.post("/openings/{opening_id}/requirements/{skill_id}/{action}")
async def decide_requirement(
    request: Request,
    session: PageSession,
    runtime: RuntimeDep,
    principal: PagePrincipal,
    opening_id: int,
    skill_id: int,
    action: str,
) -> Response:
    """Accept (as suggested, or as the recruiter changed it) or reject a suggestion."""
    await check_csrf(request)
    if action not in ("accept", "reject"):
        raise InvalidRequest(f"no action {action[:40]}")
    route = f"/v1/openings/{{opening_id}}/requirements/{{skill_id}}/{action}"
    require(principal, "POST", route)
    sent = await request.form()
    review = None
    if action == "accept" and "min_proficiency" in sent:
        fields = {"must_have": "must_have" in sent, "min_proficiency": sent.get("min_proficiency")}
        if sent.get("weight"):
            fields["weight"] = sent.get("weight")
        try:
            review = RequirementReview.model_validate(fields)
        except ValidationError as exc:
            raise _invalid(exc) from None
    openings.decide_requirement(
        session,
        runtime.encoder,
        min(opening_id, ID_MAX),
        min(skill_id, ID_MAX),
        action == "accept",
        review,
    )
    return RedirectResponse(f"/app/openings/{opening_id}#requirements", status_code=303)


@router.get("/openings/{opening_id}/candidates", response_class=HTMLResponse)
def candidates_page(
    request: Request,
    session: PageSession,
    runtime: RuntimeDep,
    principal: PagePrincipal,
    opening_id: int,
    min_score: Annotated[float, Query(ge=0, le=1)] = 0.0,
    include_partial: Annotated[bool, Query()] = True,
) -> HTMLResponse:
    """Visible, consenting people ranked for the opening, each with the reasons."""
    require(principal, "GET", "/v1/openings/{opening_id}/candidates")
    ranker = page_ranker(request, session, runtime, principal)
    oid = min(opening_id, ID_MAX)
    ranked = ranker.candidates(
        oid, PageRequest(limit=30), min_score=min_score, include_partial=include_partial
    )
    opening = openings.get_opening(session, oid)
    return render(
        request,
        "candidates.html",
        principal,
        opening=opening,
        page=ranked,
        min_score=min_score,
        include_partial=include_partial,
    )


@router.get("/openings/{opening_id}/compare", response_class=HTMLResponse)
def compare_page(
    request: Request,
    session: PageSession,
    runtime: RuntimeDep,
    principal: PagePrincipal,
    opening_id: int,
    e: Annotated[list[int], Query(max_length=3)],
) -> HTMLResponse:
    """Two or three candidates side by side, each scored as the list scores them."""
    require(principal, "GET", "/v1/matches")
    if not 2 <= len(set(e)) <= 3:
        raise InvalidRequest("pick two or three candidates to compare")
    ranker = page_ranker(request, session, runtime, principal)
    oid = min(opening_id, ID_MAX)
    pairs = [ranker.pair(min(person, ID_MAX), oid) for person in dict.fromkeys(e)]
    opening = openings.get_opening(session, oid)
    return render(request, "compare.html", principal, opening=opening, pairs=pairs)


@router.post("/openings/{opening_id}/decisions")
async def record_decision(
    request: Request,
    session: PageSession,
    runtime: RuntimeDep,
    principal: PagePrincipal,
    opening_id: int,
    employee_id: Annotated[int, Form(ge=1, le=ID_MAX)],
    decision: Annotated[str, Form(max_length=16)],
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Shortlist, decline, select or withdraw a candidate, with a reason."""
    await check_csrf(request)
    require(principal, "POST", "/v1/openings/{opening_id}/decisions")
    oid = min(opening_id, ID_MAX)
    try:
        body = DecisionCreate.model_validate(
            {"employee_id": employee_id, "decision": decision, "reason": reason}
        )
    except ValidationError as exc:
        raise _invalid(exc) from None
    score = page_ranker(request, session, runtime, principal).decision_score(employee_id, oid)
    feedback.record_decision(session, principal, oid, body, score, get_approval_settings())
    return RedirectResponse(f"/app/openings/{oid}/candidates#c-{employee_id}", status_code=303)


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    session: PageSession,
    runtime: RuntimeDep,
    principal: PagePrincipal,
    text: Annotated[str, Query(max_length=2000)] = "",
) -> HTMLResponse:
    """Free-text search across people who consented to be found."""
    require(principal, "POST", "/v1/candidates/search")
    ranked = None
    if text.strip():
        ranker = page_ranker(request, session, runtime, principal)
        ranked = ranker.search(CandidateSearch(text=text), PageRequest(limit=30))
    return render(request, "search.html", principal, text=text, page=ranked)
