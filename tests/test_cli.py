"""The command line: every command has --help with an example, and the README documents it."""

from __future__ import annotations

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
def test_readme_documents_the_command(name: list[str]) -> None:
    assert "provenance " + " ".join(name) in README


def test_unknown_command_is_a_usage_error() -> None:
    result = runner.invoke(app, ["frobnicate"])
    assert result.exit_code == 2
