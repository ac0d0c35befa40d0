"""The request being served, as context that services may read without the web framework:
its id (set by the API's request-id middleware, written into audit rows and log lines) and
the people whose data it read (services note them; the API writes one audit row per
request from the notes, in the request's transaction).

The context holds one mutable object per request, so notes made in a worker thread (sync
endpoints and dependencies run in copies of the context) reach the request's audit.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextvars import ContextVar, Token
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReadNote:
    """People whose data a service read (or listed, exported), wrote or erased for this
    request."""

    subject_ids: tuple[int, ...]
    action: str = "read"  # read | list | export | write | erase
    opening_id: int | None = None
    result_count: int | None = None  # rows the read had (a list's total); default: subjects


@dataclass
class RequestContext:
    """One request: its id and the reads of personal data noted so far."""

    request_id: str | None
    reads: list[ReadNote] = field(default_factory=list)


_request: ContextVar[RequestContext | None] = ContextVar("request", default=None)


def current_request_id() -> str | None:
    """The id of the request being served in this context, if any."""
    ctx = _request.get()
    return ctx.request_id if ctx is not None else None


def set_request_id(request_id: str | None) -> Token[RequestContext | None]:
    """Start a request with this id; pass the token to `reset_request_id` when done."""
    return _request.set(RequestContext(request_id))


def reset_request_id(token: Token[RequestContext | None]) -> None:
    """Restore the request that was current before `set_request_id`."""
    _request.reset(token)


def note_read(
    subject_ids: Sequence[int],
    *,
    action: str = "read",
    opening_id: int | None = None,
    result_count: int | None = None,
) -> None:
    """Note that this request read these people's data (nothing outside a request)."""
    ctx = _request.get()
    if ctx is not None:
        ctx.reads.append(ReadNote(tuple(subject_ids), action, opening_id, result_count))


def take_reads() -> list[ReadNote]:
    """The reads noted in this request so far, clearing them."""
    ctx = _request.get()
    if ctx is None:
        return []
    reads, ctx.reads = ctx.reads, []
    return reads
