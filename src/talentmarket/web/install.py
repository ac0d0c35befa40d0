"""Mount the web app on the FastAPI app: its pages, its stylesheet, and human error pages
for everything under `/app` (the API keeps problem+json)."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from talentmarket.api.problems import status_for
from talentmarket.errors import TalentMarketError
from talentmarket.web import admin, career, employee, manager, recruiter, signin
from talentmarket.web.deps import render
from talentmarket.web.session import SignInRequired

log = logging.getLogger(__name__)
Handler = Callable[[Request, Any], Any]

HEADINGS = {400: "That did not work", 403: "Not for you", 404: "Not found", 409: "Already done"}


def _human(exc: Exception) -> tuple[int, str]:
    """The status and a sentence for a person, never a stack trace."""
    if isinstance(exc, TalentMarketError):
        return status_for(exc), str(exc)
    if isinstance(exc, RequestValidationError):
        fields = sorted({str(e.get("loc", ("", ""))[-1]) for e in exc.errors()})
        return 400, f"Some fields were not filled in correctly: {', '.join(fields)}."
    if isinstance(exc, StarletteHTTPException):
        if exc.status_code == 404:
            return 404, "There is no such page."
        return exc.status_code, str(exc.detail)
    log.exception("page failed", exc_info=exc)
    return 500, "Something went wrong on our side. Please try again in a moment."


def _pages_first(api_handler: Handler) -> Handler:
    """Render errors of pages as pages; leave every other path to the API's handler."""

    async def handle(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/app") and not request.url.path.startswith("/app/static"):
            status, message = _human(exc)
            heading = HEADINGS.get(status, "Sorry")
            return render(
                request, "error.html", None, status_code=status, heading=heading, message=message
            )
        answer = api_handler(request, exc)
        result: Response = await answer if inspect.isawaitable(answer) else answer
        return result

    return handle


def _to_sign_in(request: Request, exc: Exception) -> Response:
    return RedirectResponse("/app/sign-in", status_code=303)


def install(app: FastAPI) -> None:
    """Add `/app` after the API's error handlers are installed."""
    app.include_router(signin.router)
    app.include_router(employee.router)
    app.include_router(recruiter.router)
    app.include_router(career.router)
    app.include_router(manager.router)
    app.include_router(admin.router)
    app.mount(
        "/app/static", StaticFiles(directory=Path(__file__).parent / "static"), name="app-static"
    )
    for kind in (TalentMarketError, RequestValidationError, StarletteHTTPException, Exception):
        app.add_exception_handler(kind, _pages_first(app.exception_handlers[kind]))
    app.add_exception_handler(SignInRequired, _to_sign_in)
