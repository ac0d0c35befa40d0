"""Request bodies refused by size before they are read.

Pure ASGI: a Content-Length over the route's limit is answered 413 without the app
being called, so not a byte of the body is taken; a body without a length (chunked) is
counted as it streams and cut off with 413 as soon as it passes the limit. (Starlette's
own limiter does the same but answers in text/plain; the API answers in problem+json.)
Routes that take a free text allow what `max_text_chars` needs; every other route the
default `max_body_bytes`.
"""

from __future__ import annotations

import re

from fastapi import Request
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from talentmarket.api.problems import problem_response
from talentmarket.config import Settings

# Routes whose body carries a free text of up to max_text_chars characters.
TEXT_ROUTES = frozenset(
    {
        "/v1/skills/extract",
        "/v1/employees/{employee_id}/skills/infer",
        "/v1/openings/{opening_id}/requirements/suggest",
        "/v1/roles/normalize",
    }
)
# JSON may spell one character as \uXXXX (6 bytes); 6 per character plus room for the
# other fields covers any text a person writes.
BYTES_PER_CHAR = 6
ENVELOPE_BYTES = 64 * 1024


def text_body_limit(settings: Settings) -> int:
    """Largest body a text route accepts: what max_text_chars needs, at least the default."""
    return max(settings.max_body_bytes, BYTES_PER_CHAR * settings.max_text_chars + ENVELOPE_BYTES)


def template_pattern(template: str) -> re.Pattern[str]:
    """A regex matching the paths of a route template (`{name}` is one path segment)."""
    parts = re.split(r"\{[^}]+\}", template)
    return re.compile("[^/]+".join(re.escape(p) for p in parts))


class BodyTooLarge(HTTPException):
    """The body passed the route's limit while it was being read."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit:,} bytes")


class BodySizeLimitMiddleware:
    """Pure ASGI: per-route body limits, checked before and while the body is read."""

    def __init__(self, app: ASGIApp, default_limit: int, text_limit: int) -> None:
        self.app = app
        self.default_limit = default_limit
        self.text_limit = text_limit
        self.text_routes = [template_pattern(t) for t in sorted(TEXT_ROUTES)]

    def limit_for(self, path: str) -> int:
        """The limit of the route serving this path."""
        if any(p.fullmatch(path) for p in self.text_routes):
            return self.text_limit
        return self.default_limit

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        response = problem_response(
            Request(scope),
            413,
            "payload-too-large",
            "Payload too large",
            f"the request body is larger than {limit:,} bytes",
        )
        await response(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one request within its body limit."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send, limit)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def noting_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, noting_send)
        except BodyTooLarge:
            # read outside a handler that maps errors (a handler's own stream read)
            if started:
                raise
            await self._refuse(scope, receive, send, limit)
