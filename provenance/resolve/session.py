"""One claim's resolution in progress: what was asked, fetched and scored."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from provenance.config import Settings
from provenance.models import Candidate, Capture, Claim, FetchResult, Query
from provenance.resolve.types import FetcherLike, Scorer
from provenance.resolve.window import DateWindow, date_window

LISTING_MAX_AGE = timedelta(
    hours=12
)  # an archived sitemap, feed or CDX answer older is asked again


@dataclass(slots=True)
class Scored:
    """A fetched candidate, its capture and its score."""

    candidate: Candidate
    capture: Capture
    score: float


@dataclass(slots=True)
class Session:
    """The state of resolving one claim: the queries tried and the pages scored."""

    claim: Claim
    fetcher: FetcherLike
    settings: Settings
    score: Scorer
    window: DateWindow | None = None
    queries: list[Query] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    scored: list[Scored] = field(default_factory=list)
    fetched: int = 0  # fetches that returned a usable answer
    failures: list[str] = field(default_factory=list)  # why the others did not
    notes: list[str] = field(default_factory=list)  # limits reached, for the reason
    captured: dict[str, date] = field(default_factory=dict)  # url_key -> first capture day

    @classmethod
    def start(
        cls, claim: Claim, fetcher: FetcherLike, settings: Settings, score: Scorer
    ) -> Session:
        """A new session for `claim`, with its date window."""
        return cls(claim, fetcher, settings, score, window=date_window(claim.date))

    @property
    def window_text(self) -> str | None:
        """The window as an editor reads it, or None without a date."""
        return str(self.window) if self.window else None

    def get(self, url: str) -> FetchResult:
        """Fetch `url` through the fetcher (archived, polite, guarded)."""
        result = self.fetcher.fetch(url)
        if result.ok:
            self.fetched += 1
        else:
            self.failures.append(f"{url}: {failure(result)}")
        return result

    def listing(self, url: str) -> FetchResult:
        """Fetch a listing (CDX, robots.txt, sitemap, feed, search): archived copies expire."""
        result = self.get(url)
        if not self.settings.offline and _stale(result):
            result = self.fetcher.fetch(url, refresh=True)
        return result

    def ask(self, method: str, target: str, *, window: bool = True) -> Query:
        """Record a new query (outcome filled in by the caller) and return it."""
        query = Query(method=method, target=target, window=self.window_text if window else None)
        self.queries.append(query)
        return query

    def add(self, candidate: Candidate, capture: Capture, score: float) -> Scored:
        """Record a fetched and scored candidate."""
        candidate.score = round(score, 4)
        self.candidates.append(candidate)
        entry = Scored(candidate, capture, score)
        self.scored.append(entry)
        return entry

    def best(self) -> Scored | None:
        """The best-scoring fetched candidate so far."""
        return max(self.scored, key=lambda entry: entry.score, default=None)

    def captures(self, chosen: Scored | None) -> list[Capture]:
        """The captures of the fetched candidates, the chosen one first."""
        rest = [entry.capture for entry in self.scored if entry is not chosen]
        return ([chosen.capture] if chosen else []) + _distinct(rest)


def _distinct(captures: list[Capture]) -> list[Capture]:
    seen: set[str] = set()
    kept = []
    for capture in captures:
        if capture.id not in seen:
            seen.add(capture.id)
            kept.append(capture)
    return kept


def _stale(result: FetchResult) -> bool:
    """Whether a listing came from the archive and is older than LISTING_MAX_AGE."""
    capture = result.capture
    if capture is None or not capture.from_archive:
        return False
    try:
        fetched = datetime.fromisoformat(capture.fetched_at.replace("Z", "+00:00"))
    except ValueError:
        return True
    if fetched.tzinfo is None:
        fetched = fetched.replace(tzinfo=UTC)
    return datetime.now(UTC) - fetched > LISTING_MAX_AGE


def failure(result: FetchResult) -> str:
    """Why a fetch gave no usable page, in a few words."""
    if result.capture is not None and not result.ok:
        return f"HTTP {result.capture.status}"
    return result.error or result.kind


def is_dead(result: FetchResult) -> bool:
    """Whether a failed fetch is worth an archived copy (gone, erroring or unreachable)."""
    if result.ok:
        return False
    if result.capture is not None:
        return result.capture.status >= 400
    return result.kind in ("http_error", "network")
