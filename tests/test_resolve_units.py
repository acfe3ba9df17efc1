"""Unit tests of the resolver's parts: windows, sources file, CDX, sitemaps, feeds, ranking."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from resolve_support import make_claim

from provenance.config import Settings
from provenance.errors import SourcesFileError
from provenance.models import Candidate, Capture, ClaimDate, FetchResult
from provenance.registry import Outlet, Registry
from provenance.resolve import date_window, load_sources, match_rule, plan, resolve, targets
from provenance.resolve.cdx import CdxRow, closest_query, parse_cdx, playback_url, prefix_query
from provenance.resolve.discover import cdx_prefix, site_root
from provenance.resolve.feeds import feed_links, parse_feed
from provenance.resolve.platforms import post_day, search_words, subreddit
from provenance.resolve.rank import rank, slug_words, text_score, url_date, words
from provenance.resolve.session import Session
from provenance.resolve.sitemaps import parse_sitemap, pick_children, robots_sitemaps


def registry() -> Registry:
    reg = Registry()
    reg.add(Outlet("WIRED", aliases=("Wired magazine",), domains=("wired.com",), kind="magazine"))
    reg.add(Outlet("Fortune Asia", domains=("fortune.com/asia",), kind="magazine"))
    reg.add(Outlet("X", aliases=("Twitter",), domains=("x.com",), kind="platform"))
    return reg


# --- date windows -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("precision", "start", "end"),
    [("day", "2025-11-16", "2025-11-22"), ("week", "2025-11-09", "2025-11-29"),
     ("month", "2025-10-15", "2025-12-24"), ("year", "2024-10-15", "2026-12-24")],
)  # fmt: skip
def test_the_window_widens_with_precision(precision: str, start: str, end: str) -> None:
    window = date_window(ClaimDate("x", 0, 1, "2025-11-19", precision=precision))  # type: ignore[arg-type]
    assert window is not None
    assert (window.start.isoformat(), window.end.isoformat()) == (start, end)


def test_no_date_no_window() -> None:
    assert date_window(None) is None
    assert date_window(ClaimDate("recently", 0, 8, None)) is None


def test_closeness_falls_to_zero_at_the_edges() -> None:
    window = date_window(ClaimDate("x", 0, 1, "2025-11-19"))
    assert window is not None
    assert window.closeness(date(2025, 11, 19)) == 1.0
    assert window.closeness(date(2025, 11, 22)) == 0.0
    assert 0 < window.closeness(date(2025, 11, 20)) < 1


# --- sources file -------------------------------------------------------------------


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_sources_file_loads_rules(tmp_path: Path) -> None:
    path = write(tmp_path, '[[source]]\nname = "WIRED"\ndate = 2025-11-19\ntext = "open models"\n'
                           'url = "https://www.wired.com/story/a/"\n')  # fmt: skip
    [rule] = load_sources(path)
    assert (rule.name, rule.date, rule.text) == ("WIRED", "2025-11-19", "open models")


@pytest.mark.parametrize(
    ("text", "fault"),
    [("[[source]]\nname = 'A'\n", "`url` is required"),
     ("[[source]]\nurl = 'https://a.example/'\n", "`name` is required"),
     ("[[source]]\nname = 'A'\nurl = 'ftp://a.example/'\n", "not an http(s) URL"),
     ("[[source]]\nname = 'A'\nurl = 'https://a.example/'\ndate = 'yesterday'\n", "`date`"),
     ("[[source]]\nname = 'A'\nurl = 'https://a.example/'\nlink = 'x'\n", "unknown keys: link"),
     ("[[source]]\nname = 3\nurl = 'https://a.example/'\n", "must be a string"),
     ("source = 'x'\n", "array of tables"),
     ("[[source]\n", "not valid TOML")],
)  # fmt: skip
def test_a_malformed_sources_file_names_path_and_fault(
    tmp_path: Path, text: str, fault: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SourcesFileError) as caught:
        load_sources(path)
    assert fault in str(caught.value) and str(path) in str(caught.value)
    assert caught.value.path == str(path)


def test_a_missing_sources_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SourcesFileError, match="cannot read"):
        load_sources(tmp_path / "absent.toml")


def test_rules_match_on_alias_date_and_text(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[[source]]\nname = "wired magazine"\ndate = "2025-11"\n'
        'text = "Foreign-Made   open"\nurl = "https://www.wired.com/story/a/"\n',
    )
    rules = load_sources(path)
    claim = make_claim("WIRED", "foreign-made open models are a risk", day="2025-11-19")
    assert match_rule(claim, rules, registry()) == rules[0]
    assert match_rule(claim, rules, None) is None  # the alias needs the registry
    other_day = make_claim("WIRED", "foreign-made open models are a risk", day="2025-10-19")
    assert match_rule(other_day, rules, registry()) is None
    other_text = make_claim("WIRED", "closed models are a risk", day="2025-11-19")
    assert match_rule(other_text, rules, registry()) is None


def test_the_seed_example_sources_file_is_valid(tmp_path: Path) -> None:
    path = Path(__file__).resolve().parents[1] / "seeds" / "sources.example.toml"
    assert load_sources(path) == []  # every entry is commented out until its URL is checked
    keys = ("# [[source]]", "# name", "# date", "# text", "# url")
    lines = [line[2:] for line in path.read_text().splitlines() if line.startswith(keys)]
    rules = load_sources(write(tmp_path, "\n".join(lines)))
    assert len(rules) == 11 and all("REPLACE-WITH" in rule.url for rule in rules)
    wired = make_claim("WIRED", "Depending on foreign-made open models is a risk", day="2025-11-19")
    assert match_rule(wired, rules, registry()) == rules[0]


# --- CDX ----------------------------------------------------------------------------


def test_prefix_query_follows_the_cdx_api() -> None:
    window = date_window(ClaimDate("x", 0, 1, "2025-11-19"))
    url = prefix_query("https://web.archive.org/cdx/search/cdx", "wired.com/*", window)
    assert url == (
        "https://web.archive.org/cdx/search/cdx?url=wired.com/*&output=json"
        "&fl=timestamp,original,statuscode,mimetype&filter=statuscode:200"
        "&filter=mimetype:text/html"
        "&filter=!original:.*%5B%3F%26%5D%28utm_%5Ba-z%5D%2B%7Cfbclid%7Cgclid%7Cref%7Ccmpid"
        "%7CoutputType%7Camp%29%3D.*&filter=!original:.*/amp/%3F"
        "&collapse=urlkey&from=20251116&to=20251122&limit=5000&showResumeKey=true"
    )
    parsed = parse_qs(urlsplit(url).query)
    assert (
        parsed["filter"][2]
        == "!original:.*[?&](utm_[a-z]+|fbclid|gclid|ref|cmpid|outputType|amp)=.*"
    )
    resumed = prefix_query(
        "https://w/cdx", "wired.com/*", window, resume="com%2Cwired%29%2Fa+2025!"
    )
    assert resumed.endswith("&resumeKey=com%2Cwired%29%2Fa+2025!")  # the key as the server gave it


def test_closest_query_and_playback() -> None:
    url = closest_query("https://cdx.example/cdx", "https://a.example/x", date(2025, 1, 2))
    assert "closest=20250102&sort=closest&limit=1" in url and "url=https://a.example/x" in url
    row = CdxRow("20250102030405", "https://a.example/x")
    assert playback_url("https://web.archive.org/", row) == (
        "https://web.archive.org/web/20250102030405id_/https://a.example/x"
    )
    assert row.captured == "2025-01-02T03:04:05Z"


def test_parse_cdx_reads_json_and_tolerates_junk() -> None:
    body = json.dumps([["timestamp", "original", "statuscode", "mimetype"],
                       ["20251119000000", "https://wired.com/story/a/", "200", "text/html"],
                       ["bad"]]).encode()  # fmt: skip
    assert parse_cdx(body) == [CdxRow("20251119000000", "https://wired.com/story/a/")]
    assert parse_cdx(b"") == [] and parse_cdx(b"[]") == [] and parse_cdx(b"{oops") == []
    assert (
        parse_cdx(b"20251119000000 https://a.example/ 200 text/html\n")[0].original
        == "https://a.example/"
    )


# --- sitemaps and feeds -------------------------------------------------------------


def test_robots_sitemap_lines() -> None:
    robots = b"User-agent: *\nDisallow: /private\nSitemap: https://a.example/s.xml # main\nsitemap:https://a.example/n.xml\n"
    assert robots_sitemaps(robots) == ["https://a.example/s.xml", "https://a.example/n.xml"]


def test_news_sitemap_gives_dates_and_titles() -> None:
    body = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
      xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://a.example/p</loc>
      <news:news><news:publication_date>2025-11-19T08:00:00Z</news:publication_date>
      <news:title>A title</news:title></news:news></url></urlset>"""
    [page] = parse_sitemap(body).pages
    assert (page.url, page.published, page.title) == (
        "https://a.example/p",
        "2025-11-19T08:00:00Z",
        "A title",
    )


