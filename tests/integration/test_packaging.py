"""A plain `pip install` (a wheel, not the source tree) carries what the commands need:
the migrations and the starter taxonomy."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built as a wheel and installed, without dependencies, into a folder."""
    pytest.importorskip("hatchling", reason="building the wheel needs hatchling (dev extra)")
    out = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "-q", "--disable-pip-version-check"]
    build = [*pip, "wheel", "--no-deps", "--no-build-isolation", str(ROOT), "-w", str(out)]
    subprocess.run(build, check=True, capture_output=True)
    (wheel,) = out.glob("talentmarket-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "talentmarket/_shipped/alembic.ini" in names
    assert any(n.startswith("talentmarket/_shipped/migrations/versions/") for n in names)
    assert "talentmarket/_shipped/data/taxonomy/skills.csv" in names
    assert "talentmarket/web/templates/base.html" in names  # the web app's pages
    assert "talentmarket/web/static/app.css" in names
    site = out / "site"
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True)
    return site


def run_installed(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`talentmarket ARGS` from the installed copy, in a folder away from the checkout."""
    env = os.environ | {"PYTHONPATH": str(site), "TALENTMARKET_ENCODER": "hashing"}
    env.pop("TALENTMARKET_STARTER_PATH", None)
    cmd = [sys.executable, "-m", "talentmarket.cli", *args]
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_installed_wheel_migrates_and_imports_the_starter_taxonomy(
    installed: Path, tmp_path: Path
) -> None:
    where = run_installed(installed, tmp_path, "--version")
    assert where.returncode == 0, where.stderr
    probe = [sys.executable, "-c", "import talentmarket; print(talentmarket.__file__)"]
    env = os.environ | {"PYTHONPATH": str(installed)}
    path = subprocess.run(probe, cwd=tmp_path, env=env, capture_output=True, text=True).stdout
    assert path.startswith(str(installed)), "the test must run the installed copy"
    db = f"sqlite:///{tmp_path}/plain.db"
    upgraded = run_installed(installed, tmp_path, "--database", db, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    imported = run_installed(
        installed, tmp_path, "--database", db, "taxonomy", "import", "starter", "--json", "--quiet"
    )
    assert imported.returncode == 0, imported.stderr
    assert '"changed": true' in imported.stdout
