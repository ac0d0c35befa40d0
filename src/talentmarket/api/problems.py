"""RFC 9457 problem details: one place maps errors to status codes and renders them."""

from __future__ import annotations

import html
import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from talentmarket import errors

log = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE = "/problems/"

STATUS_BY_ERROR: dict[type[errors.TalentMarketError], int] = {
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.InvalidRequest: 400,
    errors.MalformedInput: 422,
    errors.PayloadTooLarge: 413,
    errors.Forbidden: 403,
    errors.ImportFormatError: 422,
    errors.ServiceUnavailable: 503,
    errors.TooManyRequests: 429,
}

# Stable problem types, documented at GET /problems/{code}.
PROBLEM_TYPES: dict[str, str] = {
    "not-found": "The resource does not exist (check the id or URI).",
    "conflict": "The request conflicts with stored data, e.g. a duplicate email or external id.",
    "invalid-request": "The request is well-formed but cannot be carried out as asked.",
    "validation-error": "A field, parameter or payload is malformed; see `errors`.",
    "payload-too-large": "The text or body is longer than the service accepts.",
    "forbidden": "The caller's role may not do this.",
    "unauthorized": "No valid bearer token or API key was given (see WWW-Authenticate).",
    "import-format-error": "A taxonomy file has a row that cannot be imported.",
    "service-unavailable": "A component (model, index) is not ready yet, or the model is busy; "
    "retry after the seconds in `Retry-After`.",
    "too-many-requests": "The caller used up its rate limit for this kind of request; "
    "retry after the seconds in `Retry-After`.",
    "method-not-allowed": "The path exists but not with this HTTP method.",
    "unsupported-media-type": "The body is not JSON; send `Content-Type: application/json`.",
    "http-error": "An HTTP error without a more specific type.",
    "internal-error": "An unexpected error; it was logged. No details are exposed.",
}


class Problem(BaseModel):
    """An RFC 9457 problem details object."""

    type: str = Field(examples=["/problems/not-found"])
    title: str
    status: int
    detail: str = ""
    instance: str = ""
    errors: list[dict[str, Any]] | None = None


def problem_response(
    request: Request, status: int, code: str, title: str, detail: str, **extra: Any
) -> JSONResponse:
    """Render one problem as application/problem+json."""
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + code,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
    }
    body.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE)


def status_for(error: errors.TalentMarketError) -> int:
    """The HTTP status of a domain error (nearest mapped base class)."""
    for cls in type(error).__mro__:
        if cls in STATUS_BY_ERROR:
            return STATUS_BY_ERROR[cls]
    return 500


def problem_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for the problem statuses an endpoint can return."""
    return {
        code: {
            "model": Problem,
            "description": HTTPStatus(code).phrase,
            "content": {PROBLEM_MEDIA_TYPE: {}},
        }
        for code in codes
    }


def _clean_validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    cleaned = []
    for err in exc.errors():
        item = {"loc": list(err.get("loc", ())), "msg": err.get("msg", ""), "type": err.get("type")}
        cleaned.append(item)
    return cleaned


async def _domain(request: Request, exc: errors.TalentMarketError) -> JSONResponse:
    extra = dict(exc.extra)
    headers: dict[str, str] = extra.pop("headers", None) or {}
    if isinstance(exc, errors.MalformedInput):
        field = extra.pop("field", "")
        extra["errors"] = [{"loc": field.split(".") if field else [], "msg": exc.detail}]
    response = problem_response(request, status_for(exc), exc.code, exc.title, exc.detail, **extra)
    response.headers.update(headers)
    return response


async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    errs = _clean_validation_errors(exc)
    first = errs[0] if errs else {"loc": [], "msg": "invalid request"}
    where = ".".join(str(p) for p in first["loc"])
    detail = f"{where}: {first['msg']}" if where else str(first["msg"])
    return problem_response(
        request, 422, "validation-error", "Malformed request", detail, errors=errs
    )


async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = {
        404: "not-found",
        405: "method-not-allowed",
        401: "unauthorized",
        413: "payload-too-large",
    }.get(exc.status_code, "http-error")
    phrase = HTTPStatus(exc.status_code).phrase
    detail = exc.detail if isinstance(exc.detail, str) else phrase
    response = problem_response(request, exc.status_code, code, phrase, detail)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _integrity(request: Request, exc: IntegrityError) -> JSONResponse:
    # Two writers raced past the service's own checks; the database kept its rules.
    # The driver's message can quote the row (PostgreSQL: `Key (email)=(...)`), and the
    # path can hold an external id: log the route and the constraint, not the values.
    diag = getattr(exc.orig, "diag", None)
    log.info(
        "integrity error on %s %s: %s %s",
        request.method,
        getattr(request.scope.get("route"), "path", "<unmatched>"),
        type(exc.orig).__name__,
        getattr(diag, "constraint_name", None) or "",
    )
    return problem_response(
        request,
        409,
        "conflict",
        "Conflict",
        "the request conflicts with data written at the same time; retry",
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception(
        "unhandled error on %s %s",
        request.method,
        getattr(request.scope.get("route"), "path", "<unmatched>"),
    )
    return problem_response(
        request, 500, "internal-error", "Internal error", "An unexpected error occurred."
    )


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into problem+json, and the pages that
    describe each problem type."""
    app.add_exception_handler(errors.TalentMarketError, _domain)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http)  # type: ignore[arg-type]
    app.add_exception_handler(IntegrityError, _integrity)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)

    @app.get(
        "/problems/{code}",
        response_class=HTMLResponse,
        tags=["service"],
        responses=problem_responses(404),
    )
    def problem_type(code: str) -> str:
        """Human-readable description of a problem `type` (404 for a type that does not exist)."""
        text = PROBLEM_TYPES.get(code)
        if text is None:
            known = ", ".join(PROBLEM_TYPES)
            raise errors.NotFound(f"no problem type is called {code!r}; known: {known}")
        return f"<h1>{html.escape(code)}</h1><p>{html.escape(text)}</p>"
