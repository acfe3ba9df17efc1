"""The `provenance` command line: thin commands over the library.

Each command parses its options, calls one library function, prints the result
and maps the errors of `provenance.errors` to a message and an exit code:
0 a completed run, 1 a failed run, 2 a usage error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console

from provenance.config import Settings, load_settings
from provenance.errors import ProvenanceError

app = typer.Typer(
    name="provenance",
    help="Find attributed claims in news articles, archive their originals and check them.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
export_app = typer.Typer(help="Export the ledger in standard formats.", no_args_is_help=True)
app.add_typer(export_app, name="export")

console = Console()
errors = Console(stderr=True)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print `message` on stderr and exit with `code`."""
    errors.print(f"[red]Error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def settings_from(**overrides: Any) -> Settings:
    """Load settings, turning a bad setting into a usage error."""
    try:
        return load_settings(**overrides)
    except ProvenanceError as exc:
        fail(str(exc), 2)


def print_json(data: Any) -> None:
    """Write `data` as one JSON line on stdout."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")


# --- commands filled in by their stages ---------------------------------------


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON claim a line.")] = False,
) -> None:
    """Print the attributed claims of articles.

    Example: provenance extract seeds/ --json
    """
    fail("claim extraction: not available in this version")


@app.command()
def inspect(
    source: Annotated[str, typer.Argument(help="A URL, an archived URL or a local file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Fetch (or read from the archive) a source and show what was captured.

    Example: provenance inspect https://www.wired.com/story/...
    """
    fail("fetching: not available in this version")


@app.command("check-quote")
def check_quote_command(
    quote: Annotated[str, typer.Argument(help="The quoted words.")],
    source: Annotated[str, typer.Argument(help="A URL, an archived URL or a local file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Check whether QUOTE appears in SOURCE, verbatim or altered.

    Example: provenance check-quote "open-source AI tsunami" article.html
    """
    fail("quote checking: not available in this version")


@app.command("check-claim")
def check_claim_command(
    text: Annotated[str, typer.Argument(help="The claim, as the article words it.")],
    source: Annotated[str, typer.Argument(help="A URL, an archived URL or a local file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Check whether SOURCE supports a paraphrased claim.

    Example: provenance check-claim "Chinese models are cheaper" fortune.html
    """
    fail("support checking: not available in this version")


@app.command()
def support(
    jsonl: Annotated[Path, typer.Option("--jsonl", help="Lines of {id, claim, evidence}.")],
) -> None:
    """Label claims supported / partially_supported / not_supported by their evidence.

    Example: provenance support --jsonl claims.jsonl > labels.jsonl
    """
    fail("support checking: not available in this version")


def main() -> None:
    """Entry point of the console script."""
    app()
