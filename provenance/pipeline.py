"""The pipeline: wires the stages together for `provenance verify`.

    ingest -> extract -> resolve (+ fetch, archive) -> read -> match -> ledger -> report

`verify()` streams: each article is ingested, checked and written to the
ledger (one transaction) before the next is read.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from provenance.config import Settings, load_settings
from provenance.engine import ENGINES, Checked, Setup, checked_files
from provenance.errors import ArticleSkipped, ConfigError
from provenance.extract import extract_claims
from provenance.fetch import Fetcher
from provenance.ingest import ingest_bytes, is_url, iter_ingest, kind_of
from provenance.ledger import ClaimOutcome, Ledger, utcnow
from provenance.match import cache as model_cache
from provenance.match import check_claim, decide, score_candidate
from provenance.match.cache import ModelCache
from provenance.models import (
    Article,
    ArticleResult,
    Capture,
    Claim,
    Document,
    FetchResult,
    Resolution,
    RunSummary,
    Skipped,
    Verdict,
    stable_id,
)
from provenance.nested import against_parent, continued, own_publication
from provenance.read import read_capture
from provenance.registry import Registry, load_registry
from provenance.resolve import SourceRule, load_sources, plan, resolve

Progress = Callable[[str], None]
Tick = Callable[[str], None]  # told "claim" for each claim checked, "fetch HOST" for each fetch
BATCH = 50  # articles a transaction when workers check them (--jobs > 1, --engine dask)


class NetworkWatch:
    """A fetcher that notices when there is no network at all, and then stops trying.

    After `limit` network failures on distinct hosts and no response from any
    host, the run is taken to be offline: later fetches read the archive only,
    and the run says so.
    """

    def __init__(self, fetcher: Fetcher, offline: Fetcher, limit: int = 3) -> None:
        self.fetcher, self.offline, self.limit = fetcher, offline, limit
        self.tick: Tick | None = None
        self.failed_hosts: set[str] = set()
        self.answered = False
        self.first_error: str | None = None

    @property
    def down(self) -> bool:
        """True once the network has been given up for this run."""
        return not self.answered and len(self.failed_hosts) >= self.limit

    def fetch(self, url: str, *, refresh: bool | None = None) -> FetchResult:
        """Fetch `url`, or read it from the archive only once the network is down."""
        if self.tick:
            self.tick(f"fetch {urlsplit(url).hostname or url}")
        if self.down:
            return self.offline.fetch(url, refresh=refresh)
        result = self.fetcher.fetch(url, refresh=refresh)
        self.observe(result)
        return result

    def observe(self, result: FetchResult) -> None:
        if result.capture is not None and not result.capture.from_archive:
            self.answered = True
        elif result.kind == "network":
            self.failed_hosts.add(urlsplit(result.url).hostname or result.url)
            self.first_error = self.first_error or result.error


@dataclass(slots=True)
class Checker:
    """What checking a claim needs: settings, a fetcher, the outlet registry, the rules."""

    settings: Settings
    fetcher: NetworkWatch
    registry: Registry
    rules: list[SourceRule] = field(default_factory=list)
    answers: ModelCache | None = None  # the support model's answers (None with --fast)


@dataclass(slots=True)
class Context:
    """What every article of a run shares: the checker, the ledger, the run's id."""

    checker: Checker
    ledger: Ledger
    run_id: str = ""

    @property
    def settings(self) -> Settings:
        return self.checker.settings

    @property
    def fetcher(self) -> NetworkWatch:
        return self.checker.fetcher


