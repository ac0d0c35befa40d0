"""Strict input on every API route: what a route does not read is refused, not ignored.

- A body sent to `/v1` must be JSON (`application/json` or `application/*+json`); a form,
  text or XML body answers 415 before the route runs (`JsonBodyMiddleware`).
- A query parameter the route does not declare answers 422 naming the allowed ones
  (`strict_query`): `GET /v1/employees?name=smith` must not quietly return everyone.
"""

from __future__ import annotations

from email.message import Message as MimeMessage
from typing import Any

from fastapi import FastAPI, Request
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from talentmarket.api.problems import problem_response
from talentmarket.errors import MalformedInput

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def is_json(content_type: str) -> bool:
    """True for application/json and application/*+json, with any parameters."""
    message = MimeMessage()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


def has_body(headers: Headers) -> bool:
    """Whether the request announces a body (a length above 0, or a chunked stream)."""
    length = headers.get("content-length")
    if length is not None:
        return length.strip() not in ("", "0")
    return "transfer-encoding" in headers


class JsonBodyMiddleware:
    """Pure ASGI: a `/v1` body that is not JSON answers 415 problem+json unread."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse a non-JSON body; pass everything else through."""
        if (
            scope["type"] == "http"
            and scope["method"] in BODY_METHODS
            and scope["path"].startswith("/v1/")
        ):
            headers = Headers(scope=scope)
            content_type = headers.get("content-type")
            if content_type and has_body(headers) and not is_json(content_type):
                response = problem_response(
                    Request(scope),
                    415,
                    "unsupported-media-type",
                    "Unsupported media type",
                    f"the body must be application/json, not {content_type.split(';')[0]}",
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def query_names(app: FastAPI, method: str, path: str) -> frozenset[str]:
    """The query parameter names an operation declares, read from the app's OpenAPI
    document (so parameters of dependencies and parameter models count too)."""
    table: dict[tuple[str, str], frozenset[str]] | None = getattr(app.state, "query_names", None)
    if table is None:
        table = {}
        paths: dict[str, dict[str, Any]] = app.openapi().get("paths", {})
        for template, operations in paths.items():
            for verb, operation in operations.items():
                params = operation.get("parameters", []) if isinstance(operation, dict) else []
                names = frozenset(p["name"] for p in params if p.get("in") == "query")
                table[(verb.upper(), template)] = names
        app.state.query_names = table
    return table.get((method, path), frozenset())


async def strict_query(request: Request) -> None:
    """Refuse query parameters the route does not declare (422, naming the allowed ones).
    The table is read from the OpenAPI document once, in a worker thread (building the
    document takes a while); after that the check runs on the event loop."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    if getattr(request.app.state, "query_names", None) is None:
        await run_in_threadpool(query_names, request.app, request.method, route.path_format)
    allowed = query_names(request.app, request.method, route.path_format)
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        named = ", ".join(sorted(allowed)) or "none"
        raise MalformedInput(
            f"unknown query parameter(s): {', '.join(unknown)}; this route takes: {named}",
            field="query." + unknown[0],
        )
