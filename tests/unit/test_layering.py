"""The layering contracts in pyproject.toml hold for the code, and each one fails when the
rule it states is broken (checked on a copy of the package with one violation added)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import talentmarket

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "pyproject.toml"
PACKAGE = Path(talentmarket.__file__).parent
RUN_LINTER = "from importlinter.cli import lint_imports_command; lint_imports_command()"


def lint_imports(src: Path, *contracts: str) -> subprocess.CompletedProcess[str]:
    """Run `lint-imports` with the project's contracts on the package found under src."""
    args = [sys.executable, "-c", RUN_LINTER, str(CONFIG), "--no-cache", "--no-logo"]
    for contract in contracts:
        args += ["--contract", contract]
    env = os.environ | {"PYTHONPATH": str(src)}
    return subprocess.run(args, cwd=src, env=env, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def copy_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean copy of the package, copied again per violation from here."""
    root = tmp_path_factory.mktemp("clean")
    shutil.copytree(PACKAGE, root / "talentmarket", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def test_the_project_keeps_every_contract() -> None:
    result = lint_imports(PACKAGE.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


# (contract id, module to edit, line to add, what the report names)
VIOLATIONS = [
    (
        "demographics-apart",
        "ranking/ranker.py",
        "from talentmarket.demographics import repository",
        "talentmarket.ranking.ranker -> talentmarket.demographics.repository",
    ),
    ("cores", "matching/scoring.py", "import fastapi", "talentmarket.matching.scoring -> fastapi"),
    (
        "cores",
        "textintel/titles.py",
        "import sqlalchemy",
        "talentmarket.textintel.titles -> sqlalchemy",
    ),
    (
        "cores",
        "mobility/paths.py",
        "from talentmarket.taxonomy import models",
        "mobility.paths -> talentmarket.taxonomy.models",
    ),
    (
        "cores-independent",
        "matching/engine.py",
        "from talentmarket.textintel import lexical",
        "matching.engine -> talentmarket.textintel.lexical",
    ),
    (
        "features",
        "people/service.py",
        "from talentmarket import app",
        "talentmarket.people.service -> talentmarket.app",
    ),
    (
        "cli",
        "runtime.py",
        "from talentmarket.cli import common",
        "talentmarket.runtime -> talentmarket.cli.common",
    ),
    (
        "routers",
        "api/deps.py",
        "from talentmarket import routers",
        "talentmarket.api.deps -> talentmarket.routers",
    ),
    (
        "web-only-in-endpoints",
        "openings/repository.py",
        "from talentmarket.api import deps",
        "talentmarket.openings.repository -> talentmarket.api.deps",
    ),
    (
        "web-only-in-endpoints",
        "careers/gap_service.py",
        "import fastapi",
        "talentmarket.careers.gap_service -> fastapi",
    ),
    (
        "acyclic",
        "taxonomy/models.py",
        "from talentmarket.people import models",
        "- .taxonomy -> .people (1 import)",
    ),
    (
        "layers",
        "db/engine.py",
        "from talentmarket.taxonomy import repository",
        "talentmarket.db.engine -> talentmarket.taxonomy.repository",
    ),
    (
        "feature-layers",
        "people/repository.py",
        "from talentmarket.people import service",
        "talentmarket.people.repository -> talentmarket.people.service",
    ),
]


@pytest.mark.parametrize(("contract", "module", "line", "named"), VIOLATIONS)
def test_a_violation_breaks_its_contract(
    copy_root: Path, tmp_path: Path, contract: str, module: str, line: str, named: str
) -> None:
    shutil.copytree(copy_root / "talentmarket", tmp_path / "talentmarket")
    clean = lint_imports(tmp_path, contract)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    target = tmp_path / "talentmarket" / module
    target.write_text(target.read_text() + f"\n{line}  # the violation\n")
    broken = lint_imports(tmp_path, contract)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "1 broken" in broken.stdout
    assert named in broken.stdout
