"""Who is using the web app: a session cookie holding the same bearer token the API takes,
verified on every request by the same authenticator; and CSRF protection for forms.

- `tm_session`: the token (HTTP-only, SameSite=Lax, Secure over HTTPS, path `/app`).
  It is set by the sign-in page from a token of the company's identity provider, or, in
  development (`make run`: the service's own signing key, bound to a loopback address),
  from a demo person picked on the page.
- `tm_csrf`: a random value the page repeats in every form (double submit); a POST whose
  form value differs is refused.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request, Response

from talentmarket.errors import Forbidden
from talentmarket.principal import Authenticate, AuthenticationFailed, Principal

SESSION = "tm_session"
CSRF = "tm_csrf"
PATH = "/app"


class SignInRequired(Exception):
    """No valid session: the page sends the browser to the sign-in page."""


class CsrfRejected(Forbidden):
    """A form came without the page's CSRF value."""

    def __init__(self) -> None:
        super().__init__(
            "This form did not come from this page, or the page is old: reload it and try again."
        )


def page_principal(request: Request) -> Principal:
    """The verified caller of a page, from the session cookie (or an Authorization
    header, so the pages also serve a client that sends a bearer token)."""
    token = request.cookies.get(SESSION)
    authorization = request.headers.get("authorization") or (f"Bearer {token}" if token else None)
    if authorization is None:
        raise SignInRequired
    authenticate: Authenticate = request.app.state.authenticate
    try:
        client = request.client.host if request.client else None
        identity = authenticate(authorization, None, client)
    except AuthenticationFailed:
        raise SignInRequired from None
    return Principal.model_validate(
        {"id": identity.id, "role": identity.role, "employee_id": identity.employee_id}
    )


def csrf_value(request: Request) -> str:
    """The CSRF value of this browser (a fresh one when it has none yet)."""
    value = request.cookies.get(CSRF)
    if not value:
        value = getattr(request.state, "new_csrf", None) or secrets.token_urlsafe(32)
        request.state.new_csrf = value
    return value


async def check_csrf(request: Request) -> None:
    """Refuse a form POST whose `csrf` field does not match the browser's cookie."""
    form = await request.form()
    sent = form.get("csrf")
    kept = request.cookies.get(CSRF)
    if not isinstance(sent, str) or not kept or not hmac.compare_digest(sent, kept):
        raise CsrfRejected


def keep_cookies(request: Request, response: Response) -> Response:
    """Set the CSRF cookie this page handed out, if it is new."""
    new = getattr(request.state, "new_csrf", None)
    if new:
        response.set_cookie(
            CSRF, new, httponly=True, samesite="strict", secure=_https(request), path=PATH
        )
    return response


def sign_in(request: Request, response: Response, token: str, max_age: int) -> None:
    """Keep the token as the session."""
    response.set_cookie(
        SESSION,
        token,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=_https(request),
        path=PATH,
    )


def sign_out(response: Response) -> None:
    """Forget the session."""
    response.delete_cookie(SESSION, path=PATH)


def _https(request: Request) -> bool:
    return request.url.scheme == "https"
