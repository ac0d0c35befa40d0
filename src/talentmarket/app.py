"""create_app(): settings, routers, problem handlers, lifespan."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

from fastapi import FastAPI

from talentmarket import __version__
from talentmarket.api import access, hardening, health, openapi, problems
from talentmarket.api.methods import served_routes
from talentmarket.audit import service as audit_service
from talentmarket.audit.config import get_audit_settings
from talentmarket.audit.schemas import AuditEntry
from talentmarket.auth.service import authenticate_request, mode_label
from talentmarket.config import Settings, get_settings
from talentmarket.db.engine import refresh_planner_statistics
from talentmarket.db.migrate import ensure_current
from talentmarket.events.service import COMMITTED
from talentmarket.people.repository import find_employee_id
from talentmarket.principal import Principal
from talentmarket.routers import ROUTERS
from talentmarket.runtime import Runtime
from talentmarket.web import install as web
from talentmarket.webhooks.config import get_webhook_settings
from talentmarket.webhooks.delivery import start_thread

log = logging.getLogger(__name__)

DESCRIPTION = """
Skills taxonomy and internal talent marketplace.

* **Taxonomy**: skills, skill groups, roles, tasks from ESCO, O*NET and the starter taxonomy.
* **People and openings**: employees with their skills, openings with requirements;
  idempotent upserts by external id for HRIS/ATS sync.
* Lists are paginated with `limit` and `cursor`; every page has `total` and `next_cursor`.
* Errors are `application/problem+json` (RFC 9457) with a stable `type`
  (see `GET /problems/{code}`).

This service uses the ESCO classification of the European Commission.
O*NET is a trademark of USDOL/ETA; O*NET data used under CC BY 4.0.
"""


WARM_UP_TEXT = """Data Analyst
- Build dashboards and reports in SQL and Python for the finance team.
- Clean and model data, and explain the results to managers."""


def _planner_statistics(runtime: Runtime) -> None:
    """Fresh planner statistics for SQLite; a database that refuses (read-only, busy) is
    only logged, the warm-up goes on."""
    try:
        refresh_planner_statistics(runtime.engine)
    except Exception as exc:
        log.warning("planner statistics not refreshed: %s", exc)


def warm_up(runtime: Runtime, state: health.WarmUpState) -> None:
    """Load the model and build the extractor and normaliser from stored vectors, so the
    first requests after a (re)start do not pay for it."""
    from talentmarket.skillintel.service import get_extractor, get_normalizer

    started = time.perf_counter()
    state.set("running")
    try:
        _ = runtime.encoder  # starts loading the model while the indexes are built
        _planner_statistics(runtime)
        with runtime.sessionmaker() as session:
            extractor = get_extractor(session, runtime)
            log.info("warm-up: skill extractor built at %.1f s", time.perf_counter() - started)
            # the model (one whole extraction: its first passes are the slow ones), then
            # titles, so that a first extraction competes with neither
            extractor.extract(WARM_UP_TEXT)
            log.info("warm-up: model ready at %.1f s", time.perf_counter() - started)
            get_normalizer(session, runtime)
            session.commit()
        log.info("warm-up done in %.1f s", time.perf_counter() - started)
        state.set("done")
    except Exception as exc:  # a warm-up failure must not take the service down
        log.warning("warm-up skipped: %s", exc)
        state.set("failed")


def one_blas_thread() -> None:
    """Keep numpy's BLAS on one thread in the service.

    The model runs on its own thread with both cores (`textintel.compute`); the service's
    numpy products are small (a title against 35k labels), and BLAS worker threads spin
    for a while after each one, taking a core from the next model pass. Measured with
    `talentmarket bench skills` (extraction and title requests in turn): extraction p50
    212 ms with BLAS threads, 153 ms without.
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def check_policy(app: FastAPI) -> None:
    """Refuse to build an app with an API route that has no access rule."""
    routes = [
        (method, route.path)
        for route in served_routes(app)
        if route.path.startswith("/v1/")
        for method in sorted(route.methods)
    ]
    missing = access.missing_rules(routes)
    if missing:
        listed = ", ".join(f"{m} {p}" for m, p in missing)
        msg = f"routes without an access rule in api/access.py: {listed}"
        raise RuntimeError(msg)


def record_denial(
    rt: Runtime, caller: Principal, method: str, route: str, subject: int | None
) -> None:
    """Audit a refused request in a transaction of its own (the request's rolls back)."""
    entry = AuditEntry(
        caller=caller.id,
        role=caller.role,
        action="denied",
        route=route,
        method=method,
        status=403,
        subject_ids=[subject] if subject is not None else [],
    )
    audit_service.record_detached(rt.sessionmaker, entry)


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> FastAPI:
    """Build the ASGI app; migrates the database on start unless a runtime is injected."""
    settings = settings or (runtime.settings if runtime else get_settings())
    owns_runtime = runtime is None
    rt = runtime or Runtime(settings)
    warmup = health.WarmUpState()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if owns_runtime:
            one_blas_thread()
        if owns_runtime and ensure_current(rt.engine, settings.database_url):
            log.info("database migrated to the newest schema")
        if owns_runtime and settings.warmup:
            warmup.set("running")
            threading.Thread(target=warm_up, args=(rt, warmup), name="warm-up", daemon=True).start()
        hooks = get_webhook_settings()
        worker = start_thread(rt.sessionmaker, hooks) if owns_runtime and hooks.worker else None
        yield
        if worker is not None:
            worker[1].set()
            COMMITTED.set()  # wake it from its wait
            worker[0].join(timeout=hooks.timeout_seconds + 1)
        if owns_runtime:
            rt.close()

    app = hardening.HardenedFastAPI(
        title="talentmarket",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        license_info={"name": "Apache-2.0"},
        docs_url=None,  # served from local assets by hardening.install
        redoc_url=None,
    )
    app.state.runtime = rt
    app.state.authenticate = partial(
        authenticate_request, rt.settings, rt.sessionmaker, find_employee=find_employee_id
    )
    if get_audit_settings().rankings:  # one audit row per ranking, in its transaction
        app.state.ranking_audit = audit_service.record_ranking
    app.state.read_audit = audit_service.record_reads  # one row per request's reads
    problems.install(app)
    hardening.install(app, settings)
    for router in ROUTERS:  # every API route needs a verified caller and an access rule
        hardening.include(app, router)
    check_policy(app)
    openapi.install(app)
    app.state.record_denial = partial(record_denial, rt)

    health.install(app, rt, partial(mode_label, rt.settings, rt.sessionmaker), warmup)
    web.install(app)  # the pages under /app, on the same services and access rules

    return app
