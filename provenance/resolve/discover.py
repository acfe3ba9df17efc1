"""Discovery on an outlet's site: CDX captures, sitemaps and feeds, ranked, best few scored.

For a domain such as `wired.com`, in order:
1. the Wayback CDX index of `wired.com/*` within the claim's date window
   (skipped without a claimed date: a whole-site listing is not useful), page
   after page (resumption keys) until the window is covered, at most
   `MAX_CDX_PAGES` pages a claim (the query and the reason say so when the cap
   is reached); a wide window (a month) a week at a time, nearest the claimed
   date first, stopping once a page reaches the threshold;
2. the `Sitemap:` lines of the site's robots.txt, following sitemap indexes to
   the children that cover the window (by the dates in their names, else their
   `lastmod`), and to their news sitemap when the claim is recent;
3. the RSS, Atom and JSON feeds the home page announces (by their type).
Pages from all three are merged, ranked (`rank.rank`) and the best
`settings.max_candidates` fetched and scored; when none reaches the threshold,
the next `settings.max_candidates` too. A listed page that is now gone is
scored on its Wayback capture closest to the claimed date instead; so is a
page whose URL and title match the claim but whose text now does not (it may
have changed since).
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from provenance.models import Candidate, Query
from provenance.resolve import cdx, evidence, feeds, rank, sitemaps
from provenance.resolve.session import Session, failure, is_dead
from provenance.resolve.wayback import archived_copy
from provenance.resolve.window import DateWindow

MAX_SITEMAPS = 4  # top-level sitemaps read from robots.txt
MAX_CHILDREN = 3  # child sitemaps read from each sitemap index
MAX_CDX_PAGES = 6  # pages of CDX listings read for one claim (each PAGE_LIMIT rows)
SLICE_DAYS = 7  # a wide window is listed a week at a time
ROUNDS = 2  # rounds of `max_candidates` fetched while none reaches the threshold
MAX_FEEDS = 2
LOOKS_RIGHT = 0.3  # slug/title overlap that makes a low-scoring page worth its capture

Listed = list[tuple[Query, set[str]]]  # each listing query and the pages it listed


def site_root(domain: str) -> str:
    """The home page of a registry domain (a host or host/path; https unless it says otherwise)."""
    parts = urlsplit(domain if "://" in domain else f"https://{domain}")
    return f"{parts.scheme}://{parts.netloc}/"


def cdx_prefix(domain: str) -> str:
    """The CDX prefix of a registry domain: `host/*` or `host/path/*`."""
    parts = urlsplit(domain if "://" in domain else f"https://{domain}")
    return f"{parts.netloc}{parts.path.rstrip('/')}/*"


def planned(domain: str, window: str | None) -> list[Query]:
    """The queries a networked discovery on `domain` would make."""
    root = site_root(domain)
    cdx_query = Query("cdx", cdx_prefix(domain), window=window)
    if window is None:
        cdx_query.outcome, cdx_query.detail = "skipped", "no claimed date, no window"
    return [
        cdx_query,
        Query("sitemap", f"{root}robots.txt", window=window),
        Query("feed", root, window=window),
    ]


def discover(session: Session, domain: str) -> None:
    """Search `domain` for the claim's original; scored pages land in the session."""
    listed: Listed = []
    tried: set[str] = set()
    pages = _from_cdx(session, domain, listed, tried) + _from_sitemaps(session, domain, listed)
    pages += _from_feeds(session, domain, listed)
    for _ in range(ROUNDS):
        if _found(session) or not _fetch_best(session, pages, tried):
            break
    _settle(session, listed)


def _found(session: Session) -> bool:
    """Whether a page scored so far is acceptable as the original (search no further)."""
    return any(evidence.acceptable(session, entry) for entry in session.scored)


def _fetch_best(session: Session, pages: list[Candidate], tried: set[str]) -> bool:
    """Fetch and score the best `max_candidates` pages not tried yet; False if none is left."""
    ranked = rank.rank(session.claim, pages, session.window, session.captured)
    fresh = [c for c in ranked if rank.url_key(c.url) not in tried]
    for candidate in fresh[: session.settings.max_candidates]:
        tried.add(rank.url_key(candidate.url))
        _fetch_candidate(session, candidate)
    return bool(fresh)


def slices(window: DateWindow) -> list[DateWindow]:
    """A wide window cut into `SLICE_DAYS` parts, the part around the claimed date first."""
    if (window.end - window.start).days < SLICE_DAYS * 2:
        return [window]
    half = SLICE_DAYS // 2
    first = DateWindow(window.target, max(window.start, window.target - timedelta(days=half)),
                       min(window.end, window.target + timedelta(days=half)))  # fmt: skip
    parts, older, newer = [first], first.start, first.end
    while older > window.start or newer < window.end:
        if older > window.start:
            start = max(window.start, older - timedelta(days=SLICE_DAYS))
            parts.append(DateWindow(window.target, start, older - timedelta(days=1)))
            older = start
        if newer < window.end:
            end = min(window.end, newer + timedelta(days=SLICE_DAYS))
            parts.append(DateWindow(window.target, newer + timedelta(days=1), end))
            newer = end
    return parts