def test_sitemap_index_children_are_picked_by_date() -> None:
    body = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://a.example/2019.xml</loc><lastmod>2019-12-31</lastmod></sitemap>
      <sitemap><loc>https://a.example/2025-11.xml</loc><lastmod>2025-11-30</lastmod></sitemap>
      <sitemap><loc>https://a.example/news.xml</loc></sitemap></sitemapindex>"""
    children = parse_sitemap(body).children
    window = date_window(ClaimDate("x", 0, 1, "2025-11-19"))
    recent = [c.url for c in pick_children(children, window, 3, today=date(2025, 11, 20))]
    assert recent == ["https://a.example/news.xml", "https://a.example/2025-11.xml"]
    older = [c.url for c in pick_children(children, window, 3, today=date(2026, 2, 1))]
    assert older == ["https://a.example/2025-11.xml"]  # a news sitemap holds two days only


def test_unreadable_xml_gives_nothing() -> None:
    assert parse_sitemap(b"not xml at all").pages == []
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        b"<rss><item><link>&b;</link></item></rss>"
    )
    assert all("aaaa" not in item.url for item in parse_feed(bomb))


def test_feed_links_and_items() -> None:
    page = (
        b'<head><link rel="alternate" type="application/rss+xml" href="/feed.xml">'
        b'<link rel="stylesheet" href="/s.css"></head>'
    )
    assert feed_links(page, "https://a.example/") == ["https://a.example/feed.xml"]
    rss = b"""<rss><channel><item><title>T</title><link>https://a.example/t</link>
      <pubDate>Wed, 19 Nov 2025 08:00:00 +0000</pubDate></item></channel></rss>"""
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>U</title>
      <link href="https://a.example/u"/><published>2025-11-18T00:00:00Z</published></entry></feed>"""
    assert parse_feed(rss) == [
        Candidate("https://a.example/t", "feed", published="2025-11-19", title="T")
    ]
    assert (
        parse_feed(atom)[0].published == "2025-11-18"
        and parse_feed(atom)[0].url == "https://a.example/u"
    )


# --- ranking ------------------------------------------------------------------------


def test_ranking_prefers_overlapping_slugs_in_the_window() -> None:
    claim = make_claim(
        "WIRED", "the US needs an open source AI intervention to beat China", day="2025-11-19"
    )
    window = date_window(claim.date)
    pages = [
        Candidate("https://www.wired.com/story/best-headphones-2025/", "cdx"),
        Candidate("https://www.wired.com/story/us-needs-open-source-ai-intervention-china/", "cdx"),
        Candidate("https://wired.com/story/us-needs-open-source-ai-intervention-china", "sitemap",
                  published="2025-11-19", title="The US Needs an Open Source AI Intervention"),
        Candidate("https://www.wired.com/2019/01/01/open-source-ai-china/", "sitemap"),
        Candidate("https://www.wired.com/feed/rss", "feed"),
    ]  # fmt: skip
    ranked = rank(claim, pages, window)
    assert ranked[0].url.endswith("us-needs-open-source-ai-intervention-china/")
    assert ranked[0].published == "2025-11-19" and ranked[0].title  # merged from the sitemap
    # one per page; the 2019 page is dropped; a path with "/feed" is judged by its
    # type (a CDX row's MIME type, a feed's declared type), not by its words
    assert len(ranked) == 3 and ranked[-1].url.endswith("/feed/rss")


def test_slug_words_and_url_dates() -> None:
    assert words("open source intervention") <= slug_words(
        "https://a.example/us-open-source-ai-intervention"
    )
    assert url_date("https://a.example/2025/11/19/story") == date(2025, 11, 19)
    assert url_date("https://a.example/story-2025") is None


def test_text_score_is_one_when_every_quote_is_there() -> None:
    claim = make_claim("A", "things", quotes=("ruining the AI market",))
    assert text_score(claim, "They are ‘Ruining  the AI market’ now") == 1.0
    assert text_score(claim, "nothing here") == 0.0


# --- platforms ----------------------------------------------------------------------


def test_post_day_from_a_snowflake_id() -> None:
    assert post_day("1852808478453915904") == date(2024, 11, 2)
    assert post_day("20") is None


def test_subreddit_and_search_words() -> None:
    claim = make_claim(
        "the r/LocalLLaMA forum", "the narrative of an American-Chinese AI war is a distraction"
    )
    assert subreddit(claim) == "LocalLLaMA"
    assert search_words(claim)[:3] == ["narrative", "american", "chinese"]


# --- targets and plans ----------------------------------------------------------------


def test_targets_use_the_registry_domain_and_skip_platforms() -> None:
    claim = make_claim("Fortune Asia", "OpenAI pivoted", day="2025-08-11")
    found = targets(claim, registry(), [])
    assert found.domains == ["fortune.com/asia"]
    assert cdx_prefix("fortune.com/asia") == "fortune.com/asia/*"
    assert site_root("fortune.com/asia") == "https://fortune.com/"
    assert targets(make_claim("X", "something"), registry(), []).domains == []


def test_plan_for_an_outlet_claim() -> None:
    claim = make_claim("WIRED", "open models are a risk", day="2025-11-19")
    planned = plan(claim, settings=Settings(), registry=registry(), rules=[])
    lines = [q.describe() for q in planned.queries]
    assert lines == [
        "cdx wired.com/* 2025-11-16..2025-11-22: planned",
        "sitemap https://wired.com/robots.txt 2025-11-16..2025-11-22: planned",
        "feed https://wired.com/ 2025-11-16..2025-11-22: planned",
    ]
    assert planned.status == "planned" and planned.reason == "offline: not fetched"


def test_plan_without_a_date_says_so() -> None:
    planned = plan(
        make_claim("WIRED", "open models"), settings=Settings(), registry=registry(), rules=[]
    )
    assert (
        planned.queries[0].outcome == "skipped"
        and planned.queries[0].detail == "no claimed date, no window"
    )
    assert planned.reason is not None and "no claimed date" in planned.reason


def test_plan_for_an_x_post_and_a_non_checkable_claim() -> None:
    claim = make_claim("Vinod Khosla", "open source", day="2024-11-02", kind="person",
                       handle="VKhosla", platform="x")  # fmt: skip
    planned = plan(claim, settings=Settings(), registry=registry(), rules=[])
    assert [q.target for q in planned.queries][:2] == [
        "twitter.com/VKhosla/status/*",
        "x.com/VKhosla/status/*",
    ]
    assert planned.queries[0].window == "2024-10-30..2024-11-05"
    vague = make_claim("one contributor", "x", kind="anonymous", checkable=False)
    assert plan(vague, settings=Settings(), registry=registry(), rules=[]).status == "not_checkable"


def test_plan_for_an_x_post_without_a_handle_says_why() -> None:
    claim = make_claim("Ben Norton", "models are efficient", kind="person", platform="x")
    planned = plan(claim, settings=Settings(), registry=registry(), rules=[])
    assert planned.queries[-1].outcome == "skipped" and "no handle" in (
        planned.queries[-1].detail or ""
    )


# --- sessions: archived listings expire, offline runs say so --------------------------


class ArchiveOnly:
    """A fetcher whose every answer comes from the archive, fetched at `when`."""

    def __init__(self, when: str, *, offline: bool = False) -> None:
        self.when, self.offline = when, offline
        self.calls: list[tuple[str, bool | None]] = []

    def fetch(self, url: str, *, refresh: bool | None = None) -> FetchResult:
        self.calls.append((url, refresh))
        if self.offline:
            return FetchResult(url=url, error="offline: not in the archive", kind="offline")
        capture = Capture(url, url, self.when, 200, "application/json", "a.warc.gz", 0, 2, "x",
                          from_archive=refresh is None, body=b"[]")  # fmt: skip
        return FetchResult(url=url, capture=capture)


def test_an_old_archived_listing_is_fetched_again() -> None:
    claim = make_claim("WIRED", "open models", day="2025-11-19")
    fetcher = ArchiveOnly("2020-01-01T00:00:00Z")
    session = Session.start(claim, fetcher, Settings(), lambda c, k: 0.0)
    session.listing("https://cdx.example/cdx?url=a")
    assert fetcher.calls == [
        ("https://cdx.example/cdx?url=a", None),
        ("https://cdx.example/cdx?url=a", True),
    ]
    fresh = ArchiveOnly(datetime.now(UTC).isoformat())
    Session.start(claim, fresh, Settings(), lambda c, k: 0.0).listing(
        "https://cdx.example/cdx?url=a"
    )
    assert len(fresh.calls) == 1


def test_resolve_offline_reports_not_fetched() -> None:
    claim = make_claim("WIRED", "open models", day="2025-11-19")
    resolution, captures = resolve(
        claim, fetcher=ArchiveOnly("", offline=True), settings=Settings(offline=True),
        registry=registry(), rules=[], score=lambda c, k: 1.0,
    )  # fmt: skip
    assert resolution.status == "not_fetched" and captures == []
    assert "offline" in (resolution.reason or "")
    assert {q.outcome for q in resolution.queries} == {"error"}


def test_resolve_skips_a_non_checkable_claim() -> None:
    claim = make_claim("one contributor", "x", kind="anonymous", checkable=False)
    fetcher = ArchiveOnly("", offline=True)
    resolution, _ = resolve(claim, fetcher=fetcher, settings=Settings(), registry=registry(),
                            rules=[], score=lambda c, k: 1.0)  # fmt: skip
    assert resolution.status == "not_checkable" and fetcher.calls == []
