"""The resolver against the development web (tests/devweb/): archive indexes at full size.

The dev web's CDX server is tested first (it must behave as the real one for
the rest to mean anything), then the pieces the resolver relies on (paging,
sitemap children, month dates, feeds by type), then a small version of
benchmarks/bench_resolve.py with its bars.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from devweb.web import DevWeb
from devweb.world import Claim as WorldClaim

from provenance.archive import Archive
from provenance.fetch import Fetcher
from provenance.models import Candidate
from provenance.pipeline import scorer
from provenance.registry import load_registry
from provenance.resolve import cdx, discover, feeds, rank, resolve, sitemaps
from provenance.resolve.window import DateWindow

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_resolve import evaluate


@pytest.fixture(scope="module")
def web() -> Iterator[DevWeb]:
    with DevWeb(scale=0.1, claims_per_outlet=4) as running:
        yield running


def cdx_rows(web: DevWeb, query: str) -> list[list[str]]:
    answer = web.wayback.cdx(_params(query))
    assert answer[0] == 200
    data: list[list[str]] = json.loads(answer[2])
    return data


def _params(query: str) -> dict[str, list[str]]:
    from urllib.parse import parse_qs

    return parse_qs(query, keep_blank_values=True)


def week(web: DevWeb) -> tuple[str, str]:
    end = web.world.today - timedelta(days=10)
    return (end - timedelta(days=6)).strftime("%Y%m%d"), end.strftime("%Y%m%d")


# --- the dev web's CDX server -------------------------------------------------------------


def test_the_cdx_server_sorts_by_surt_urlkey_and_cuts_at_the_limit(web: DevWeb) -> None:
    start, end = week(web)
    host = web.base("wire").split("://", 1)[1]
    rows = cdx_rows(web, f"url={host}/*&output=json&from={start}&to={end}")
    keys = [row[0] for row in rows[1:]]
    assert keys == sorted(keys) and len(keys) > 1000  # thousands of captures in a week
    assert any("?" in row[2] for row in rows[1:]) and any("outputType" in r[2] for r in rows[1:])
    cut = cdx_rows(web, f"url={host}/*&output=json&from={start}&to={end}&limit=100")
    assert cut[1:] == rows[1:101]  # the first 100 by urlkey, not the latest


def test_resume_keys_page_through_without_loss(web: DevWeb) -> None:
    start, end = week(web)
    host = web.base("wire").split("://", 1)[1]
    base = (
        f"url={host}/*&output=json&from={start}&to={end}&fl=timestamp,original"
        "&filter=statuscode:200&filter=mimetype:text/html&collapse=urlkey"
    )
    everything = cdx_rows(web, base)[1:]
    pages, resume = [], None
    while True:
        query = base + "&limit=700&showResumeKey=true" + (f"&resumeKey={resume}" if resume else "")
        body = web.wayback.cdx(_params(query))[2]
        rows, resume = cdx.parse_page(body)
        pages += [[row.timestamp, row.original] for row in rows]
        if resume is None:
            break
    # collapse works within an answer: a URL captured again may open the next page
    distinct = [row for n, row in enumerate(pages) if n == 0 or row[1] != pages[n - 1][1]]
    assert len(everything) > 700 and distinct == everything


def test_filters_are_full_regex_matches_and_collapse_drops_adjacent_duplicates(
    web: DevWeb,
) -> None:
    start, end = week(web)
    host = web.base("courier").split("://", 1)[1]
    base = f"url={host}/*&output=json&from={start}&to={end}&fl=original,statuscode,mimetype"
    html = cdx_rows(web, base + "&filter=mimetype:text/html")[1:]
    assert html and {row[2] for row in html} == {"text/html"}
    assert cdx_rows(web, base + "&filter=mimetype:text")[1:] == []  # a full match, not a search
    no_amp = cdx_rows(web, base + "&filter=!original:.*/amp/?")[1:]
    assert no_amp and not any(row[0].endswith("/amp/") for row in no_amp)
    assert {row[1] for row in cdx_rows(web, base + "&filter=!statuscode:200")[1:]} >= {"301"}
    homes = cdx_rows(web, base + f"&collapse=urlkey&filter=original:http://{host}/")[1:]
    assert len(homes) == 1  # 24 captures a day, one row


def test_the_cdx_server_rate_limits_with_429_and_retry_after(tmp_path: Path) -> None:
    with DevWeb(scale=0.02, claims_per_outlet=1, rate=3) as limited:
        answers = [limited.wayback.respond(_request("/cdx/search/cdx")) for _ in range(5)]
    statuses = [answer[0] for answer in answers]
    assert statuses[:3] == [200, 200, 200] and statuses[3] == 429
    assert answers[3][3] == {"Retry-After": "1"}  # type: ignore[misc]
    assert limited.wayback.violations == 1  # the fifth came inside the Retry-After


def _request(path: str) -> object:
    from devweb.loopback import Request

    return Request("GET", path, {}, {}, b"", "url=example.com&output=json")


# --- the pieces -----------------------------------------------------------------------------


def test_a_page_that_sorts_late_is_found_by_paging_and_a_cap_is_stated(
    web: DevWeb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    claim = next(c for c in web.world.claims if c.outlet == "wire" and c.kind == "plain")
    monkeypatch.setattr(cdx, "PAGE_LIMIT", 150)
    resolution = _resolve_one(web, claim, tmp_path / "paged")
    assert resolution.chosen is not None
    assert rank.url_key(resolution.chosen.url) == rank.url_key(web.expected(claim) or "")
    pages = [q for q in resolution.queries if q.method == "cdx"]
    assert pages and pages[0].candidates > 150  # more than one page of the listing was read
    monkeypatch.setattr(discover, "MAX_CDX_PAGES", 1)
    capped = _resolve_one(web, claim, tmp_path / "capped")
    cdx_query = next(q for q in capped.queries if q.method == "cdx")
    assert cdx_query.detail is not None and "capped at 1 pages" in cdx_query.detail
    if capped.status != "resolved":
        assert capped.reason is not None and "capped" in capped.reason


def _resolve_one(web: DevWeb, claim: WorldClaim, cache: Path) -> object:
    cache.mkdir()
    settings = web.settings(cache)
    with Archive(settings.cache) as archive, Fetcher(settings, archive) as fetcher:
        resolution, _ = resolve(
            web.claim(claim), fetcher=fetcher, settings=settings,
            registry=load_registry(settings.outlets), rules=[], score=scorer(settings),
        )  # fmt: skip
    return resolution


def test_sitemap_children_are_read_by_the_dates_they_cover() -> None:
    months = [f"https://n.example/sitemaps/posts-2025-{m:02d}.xml" for m in range(11, 5, -1)]
    children = [Candidate(url=u, method="sitemap-index", published="2025-11-30") for u in months]
    news = Candidate(url="https://n.example/sitemaps/news.xml", method="sitemap-index",
                     published="2025-11-30")  # fmt: skip
    august = DateWindow(date(2025, 8, 14), date(2025, 8, 11), date(2025, 8, 17))
    picked = sitemaps.pick_children([news, *children], august, 3, today=date(2025, 11, 30))
    assert [c.url for c in picked] == ["https://n.example/sitemaps/posts-2025-08.xml"]
    recent = DateWindow(date(2025, 11, 29), date(2025, 11, 26), date(2025, 11, 30))
    picked = sitemaps.pick_children([news, *children], recent, 3, today=date(2025, 11, 30))
    assert [c.url for c in picked][:2] == [news.url, months[0]]


def test_undated_sitemap_children_are_read_by_lastmod() -> None:
    lastmods = ["2025-11-30", "2025-11-15", "2025-10-31", "2025-10-16", "2025-10-01"]
    children = [Candidate(url=f"https://n.example/post-sitemap{5 - n}.xml",
                          method="sitemap-index", published=d)
                for n, d in enumerate(lastmods)]  # fmt: skip
    window = DateWindow(date(2025, 10, 20), date(2025, 10, 17), date(2025, 10, 23))
    picked = sitemaps.pick_children(children, window, 3, today=date(2025, 11, 30))
    assert [c.published for c in picked] == ["2025-10-31"]
    wide = DateWindow(date(2025, 10, 14), date(2025, 10, 11), date(2025, 11, 2))
    picked = sitemaps.pick_children(children, wide, 3, today=date(2025, 11, 30))
    assert [c.published for c in picked] == ["2025-10-16", "2025-10-31", "2025-11-15"]


def test_month_dated_urls_are_compared_as_months_and_feed_sections_are_pages() -> None:
    window = DateWindow(date(2025, 11, 2), date(2025, 10, 30), date(2025, 11, 5))
    late_october = Candidate(url="https://p.example/news/2025/10/budget-vote-ab12", method="cdx")
    september = Candidate(url="https://p.example/news/2025/09/budget-vote-cd34", method="cdx")
    section = Candidate(url="https://p.example/feed/budget-vote-ef56", method="cdx")
    feed_file = Candidate(url="https://p.example/feed.xml", method="cdx")
    claim = _claim("the council approved the budget vote")
    kept = rank.rank(claim, [late_october, september, section, feed_file], window)
    assert {c.url for c in kept} == {late_october.url, section.url}
    assert rank.closeness(late_october, window) > 0.0  # its month reaches the window
    november = Candidate(url="https://p.example/news/2025/11/budget-vote-gh78", method="cdx")
    assert rank.closeness(november, window) == 1.0  # the claimed day is in its month


def test_json_and_atom_feeds_are_read_by_what_they_are() -> None:
    item = {"url": "https://w.example/article/a-1", "date_published": "2025-11-02T08:00:00Z"}
    json_feed = json.dumps(
        {"version": "https://jsonfeed.org/version/1.1", "items": [item]}
    ).encode()
    assert [(c.url, c.published) for c in feeds.parse_feed(json_feed)] == [
        ("https://w.example/article/a-1", "2025-11-02")
    ]
    home = b'<link rel="alternate" type="application/feed+json" href="/latest.json">'
    assert feeds.feed_links(home, "https://w.example/") == ["https://w.example/latest.json"]


def _claim(content: str) -> object:
    from resolve_support import make_claim

    return make_claim("Northern Post", content, day="2025-11-02")


# --- the bars, on a small development web ---------------------------------------------------


@pytest.mark.slow
def test_the_resolver_bars_on_a_small_development_web(tmp_path: Path) -> None:
    with DevWeb(scale=0.1, claims_per_outlet=4, rate=10) as small:
        tally = evaluate(small, tmp_path, wayback_delay=0.05)
    assert tally.findable >= 12 and tally.unfindable >= 3
    assert tally.recall >= 0.95, tally.missed
    assert tally.wrong == []
    assert tally.unfound_untried == []
    assert tally.cdx_per_claim <= 6
    assert tally.violations == 0


@pytest.mark.parametrize(
    "archive", ["http://metadata.google.internal", "http://169.254.169.254", "http://0xa9fea9fe"]
)
def test_cdx_pages_go_through_the_fetchers_guard(web: DevWeb, tmp_path: Path, archive: str) -> None:
    claim = next(c for c in web.world.claims if c.outlet == "wire" and c.kind == "plain")
    settings = web.settings(tmp_path, cdx_url=f"{archive}/cdx/search/cdx", wayback_url=archive)
    with Fetcher(settings, Archive(settings.cache)) as fetcher:
        resolution, _ = resolve(
            web.claim(claim), fetcher=fetcher, settings=settings,
            registry=load_registry(settings.outlets), rules=[], score=scorer(settings),
        )  # fmt: skip
    listing = next(q for q in resolution.queries if q.method == "cdx")
    assert listing.outcome == "error" and listing.detail is not None
    assert "refused" in listing.detail and "metadata" in listing.detail


def test_a_claims_expected_url_is_fixed_before_any_page_is_served() -> None:
    from devweb.world import build

    world = build(scale=0.05, claims_per_outlet=4)
    before = {c.name: c.expected.path for c in world.claims if c.expected}
    for claim in world.claims:
        if claim.expected:
            world.articles(claim.outlet, claim.expected.day)
    assert before == {c.name: c.expected.path for c in world.claims if c.expected}