def _from_cdx(session: Session, domain: str, listed: Listed, tried: set[str]) -> list[Candidate]:
    """The pages the CDX index lists in the window, slice by slice and page by page.

    A wide window (a month) is read a week at a time, nearest the claimed date
    first, and the best pages of each week are tried before the next is asked.
    """
    query = session.ask("cdx", cdx_prefix(domain))
    if session.window is None:
        query.outcome, query.detail = "skipped", "no claimed date, no window"
        return []
    parts = slices(session.window)
    pages: list[Candidate] = []
    budget = [MAX_CDX_PAGES]
    for number, part in enumerate(parts):
        pages += _cdx_pages(session, query, part, budget)
        if number == len(parts) - 1 or _capped(session, query):
            break
        if budget[0] == 0:
            _cap(session, query)
            break
        _fetch_best(session, pages, tried)
        if _found(session):
            query.detail = f"read {number + 1} of {len(parts)} weeks of the window: found"
            break
    if not pages and query.outcome == "error":
        return []
    return _listed(query, pages, session, listed)


def _cap(session: Session, query: Query) -> None:
    note = f"CDX listing capped at {MAX_CDX_PAGES} pages a claim: window not covered"
    query.detail = note
    session.notes.append(note)


def _capped(session: Session, query: Query) -> bool:
    return bool(query.detail and query.detail.startswith("CDX listing capped"))


def _cdx_pages(
    session: Session, query: Query, part: DateWindow, budget: list[int]
) -> list[Candidate]:
    """The pages listed in one part of the window, following resumption keys within `budget`."""
    rows: list[cdx.CdxRow] = []
    resume: str | None = None
    while True:
        if budget[0] == 0:
            _cap(session, query)
            break
        budget[0] -= 1
        url = cdx.prefix_query(session.settings.cdx_url, query.target, part, resume=resume)
        result = session.listing(url)
        if not result.ok or result.capture is None:
            query.outcome, query.detail = "error", f"{part}: {failure(result)}"
            break
        found, resume = cdx.parse_page(result.capture.body)
        rows += found
        if resume is None:
            break
    for row in rows:
        if row.day is not None:
            session.captured.setdefault(rank.url_key(row.original), row.day)
    return [Candidate(url=row.original, method="cdx") for row in rows if "html" in row.mimetype]


def _from_sitemaps(session: Session, domain: str, listed: Listed) -> list[Candidate]:
    robots_url = f"{site_root(domain)}robots.txt"
    query = session.ask("sitemap", robots_url)
    result = session.listing(robots_url)
    urls = sitemaps.robots_sitemaps(result.capture.body) if result.ok and result.capture else []
    if not urls:
        urls = [f"{site_root(domain)}sitemap.xml"]
        why = "no Sitemap: line" if result.ok else f"robots.txt: {failure(result)}"
        query.detail = f"{why}; tried /sitemap.xml"
    failures = len(session.failures)
    pages: list[Candidate] = []
    for url in urls[:MAX_SITEMAPS]:
        pages += _read_sitemap(session, url, depth=0)
    kept = _listed(query, pages, session, listed)
    if not kept and len(session.failures) - failures >= len(urls[:MAX_SITEMAPS]):
        query.outcome = "error"  # no sitemap could be read at all
    return kept


def _read_sitemap(session: Session, url: str, *, depth: int) -> list[Candidate]:
    result = session.listing(url)
    if not result.ok or result.capture is None:
        return []
    found = sitemaps.parse_sitemap(result.capture.body)
    pages = found.pages
    if depth == 0:
        for child in sitemaps.pick_children(found.children, session.window, MAX_CHILDREN):
            pages += _read_sitemap(session, child.url, depth=1)
    return pages


def _from_feeds(session: Session, domain: str, listed: Listed) -> list[Candidate]:
    root = site_root(domain)
    query = session.ask("feed", root)
    result = session.listing(root)
    if not result.ok or result.capture is None:
        query.outcome, query.detail = "error", failure(result)
        return []
    links = feeds.feed_links(result.capture.body, result.capture.final_url or root)
    if not links:
        query.outcome, query.detail = "not_found", "the home page announces no feed"
        return []
    query.detail = ", ".join(links[:MAX_FEEDS])
    pages: list[Candidate] = []
    for link in links[:MAX_FEEDS]:
        feed = session.listing(link)
        if feed.ok and feed.capture is not None:
            pages += feeds.parse_feed(feed.capture.body, feed.capture.final_url)
    return _listed(query, pages, session, listed)


def _listed(
    query: Query, pages: list[Candidate], session: Session, listed: Listed
) -> list[Candidate]:
    """Count the pages a query listed in the window and remember which they were."""
    kept = rank.rank(session.claim, pages, session.window, session.captured)
    query.candidates = len(kept)
    query.outcome = "listed" if kept else "not_found"
    listed.append((query, {rank.url_key(page.url) for page in kept}))
    return kept


def _fetch_candidate(session: Session, candidate: Candidate) -> None:
    result = session.get(candidate.url)
    if result.ok and result.capture is not None:
        entry = session.add(candidate, result.capture, session.score(session.claim, result.capture))
        if entry.score < session.settings.resolve_threshold and _looks_right(session, candidate):
            archived_copy(session, candidate.url, method=candidate.method)  # changed since?
    elif is_dead(result):
        archived_copy(session, candidate.url, method=candidate.method)
    else:
        query = session.ask("fetch", candidate.url, window=False)
        query.outcome, query.detail = "error", failure(result)


def _looks_right(session: Session, candidate: Candidate) -> bool:
    """Whether a page's URL and title match the claim well enough to try its earlier capture."""
    found = rank.slug_words(candidate.url) | rank.words(candidate.title or "")
    return rank.overlap(rank.claim_words(session.claim), found) >= LOOKS_RIGHT


def _settle(session: Session, listed: Listed) -> None:
    """Give each listing query the best score among the pages it listed."""
    for query, keys in listed:
        scores = [e.score for e in session.scored if _key(e.candidate) in keys]
        query.best_score = round(max(scores), 4) if scores else None


def _key(candidate: Candidate) -> str:
    return rank.url_key(candidate.archived_from or candidate.url)
