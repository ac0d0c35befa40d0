"""The employee's career and privacy pages: career paths drawn as a picture (roles as
nodes, each move labelled with its skill gap and effort), the skill gap to a chosen role,
learning recommendations; who read or ranked me, my visibility, and my data export."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from talentmarket.api.deps import RuntimeDep
from talentmarket.audit import service as audit_service
from talentmarket.careers import gap_service, learning_service, paths_service, related_service
from talentmarket.careers.schemas import CareerPaths
from talentmarket.errors import Conflict
from talentmarket.paging import PageRequest
from talentmarket.people import service as people_service
from talentmarket.people.schemas import EmployeeUpdate
from talentmarket.privacy import service as privacy_service
from talentmarket.web.deps import PagePrincipal, PageSession, render, require
from talentmarket.web.employee import me_of
from talentmarket.web.session import check_csrf
from talentmarket.workdesign import service as workdesign

router = APIRouter(prefix="/app/me", include_in_schema=False)

COLUMN, ROW, NODE_W, NODE_H = 330, 64, 170, 40


@dataclass(frozen=True)
class Node:
    """A role in the picture, at its place."""

    x: int
    y: int
    title: str
    role_id: int


@dataclass(frozen=True)
class Edge:
    """A move in the picture, labelled with what it takes."""

    x1: int
    y1: int
    x2: int
    y2: int
    label: str


def path_picture(paths: CareerPaths) -> tuple[list[Node], list[Edge], int, int]:
    """Nodes and edges of the paths, one row per path, one column per move (the start
    role in the first column); with the picture's width and height."""
    nodes: list[Node] = []
    edges: list[Edge] = []
    start = paths.start_role.title if paths.start_role else "Where I am now"
    start_id = paths.start_role.id if paths.start_role else 0
    rows = max(1, len(paths.paths))
    nodes.append(Node(10, (rows - 1) * ROW // 2 + 10, start, start_id))
    longest = 1
    for r, path in enumerate(paths.paths):
        previous = nodes[0]
        for c, step in enumerate(path.steps, start=1):
            node = Node(10 + c * COLUMN, 10 + r * ROW, step.role.title, step.role.id)
            label = f"+{step.levels:g} levels, ~{step.months:g} mo"
            edges.append(
                Edge(
                    previous.x + NODE_W,
                    previous.y + NODE_H // 2,
                    node.x,
                    node.y + NODE_H // 2,
                    label,
                )
            )
            nodes.append(node)
            previous = node
            longest = max(longest, c)
    return nodes, edges, 20 + (longest + 1) * COLUMN, 20 + rows * ROW


@router.get("/career", response_class=HTMLResponse)
def career_page(
    request: Request,
    session: PageSession,
    runtime: RuntimeDep,
    principal: PagePrincipal,
    target: Annotated[str, Query(max_length=255)] = "",
) -> HTMLResponse:
    """Where I could go next, what each move takes, what to learn, and how language models
    touch my role (the skills that grow, moves toward less exposed roles)."""
    me = me_of(principal)
    require(principal, "GET", "/v1/employees/{employee_id}/career-paths", own=True)
    target = target.strip()
    paths = paths_service.career_paths(session, runtime, principal, me, target or None, 3, 5)
    gap = None
    if target:
        gap = gap_service.skill_gap(session, runtime, principal, me, target, None)
    plan = learning_service.learning(session, runtime, principal, me, 8)
    related = None
    if paths.start_role is not None:
        related = related_service.related_roles(session, runtime, paths.start_role.id, 8)
    reskilling, unavailable = None, ""
    try:
        reskilling = workdesign.reskilling(session, runtime, me)
    except Conflict as exc:
        unavailable = exc.detail
    nodes, edges, width, height = path_picture(paths)
    return render(
        request,
        "career.html",
        principal,
        paths=paths,
        gap=gap,
        plan=plan,
        related=related,
        target=target,
        nodes=nodes,
        edges=edges,
        width=width,
        height=height,
        node_w=NODE_W,
        node_h=NODE_H,
        reskilling=reskilling,
        unavailable=unavailable,
    )


@router.get("/privacy", response_class=HTMLResponse)
def privacy_page(request: Request, session: PageSession, principal: PagePrincipal) -> HTMLResponse:
    """Who read or ranked my data, my visibility, and my export."""
    me = me_of(principal)
    require(principal, "GET", "/v1/employees/{employee_id}", own=True)
    person = people_service.get_employee(session, principal, me)
    log = audit_service.access_log_for(
        session, me, PageRequest(limit=50), exclude_caller=principal.id
    )
    return render(request, "privacy.html", principal, person=person, log=log)


@router.post("/privacy")
async def update_visibility(
    request: Request,
    session: PageSession,
    runtime: RuntimeDep,
    principal: PagePrincipal,
    open_to_opportunities: Annotated[bool, Form()] = False,
    visible_to_recruiters: Annotated[bool, Form()] = False,
    share_skills: Annotated[bool, Form()] = False,
) -> Response:
    """Whether recruiters may find me, whether I am open to opportunities, and whether my
    skills go to other systems."""
    await check_csrf(request)
    me = me_of(principal)
    require(principal, "PATCH", "/v1/employees/{employee_id}", own=True)
    body = EmployeeUpdate(
        open_to_opportunities=open_to_opportunities,
        visible_to_recruiters=visible_to_recruiters,
        share_skills=share_skills,
    )
    people_service.update_employee(session, me, body, runtime.encoder)
    return RedirectResponse("/app/me/privacy", status_code=303)


@router.get("/export")
def export_page(session: PageSession, principal: PagePrincipal) -> Response:
    """Everything held about me, as one JSON file."""
    me = me_of(principal)
    require(principal, "GET", "/v1/employees/{employee_id}/export", own=True)
    document = privacy_service.export_employee(session, principal, me)
    return Response(
        json.dumps(document, default=str, indent=1),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="my-talentmarket-data.json"'},
    )