def verify(
    paths: Sequence[Path | str],
    *,
    ledger: Path | str | None = None,
    cache: Path | str | None = None,
    offline: bool = False,
    sources: Path | str | None = None,
    settings: Settings | None = None,
    article_date: date | None = None,
    progress: Progress | None = None,
    jobs: int = 1,
    tick: Tick | None = None,
    engine: str = "local",
    scheduler: str | None = None,
) -> RunSummary:
    """Verify every attributed claim of the articles under `paths`; return the run's summary.

    `jobs` > 1 checks articles in that many processes; it applies to offline runs
    (the archive alone), since politeness towards hosts needs one scheduler.
    `progress` is told each article's path when it is done; `tick` is told "claim"
    for each claim checked and "fetch HOST" for each source fetched (or read from the
    archive).
    `engine="dask"` checks them on a Dask cluster (`scheduler`, or a local one),
    with politeness held across it; see `provenance.engine`.
    """
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})",
                          setting="engine")  # fmt: skip
    settings = settings or load_settings()
    settings = settings.replace(
        ledger=Path(ledger) if ledger else settings.ledger,
        cache=Path(cache) if cache else settings.cache,
        offline=offline or settings.offline,
    )
    rules = load_sources(Path(sources)) if sources else []
    run_id = stable_id(*sorted(str(Path(p)) for p in paths), options_key(settings, sources))
    summary = RunSummary(run_id=run_id, started=utcnow(), ledger=str(settings.ledger))
    with ExitStack() as stack:
        context = open_context(stack, settings, rules, run_id)
        context.fetcher.tick = tick
        parallel = engine == "dask" or (jobs > 1 and settings.offline)
        context.ledger.start_run(
            run_id, inputs=[str(p) for p in paths], options=run_options(settings, sources)
        )
        batch: list[tuple[Article, list[ClaimOutcome]]] = []
        size = BATCH if parallel else 1
        for item, outcomes in checked(paths, context, article_date, jobs, engine, scheduler):
            if isinstance(item, Skipped):
                summary.skipped.append(item)
                continue
            if tick and parallel:  # workers' claims and fetches are counted as they arrive
                tick_outcomes(tick, outcomes)
            if progress:
                progress(item.path)
            batch.append((item, outcomes))
            if len(batch) >= size:
                summary.articles.extend(record(batch, context))
                batch = []
        summary.articles.extend(record(batch, context))
        summary.notices.extend(run_notices(settings, context.fetcher))
        summary.finished = utcnow()
        context.ledger.finish_run(summary)
    return summary


def tick_outcomes(tick: Tick, outcomes: list[ClaimOutcome]) -> None:
    """Tell `tick` of the claims checked, and the sources fetched, in another process."""
    for outcome in outcomes:
        tick("claim")
        for capture in outcome.captures:
            tick(f"fetch {urlsplit(capture.url).hostname or capture.url}")


def checked(
    paths: Sequence[Path | str],
    context: Context,
    article_date: date | None,
    jobs: int,
    engine: str = "local",
    scheduler: str | None = None,
) -> Iterator[Checked]:
    """Each input with the outcomes of its claims, in input order: article URLs first
    (fetched and archived), then files and corpora, checked here, by `jobs` processes
    when offline, or on a Dask cluster (`provenance.engine`)."""
    for url in [str(p) for p in paths if is_url(p)]:
        yield with_outcomes(ingest_url(url, context, article_date), context.checker)
    if engine == "dask" or (jobs > 1 and context.settings.offline):
        setup = Setup(context.settings, tuple(context.checker.rules), article_date)
        yield from checked_files(paths, setup, engine=engine, jobs=jobs, scheduler=scheduler)
        return
    for item in iter_ingest(paths, context.settings, article_date=article_date):
        yield with_outcomes(item, context.checker)


def with_outcomes(item: Article | Skipped, checker: Checker) -> Checked:
    """An input with the outcomes of its claims (none for a skipped file)."""
    return item, [] if isinstance(item, Skipped) else check_article(item, checker)


def ingest_url(url: str, context: Context, article_date: date | None) -> Article | Skipped:
    """Fetch an article given by URL (or read it from the archive) and ingest it."""
    result = context.fetcher.fetch(url)
    if not result.ok or result.capture is None:
        return Skipped(path=url, reason=f"could not be fetched: {result.error or 'no response'}")
    capture = result.capture
    context.ledger.upsert_captures([capture])
    try:
        return ingest_bytes(capture.body, url, kind_of(capture.content_type), url=url,
                            article_date=article_date)  # fmt: skip
    except ArticleSkipped as exc:
        return Skipped(path=url, reason=exc.reason)


