"""The command line: every command has --help with an example, and the README documents it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from provenance.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
runner = CliRunner()


def command_names() -> list[list[str]]:
    group = get_command(app)
    names: list[list[str]] = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        if subcommands:
            names += [[name, sub] for sub in subcommands]
        else:
            names.append([name])
    return names


def test_every_design_command_exists() -> None:
    wanted = {
        "verify", "extract", "check-quote", "check-claim", "support", "inspect", "report",
        "serve", "review", "export claimreview",
    }  # fmt: skip
    assert wanted <= {" ".join(name) for name in command_names()}


@pytest.mark.parametrize("name", command_names(), ids=" ".join)
def test_help_has_an_example(name: list[str]) -> None:
    result = runner.invoke(app, [*name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example: provenance " + " ".join(name) in " ".join(result.output.split())


@pytest.mark.parametrize("name", command_names(), ids=" ".join)
def test_help_names_values_plainly(name: list[str]) -> None:
    text = runner.invoke(app, [*name, "--help"]).output
    assert not re.search(r"<(bool|str|int|path|list\[\w+\])", text), text
    if "--ledger" in text:
        assert "[env PROVENANCE_LEDGER]" in " ".join(text.replace("│", " ").split())


@pytest.mark.parametrize("name", command_names(), ids=" ".join)
def test_readme_documents_the_command(name: list[str]) -> None:
    assert "provenance " + " ".join(name) in README


def test_unknown_command_is_a_usage_error() -> None:
    result = runner.invoke(app, ["frobnicate"])
    assert result.exit_code == 2


def test_version_and_completion() -> None:
    from provenance import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"provenance {__version__}"
    assert "--install-completion" in runner.invoke(app, ["--help"]).output


def test_choices_are_typed_and_checked() -> None:
    from provenance.cli import ReviewStatus
    from provenance.ledger import REVIEW_STATUSES

    assert tuple(ReviewStatus) == REVIEW_STATUSES
    result = runner.invoke(app, ["review", "abc", "--status", "maybe"])
    assert result.exit_code == 2 and "confirmed" in result.output
    assert runner.invoke(app, ["verify", ".", "--fail-on", "sometimes"]).exit_code == 2


def test_missing_paths_are_named(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    for command in ("verify", "extract"):
        result = runner.invoke(app, [command, str(missing)])
        assert result.exit_code == 2
        assert f"no such file or folder: {missing}" in " ".join(result.output.split())


def test_verify_counts_claims_and_fetches_and_prints_next_steps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from provenance.pipeline import verify

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(
        "Reuters reported that prices rose. The Washington Post reported that rates fell.\n"
    )
    ticks: list[str] = []
    summary = verify(["a.txt"], offline=True, tick=ticks.append)
    assert ticks.count("claim") == summary.articles[0].claims == 2
    # the outlets' pages, read from the (empty) archive:
    assert sum(t.startswith("fetch ") for t in ticks) >= 1
    result = runner.invoke(app, ["verify", "a.txt", "--offline"])
    assert result.exit_code == 0, result.output
    steps = result.output[result.output.index("Next steps:") :]
    assert "provenance claims --flagged" in steps and "reports/report.html" in steps


def test_help_documents_the_exit_codes() -> None:
    from provenance.cli import EXIT_CODES

    text = " ".join(runner.invoke(app, ["--help"]).output.split())
    assert "Exit codes: 0 the command completed" in text and set(EXIT_CODES) == {0, 1, 2}


def test_an_unreadable_folder_is_named(tmp_path: Path) -> None:
    import os

    from provenance.cli import unreadable_folders

    locked = tmp_path / "locked"
    locked.mkdir()
    (tmp_path / "open").mkdir()
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: every folder can be read")
        assert unreadable_folders(tmp_path) == [str(locked)]
        result = runner.invoke(app, ["extract", str(tmp_path)])
        assert f"cannot read folder {locked}: permission denied" in " ".join(result.output.split())
    finally:
        locked.chmod(0o755)


@pytest.mark.parametrize(
    "args",
    [["show", "\udcff"], ["show", "3f\udcff", "--json"],
     ["review", "\udcff", "--status", "confirmed"],
     ["review", "x", "--status", "confirmed", "--note", "caf\udce9"],
     ["claims", "--article", "\udcff"], ["verify", "a\udcff.txt", "--offline"],
     ["extract", "a\udcff.txt"], ["inspect", "\udcff"], ["check-quote", "\udcff", "text"],
     ["export", "claimreview", "-o", "\udcff.json"]],
    ids=lambda args: " ".join(args[:2]).encode("ascii", "replace").decode(),
)  # fmt: skip
def test_an_argument_of_undecodable_bytes_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    from tests.test_ledger import fill

    monkeypatch.chdir(tmp_path)
    counts = fill(tmp_path / "ledger.db")
    (tmp_path / os.fsdecode(b"a\xff.txt")).write_text("Reuters reported that prices rose.\n")
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert not isinstance(result.exception, UnicodeError)
    assert "is not UTF-8 text" in result.output and "\\x" in result.output
    from provenance.ledger import Ledger

    with Ledger(tmp_path / "ledger.db") as ledger:
        assert ledger.counts() == counts  # nothing written, nothing lost


@pytest.mark.slow
def test_the_console_script_refuses_undecodable_bytes(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "provenance", "show", b"\xff", "--ledger", tmp_path / "l.db"]
    done = subprocess.run(command, capture_output=True, timeout=120, check=False)
    assert done.returncode == 2
    wanted = "Error: the argument '\\xff' is not UTF-8 text (ids, paths and notes must be)\n"
    assert done.stderr.decode() == wanted


def test_a_file_in_a_folder_whose_name_is_undecodable_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    monkeypatch.chdir(tmp_path)
    (tmp_path / "articles").mkdir()
    text = "Reuters reported that prices rose.\n"
    (tmp_path / "articles" / os.fsdecode(b"b\xff.txt")).write_text(text)
    (tmp_path / "articles" / "a.txt").write_text(text)
    result = runner.invoke(app, ["verify", "articles", "--offline"])
    assert result.exit_code == 0, result.output
    shown = " ".join(result.output.split())
    assert "skipped articles/b\\xff.txt: the file's name is not UTF-8 text" in shown
    paths = [row[0] for row in sqlite3.connect(tmp_path / "ledger.db").execute(
        "select path from articles")]  # fmt: skip
    assert paths == ["articles/a.txt"]
    extracted = runner.invoke(app, ["extract", "articles"])
    assert extracted.exit_code == 0 and "b\\xff.txt" in extracted.output
