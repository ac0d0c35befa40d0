"""Rate limits per caller on the costly routes, and the guard every /v1 route runs.

Counters come from the `limits` library (moving window). With the default
`memory://` store each worker process counts on its own, so N workers let a caller
through up to N times the limit; a shared store (`TALENTMARKET_RATE_LIMIT_STORAGE`,
e.g. redis://) makes the limit hold across workers and hosts.
"""

from __future__ import annotations

import math
import time
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import contextmanager_in_threadpool, run_in_threadpool
from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from talentmarket.api.modelgate import ModelGate
from talentmarket.api.security import Principal, PrincipalDep
from talentmarket.config import Settings
from talentmarket.errors import InvalidRequest, TooManyRequests

# (method, route template) -> class. A test checks that every template here is a route.
RATE_CLASSES: dict[tuple[str, str], str] = {
    ("GET", "/v1/openings/{opening_id}/candidates"): "ranking",
    ("GET", "/v1/employees/{employee_id}/opportunities"): "ranking",
    ("GET", "/v1/matches"): "ranking",
    ("POST", "/v1/candidates/search"): "search",
    ("POST", "/v1/skills/extract"): "extraction",
    ("POST", "/v1/employees/{employee_id}/skills/infer"): "extraction",
    ("POST", "/v1/openings/{opening_id}/requirements/suggest"): "extraction",
    ("POST", "/v1/roles/normalize"): "titles",
    ("GET", "/v1/analytics/skills"): "export",
    ("GET", "/v1/taxonomy/graph"): "export",
}

DEFAULT_RATE_LIMITS: dict[str, str] = {
    "ranking": "120/minute",
    "search": "60/minute",
    "extraction": "30/minute;300/hour",
    "titles": "300/minute",
    "export": "10/minute",
}

# Classes whose requests run the model and so also queue at the model gate.
MODEL_CLASSES = frozenset({"extraction"})


def parse_limits(overrides: dict[str, str]) -> dict[str, list[RateLimitItem]]:
    """The limits per class: defaults, then the overrides ("" turns a class off)."""
    merged = {**DEFAULT_RATE_LIMITS, **overrides}
    unknown = set(merged) - set(DEFAULT_RATE_LIMITS)
    if unknown:
        raise InvalidRequest(f"unknown rate-limit classes: {sorted(unknown)}")
    parsed: dict[str, list[RateLimitItem]] = {}
    for name, text in merged.items():
        try:
            parsed[name] = parse_many(text) if text.strip() else []
        except ValueError as exc:
            raise InvalidRequest(f"rate limit {name}={text!r} is not like '10/minute'") from exc
    return parsed


class RateLimiter:
    """Moving-window limits per (class, caller)."""

    def __init__(self, limits: dict[str, list[RateLimitItem]], storage: str = "memory://"):
        self.limits = limits
        self.storage = storage
        self._limiter = MovingWindowRateLimiter(storage_from_string(storage))
        # the memory store counts in this process and never waits on a network
        self.in_process = storage.startswith("memory://")

    @classmethod
    def from_settings(cls, settings: Settings) -> RateLimiter:
        """Build from TALENTMARKET_RATE_LIMITS and TALENTMARKET_RATE_LIMIT_STORAGE."""
        return cls(parse_limits(settings.rate_limits), settings.rate_limit_storage)

    def hit(self, kind: str, caller: str) -> None:
        """Count one request; raise TooManyRequests (with Retry-After) when over a limit."""
        for item in self.limits.get(kind, []):
            if self._limiter.hit(item, kind, caller):
                continue
            stats = self._limiter.get_window_stats(item, kind, caller)
            retry = max(1, math.ceil(stats.reset_time - time.time()))
            raise TooManyRequests(
                f"rate limit for {kind} requests reached ({item}); retry in {retry} s",
                retry_after=retry,
                headers={
                    "Retry-After": str(retry),
                    "RateLimit-Limit": str(item.amount),
                    "RateLimit-Remaining": "0",
                    "RateLimit-Reset": str(retry),
                },
            )


def caller_key(request: Request, principal: Principal) -> str:
    """Whom a limit counts: the principal, or the client address for anonymous callers."""
    if principal.id != "anonymous":
        return principal.id
    client = request.client
    return f"ip:{client.host if client else 'unknown'}"


def route_class(request: Request) -> str | None:
    """The rate-limit class of the matched route, if it has one."""
    path = getattr(request.scope.get("route"), "path", None)
    return RATE_CLASSES.get((request.method, path)) if isinstance(path, str) else None


async def guard(request: Request, principal: PrincipalDep) -> AsyncIterator[None]:
    """Run before every /v1 handler: note the caller for the access log, count the
    request against its class's limit, and hold a model slot for model work. A coroutine,
    so that most requests pass it without a worker thread (a hop of about a quarter of a
    millisecond on two cores); a shared rate-limit store and the wait for a model slot
    block, and run in worker threads."""
    request.state.principal_id = principal.id
    kind = route_class(request)
    if kind is None:
        yield
        return
    limiter: RateLimiter = request.app.state.rate_limiter
    if limiter.in_process:
        limiter.hit(kind, caller_key(request, principal))
    else:
        await run_in_threadpool(limiter.hit, kind, caller_key(request, principal))
    if kind not in MODEL_CLASSES:
        yield
        return
    gate: ModelGate = request.app.state.model_gate
    async with contextmanager_in_threadpool(gate.slot()):
        yield


GuardDep = Annotated[None, Depends(guard, scope="function")]
