"""`talentmarket auth ...` end to end on a fresh SQLite file: the key lands beside the
database (0600), and the tokens and API keys the CLI prints are what a server started on
the same database and settings accepts."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from talentmarket.app import create_app
from talentmarket.cli import main
from talentmarket.cli.auth import demo_tokens
from talentmarket.config import Settings, get_settings
from talentmarket.db.engine import transaction
from talentmarket.db.migrate import upgrade
from talentmarket.people.models import Employee
from talentmarket.runtime import Runtime


def _run(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> str:
    assert main(["--database", url, *args]) == 0
    return capsys.readouterr().out.strip()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    url = f"sqlite:///{tmp_path}/tm.db"
    return get_settings().model_copy(
        update={"database_url": url, "encoder": "hashing", "warmup": False, "cache_dir": None}
    )


def _people(settings: Settings) -> tuple[int, int]:
    upgrade(settings.database_url)
    runtime = Runtime(settings)
    with transaction(runtime.sessionmaker) as session:
        ana = Employee(name="Ana", email="ana@example.com", external_id="E-1")
        ben = Employee(name="Ben", email="ben@example.com")
        session.add_all([ana, ben])
        session.flush()
        ids = (ana.id, ben.id)
    runtime.close()
    return ids


def test_keygen_token_and_api_keys_work_against_the_server(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = settings.database_url
    printed = _run(capsys, url, "auth", "keygen")
    key_file = tmp_path / "auth" / "signing-key.json"
    assert str(key_file) in printed
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert main(["--database", url, "auth", "keygen"]) == 2  # never overwritten silently
    capsys.readouterr()
    ana, ben = _people(settings)
    employee = _run(capsys, url, "auth", "token", "--role", "employee", "--employee", "E-1")
    admin = _run(capsys, url, "auth", "token", "--role", "admin", "--ttl", "120")
    key = _run(capsys, url, "auth", "apikey", "create", "--name", "hris", "--role", "integration")
    listed = _run(capsys, url, "auth", "apikey", "list", "--json")
    assert [(k["name"], k["role"], k["revoked_at"]) for k in json.loads(listed)] == [
        ("hris", "integration", None)
    ]
    assert key not in listed
    assert main(["--database", url, "auth", "token", "--role", "employee"]) == 2

    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        assert client.get("/health").json()["auth"] == "enabled"
        assert client.get("/v1/skills").status_code == 401
        own = {"Authorization": f"Bearer {employee}"}
        assert client.get(f"/v1/employees/{ana}/learning", headers=own).status_code == 200
        assert client.get(f"/v1/employees/{ben}/learning", headers=own).status_code == 403
        assert (
            client.get("/v1/skills", headers={"Authorization": f"Bearer {admin}"}).status_code
            == 200
        )
        assert client.get("/v1/skills", headers={"X-API-Key": key}).status_code == 200
        _run(capsys, url, "auth", "apikey", "revoke", "hris")
        assert client.get("/v1/skills", headers={"X-API-Key": key}).status_code == 401
        # a rotated key signs new tokens; tokens of the previous key verify until they expire
        _run(capsys, url, "auth", "keygen", "--rotate")
        fresh = _run(capsys, url, "auth", "token", "--role", "recruiter")
        for token in (admin, fresh):
            resp = client.get("/v1/skills", headers={"Authorization": f"Bearer {token}"})
            assert resp.status_code == 200


def test_demo_tokens_create_the_key_and_work(settings: Settings, tmp_path: Path) -> None:
    ana, _ = _people(settings)
    runtime = Runtime(settings)
    text = demo_tokens(settings, runtime, "http://127.0.0.1:8000")
    runtime.close()
    assert (tmp_path / "auth" / "signing-key.json").exists()
    tokens = dict(re.findall(r"export TM_(\w+)_TOKEN=(\S+)", text))
    assert set(tokens) == {"EMPLOYEE", "RECRUITER", "ADMIN"}
    assert f"/v1/employees/{ana}/opportunities" in text
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        for token in tokens.values():
            headers = {"Authorization": f"Bearer {token}"}
            assert client.get("/v1/skills", headers=headers).status_code == 200
        own = {"Authorization": f"Bearer {tokens['EMPLOYEE']}"}
        assert client.get(f"/v1/employees/{ana}/learning", headers=own).status_code == 200
