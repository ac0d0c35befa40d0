"""The employee's pages: my profile and skills (with suggestions from pasted text), and
opportunities ranked for me. Each page calls the services the API calls and follows the
rule of the API route it stands for."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from talentmarket.api.deps import RuntimeDep
from talentmarket.api.problems import status_for
from talentmarket.approvals.config import get_approval_settings
from talentmarket.errors import InvalidRequest, NotFound, TalentMarketError
from talentmarket.marketplace import feedback
from talentmarket.marketplace.schemas import InterestCreate
from talentmarket.paging import PageRequest
from talentmarket.people import service as people_service
from talentmarket.people import skills_service
from talentmarket.people.models import PROFICIENCY_SCALE
from talentmarket.people.schemas import EmployeeSkillIn, SkillReview
from talentmarket.principal import Principal
from talentmarket.ranking.filters import OpportunityFilters
from talentmarket.requestctx import note_read
from talentmarket.skillintel import suggest
from talentmarket.skillintel.schemas import InferRequest
from talentmarket.taxonomy.repository import SkillRepository
from talentmarket.web.deps import PagePrincipal, PageSession, render, require
from talentmarket.web.ranking import page_ranker
from talentmarket.web.session import check_csrf

router = APIRouter(prefix="/app/me", include_in_schema=False)
MAX_TEXT = 20_000


def me_of(principal: Principal) -> int:
    """The signed-in person's employee id (a 404 page for a sign-in that is no employee)."""
    if principal.employee_id is None:
        raise NotFound("this sign-in is not an employee: there is no profile to show")
    return principal.employee_id


def _profile(
    request: Request,
    session: Session,
    principal: Principal,
    status_code: int = 200,
    **extra: object,
) -> HTMLResponse:
    me = me_of(principal)
    require(principal, "GET", "/v1/employees/{employee_id}", own=True)
    person = people_service.get_employee(session, principal, me)
    held = [s for s in person.skills if s.status != "rejected"]
    return render(
        request,
        "profile.html",
        principal,
        status_code=status_code,
        person=person,
        skills=sorted(held, key=lambda s: (s.status != "suggested", s.skill.label.lower())),
        scale=PROFICIENCY_SCALE,
        **extra,
    )


def _failed(
    request: Request, session: Session, principal: Principal, exc: TalentMarketError
) -> HTMLResponse:
    """Nothing of the failed action is kept; the page says what went wrong."""
    session.rollback()
    return _profile(request, session, principal, status_code=status_for(exc), error=str(exc))


@router.get("", response_class=HTMLResponse)
def profile(request: Request, session: PageSession, principal: PagePrincipal) -> HTMLResponse:
    """My profile: skills with proficiency, source and evidence, suggestions to review."""
    return _profile(request, session, principal)


def _resolve_skill(session: Session, ref: str) -> int:
    """A skill named by URI, or by label (the best lexical match)."""
    repo = SkillRepository(session)
    ref = ref.strip()
    if not ref:
        raise InvalidRequest("name a skill to add")
    stmt = repo.query(ref, kind="skill", status="active")
    found = repo.search_page(stmt, ref, 0, 1)
    if not found:
        raise NotFound(f'no skill matches "{ref[:80]}"')
    return found[0].id


@router.post("/skills", response_class=HTMLResponse)
async def add_skill(
    request: Request,
    session: PageSession,
    runtime: RuntimeDep,
    principal: PagePrincipal,
    skill: Annotated[str, Form(max_length=255)] = "",
    proficiency: Annotated[int, Form(ge=1, le=5)] = 3,
) -> Response:
    """Add a skill (or change the level of one already held)."""
    await check_csrf(request)
    require(principal, "POST", "/v1/employees/{employee_id}/skills", own=True)
    me = me_of(principal)
    try:
        skill_id = _resolve_skill(session, skill)
        body = EmployeeSkillIn(skill_id=skill_id, proficiency=proficiency, source="self")
        skills_service.put_skill(session, me, body, runtime.encoder)
    except TalentMarketError as exc:
        return _failed(request, session, principal, exc)
    note_read([me], action="write")
    return RedirectResponse("/app/me#skills", status_code=303)


