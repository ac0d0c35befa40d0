"""The HR admin's pages: the taxonomy (search skills, add a local skill with near-duplicate
warnings, deprecate with a replacement, merge), workforce analytics (supply against demand,
small cells hidden), and the audit log with access anomalies."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from talentmarket.analytics import service as analytics_service
from talentmarket.analytics.config import get_analytics_settings
from talentmarket.api.access import POLICY
from talentmarket.api.deps import RuntimeDep
from talentmarket.audit import detection
from talentmarket.audit import service as audit_service
from talentmarket.audit.anomalies import findings_as_dicts
from talentmarket.audit.schemas import AuditFilters
from talentmarket.errors import Conflict
from talentmarket.fairness.config import get_fairness_settings
from talentmarket.fairness.service import fairness_report
from talentmarket.governance import service as governance
from talentmarket.governance.schemas import DeprecateRequest, MergeRequest, SkillCreate
from talentmarket.ids import ID_MAX
from talentmarket.jobarch import profiles
from talentmarket.jobarch.profile_schemas import ProfileDecisionIn
from talentmarket.paging import PageRequest
from talentmarket.taxonomy import service as taxonomy
from talentmarket.web.deps import PagePrincipal, PageSession, render, require
from talentmarket.web.session import check_csrf
from talentmarket.workdesign import service as workdesign

router = APIRouter(prefix="/app/admin", include_in_schema=False)
SkillId = Annotated[int, Form(ge=1, le=ID_MAX)]


@router.get("/taxonomy", response_class=HTMLResponse)
def taxonomy_page(
    request: Request,
    session: PageSession,
    principal: PagePrincipal,
    q: Annotated[str, Query(max_length=200)] = "",
    done: Annotated[str, Query(max_length=300)] = "",
) -> HTMLResponse:
    """Search skills; add, deprecate and merge them."""
    require(principal, "POST", "/v1/skills/merge")
    found = taxonomy.list_skills(session, PageRequest(limit=25), q=q.strip() or None)
    return render(request, "taxonomy.html", principal, q=q, page=found, done=done)


@router.get("/roles", response_class=HTMLResponse)
def roles_page(
    request: Request,
    session: PageSession,
    principal: PagePrincipal,
    q: Annotated[str, Query(max_length=200)] = "",
) -> HTMLResponse:
    """Search roles by title, alternative title or code."""
    require(principal, "GET", "/v1/roles")
    found = taxonomy.list_roles(session, PageRequest(limit=25), q=q.strip() or None)
    return render(request, "roles.html", principal, q=q, page=found)


@router.get("/roles/{role_id}", response_class=HTMLResponse)
def role_page(
    request: Request,
    session: PageSession,
    principal: PagePrincipal,
    runtime: RuntimeDep,
    role_id: int,
    done: Annotated[str, Query(max_length=300)] = "",
) -> HTMLResponse:
    """One role: its skills with the levels asked, its tasks by exposure to language
    models with the role's exposure and the skills that grow in importance if exposed
    tasks shrink, its group and its roles; for HR, what its openings and real vacancies
    suggest adding to or dropping from its profile."""
    require(principal, "GET", "/v1/roles/{role_ref}")
    rid = min(role_id, ID_MAX)
    role = taxonomy.get_role(session, str(rid))
    children = taxonomy.role_children(session, rid, PageRequest(limit=50))
    redesign, unavailable = None, ""
    try:
        redesign = workdesign.work_redesign(session, runtime, rid, 0.5, [])
    except Conflict as exc:
        unavailable = exc.detail
    suggested = None
    if POLICY[("GET", "/v1/roles/{role_id}/profile-suggestions")].allows(principal.role, False):
        suggested = profiles.suggestions(session, rid)
    return render(
        request,
        "role.html",
        principal,
        role=role,
        children=children,
        redesign=redesign,
        unavailable=unavailable,
        suggested=suggested,
        done=done,
    )


@router.post("/roles/{role_id}/profile")
async def decide_profile(
    request: Request,
    session: PageSession,
    principal: PagePrincipal,
    role_id: int,
    skill_id: SkillId,
    action: Annotated[Literal["add", "drop"], Form()],
    decision: Annotated[Literal["accept", "reject"], Form()],
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Accept or reject one suggested change of a role profile."""
    await check_csrf(request)
    require(principal, "POST", "/v1/roles/{role_id}/profile-suggestions/decisions")
    rid = min(role_id, ID_MAX)
    body = ProfileDecisionIn(skill_id=skill_id, action=action, decision=decision, reason=reason)
    answer = profiles.decide(session, principal, rid, body)
    note = f"{decision}ed: {action} {answer.skill.label} (role version {answer.role_version})"
    return RedirectResponse(f"/app/admin/roles/{rid}?{urlencode({'done': note})}", status_code=303)


