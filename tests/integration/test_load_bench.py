"""`serve --workers`, `bench load` and the write stream of `bench matching`: several server
processes on one database, a short locust run against them that records every request
kind, and people created and moved while rankings run, each seen by a ranking."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import make_url, select

from talentmarket.auth.config import KEY_FILE_NAME
from talentmarket.auth.keys import create_key_file
from talentmarket.benchmarks.load import LoadParams, check_answer, run
from talentmarket.benchmarks.server import Server, stop
from talentmarket.benchmarks.writes import GIVE_UP_S, WriteStream
from talentmarket.config import Settings
from talentmarket.db.engine import make_engine
from talentmarket.taxonomy.models import Skill

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
    # users pick tasks at random (weights 3/3/2/1, a task every 1-2 s): 6 users for 8 s
    # make about 30 tasks, so a kind missing by chance is about 1 in 2,000 (4 x 4 s: 1 in 12)
    params = LoadParams(users=6, seconds=8, workers=1)
    result = run(Settings(database_url=demo_url), params, print)
    assert result["failures"] == 0, result
    assert result["rps"] > 0
    for kind in ("candidates", "opportunities", "search"):
        assert result["by_kind"][kind]["requests"] > 0
        assert result[f"{kind}_p95_ms"] > 0
    kinds = [v["requests"] for k, v in result["by_kind"].items() if k != "total"]
    assert sum(kinds) == result["by_kind"]["total"]["requests"]


def test_load_bench_signs_in_where_the_server_has_authentication_on(demo_url: str) -> None:
    # the demo database `make run` serves keeps a signing key beside it, so its server
    # refuses callers without a token; the benchmark's users sign in with its own key
    create_key_file(Path(make_url(demo_url).database or "").parent / KEY_FILE_NAME)
    settings = Settings(database_url=demo_url)
    with Server(demo_url) as server, httpx.Client(base_url=server.base, timeout=120) as client:
        server.wait_ready(client)
        assert client.get("/health").json()["auth"] == "enabled"
        assert client.get("/v1/openings/1/candidates").status_code == 401
    result = run(settings, LoadParams(users=4, seconds=6, workers=1), print)
    assert result["failures"] == 0, result
    assert result["by_kind"]["total"]["requests"] > 0


def test_load_bench_stops_when_the_server_refuses_its_requests() -> None:
    refused = httpx.Response(
        401, text="no", request=httpx.Request("GET", "http://x/v1/openings/1/candidates")
    )
    with pytest.raises(RuntimeError, match="answered 401"):
        check_answer(refused)
    check_answer(httpx.Response(200, request=refused.request))


def _python_skill(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as conn:
        uri = "urn:talentmarket:skill:python"
        found = conn.execute(select(Skill.id).where(Skill.uri == uri)).scalar_one()
    engine.dispose()
    return int(found)


def test_write_stream_sees_created_and_moved_people_in_rankings(demo_url: str) -> None:
    with (
        Server(demo_url) as server,
        httpx.Client(base_url=server.base, timeout=120) as client,
    ):
        server.wait_ready(client)
        # rank once so the pools are cached: later writes must reach them as patches
        assert client.get("/v1/openings/1/candidates").status_code == 200
        skill = _python_skill(demo_url)
        with WriteStream(server.base, 8.0, skill, "ws", updates=True) as stream:
            time.sleep(3)
        figures = stream.figures()
        assert figures["write_errors"] == 0, figures
        assert figures["writes"] >= 4
        assert len(stream.update_staleness_ms) >= 1
        # every write was seen by a ranking well before the stream would give up on it
        assert max(stream.staleness_ms) < GIVE_UP_S * 1000 / 2
        moved = stream.created[0]
        person = client.get(f"/v1/employees/{moved}").json()
        probe = {"skills": [{"skill_id": skill}], "filters": {"department": person["department"]}}
        found = client.post("/v1/candidates/search", json=probe).json()["items"]
        assert [item["employee"]["id"] for item in found] == [moved]


def test_a_server_that_ignores_sigterm_is_killed_and_reported(
    capsys: pytest.CaptureFixture[str],
) -> None:
    ignoring = (
        "import signal, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "print('ready', flush=True); time.sleep(60)"
    )
    process = subprocess.Popen([sys.executable, "-c", ignoring], stdout=subprocess.PIPE)
    assert process.stdout is not None
    assert process.stdout.readline() == b"ready\n"
    started = time.perf_counter()
    assert stop(process, grace=0.3) is False
    assert time.perf_counter() - started < 30
    assert process.returncode == -9
    assert "did not stop within" in capsys.readouterr().err
    polite = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    assert stop(polite, grace=10) is True
