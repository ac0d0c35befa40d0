"""The request being served, as context that services may read without the web framework:
its id (set by the API's request-id middleware, written into audit rows and log lines)."""

from __future__ import annotations

from contextvars import ContextVar, Token

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request being served in this context, if any."""
    return _request_id.get()


def set_request_id(request_id: str | None) -> Token[str | None]:
    """Make `request_id` current; pass the token to `reset_request_id` when done."""
    return _request_id.set(request_id)


def reset_request_id(token: Token[str | None]) -> None:
    """Restore the request id that was current before `set_request_id`."""
    _request_id.reset(token)
