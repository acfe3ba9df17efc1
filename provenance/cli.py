"""The `provenance` command line: thin commands over the library.

Each command parses its options, calls one library function, prints the result
and maps the errors of `provenance.errors` to a message and an exit code
(EXIT_CODES; scripts rely on them).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, get_args

import typer
from rich.console import Console
from typer.core import TyperGroup

from provenance.charsets import undecodable
from provenance.config import Settings, load_settings
from provenance.errors import ProvenanceError

if TYPE_CHECKING:
    from provenance.models import Document

EXIT_CODES = {
    0: "the command completed (a run may still have flagged claims)",
    1: "the run failed, nothing could be read, or --fail-on flagged found flagged claims",
    2: "a usage error: a bad option, a missing path or ledger, a bad setting",
}
EPILOG = "Exit codes: " + "; ".join(f"{code} {what}" for code, what in EXIT_CODES.items()) + "."


class Engine(StrEnum):
    """Where `verify` checks articles (see provenance/engine.py)."""

    local = "local"
    dask = "dask"


class Group(TyperGroup):
    """Commands whose help names values plainly (PATH, N, TEXT), not by Python type,
    and whose arguments are text (see `parse_args`)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Parse the command line, refusing first an argument that is not UTF-8 text.

        Undecodable bytes reach Python as lone surrogates, which no claim id,
        ledger row or report can hold: every command refuses them here, as a usage error.
        """
        bad = next((shown for arg in args if (shown := undecodable(arg))), None)
        if bad is not None and not ctx.resilient_parsing:
            fail(f"the argument '{bad}' is not UTF-8 text (ids, paths and notes must be)", 2)
        return super().parse_args(ctx, args)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None and not isinstance(command, TyperGroup):
            for param in command.params:
                plain_type(param)
            help_option = command.get_help_option
            command.get_help_option = lambda ctx: plain_type(help_option(ctx))  # type: ignore[method-assign]
        return command


def plain_type(param: Any) -> Any:
    """`param`, its value named plainly in help: nothing for a flag, a choice its choices."""
    if param is None or param.metavar is not None:
        return param
    kind = param.type_descriptor
    if getattr(param, "is_flag", False) or param.name == "help":
        shown = ""
    elif kind.is_choice:
        shown = "|".join(str(choice) for choice in kind.choices or ())
    else:
        element = get_args(kind.annotation)[0] if kind.is_list else kind.annotation
        shown = "PATH" if kind.is_path or element is Path else PLAIN.get(element, "TEXT")
        shown += "..." if kind.is_list else ""
    param.display_type_rich = lambda ctx: shown
    return param


PLAIN = {int: "N", float: "NUMBER", str: "TEXT"}


app = typer.Typer(
    name="provenance",
    cls=Group,
    help="Find attributed claims in news articles, archive their originals and check them.\n\n"
    "Start with: provenance verify ARTICLES... (then open the report, or provenance serve).",
    epilog=EPILOG,
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode="rich",
)
export_app = typer.Typer(
    help="Export the ledger in standard formats.",
    cls=Group,
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(export_app, name="export")

console = Console()
errors = Console(stderr=True)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print `message` on stderr and exit with `code`."""
    from rich.markup import escape

    errors.print(f"[red]Error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
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


class ReviewStatus(StrEnum):
    """An editor's decision on a claim (the ledger's REVIEW_STATUSES)."""

    cleared = "cleared"
    confirmed = "confirmed"
    corrected = "corrected"
    escalated = "escalated"
    pending = "pending"


class FailOn(StrEnum):
    """When `verify` exits 1 for an editorial CI gate."""

    flagged = "flagged"


def show_version(value: bool) -> None:
    """Print the version and exit (the --version option)."""
    if value:
        from provenance import __version__

        console.print(f"provenance {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Find attributed claims in news articles, archive their originals and check them."""


ArticleDate = Annotated[
    str | None,
    typer.Option(
        "--article-date",
        help="The articles' publication date (YYYY-MM-DD), "
        "anchor for relative dates, when the files do not say it.",
    ),
]
LedgerOption = Annotated[
    Path | None, typer.Option("--ledger", help="The ledger file \\[env PROVENANCE_LEDGER].")
]
FastOption = Annotated[
    bool,
    typer.Option(
        "--fast",
        help="Judge support by words alone, without the model (bulk runs) \\[env PROVENANCE_FAST].",
    ),
]


@app.command()
def verify(
    paths: Annotated[
        list[str], typer.Argument(help="Article files, folders (.txt, .md, .html) or URLs.")
    ],
    ledger: LedgerOption = None,
    cache: Annotated[
        Path | None, typer.Option(help="Archive folder \\[env PROVENANCE_CACHE].")
    ] = None,
    reports: Annotated[
        Path | None, typer.Option(help="Reports folder \\[env PROVENANCE_REPORTS].")
    ] = None,
    sources: Annotated[
        Path | None, typer.Option(help="A sources.toml giving URLs for sources.")
    ] = None,
    offline: Annotated[bool, typer.Option(help="Use only the archive; never the network.")] = False,
    refresh: Annotated[bool, typer.Option(help="Fetch again URLs already archived.")] = False,
    article_date: ArticleDate = None,
    jobs: Annotated[
        int, typer.Option(min=1, help="Processes for offline runs (archive only); 1 otherwise.")
    ] = 1,
    engine: Annotated[
        Engine, typer.Option(help="Where to check: this machine, or a Dask cluster.")
    ] = Engine.local,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Dask scheduler address (tcp://HOST:PORT) for --engine dask; "
            "without it a local cluster sized to the machine."
        ),
    ] = None,
    fail_on: Annotated[
        FailOn | None, typer.Option("--fail-on", help="Exit 1 when any claim is flagged.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run summary as JSON.")] = False,
    fast: FastOption = False,
) -> None:
    """Find, archive and check the original of every attributed claim in PATHS.

    Example: provenance verify seeds/ --sources seeds/sources.example.toml

    Offline, from the archive only: provenance verify seeds/ --offline

    For a CI gate: provenance verify articles/ --fail-on flagged

    Corpora: JSON Lines or Parquet files of {"id", "url", "text" or "html", "published"}
    records, e.g. provenance verify corpus.jsonl --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from provenance.pipeline import verify as run_verify

    require_paths(paths)
    if scheduler is not None and engine is not Engine.dask:
        fail("--scheduler needs --engine dask", 2)
    settings = settings_from(
        ledger=ledger,
        cache=cache,
        reports=reports,
        offline=offline or None,
        refresh=refresh or None,
        fast=fast or None,
    )
    when = parse_date(article_date)
    with progress_bar(article_count(paths)) as (advance, tick):
        try:
            summary = run_verify(
                paths, settings=settings, sources=sources, article_date=when,
                progress=advance, jobs=jobs, tick=tick,
                engine=engine.value, scheduler=scheduler,
            )  # fmt: skip
            summary.reports = [str(p) for p in reports_for(settings)]
        except (ProvenanceError, OSError) as exc:
            fail(error_text(exc))
    show_summary(summary, as_json)
    if not summary.articles:
        fail("no article could be read", 1)
    if not as_json:
        show_next_steps(summary, sources)
    if fail_on is FailOn.flagged and summary.flagged:
        raise typer.Exit(1)


def require_paths(paths: list[str]) -> None:
    """Exit with a usage error naming each path that does not exist; warn of each folder
    (or folder inside one) that cannot be read, since its articles will be missing."""
    from provenance.ingest import is_url

    local = [Path(p) for p in paths if not is_url(p)]
    missing = [str(p) for p in local if not p.exists()]
    if missing:
        fail(f"no such file or folder: {', '.join(missing)}", 2)
    for folder in (p for p in local if p.is_dir()):
        for unreadable in unreadable_folders(folder):
            errors.print(
                f"cannot read folder {unreadable}: permission denied (its articles are skipped)",
                highlight=False, soft_wrap=True,
            )  # fmt: skip


def unreadable_folders(folder: Path) -> list[str]:
    """`folder` and the folders under it that cannot be listed."""
    found: list[str] = []
    for _ in os.walk(folder, onerror=lambda exc: found.append(str(exc.filename))):
        pass
    return found


def show_next_steps(summary: Any, sources: Path | None) -> None:
    """After a run: what the user can do next, with the commands."""
    not_found = summary.verdicts.get("source_not_found", 0)
    steps = [f"open the report: {summary.reports[0]}" if summary.reports else ""]
    if summary.flagged:
        steps.append(f"list the {summary.flagged} flagged claims: provenance claims --flagged")
        steps.append("see one whole: provenance show CLAIM_ID")
        steps.append(
            'record a decision: provenance review CLAIM_ID --status confirmed --note "..."'
        )
        steps.append("review in the browser: provenance serve")
    if not_found:
        hint = "add their links to" if sources else "give their links with --sources FILE"
        steps.append(f"{not_found} sources were not found: {hint} (see seeds/sources.example.toml)")
    console.print("Next steps:", highlight=False)
    for step in filter(None, steps):
        console.print(f"  - {step}", highlight=False, soft_wrap=True)


def paths_of(paths: list[str]) -> list[str]:
    """The article files and URLs that `paths` name (folders walked), for the progress bar."""
    from provenance.ingest import is_url, iter_files

    return [p for p in paths if is_url(p)] + [str(f) for f in iter_files(paths)]


def article_count(paths: list[str]) -> int | None:
    """How many articles `paths` hold, when known without reading them (not for corpora)."""
    from provenance.corpus import is_corpus

    named = paths_of(paths)
    return None if any(is_corpus(p) for p in named) else len(named)


@contextmanager
def progress_bar(
    total: int | None,
) -> Iterator[tuple[Callable[[str], None], Callable[[str], None]]]:
    """A rich progress bar on stderr over `total` articles (None: not known ahead, as in a
    corpus), counting claims and fetches (the busiest hosts named) with the time left;
    yields the article function (a path done) and the tick function."""
    from collections import Counter

    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    counts: Counter[str] = Counter()
    hosts: Counter[str] = Counter()
    columns = (
        TextColumn("verifying"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("articles · {task.fields[claim]} claims · {task.fields[fetch]} fetches"),
        TimeRemainingColumn(),
        TextColumn("{task.fields[hosts]}"),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=errors, transient=True) as bar:
        task = bar.add_task("", total=total, claim=0, fetch=0, hosts="")

        def tick(event: str) -> None:
            kind, _, host = event.partition(" ")
            counts[kind] += 1
            hosts.update([host] if host else [])
            busiest = ", ".join(f"{name} {n}" for name, n in hosts.most_common(3))
            bar.update(task, claim=counts["claim"], fetch=counts["fetch"], hosts=busiest)

        yield (lambda path: bar.update(task, advance=1, description=path)), tick


def reports_for(settings: Settings) -> list[Path]:
    """Write the reports from the ledger named by `settings`; return their paths."""
    from provenance.ledger import Ledger
    from provenance.report import write_reports

    with Ledger(settings.ledger) as ledger:
        return write_reports(ledger, settings.reports, serve_url=settings.serve_url)


def show_summary(summary: Any, as_json: bool) -> None:
    """Print a run summary: a table of verdicts per article, then notices and skips."""
    if as_json:
        data = summary.to_dict()
        data["verdicts"], data["flagged"] = summary.verdicts, summary.flagged
        print_json(data)
        return
    from rich.table import Table

    table = Table(title="Claims per verdict")
    table.add_column("article", overflow="fold")
    table.add_column("claims", justify="right")
    table.add_column("flagged", justify="right")
    table.add_column("verdicts", overflow="fold")
    for result in summary.articles:
        flagged = sum(n for name, n in result.verdicts.items() if name != "verified")
        table.add_row(result.path, str(result.claims), str(flagged), tally_text(result.verdicts))
    total = sum(r.claims for r in summary.articles)
    table.add_row("total", str(total), str(summary.flagged), tally_text(summary.verdicts),
                  style="bold")  # fmt: skip
    console.print(table)
    for skipped in summary.skipped:
        errors.print(f"skipped {skipped.path}: {skipped.reason}", highlight=False)
    for notice in summary.notices:
        console.print(f"note: {notice}", highlight=False)
    console.print(
        f"{summary.flagged} claims flagged for review. Ledger: {summary.ledger}; "
        f"reports: {', '.join(summary.reports)}",
        highlight=False,
    )


def tally_text(verdicts: dict[str, int]) -> str:
    """Claims per verdict as one line, in the order of VERDICTS: "verified 3, misquoted 1"."""
    from provenance.models import VERDICTS

    return ", ".join(f"{name} {verdicts[name]}" for name in VERDICTS if verdicts.get(name))


def parse_date(value: str | None) -> Any:
    """An ISO date option, or a usage error."""
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"--article-date wants YYYY-MM-DD, not {value!r}", 2)


@app.command()
def report(
    ledger: LedgerOption = None,
    reports: Annotated[
        Path | None, typer.Option(help="Reports folder \\[env PROVENANCE_REPORTS].")
    ] = None,
) -> None:
    """Write the HTML and Markdown reports from the ledger, flagged claims first.

    Example: provenance report --reports reports/
    """

    settings = settings_from(ledger=ledger, reports=reports)
    require_ledger(settings)
    try:
        written = reports_for(settings)
    except (ProvenanceError, OSError) as exc:
        fail(error_text(exc))
    for path in written:
        console.print(f"wrote {path}", highlight=False)


@app.command()
def review(
    claim: Annotated[str, typer.Argument(help="A claim id (or a unique prefix of one).")],
    status: Annotated[ReviewStatus, typer.Option(help="The editor's decision.")],
    note: Annotated[str | None, typer.Option(help="What the editor found.")] = None,
    reviewer: Annotated[str | None, typer.Option(help="Who reviewed it.")] = None,
    ledger: LedgerOption = None,
) -> None:
    """Record an editor's decision on a claim, beside the machine verdict.

    The review stays with the claim through re-runs and edits of the article.

    Example: provenance review 3f2a9c --status confirmed --note "quote altered in print"
    """
    from provenance.ledger import Ledger

    settings = settings_from(ledger=ledger)
    require_ledger(settings)
    try:
        with Ledger(settings.ledger) as book:
            row = book.add_review(claim, status=status.value, note=note, reviewer=reviewer)
    except ProvenanceError as exc:
        fail(str(exc))
    console.print(
        f"review {row['id']} recorded for claim {row['claim_id']}: {status.value}", highlight=False
    )


@app.command("claims")
def list_claims(
    flagged: Annotated[bool, typer.Option("--flagged", help="Only flagged claims.")] = False,
    article: Annotated[
        str | None, typer.Option("--article", help="Only claims of articles whose path has this.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON claim a line.")] = False,
    ledger: LedgerOption = None,
) -> None:
    """List the claims in the ledger with their ids, verdicts and latest reviews:
    flagged first, unreviewed first, worst first. Removed claims that were reviewed
    are listed too.

    Example: provenance claims --flagged --article seeds/china
    """
    from rich.table import Column, Table

    from provenance.ledger import Ledger

    settings = settings_from(ledger=ledger)
    require_ledger(settings)
    where, params = ["1"], []
    if flagged:
        where.append("c.flagged = 1")
    if article:
        where.append("instr(a.path, ?) > 0")
        params.append(article)
    try:
        with Ledger(settings.ledger) as book:
            claims = book.report_claims(where=" and ".join(where), params=params)
    except ProvenanceError as exc:
        fail(str(exc))
    if as_json:
        for claim in claims:
            print_json({k: v for k, v in claim.items() if k not in ("data", "checks")})
        return
    table = Table(Column("id", no_wrap=True), "article", "source", "verdict", "review", "sentence")
    for claim in claims:
        review = claim["review_status"] or ""
        if claim["state"] == "removed":
            review = f"{review} (removed)".strip()
        sentence = " ".join((claim["sentence"] or "").split())
        table.add_row(
            claim["id"], claim["article_path"], claim["source"], claim["verdict"], review,
            sentence[:120] + ("…" if len(sentence) > 120 else ""),
        )  # fmt: skip
    console.print(table)
    console.print(f"{len(claims)} claims", highlight=False)


@app.command()
def show(
    claim: Annotated[str, typer.Argument(help="A claim id (or a unique prefix of one).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ledger: LedgerOption = None,
) -> None:
    """Show one claim whole: sentence, sources, verdict, checks with their evidence,
    original and archived links, and every review, including those of earlier versions.

    Example: provenance show 3f2a9c
    """
    from provenance.ledger import Ledger
    from provenance.report import describe_claim

    settings = settings_from(ledger=ledger)
    require_ledger(settings)
    try:
        with Ledger(settings.ledger) as book:
            detail = book.claim_detail(claim)
    except ProvenanceError as exc:
        fail(str(exc))
    if as_json:
        print_json({k: v for k, v in detail.items() if k != "data"})
        return
    for name, value in describe_claim(detail, serve_url=settings.serve_url):
        if name:
            console.print(f"[bold]{name}:[/bold] ", end="", highlight=False)
        console.print(value, markup=False, highlight=False, soft_wrap=True)


@app.command()
def serve(
    ledger: LedgerOption = None,
    port: Annotated[int, typer.Option(help="Port to listen on (0: any free port).")] = 8001,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    cache: Annotated[
        Path | None, typer.Option(help="Cache folder holding the WARC archive.")
    ] = None,
    reviewer: Annotated[
        list[str] | None,
        typer.Option(help="A reviewer who may record reviews in the browser (repeatable)."),
    ] = None,
    reviewers: Annotated[
        Path | None, typer.Option(help="A file of reviewer names, one a line.")
    ] = None,
    allow_sql: Annotated[
        bool, typer.Option("--allow-sql", help="Let visitors run arbitrary read-only SQL.")
    ] = False,
) -> None:
    """Serve the ledger in Datasette: read-only for visitors, a review form for reviewers.

    Each reviewer gets a login link, printed at start and valid while the server
    runs. Archived copies are shown at /-/provenance/capture/CAPTURE_ID.

    Example: provenance serve --reviewer "Ana Ruiz" --port 8001
    """
    from provenance import serve as serving
    from provenance.report import datasette_metadata

    settings = settings_from(ledger=ledger, cache=cache)
    require_ledger(settings)
    try:
        names = list(reviewer or [])
        if reviewers is not None:
            names += serving.read_reviewers(reviewers)
        tokens = serving.login_tokens(names)
    except ProvenanceError as exc:
        fail(str(exc), 2)
    options = serving.ServeOptions(
        ledger=settings.ledger,
        cache=settings.cache,
        metadata=datasette_metadata(settings.ledger),
        reviewers=tokens,
        allow_sql=allow_sql,
    )
    try:
        sock = serving.listen(host, port)
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc} (choose another --port)")
    base = f"http://{host}:{sock.getsockname()[1]}"
    sql = "arbitrary SQL allowed" if allow_sql else "arbitrary SQL off (--allow-sql turns it on)"
    console.print(
        f"serving {settings.ledger} on {base}/ (read-only for visitors; {sql})",
        highlight=False,
        soft_wrap=True,
    )
    for name, token in tokens.items():
        console.print(
            f"log in as {name}: {serving.login_url(base, token)}", highlight=False, soft_wrap=True
        )
    if not tokens:
        console.print("no reviewers: add --reviewer NAME to record reviews in the browser")
    sys.stdout.flush()
    serving.run(serving.build(options), sock)


@export_app.command("claimreview")
def export_claimreview(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write.")] = None,
    include_unreviewed: Annotated[
        bool,
        typer.Option(
            "--include-unreviewed",
            help="Also the claims no editor has decided on, as drafts rated by the machine.",
        ),
    ] = False,
    ledger: LedgerOption = None,
) -> None:
    """Export the reviewed claims as schema.org ClaimReview JSON-LD (stdout by default).

    Needs the newsroom's name and where reviews are published, in provenance.toml:
    \\[publisher] name = "...", url = "https://...", reports_url = "https://.../report.html"

    Example: provenance export claimreview -o claimreview.json
    """
    from provenance.claimreview import claimreview, publisher_from
    from provenance.ledger import Ledger

    settings = settings_from(ledger=ledger)
    require_ledger(settings)
    try:
        publisher = publisher_from(settings)
    except ProvenanceError as exc:
        fail(str(exc), 2)
    try:
        with Ledger(settings.ledger) as book:
            items = claimreview(
                book.report_claims(), publisher=publisher, include_unreviewed=include_unreviewed
            )
        text = json.dumps(items, ensure_ascii=False, indent=2)
        if output is not None:
            output.write_text(text + "\n", encoding="utf-8")
    except (ProvenanceError, OSError) as exc:
        fail(error_text(exc))
    if output is None:
        sys.stdout.write(text + "\n")
    else:
        console.print(f"wrote {len(items)} ClaimReview objects to {output}", highlight=False)
    if not items:
        errors.print(
            "no claim has a review yet (provenance review CLAIM --status ...); "
            "--include-unreviewed exports drafts",
            highlight=False,
        )


def require_ledger(settings: Settings) -> None:
    """Exit with a usage error when the ledger file does not exist."""
    if not settings.ledger.is_file():
        fail(f"no ledger at {settings.ledger}: run `provenance verify` first", 2)


# --- commands filled in by their stages ---------------------------------------


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON claim a line.")] = False,
    article_date: ArticleDate = None,
) -> None:
    """Print the attributed claims of articles.

    Example: provenance extract seeds/ --json
    """
    from rich.table import Column, Table

    from provenance.extract import extract_claims
    from provenance.ingest import ingest_paths
    from provenance.registry import load_registry

    require_paths([str(path) for path in paths])
    settings = settings_from()
    try:
        registry = load_registry(settings.outlets)
        articles, skipped = ingest_paths(paths, settings, article_date=parse_date(article_date))
    except ProvenanceError as exc:
        fail(str(exc), 2)
    for item in skipped:
        errors.print(f"skipped {item.path}: {item.reason}", highlight=False, soft_wrap=True)
    table = Table(Column("id", no_wrap=True), "article", "source", "kind", "cue", "date", "quotes",
                  "checkable")  # fmt: skip
    for article in articles:
        claims = extract_claims(
            article.text,
            article_date=article.published,
            links=article.links,
            article=article.path,
            registry=registry,
        )
        for claim in claims:
            if as_json:
                print_json(claim.to_dict())
                continue
            kinds = ", ".join(source.kind for source in claim.sources)
            when = claim.date.value or claim.date.text if claim.date else ""
            table.add_row(
                claim.id,
                Path(article.path).name,
                claim.source_name,
                kinds,
                claim.cue.text if claim.cue else "",
                when or "",
                str(len(claim.quotes)),
                "yes" if claim.checkable else "no",
            )
    if not articles:
        fail("no article could be read", 1)
    if not as_json:
        console.print(table)


@app.command()
def inspect(
    source: Annotated[str, typer.Argument(help="A URL, an archived URL or a local file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    refresh: Annotated[bool, typer.Option("--refresh", help="Fetch again.")] = False,
    offline: Annotated[bool, typer.Option("--offline", help="Use only the archive.")] = False,
) -> None:
    """Fetch (or read from the archive) a source and show what was captured.

    Exits 1, with the reason on one line, when the source could not be fetched
    or was refused.

    Example: provenance inspect https://www.wired.com/story/...
    """
    from provenance.fetch import describe, inspect_source

    settings = settings_from(refresh=refresh or None, offline=offline or None)
    try:
        result = inspect_source(source, settings)
    except ProvenanceError as exc:
        fail(str(exc))
    capture = result.capture
    if as_json:
        print_json(describe(result))
    elif capture is not None:
        warc = settings.cache / "warc" / capture.warc_file
        where = f"{warc} offset {capture.offset} length {capture.length}"
        rows = {
            "URL": capture.url,
            "Final URL": capture.final_url,
            "Status": capture.status,
            "Content type": capture.content_type or "(none)",
            "Size": f"{capture.size} bytes",
            "SHA-256": capture.sha256,
            "Fetched at": capture.fetched_at,
            "WARC": where if capture.warc_file else "(a local file: not archived)",
            "From archive": "yes" if capture.from_archive else "no",
        }
        for name, value in rows.items():
            console.print(f"{name + ':':<14}{value}", markup=False, highlight=False, soft_wrap=True)
    if not result.ok:
        fail(result.error or "the source could not be fetched")


@app.command("check-quote")
def check_quote_command(
    quote: Annotated[str, typer.Argument(help="The quoted words.")],
    source: Annotated[str, typer.Argument(help="A URL, an archived URL or a local file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Check whether QUOTE appears in SOURCE, verbatim or altered.

    Example: provenance check-quote "open-source AI tsunami" article.html
    """
    from provenance.match import check_quote

    document = given_source(source, quote, settings_from())
    found = check_quote(quote, document.text)
    if as_json:
        print_json({"source": source, "title": document.title, **found.to_dict()})
        return
    console.print(f"{found.status} (score {found.score:.2f})", highlight=False)
    if found.passage is not None:
        console.print(f"passage [{found.start}:{found.end}]: {found.passage}", highlight=False)


def given_source(source: str, text: str, settings: Settings) -> Document:
    """The document of a one-off check's SOURCE; an empty TEXT or a missing local file is a
    usage error (exit 2), a source that cannot be read a failure (exit 1)."""
    from provenance.read import read_source

    if not text.strip():
        fail("the text to check is empty", 2)
    if "://" not in source and not Path(source).exists():
        fail(f"{source}: no such file (give a URL, an archived URL or a local file)", 2)
    try:
        return read_source(source, settings)
    except ProvenanceError as exc:
        fail(str(exc), 1)


@app.command("check-claim")
def check_claim_command(
    text: Annotated[str, typer.Argument(help="The claim, as the article words it.")],
    source: Annotated[str, typer.Argument(help="A URL, an archived URL or a local file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    fast: FastOption = False,
) -> None:
    """Check whether SOURCE supports a paraphrased claim.

    Example: provenance check-claim "Chinese models are cheaper" fortune.html
    """
    from provenance.match import check_claim, decide
    from provenance.match.verdict import claim_from_text
    from provenance.models import Resolution

    settings = settings_from(fast=fast or None)
    document = given_source(source, text, settings)
    claim = claim_from_text(text, source=source)
    checks = check_claim(claim, document, fast=settings.fast)
    verdict = decide(claim, Resolution(claim_id=claim.id, status="resolved"), checks)
    if as_json:
        rows = [check.to_dict() for check in checks]
        print_json({"source": source, **verdict.to_dict(), "checks": rows})
        return
    console.print(f"{verdict.verdict}", highlight=False)
    for reason in verdict.reasons:
        console.print(f"- {reason}", highlight=False, soft_wrap=True)


@app.command()
def support(
    jsonl: Annotated[Path, typer.Option("--jsonl", help="Lines of {id, claim, evidence}.")],
    fast: FastOption = False,
) -> None:
    """Label claims supported / partially_supported / not_supported by their evidence.

    Example: provenance support --jsonl claims.jsonl > labels.jsonl
    """
    from provenance.match import check_support

    fast = settings_from(fast=fast or None).fast
    try:
        lines = jsonl.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"{jsonl}: cannot read: {exc}", 2)
    bad = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        item = _support_item(line)
        if isinstance(item, str):
            bad += 1
            errors.print(f"{jsonl}:{number}: {item}", highlight=False, soft_wrap=True)
            continue
        found = check_support(item["claim"], item["evidence"], fast=fast)
        row = {"id": item.get("id"), "label": found.label, "score": found.score}
        print_json({**row, "parts": found.parts, "soft": found.soft, "evidence": found.evidence})
    if bad:
        fail(f"{bad} malformed line{'s' if bad > 1 else ''} in {jsonl} (skipped)", 2)


def _support_item(line: str) -> dict[str, Any] | str:
    """A parsed `support --jsonl` line, or what is wrong with it."""
    try:
        item = json.loads(line)
    except ValueError as exc:
        return f"not valid JSON ({exc})"
    if not isinstance(item, dict) or not isinstance(item.get("claim"), str):
        return 'expected an object with a string "claim"'
    evidence = item.get("evidence")
    valid = isinstance(evidence, list) and all(isinstance(e, str) for e in evidence)
    if not (isinstance(evidence, str) or valid):
        return '"evidence" must be a string or a list of strings'
    return item


def main() -> None:
    """Entry point of the console script: errors that reach it become one line and exit 1."""
    try:
        app()
    except (ProvenanceError, OSError) as exc:
        fail(error_text(exc))


def error_text(exc: BaseException) -> str:
    """One line for an error: an OSError names its file and the system's reason."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
    return str(exc)
