"""The pipeline: wires the stages together for `provenance verify`.

    ingest -> extract -> resolve (+ fetch, archive) -> read -> match -> ledger -> report

`verify()` streams: each article is ingested, checked and written to the
ledger (one transaction) before the next is read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from provenance.config import Settings, load_settings
from provenance.errors import ArticleSkipped
from provenance.extract import extract_claims
from provenance.fetch import Fetcher
from provenance.ingest import ingest_bytes, is_url, iter_ingest, kind_of
from provenance.ledger import ClaimOutcome, Ledger, utcnow
from provenance.match import check_claim, decide, score_candidate
from provenance.models import (
    Article,
    ArticleResult,
    Capture,
    Claim,
    FetchResult,
    Resolution,
    RunSummary,
    Skipped,
    stable_id,
)
from provenance.read import read_capture
from provenance.registry import Registry, load_registry
from provenance.resolve import SourceRule, load_sources, plan, resolve

Progress = Callable[[str], None]


class NetworkWatch:
    """A fetcher that notices when there is no network at all, and then stops trying.

    After `limit` network failures on distinct hosts and no response from any
    host, the run is taken to be offline: later fetches read the archive only,
    and the run says so.
    """

    def __init__(self, fetcher: Fetcher, offline: Fetcher, limit: int = 3) -> None:
        self.fetcher, self.offline, self.limit = fetcher, offline, limit
        self.failed_hosts: set[str] = set()
        self.answered = False
        self.first_error: str | None = None

    @property
    def down(self) -> bool:
        """True once the network has been given up for this run."""
        return not self.answered and len(self.failed_hosts) >= self.limit

    def fetch(self, url: str, *, refresh: bool | None = None) -> FetchResult:
        """Fetch `url`, or read it from the archive only once the network is down."""
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
class Context:
    """What every article of a run shares: settings, ledger, fetcher, registry, rules."""

    settings: Settings
    ledger: Ledger
    fetcher: NetworkWatch
    registry: Registry
    rules: list[SourceRule] = field(default_factory=list)
    run_id: str = ""


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
) -> RunSummary:
    """Verify every attributed claim of the articles under `paths`; return the run's summary."""
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
        context.ledger.start_run(
            run_id, inputs=[str(p) for p in paths], options=run_options(settings, sources)
        )
        for item in iter_inputs(paths, context, article_date):
            if isinstance(item, Skipped):
                summary.skipped.append(item)
                continue
            if progress:
                progress(item.path)
            summary.articles.append(verify_article(item, context))
        summary.notices.extend(run_notices(settings, context.fetcher))
        summary.finished = utcnow()
        context.ledger.finish_run(summary)
    return summary


def iter_inputs(
    paths: Sequence[Path | str], context: Context, article_date: date | None
) -> Iterator[Article | Skipped]:
    """Articles from article URLs (fetched and archived), then from files and folders."""
    for url in [str(p) for p in paths if is_url(p)]:
        yield ingest_url(url, context, article_date)
    yield from iter_ingest(paths, context.settings, article_date=article_date)


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
    return Context(settings, ledger, NetworkWatch(fetcher, offline), registry, rules, run_id)


def verify_article(article: Article, context: Context) -> ArticleResult:
    """Extract, resolve and check the claims of one article; write them to the ledger."""
    claims = extract_claims(
        article.text, article_date=article.published, links=article.links, article=article.path
    )
    outcomes = [verify_claim(claim, context) for claim in claims]
    context.ledger.record_article(article, outcomes, run_id=context.run_id)
    verdicts: dict[str, int] = {}
    for outcome in outcomes:
        verdicts[outcome.verdict.verdict] = verdicts.get(outcome.verdict.verdict, 0) + 1
    return ArticleResult(
        path=article.path, article_id=article.id, claims=len(claims), verdicts=verdicts
    )


def verify_claim(claim: Claim, context: Context) -> ClaimOutcome:
    """Resolve one claim to its original, check it, and decide its verdict."""
    settings = context.settings
    if not claim.checkable:
        resolution = Resolution(claim.id, "not_checkable", reason="the source is not named")
        return ClaimOutcome(claim, decide(claim, resolution, []), resolution)
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
    chosen = captures[0] if resolution.status == "resolved" and captures else None
    checks = []
    if chosen is not None:
        document = read_capture(chosen, chosen.body, cache_dir=settings.cache)
        checks = check_claim(claim, document, capture=chosen)
    verdict = decide(claim, resolution, checks)
    return ClaimOutcome(claim, verdict, resolution, checks, chosen, captures)


def offline_plan(claim: Claim, context: Context, tried: Resolution) -> Resolution:
    """What a networked run would do for a claim the archive could not answer."""
    planned = plan(claim, settings=context.settings, registry=context.registry, rules=context.rules)
    planned.status = "not_fetched"
    why = "offline" if context.settings.offline else f"no network ({context.fetcher.first_error})"
    planned.reason = f"{why}: not in the archive; a networked run would try the queries listed"
    seen = {(query.method, query.target) for query in planned.queries}
    planned.queries += [q for q in tried.queries if (q.method, q.target) not in seen]
    return planned


def scorer(settings: Settings) -> Callable[[Claim, Capture], float]:
    """How well a candidate capture supports a claim (0..1), for the resolver's choice."""

    def score(claim: Claim, capture: Capture) -> float:
        document = read_capture(capture, capture.body, cache_dir=settings.cache)
        return score_candidate(claim, document)

    return score


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
    """The options that make two runs of the same inputs different runs."""
    return f"{settings.ledger}|{settings.offline}|{sources}"


def run_options(settings: Settings, sources: Path | str | None) -> dict[str, Any]:
    return {
        "offline": settings.offline,
        "refresh": settings.refresh,
        "sources": str(sources) if sources else None,
        "cache": str(settings.cache),
    }


def iter_claims(paths: Sequence[Path | str], settings: Settings) -> Iterator[Claim | Skipped]:
    """Extract claims from files without checking them (for `provenance extract`)."""
    for item in iter_ingest(paths, settings):
        if isinstance(item, Skipped):
            yield item
            continue
        yield from extract_claims(
            item.text, article_date=item.published, links=item.links, article=item.path
        )
