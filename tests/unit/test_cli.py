"""The command line: --version, help for every option with its default, progress lines, and
every command loading without the dev extras."""

from __future__ import annotations

import argparse
import io
import subprocess
import sys

import pytest

from talentmarket import __version__
from talentmarket.cli import build_parser
from talentmarket.cli.common import ProgressPrinter


def _parsers(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    """Every (sub)command parser, with its name."""
    found = [(parser.prog, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                found.extend(_parsers(child))
    return found


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        build_parser().parse_args(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"talentmarket {__version__}"


def test_every_option_has_help_and_shows_its_default() -> None:
    commands = _parsers(build_parser())
    assert len(commands) > 20
    for prog, parser in commands:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            assert action.help, f"{prog} {action.dest}: no help text"
        text = " ".join(parser.format_help().split())  # unwrapped
        for action in parser._actions:
            default = action.default
            if action.option_strings and default not in (None, False, argparse.SUPPRESS):
                assert f"default: {default}" in text or "default" in (action.help or ""), (
                    f"{prog} {action.option_strings[0]}: default {default!r} not shown"
                )
    serve = dict(commands)["talentmarket serve"].format_help()
    assert "(default: 8000)" in serve


def test_progress_lines_give_rate_and_time_left(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([100.0, 102.0, 104.0])
    monkeypatch.setattr("talentmarket.cli.common.time.monotonic", lambda: next(clock))
    out = io.StringIO()  # not a terminal: plain lines
    progress = ProgressPrinter("embed", stream=out)
    progress("skills", 0, 1000)
    progress("skills", 500, 1000)
    progress("skills", 1000, 1000)
    lines = out.getvalue().splitlines()
    assert lines[0] == "[embed] skills: 0/1,000   0%"
    assert lines[1] == "[embed] skills: 500/1,000  50%, 250/s, 2 s left"
    assert lines[2] == "[embed] skills: 1,000/1,000 100%"


def test_missing_folder_is_named_without_a_line_number() -> None:
    from talentmarket.errors import ImportFormatError

    assert str(ImportFormatError("/data/esco", 0, "ESCO folder not found").detail) == (
        "/data/esco: ESCO folder not found"
    )
    assert ImportFormatError("skills.csv", 7, "bad level").detail == "skills.csv, line 7: bad level"


PLAIN_INSTALL = """
import importlib, pkgutil, sys
DEV = {"pytest", "_pytest", "schemathesis", "playwright", "pytest_playwright", "ruff", "mypy",
       "importlinter", "hatchling"}
class Blocked:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in DEV:
            raise ImportError(f"{name} is a dev extra")
        return None
sys.meta_path.insert(0, Blocked())
import talentmarket
from talentmarket.cli import build_parser
for info in pkgutil.walk_packages(talentmarket.__path__, "talentmarket."):
    if not info.name.endswith("__main__"):
        importlib.import_module(info.name)
def leaves(parser, prog):
    subs = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    if not subs:
        yield prog, parser
    for action in subs:
        for name, child in action.choices.items():
            yield from leaves(child, prog + [name])
count = 0
for prog, parser in leaves(build_parser(), []):
    parser.format_help()
    count += 1
print(count)
"""


def test_every_command_imports_without_the_dev_extras() -> None:
    """Each module (every command's import path, benchmarks included) and each command's
    help load with pytest, schemathesis, playwright and the linters unimportable, as in a
    plain `pip install`."""
    done = subprocess.run(
        [sys.executable, "-c", PLAIN_INSTALL], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.strip().splitlines()[-1]) > 20


@pytest.mark.parametrize("argv", [["serve"], ["demo", "up"]])
def test_every_command_that_serves_has_the_server_options(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    assert (args.host, args.port, args.workers) == ("127.0.0.1", 8000, 1)


def test_the_server_parses_http_in_c_and_runs_on_libuv() -> None:
    """`serve` leaves uvicorn's choice on auto; the dependencies make it httptools and
    uvloop rather than the pure-Python parser and asyncio's loop."""
    import uvicorn

    async def app(scope: object, receive: object, send: object) -> None:  # pragma: no cover
        return None

    config = uvicorn.Config(app, loop="auto", http="auto")
    config.load()
    assert config.http_protocol_class.__module__.endswith("httptools_impl")
    assert config.get_loop_factory().__module__.startswith("uvloop")
