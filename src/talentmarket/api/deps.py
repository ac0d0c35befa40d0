"""Annotated dependencies shared by every router."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from talentmarket.api.pagination import PageParams
from talentmarket.api.security import Principal, PrincipalDep
from talentmarket.config import Settings
from talentmarket.db.engine import transaction
from talentmarket.requestctx import ReadNote, take_reads
from talentmarket.runtime import Runtime

# (session, principal, route, method, reads): one audit row in the session's transaction
ReadAudit = Callable[[Session, Principal, str, str, list[ReadNote]], object]


async def get_runtime(request: Request) -> Runtime:
    """The runtime the app was created with (a coroutine: nothing here waits, so it
    needs no worker thread)."""
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


async def get_settings(runtime: RuntimeDep) -> Settings:
    """The app's settings."""
    return runtime.settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_session(
    request: Request, runtime: RuntimeDep, principal: PrincipalDep
) -> Iterator[Session]:
    """One session per request, committed once when the endpoint returns without error.
    The reads of personal data the services noted (`requestctx.note_read`) become one
    audit row (`app.state.read_audit`), written in this transaction before it commits."""
    yield from audited_session(request, runtime, principal)


def audited_session(request: Request, runtime: Runtime, principal: Principal) -> Iterator[Session]:
    """The request's session and audit row, for any caller already verified (the API's
    bearer token or API key, the web app's session cookie)."""
    with transaction(runtime.sessionmaker) as session:
        take_reads()  # only this request's reads
        yield session
        reads = take_reads()
        reads.extend(path_write(request, reads))
        audit: ReadAudit | None = getattr(request.app.state, "read_audit", None)
        if reads and audit is not None:
            route = getattr(request.scope.get("route"), "path", request.url.path)
            audit(session, principal, route, request.method, reads)


def path_write(request: Request, noted: list[ReadNote]) -> list[ReadNote]:
    """A write to a route about one employee (`.../employees/{employee_id}/...` with POST,
    PUT, PATCH or DELETE) is a write of their data, whatever the service noted; an
    erasure notes itself without the person, who must not reappear in the log."""
    raw = request.path_params.get("employee_id")
    if request.method not in WRITE_METHODS or raw is None:
        return []
    if any(note.action == "erase" for note in noted):
        return []
    return [ReadNote((int(raw),), action="write")]


WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

SessionDep = Annotated[Session, Depends(get_session, scope="function")]

__all__ = ["PageParams", "Principal", "PrincipalDep", "RuntimeDep", "SessionDep", "SettingsDep"]
