"""Security headers on every response, and who may cache what.

Every response: `nosniff`, `no-referrer`, no framing, and a Content-Security-Policy that
allows nothing (the API serves JSON; the docs pages set their own, narrower-than-default
policy). `Cache-Control: no-store` on everything under /v1 except successful reads of the
taxonomy (skills, roles, tasks, the graph and releases), which hold no personal data and
change only on an import or a governance edit: those may be kept privately for a minute.
"""

from __future__ import annotations

import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
TAXONOMY_CACHE = "private, max-age=60"
ALWAYS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": API_CSP,
}
TAXONOMY_READ = re.compile(r"/v1/(skills|roles|tasks|taxonomy)(/.*)?")
NO_STORE = re.compile(r"/v1/.*|/health")


def cache_control(method: str, path: str, status: int) -> str | None:
    """The Cache-Control a response gets when its handler set none (None: leave it)."""
    if method in ("GET", "HEAD") and status < 300 and TAXONOMY_READ.fullmatch(path):
        return TAXONOMY_CACHE
    if NO_STORE.fullmatch(path):
        return "no-store"
    return None


class SecurityHeadersMiddleware:
    """Pure ASGI: adds the headers above unless the handler set its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one request, adding headers to its response."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in ALWAYS.items():
                    headers.setdefault(name, value)
                cache = cache_control(scope["method"], scope["path"], message["status"])
                if cache is not None:
                    headers.setdefault("Cache-Control", cache)
            await send(message)

        await self.app(scope, receive, send_with_headers)
