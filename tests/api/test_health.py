"""`/health`, `/health/live` and `/health/ready` report the service's state without a caller."""

from __future__ import annotations

import threading
from pathlib import Path

from fastapi.testclient import TestClient

from talentmarket.app import create_app
from talentmarket.config import Settings
from talentmarket.runtime import Runtime
from talentmarket.textintel.encoders import BackgroundEncoder, HashingEncoder


def test_health_reports_database_migrations_model_and_warmup(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["migrations"] == "current"
    assert body["model"] == "ready"  # the tests' encoder needs no loading
    assert body["warmup"] == "off"  # an injected runtime is not warmed up
    assert client.get("/health/live").json() == {"status": "ok"}
    ready = client.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "database": "ok", "migrations": "current"}


def test_ready_refuses_a_database_behind_the_newest_schema(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/empty.db", encoder="hashing")
    rt = Runtime(settings)  # never migrated: the app is given the runtime, so it does not
    try:
        with TestClient(create_app(runtime=rt)) as client:
            ready = client.get("/health/ready")
            assert ready.status_code == 503
            assert ready.json()["migrations"] == "behind"
            health = client.get("/health").json()
            assert (health["status"], health["model"]) == ("degraded", "not loaded")
            assert client.get("/health/live").status_code == 200
    finally:
        rt.close()


def test_background_encoder_states() -> None:
    go = threading.Event()

    def load() -> HashingEncoder:
        go.wait(5)
        return HashingEncoder()

    def fail() -> HashingEncoder:
        raise OSError("no model folder")

    slow = BackgroundEncoder(load, "hashing", 256)
    assert slow.state == "loading"
    go.set()
    slow.encode(["warm"])
    assert slow.state == "ready"
    broken = BackgroundEncoder(fail, "missing", None)
    broken._done.wait(5)
    assert broken.state == "failed"