def open_context(
    stack: ExitStack, settings: Settings, rules: list[SourceRule], run_id: str
) -> Context:
    """Open the ledger, the archive and the fetcher for a run."""
    from provenance.archive import Archive

    ledger = stack.enter_context(Ledger(settings.ledger))
    archive = stack.enter_context(Archive(settings.cache))
    fetcher = stack.enter_context(Fetcher(settings, archive))
    offline = stack.enter_context(Fetcher(settings.replace(offline=True), archive))
    registry = load_registry(settings.outlets)
    answers = None if settings.fast else model_cache.in_folder(settings.cache)
    if answers is not None:
        stack.callback(answers.close)
    watch = NetworkWatch(fetcher, offline, limit=5)
    checker = Checker(settings, watch, registry, rules, answers)
    return Context(checker, ledger, run_id)


def check_article(article: Article, checker: Checker) -> list[ClaimOutcome]:
    """Extract the claims of one article, then resolve and check each."""
    claims = extract_claims(
        article.text, article_date=article.published, links=article.links,
        article=article.path, registry=checker.registry,
    )  # fmt: skip
    outcomes: list[ClaimOutcome] = []
    for claim in claims:
        parent = next((o for o in outcomes if o.claim.id == claim.parent), None)
        parent = parent or continued(claim, outcomes)
        outcomes.append(guarded_claim(claim, checker, parent))
        if checker.fetcher.tick:
            checker.fetcher.tick("claim")
    return outcomes


def guarded_claim(
    claim: Claim, checker: Checker, parent: ClaimOutcome | None = None
) -> ClaimOutcome:
    """`verify_claim`, with any unexpected error kept as the claim's result, not a crash.

    A hostile page must not stop a run (nor every later run that reads it from
    the archive): the claim is recorded as not checked, with the error.
    """
    try:
        return verify_claim(claim, checker, parent)
    except Exception as exc:  # the boundary: whatever a stage raised on this claim
        reason = f"not checked: {type(exc).__name__} while checking ({exc})"[:500]
        resolution = Resolution(claim.id, "not_fetched", reason=reason)
        return ClaimOutcome(claim, Verdict(claim.id, "not_checked", [reason]), resolution)


def record(
    batch: list[tuple[Article, list[ClaimOutcome]]], context: Context
) -> list[ArticleResult]:
    """Write a batch of articles' outcomes to the ledger (one transaction); return tallies."""
    if not batch:
        return []
    context.ledger.record_articles(batch, run_id=context.run_id)
    return [tally(article, outcomes) for article, outcomes in batch]


def tally(article: Article, outcomes: list[ClaimOutcome]) -> ArticleResult:
    """Claims per verdict in one article."""
    verdicts: dict[str, int] = {}
    for outcome in outcomes:
        verdicts[outcome.verdict.verdict] = verdicts.get(outcome.verdict.verdict, 0) + 1
    return ArticleResult(
        path=article.path, article_id=article.id, claims=len(outcomes), verdicts=verdicts
    )


