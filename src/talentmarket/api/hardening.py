"""What wraps every request: request ids, the access log, security headers, CORS, body
limits, JSON-only bodies and the per-route guard (rate limits, model queue, strict query
parameters)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp

from talentmarket.api.access import authorize
from talentmarket.api.accesslog import AccessLogMiddleware
from talentmarket.api.bodysize import BodySizeLimitMiddleware, text_body_limit
from talentmarket.api.docs import install_docs
from talentmarket.api.headers import SecurityHeadersMiddleware
from talentmarket.api.limits import RateLimiter, guard
from talentmarket.api.methods import install as install_methods
from talentmarket.api.methods import literal_path_first
from talentmarket.api.modelgate import ModelGate
from talentmarket.api.problems import problem_responses
from talentmarket.api.request_id import HEADER as REQUEST_ID_HEADER
from talentmarket.api.request_id import RequestIdMiddleware
from talentmarket.api.strict import JsonBodyMiddleware, strict_query
from talentmarket.config import Settings


class HardenedFastAPI(FastAPI):
    """FastAPI whose outermost layers (outside even the 500 handler) add the request id,
    the access log line and the security headers, so error responses carry them too."""

    def build_middleware_stack(self) -> ASGIApp:
        """Starlette's stack, wrapped in the three outer layers."""
        inner = super().build_middleware_stack()
        return RequestIdMiddleware(AccessLogMiddleware(SecurityHeadersMiddleware(inner)))


def install(app: FastAPI, settings: Settings) -> None:
    """Set up body limits, the limiter, the model gate, CORS and the local docs on a new app."""
    app.add_middleware(JsonBodyMiddleware)
    app.add_middleware(
        BodySizeLimitMiddleware,
        default_limit=settings.max_body_bytes,
        text_limit=text_body_limit(settings),
    )
    app.state.rate_limiter = RateLimiter.from_settings(settings)
    app.state.model_gate = ModelGate.from_settings(settings)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-API-Key", REQUEST_ID_HEADER],
            expose_headers=[
                REQUEST_ID_HEADER,
                "Retry-After",
                "RateLimit-Limit",
                "RateLimit-Remaining",
                "RateLimit-Reset",
            ],
            allow_credentials=False,  # callers send bearer tokens, not cookies
            max_age=600,
        )
    install_docs(app)
    install_methods(app)


def include(app: FastAPI, router: APIRouter) -> None:
    """Mount a feature router behind the guard, the access policy and strict query input."""
    app.include_router(
        router,
        dependencies=[
            Depends(guard, scope="function"),
            Depends(literal_path_first),
            Depends(authorize),
            Depends(strict_query),
        ],
        # what the guard, the policy and strict input may answer on any route
        responses=problem_responses(401, 403, 422, 429),
    )
