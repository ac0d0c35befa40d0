"""A live service for the browser tests: its own SQLite file with the starter taxonomy and
demo people, the service's own signing key (so the development sign-in offers demo
people), served by uvicorn on a free local port; and the distribution's Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from talentmarket.app import create_app
from talentmarket.auth.keys import create_key_file
from talentmarket.config import Settings
from talentmarket.db.engine import transaction
from talentmarket.db.migrate import ensure_current
from talentmarket.demo.seed import seed_demo
from talentmarket.documents import READERS
from talentmarket.embeddings.bulk import run_embed
from talentmarket.runtime import Runtime
from talentmarket.taxonomy.importers import import_taxonomy
from talentmarket.textintel.encoders import HashingEncoder


def _chromium() -> str | None:
    return os.environ.get("TALENTMARKET_BROWSER") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    """Launch the distribution's Chromium (Playwright cannot download its own here)."""
    path = _chromium()
    if path is None:
        pytest.skip("no Chromium to drive: run scripts/browser.sh install")
    if os.environ.get("TALENTMARKET_TEST_DATABASE_URL"):
        pytest.skip("the browser tests run once, in the SQLite run (they use their own file)")
    return {"executable_path": path, "args": ["--no-sandbox"]}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a running service on demo data."""
    folder: Path = tmp_path_factory.mktemp("live")
    settings = Settings(
        database_url=f"sqlite:///{folder / 'web.db'}",
        encoder="hashing",
        warmup=False,
        cache_dir=None,
        auth_key_file=folder / "auth" / "signing-key.json",
    )
    create_key_file(folder / "auth" / "signing-key.json")
    runtime = Runtime(settings)
    ensure_current(runtime.engine, settings.database_url)
    with transaction(runtime.sessionmaker) as session:
        import_taxonomy(session, "starter", None)
        seed_demo(session, employees=40, openings=15, seed=5)
        run_embed(session, HashingEncoder(), readers=READERS)
    runtime.close()
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, name="live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the live server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
