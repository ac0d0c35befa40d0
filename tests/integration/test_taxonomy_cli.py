"""`talentmarket taxonomy import` says what it did: a dry run writes nothing and says so."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from talentmarket.cli import main


def test_dry_run_reports_changes_found_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "dry.db"
    args = ["--database", f"sqlite:///{db}", "taxonomy", "import", "starter", "--quiet"]
    assert main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "dry run: these changes were found and nothing was written" in out
    assert "changes written" not in out
    assert sqlite3.connect(db).execute("SELECT count(*) FROM skills").fetchone() == (0,)
    assert main(args) == 0
    assert "changes written" in capsys.readouterr().out


def test_missing_folder_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere"
    db = f"sqlite:///{tmp_path}/x.db"
    assert main(["--database", db, "taxonomy", "import", "esco", str(missing), "--quiet"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"error: {missing}: ESCO folder not found"