def verify_claim(
    claim: Claim, context: Checker, parent: ClaimOutcome | None = None
) -> ClaimOutcome:
    """Resolve one claim to its original, check it, and decide its verdict.

    A claim nested in `parent` is checked first against the parent's original
    (see `provenance.nested`).
    """
    settings = context.settings
    if not claim.checkable:
        resolution = Resolution(claim.id, "not_checkable", reason="the source is not named")
        return ClaimOutcome(claim, decide(claim, resolution, []), resolution)
    fast, answers = settings.fast, context.answers
    nested = against_parent(
        claim,
        parent,
        lambda capture: read_document(capture, settings.cache),
        fast=fast,
        cache=answers,
    )
    if nested is not None and not own_publication(claim):
        resolution, capture, checks = nested
        return ClaimOutcome(claim, decide(claim, resolution, checks), resolution, checks, capture)
    resolution, captures = resolve(
        claim,
        fetcher=context.fetcher,
        settings=settings,
        registry=context.registry,
        rules=context.rules,
        score=scorer(settings),
    )
    if resolution.status != "resolved" and (settings.offline or context.fetcher.down):
        resolution = offline_plan(claim, context, resolution)
    if nested is not None and resolution.status != "resolved":
        own = resolution
        resolution, capture, checks = nested
        resolution.queries += own.queries
        verdict = decide(claim, resolution, checks)
        return ClaimOutcome(claim, verdict, resolution, checks, capture, [capture, *captures])
    if nested is not None:
        resolution.queries = nested[0].queries + resolution.queries
    chosen = captures[0] if resolution.status == "resolved" and captures else None
    checks = []
    if chosen is not None:
        listed = resolution.chosen.published if resolution.chosen else None
        document = read_document(chosen, settings.cache)
        checks = check_claim(
            claim, document, capture=chosen, listed=listed, fast=fast, cache=answers
        )
    verdict = decide(claim, resolution, checks)
    return ClaimOutcome(claim, verdict, resolution, checks, chosen, captures)


def offline_plan(claim: Claim, context: Checker, tried: Resolution) -> Resolution:
    """What a networked run would do for a claim the archive could not answer."""
    planned = plan(claim, settings=context.settings, registry=context.registry, rules=context.rules)
    if all(query.outcome in ("skipped", "not_found") for query in planned.queries):
        return tried  # nothing a networked run could fetch either: not found, not unreachable
    planned.status = "not_fetched"
    why = "offline" if context.settings.offline else f"no network ({context.fetcher.first_error})"
    planned.reason = f"{why}: not in the archive; a networked run would try the queries listed"
    seen = {(query.method, query.target) for query in planned.queries}
    planned.queries += [q for q in tried.queries if (q.method, q.target) not in seen]
    return planned


def scorer(settings: Settings) -> Callable[[Claim, Capture], float]:
    """How well a candidate capture supports a claim (0..1), for the resolver's choice."""

    def score(claim: Claim, capture: Capture) -> float:
        return score_candidate(claim, read_document(capture, settings.cache))

    return score


_DOCUMENTS: OrderedDict[tuple[str, str], Document] = OrderedDict()


def read_document(capture: Capture, cache: Path, *, keep: int = 256) -> Document:
    """The Document of a capture; the same body at the same URL is read once per process."""
    key = (capture.sha256, capture.final_url)
    document = _DOCUMENTS.get(key)
    if document is None:
        document = _DOCUMENTS[key] = read_capture(capture, capture.body, cache_dir=cache)
        while len(_DOCUMENTS) > keep:
            _DOCUMENTS.popitem(last=False)
    return document


def run_notices(settings: Settings, fetcher: NetworkWatch) -> list[str]:
    """Plain statements about what this run could not do."""
    notices = []
    if settings.offline:
        notices.append(
            "offline run: sources were read from the archive only; the rest were not fetched"
        )
    elif fetcher.down:
        notices.append(
            f"no network: {len(fetcher.failed_hosts)} hosts failed and none answered "
            f"(first: {fetcher.first_error}); from then on sources were read from the archive "
            "only, and the rest are recorded as not fetched, with what a networked run would try"
        )
    return notices


def options_key(settings: Settings, sources: Path | str | None) -> str:
    """The options that make two runs of the same inputs different runs (`fast` judges
    otherwise, so a `--fast` run is a run of its own; keys of runs without it are unchanged)."""
    key = f"{settings.ledger}|{settings.offline}|{sources}"
    return f"{key}|fast" if settings.fast else key


def run_options(settings: Settings, sources: Path | str | None) -> dict[str, Any]:
    return {
        "offline": settings.offline,
        "refresh": settings.refresh,
        "sources": str(sources) if sources else None,
        "cache": str(settings.cache),
        "fast": settings.fast,
    }