@router.post("/skills/{skill_id}/{action}", response_class=HTMLResponse)
async def review_skill(
    request: Request,
    session: PageSession,
    runtime: RuntimeDep,
    principal: PagePrincipal,
    skill_id: int,
    action: str,
    proficiency: Annotated[int | None, Form(ge=1, le=5)] = None,
) -> Response:
    """Accept (at a level) or reject a suggested skill, or remove a held one."""
    await check_csrf(request)
    me = me_of(principal)
    try:
        if action == "remove":
            require(principal, "DELETE", "/v1/employees/{employee_id}/skills/{skill_id}", True)
            skills_service.remove_skill(session, me, skill_id, runtime.encoder)
        elif action in ("accept", "reject"):
            route = f"/v1/employees/{{employee_id}}/skills/{{skill_id}}/{action}"
            require(principal, "POST", route, own=True)
            level = SkillReview(proficiency=proficiency).proficiency if proficiency else None
            skills_service.review_skill(
                session,
                me,
                skill_id,
                "accepted" if action == "accept" else "rejected",
                runtime.encoder,
                proficiency=level,
            )
        else:
            raise NotFound(f"no action {action[:40]}")
    except TalentMarketError as exc:
        return _failed(request, session, principal, exc)
    note_read([me], action="write")
    return RedirectResponse("/app/me#skills", status_code=303)


@router.post("/suggest", response_class=HTMLResponse)
async def suggest_from_text(
    request: Request,
    session: PageSession,
    runtime: RuntimeDep,
    principal: PagePrincipal,
    text: Annotated[str, Form(max_length=MAX_TEXT)] = "",
) -> HTMLResponse:
    """Read a pasted CV or project write-up; its skills become suggestions to review,
    each shown with the words behind it."""
    await check_csrf(request)
    require(principal, "POST", "/v1/employees/{employee_id}/skills/infer", own=True)
    me = me_of(principal)
    if not text.strip():
        return _profile(request, session, principal, 400, error="paste some text first")
    try:
        found = suggest.infer_employee_skills(session, runtime, me, InferRequest(text=text))
    except TalentMarketError as exc:
        return _failed(request, session, principal, exc)
    note_read([me], action="write")
    return _profile(request, session, principal, pasted=text, found=found.suggestions)


@router.get("/opportunities", response_class=HTMLResponse)
def opportunities(
    request: Request,
    session: PageSession,
    runtime: RuntimeDep,
    principal: PagePrincipal,
    kind: Annotated[str, Query(max_length=16)] = "",
    location: Annotated[str, Query(max_length=128)] = "",
    remote: Annotated[str, Query(max_length=5)] = "",
) -> HTMLResponse:
    """Jobs, gigs, projects and mentorships ranked for me, each with its reasons."""
    me = me_of(principal)
    require(principal, "GET", "/v1/employees/{employee_id}/opportunities", own=True)
    chosen = kind if kind in ("job", "gig", "project", "mentorship") else None
    filters = OpportunityFilters(
        chosen, location.strip() or None, {"yes": True, "no": False}.get(remote), False
    )
    ranker = page_ranker(request, session, runtime, principal)
    ranked = ranker.opportunities(me, filters, PageRequest(limit=30))
    return render(
        request,
        "opportunities.html",
        principal,
        page=ranked,
        kind=chosen or "",
        location=location.strip(),
        remote=remote,
    )


@router.post("/interests", response_class=HTMLResponse)
async def express_interest(
    request: Request,
    session: PageSession,
    principal: PagePrincipal,
    opening_id: Annotated[int, Form(ge=1, le=2**31 - 1)],
    action: Annotated[str, Form(max_length=16)],
) -> Response:
    """Save an opening, apply for it, or dismiss it."""
    await check_csrf(request)
    me = me_of(principal)
    require(principal, "POST", "/v1/employees/{employee_id}/interests", own=True)
    if action not in ("save", "apply", "dismiss"):
        raise InvalidRequest(f"no action {action[:40]}")
    body = InterestCreate.model_validate({"opening_id": opening_id, "action": action})
    feedback.record_interest(session, me, body, get_approval_settings())
    note_read([me], action="write", opening_id=opening_id)
    return RedirectResponse(f"/app/me/opportunities#opening-{opening_id}", status_code=303)
