"""One log line per request, and the request id on every log line.

The access line names the route template (`/v1/employees/{employee_id}`), never the
path: paths can carry an external id or an email (`/v1/employees/by-external-id/...`),
and logs must not hold personal data. No client address and no query string either.
"""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from talentmarket.api.request_id import current_request_id

log = logging.getLogger("talentmarket.access")

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"


class RequestIdLogFilter(logging.Filter):
    """Adds `request_id` to every record that passes (`-` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Annotate the record; never drops it."""
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id() or "-"
        return True


def configure_logging(level: int | str) -> None:
    """Root logging for the CLI and the server: request ids on every line."""
    logging.basicConfig(level=level, format=LOG_FORMAT)
    install_filter(logging.getLogger())


def install_filter(logger: logging.Logger) -> None:
    """Put the request-id filter on each of the logger's handlers (once)."""
    for handler in logger.handlers:
        if not any(isinstance(f, RequestIdLogFilter) for f in handler.filters):
            handler.addFilter(RequestIdLogFilter())


def route_template(scope: Scope) -> str:
    """The matched route's path template, or `<unmatched>`."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "<unmatched>"


class AccessLogMiddleware:
    """Pure ASGI: logs method, route template, status, duration, principal and request id."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one request and log it once it is answered (or has failed)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
            route = route_template(scope)
            principal = (scope.get("state") or {}).get("principal_id", "-")
            log.info(
                "%s %s %d %.1f ms principal=%s",
                scope["method"],
                route,
                status,
                elapsed_ms,
                principal,
                extra={
                    "http_method": scope["method"],
                    "route": route,
                    "status": status,
                    "duration_ms": elapsed_ms,
                    "principal_id": principal,
                    "request_id": current_request_id() or "-",
                },
            )
