"""`/health`, `/health/live` and `/health/ready`: what operators and orchestrators ask.

- `/health/live`: the process answers (a liveness probe restarts it when this fails);
- `/health/ready`: the database answers and is at the newest schema, so requests can be
  served (503 otherwise; a readiness probe holds traffic back);
- `/health`: the whole picture: version, authentication mode, database, migrations, the
  model and the warm-up that builds the extractor and normaliser.

None of them needs a caller; none reveals data, only states.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from talentmarket import __version__
from talentmarket.db.engine import ping
from talentmarket.db.migrate import is_current
from talentmarket.runtime import Runtime


class WarmUpState:
    """Where the start-up warm-up is: "off", "running", "done" or "failed"."""

    def __init__(self, state: str = "off") -> None:
        self._state = state
        self._lock = threading.Lock()

    def set(self, state: str) -> None:
        """Move to a new state (the warm-up thread calls this)."""
        with self._lock:
            self._state = state

    @property
    def state(self) -> str:
        """The current state."""
        with self._lock:
            return self._state


def database_state(rt: Runtime) -> tuple[str, str]:
    """("ok" | "unavailable", "current" | "behind" | "unknown") for the database and its
    schema."""
    try:
        ping(rt.engine)
        return "ok", "current" if is_current(rt.engine) else "behind"
    except Exception:  # any driver error means the same to a probe: not ready
        return "unavailable", "unknown"


def install(app: FastAPI, rt: Runtime, auth_mode: Callable[[], str], warmup: WarmUpState) -> None:
    """Add the three health routes to the app."""

    @app.get("/health/live", tags=["service"])
    def live() -> dict[str, str]:
        """Liveness: the process answers."""
        return {"status": "ok"}

    @app.get(
        "/health/ready",
        tags=["service"],
        responses={503: {"description": "the database is unavailable or behind"}},
    )
    def ready() -> JSONResponse:
        """Readiness: the database answers and is at the newest schema."""
        database, migrations = database_state(rt)
        ok = database == "ok" and migrations == "current"
        body = {"status": "ok" if ok else "unavailable", "database": database}
        return JSONResponse(body | {"migrations": migrations}, status_code=200 if ok else 503)

    @app.get("/health", tags=["service"])
    def health() -> dict[str, Any]:
        """The service's state: `auth` says whether callers are verified; `model` is "not
        loaded", "loading", "ready" or "failed"; `warmup` is "off", "running", "done" or
        "failed"."""
        database, migrations = database_state(rt)
        ok = database == "ok" and migrations == "current"
        return {
            "status": "ok" if ok else "degraded",
            "version": __version__,
            "auth": auth_mode() if ok else "unknown (database not ready)",
            "database": database,
            "migrations": migrations,
            "model": rt.model_state(),
            "warmup": warmup.state,
        }
