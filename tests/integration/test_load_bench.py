"""`serve --workers` and `bench load`: several server processes on one database, and a
short locust run against them that records every request kind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from talentmarket.benchmarks.load import LoadParams, run
from talentmarket.benchmarks.server import Server
from talentmarket.config import Settings

pytestmark = pytest.mark.slow


def _cli(url: str, *args: str) -> None:
    command = [sys.executable, "-m", "talentmarket.cli", "--database", url, *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.fixture
def demo_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("TALENTMARKET_ENCODER", "hashing")
    monkeypatch.setenv("TALENTMARKET_CACHE_DIR", "")
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    _cli(url, "taxonomy", "import", "starter")
    _cli(url, "demo", "seed", "--employees", "40", "--openings", "12")
    return url


def test_two_workers_serve_one_database(demo_url: str) -> None:
    with (
        Server(demo_url, serve_args=("--workers", "2")) as server,
        httpx.Client(base_url=server.base, timeout=120) as client,
    ):
        server.wait_ready(client)
        created = client.post(
            "/v1/employees", json={"name": "Wen Worker", "email": "wen@example.com"}
        )
        assert created.status_code == 201, created.text
        person = created.json()["id"]
        # whichever process answers, the new person is there and rankable
        for _ in range(6):
            assert client.get(f"/v1/employees/{person}").status_code == 200
            assert client.get(f"/v1/employees/{person}/opportunities").status_code == 200


def test_load_bench_reports_every_kind_without_failures(demo_url: str) -> None:
    result = run(Settings(database_url=demo_url), LoadParams(users=4, seconds=4, workers=1), print)
    assert result["failures"] == 0, result
    assert result["rps"] > 0
    for kind in ("candidates", "opportunities", "search"):
        assert result["by_kind"][kind]["requests"] > 0
        assert result[f"{kind}_p95_ms"] > 0
    kinds = [v["requests"] for k, v in result["by_kind"].items() if k != "total"]
    assert sum(kinds) == result["by_kind"]["total"]["requests"]