@router.get("/taxonomy/skills/{skill_id}", response_class=HTMLResponse)
def skill_page(
    request: Request,
    session: PageSession,
    runtime: RuntimeDep,
    principal: PagePrincipal,
    skill_id: int,
) -> HTMLResponse:
    """One skill with its broader and narrower skills and its closest relations."""
    require(principal, "GET", "/v1/skills/{skill_ref}")
    sid = min(skill_id, ID_MAX)
    skill = taxonomy.get_skill(session, str(sid))
    parents = taxonomy.skill_parents(session, sid)
    children = taxonomy.skill_children(session, sid, PageRequest(limit=50))
    related = taxonomy.related_skills(session, sid, 12, runtime)
    return render(
        request,
        "skill.html",
        principal,
        skill=skill,
        parents=parents,
        children=children,
        related=related,
    )


@router.post("/taxonomy/skills")
async def add_skill(
    request: Request,
    session: PageSession,
    runtime: RuntimeDep,
    principal: PagePrincipal,
    label: Annotated[str, Form(min_length=1, max_length=255)],
    description: Annotated[str, Form(max_length=10_000)] = "",
) -> Response:
    """Add a local skill; near-duplicates are reported, not refused."""
    await check_csrf(request)
    require(principal, "POST", "/v1/skills")
    written = governance.create_skill(
        runtime, session, principal, SkillCreate(label=label, description=description)
    )
    warned = "; ".join(w.detail for w in written.warnings)
    note = f"added {written.label}" + (f" (near-duplicate: {warned})" if warned else "")
    query = urlencode({"q": label, "done": note[:280]})
    return RedirectResponse(f"/app/admin/taxonomy?{query}", status_code=303)


@router.post("/taxonomy/merge")
async def merge(
    request: Request,
    session: PageSession,
    principal: PagePrincipal,
    source_id: SkillId,
    target_id: SkillId,
    action: Annotated[Literal["merge", "deprecate"], Form()] = "merge",
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Merge a skill into another, or deprecate it with the other as replacement: every
    profile, requirement and link moves over."""
    await check_csrf(request)
    if action == "merge":
        require(principal, "POST", "/v1/skills/merge")
        body = MergeRequest(source_id=source_id, target_id=target_id, reason=reason)
        result = governance.merge_skills(session, principal, body)
    else:
        require(principal, "POST", "/v1/skills/{skill_id}/deprecate")
        change = DeprecateRequest(replacement_id=target_id, reason=reason)
        result = governance.deprecate_skill(session, principal, source_id, change)
    moved = result.counts.get("moved_employee_skills", 0) + result.counts.get(
        "merged_employee_skills", 0
    )
    note = f"{action}d skill {source_id} into {target_id}: {moved} profiles followed"
    return RedirectResponse(f"/app/admin/taxonomy?{urlencode({'done': note})}", status_code=303)


@router.get("/analytics", response_class=HTMLResponse)
def analytics_page(
    request: Request,
    session: PageSession,
    runtime: RuntimeDep,
    principal: PagePrincipal,
    group_by: Annotated[Literal["department", "location", "role"], Query()] = "department",
) -> HTMLResponse:
    """Skill supply against demand per group, largest shortage first."""
    require(principal, "GET", "/v1/analytics/skills")
    min_cell = get_analytics_settings().min_cell
    rows, total = analytics_service.skill_gaps(
        runtime, session, principal, group_by, 3, min_cell, None, PageRequest(limit=40)
    )
    top = max([r.cell.demand for r in rows] + [r.cell.supply or 0 for r in rows] + [1])
    return render(
        request,
        "analytics.html",
        principal,
        rows=rows,
        total=total,
        group_by=group_by,
        top=top,
        min_cell=min_cell,
    )


@router.get("/fairness", response_class=HTMLResponse)
def fairness_page(
    request: Request,
    session: PageSession,
    principal: PagePrincipal,
    stage: Annotated[Literal["ranked_top_k", "shortlisted", "selected"], Query()] = "shortlisted",
) -> HTMLResponse:
    """The fairness audit of all that was recorded: flags first."""
    require(principal, "GET", "/v1/audits/fairness")
    options = get_fairness_settings()
    report = fairness_report(
        session,
        None,
        None,
        None,
        (stage,),
        top_k=options.top_k,
        min_cell=options.min_cell,
        alpha=options.alpha,
    )
    rows = sorted(report.rows, key=lambda r: (not r.flag, r.dimension, r.category))
    return render(request, "fairness.html", principal, report=report, rows=rows, stage=stage)


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    session: PageSession,
    principal: PagePrincipal,
    caller: Annotated[str, Query(max_length=200)] = "",
) -> HTMLResponse:
    """The newest audit events, and callers whose access looks like misuse."""
    require(principal, "GET", "/v1/audit/events")
    events = audit_service.query(
        session, AuditFilters(caller=caller.strip() or None), PageRequest(limit=50)
    )
    _start, findings, read = detection.detect(session, None, None)
    return render(
        request,
        "audit.html",
        principal,
        events=events,
        caller=caller,
        findings=findings_as_dicts(findings),
        read=read,
    )
