"""What every page depends on: the verified caller, an audited session, the templates."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from talentmarket.api.access import POLICY
from talentmarket.api.deps import RuntimeDep, audited_session
from talentmarket.errors import Forbidden
from talentmarket.principal import Principal
from talentmarket.web.session import csrf_value, keep_cookies, page_principal

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
# pages load their stylesheet and post their forms to this origin, and nothing else
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)


def get_page_principal(request: Request) -> Principal:
    """The signed-in caller (the sign-in page when there is none)."""
    return page_principal(request)


PagePrincipal = Annotated[Principal, Depends(get_page_principal)]


def get_page_session(
    request: Request, runtime: RuntimeDep, principal: PagePrincipal
) -> Iterator[Session]:
    """The page's session: one transaction, its reads audited as the API's are."""
    yield from audited_session(request, runtime, principal)


PageSession = Annotated[Session, Depends(get_page_session, scope="function")]


def require(principal: Principal, method: str, api_route: str, own: bool = False) -> None:
    """A page follows the rule of the API route it stands for (`api.access.POLICY`)."""
    if not POLICY[(method, api_route)].allows(principal.role, own):
        raise Forbidden(f"a {principal.role} may not see this page")


def render(
    request: Request,
    template: str,
    principal: Principal | None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """A page, with the caller and the form protection every template needs."""
    response = TEMPLATES.TemplateResponse(
        request,
        template,
        {"me": principal, "csrf": csrf_value(request), **context},
        status_code=status_code,
        headers={"Content-Security-Policy": PAGE_CSP, "Cache-Control": "no-store"},
    )
    keep_cookies(request, response)
    return response
