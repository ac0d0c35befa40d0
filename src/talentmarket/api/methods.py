"""Method errors that name every method a path takes.

Starlette answers 405 with the methods of the first route whose path matched, so
`OPTIONS /v1/employees` said `Allow: POST` although `GET` works too; and a literal path
such as `/v1/skills/extract` also matches `/v1/skills/{skill_id}`, so `PATCH` on it
reached the skill route and failed on the id (422) instead of answering 405. Here the
`Allow` header lists the methods of every route on the path, literal routes first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from talentmarket.api.problems import problem_response


@dataclass(frozen=True)
class ServedRoute:
    """One route the app serves: its path template, methods and path pattern."""

    path: str
    methods: frozenset[str]
    pattern: re.Pattern[str]

    @property
    def literal(self) -> bool:
        """True for a path without parameters (`/v1/skills/extract`)."""
        return "{" not in self.path


def served_routes(app: FastAPI) -> list[ServedRoute]:
    """Every route with methods the app serves, flattened out of included routers (newer
    FastAPI keeps included routers as one entry each in `app.routes`)."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # FastAPI before lazily included routers: the list is flat
        contexts: list[object] = list(app.routes)
    else:
        contexts = list(iter_route_contexts(app.routes))
    found = []
    for ctx in contexts:
        path, methods = getattr(ctx, "path", None), getattr(ctx, "methods", None)
        if isinstance(path, str) and methods:
            found.append(ServedRoute(path, frozenset(methods), compile_path(path)[0]))
    return found


def _cached(app: FastAPI) -> list[ServedRoute]:
    """served_routes, rebuilt when routes are added."""
    key = len(app.routes), len(app.router.routes)
    hit: tuple[object, list[ServedRoute]] | None = getattr(app.state, "served_routes", None)
    if hit is None or hit[0] != key:
        hit = (key, served_routes(app))
        app.state.served_routes = hit
    return hit[1]


def allowed_methods(app: FastAPI, path: str) -> list[str]:
    """The methods a path takes: those of the literal routes on it when there are any
    (`/v1/skills/extract`), else those of the templated ones (`/v1/skills/{skill_id}`)."""
    matched = [r for r in _cached(app) if r.pattern.match(path)]
    literal = [r for r in matched if r.literal]
    return sorted({m for r in (literal or matched) for m in r.methods})


async def literal_path_first(request: Request) -> None:
    """On a templated route, refuse a path that belongs to a literal route (405)."""
    path = request.url.path
    route_path = getattr(request.scope.get("route"), "path", "")
    if "{" in route_path and any(r.literal and r.path == path for r in _cached(request.app)):
        raise StarletteHTTPException(405)


def install(app: FastAPI) -> None:
    """Answer every 405 with the full Allow list."""

    @app.exception_handler(405)
    async def _method_not_allowed(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        allow = allowed_methods(request.app, request.url.path)
        response = problem_response(
            request,
            405,
            "method-not-allowed",
            "Method Not Allowed",
            f"{request.method} is not allowed here; this path takes {', '.join(allow)}",
        )
        response.headers["Allow"] = ", ".join(allow)
        return response
