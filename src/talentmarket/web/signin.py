"""Signing in and out of the web app.

With the company's identity provider, the sign-in page takes a bearer token from it and
keeps it as the session. In development (`make run`), it also lists demo people to pick:
an employee, their manager, a recruiter and an admin, each signed with the service's own
key, so every journey can be tried without an identity provider.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from talentmarket.api.deps import RuntimeDep
from talentmarket.auth.service import demo_sign_in_key, demo_token
from talentmarket.auth.tokens import AuthRole
from talentmarket.people.repository import PeopleRepository
from talentmarket.principal import AuthenticationFailed, Principal
from talentmarket.runtime import Runtime
from talentmarket.web.deps import render
from talentmarket.web.session import (
    SignInRequired,
    check_csrf,
    page_principal,
    sign_in,
    sign_out,
)

router = APIRouter(prefix="/app", include_in_schema=False)

HOME: dict[str, str] = {
    "employee": "/app/me",
    "recruiter": "/app/openings",
    "admin": "/app/openings",
    "integration": "/app/sign-in",
}


def home_of(principal: Principal) -> str:
    """Where a caller lands after signing in."""
    if principal.role == "admin" and principal.employee_id is None:
        return HOME["admin"]
    return HOME[principal.role]


def demo_people(runtime: Runtime) -> list[dict[str, Any]]:
    """The people the development sign-in offers (none outside development)."""
    if demo_sign_in_key(runtime.settings) is None:
        return []
    with runtime.sessionmaker() as session:
        person = PeopleRepository(session).first_report()
        manager = None
        if person is not None and person.manager_id is not None:
            manager = PeopleRepository(session).find(person.manager_id)
    people: list[dict[str, Any]] = []
    if person is not None:
        people.append({"value": f"employee:{person.id}", "label": person.name, "role": "employee"})
    if manager is not None:
        people.append(
            {"value": f"employee:{manager.id}", "label": manager.name, "role": "employee (manager)"}
        )
    people.append({"value": "recruiter", "label": "A recruiter", "role": "recruiter"})
    people.append({"value": "admin", "label": "An HR admin", "role": "admin"})
    return people


@router.get("", response_class=HTMLResponse)
def app_home(request: Request) -> Response:
    """The signed-in caller's start page, or the sign-in page."""
    try:
        principal = page_principal(request)
    except SignInRequired:  # no or expired session
        return RedirectResponse("/app/sign-in", status_code=303)
    return RedirectResponse(home_of(principal), status_code=303)


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_page(request: Request, runtime: RuntimeDep, error: str = "") -> HTMLResponse:
    """Sign in with a token of the identity provider, or pick a demo person."""
    return render(request, "signin.html", None, people=demo_people(runtime), error=error[:200])


@router.post("/sign-in")
async def sign_in_submit(
    request: Request,
    runtime: RuntimeDep,
    person: Annotated[str, Form()] = "",
    token: Annotated[str, Form()] = "",
) -> Response:
    """Start a session from a picked demo person or a pasted token."""
    await check_csrf(request)
    settings = runtime.settings
    if person:
        key = demo_sign_in_key(settings)
        offered = {p["value"] for p in demo_people(runtime)}
        if key is None or person not in offered:
            return RedirectResponse("/app/sign-in?error=unknown+person", status_code=303)
        role, _, ident = person.partition(":")
        chosen: AuthRole = "employee" if role == "employee" else role  # type: ignore[assignment]
        token = demo_token(settings, key, chosen, int(ident) if ident else None)
    try:
        authenticate = request.app.state.authenticate
        identity = authenticate(f"Bearer {token.strip()}", None, None)
    except AuthenticationFailed as exc:
        return RedirectResponse(f"/app/sign-in?error={exc.detail[:120]}", status_code=303)
    principal = Principal(id=identity.id, role=identity.role, employee_id=identity.employee_id)
    response = RedirectResponse(home_of(principal), status_code=303)
    sign_in(request, response, token.strip(), settings.auth_token_ttl)
    return response


@router.post("/sign-out")
async def sign_out_submit(request: Request) -> Response:
    """End the session."""
    await check_csrf(request)
    response = RedirectResponse("/app/sign-in", status_code=303)
    sign_out(response)
    return response
