"""Reddit under its own rules: OAuth API with credentials, archived threads without; robots."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from devweb.captures import Archive, Capture
from devweb.loopback import Hosts, Request, Response, not_found
from devweb.reddit import (
    CLIENT_ID,
    CLIENT_SECRET,
    TOKEN,
    RedditOAuth,
    RedditSite,
    subreddit_threads,
    thread_captures,
)  # fmt: skip
from resolve_support import make_claim
from warcio.archiveiterator import ArchiveIterator

from provenance.archive import Archive as WarcArchive
from provenance.config import Settings
from provenance.fetch import Fetcher
from provenance.models import Claim, Resolution
from provenance.pipeline import scorer
from provenance.resolve import resolve

DAY = datetime(2025, 8, 6, 15, 0, tzinfo=UTC)
TITLE = "Running the new open weights model on a single consumer GPU"
BODY = "I got the 20B open weights model running at 40 tokens per second on one RTX 4090."
THREADS = subreddit_threads("LocalLLaMA", DAY, TITLE, BODY, "open weights model")
PAGE = b"<html><body><article><p>The harbour authority will close the north pier.</p></article></body></html>"  # noqa: E501


class Private:
    """A site whose robots.txt disallows the page an article cites."""

    def respond(self, request: Request) -> Response:
        if request.path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nDisallow: /private/\n"
        return not_found()


@pytest.fixture(scope="module")
def hosts() -> Iterator[Hosts]:
    archive = Archive(thread_captures(THREADS))
    services = {"archive": archive, "www": RedditSite(), "oauth": RedditOAuth(THREADS),
                "private": Private()}  # fmt: skip
    with Hosts(services) as running:  # type: ignore[arg-type]
        cited = running.base("private") + "/private/notice.html"
        archive.captures.append(Capture("20250806090000", cited, PAGE))
        yield running


@pytest.fixture()
def settings(hosts: Hosts, tmp_path: Path) -> Settings:
    return Settings(
        ledger=tmp_path / "ledger.db", cache=tmp_path / "cache",
        wayback_url=hosts.base("archive"), cdx_url=hosts.base("archive") + "/cdx/search/cdx",
        reddit_url=hosts.base("www"), reddit_oauth_url=hosts.base("oauth"),
        reddit_token_url=hosts.base("www") + "/api/v1/access_token", wikidata_url="",
        allow_private_network=True, host_delay=0.0, wayback_delay=0.0, retries=0, deadline=10.0,
    )  # fmt: skip


def run(claim: Claim, settings: Settings) -> Resolution:
    with Fetcher(settings, WarcArchive(settings.cache)) as fetcher:
        resolution, _ = resolve(
            claim, fetcher=fetcher, settings=settings, registry=None, rules=[],
            score=scorer(settings),
        )  # fmt: skip
    return resolution


CLAIM = make_claim(
    "r/LocalLLaMA", "users got the open weights model running on a single consumer GPU",
    day="2025-08-06", kind="forum", platform="reddit",
    quotes=("running at 40 tokens per second on one RTX 4090",),
)  # fmt: skip


def test_without_credentials_archived_threads_are_searched(settings: Settings) -> None:
    resolution = run(CLAIM, settings)
    listings = [q for q in resolution.queries if q.method in ("reddit-search", "reddit-new")]
    assert listings and all(q.outcome == "error" and "robots" in (q.detail or "") for q in listings)
    assert resolution.status == "resolved", resolution.reason
    assert resolution.chosen is not None
    assert resolution.chosen.archived_from == f"https://www.reddit.com{THREADS[0].permalink}"
    archive = next(q for q in resolution.queries if q.method == "reddit-archive")
    assert archive.target == "reddit.com/r/LocalLLaMA/comments/*" and archive.candidates >= 1


def test_with_credentials_the_oauth_api_is_used(settings: Settings, hosts: Hosts) -> None:
    keyed = settings.replace(reddit_client_id=CLIENT_ID, reddit_client_secret=CLIENT_SECRET)
    resolution = run(CLAIM, keyed)
    assert resolution.status == "resolved", resolution.reason
    assert resolution.chosen is not None
    assert resolution.chosen.url == hosts.base("oauth") + THREADS[0].permalink.rstrip("/") + ".json"
    assert not [q for q in resolution.queries if q.method == "reddit-archive"]
    tokens = [r for r in hosts.asked("www") if r.path == "/api/v1/access_token"]
    assert len(tokens) == 1
    api = hosts.asked("oauth")
    assert api and all(r.headers.get("authorization") == f"bearer {TOKEN}" for r in api)
    for path in (keyed.cache / "warc").glob("*.warc.gz"):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                headers = str(record.http_headers or "")
                assert TOKEN not in headers and CLIENT_SECRET not in headers


def test_wrong_credentials_fall_back_to_the_archive(settings: Settings) -> None:
    keyed = settings.replace(reddit_client_id=CLIENT_ID, reddit_client_secret="wrong")
    resolution = run(CLAIM, keyed)
    search = next(q for q in resolution.queries if q.method == "reddit-search")
    assert search.outcome == "error" and search.detail == "HTTP 401"
    assert resolution.status == "resolved" and resolution.chosen is not None
    assert resolution.chosen.archived_from is not None


def test_a_cited_page_robots_disallow_is_read_from_its_archived_copy(
    settings: Settings, hosts: Hosts
) -> None:
    url = hosts.base("private") + "/private/notice.html"
    claim = make_claim("Harbour Board", "the harbour authority will close the north pier",
                       day="2025-08-06", url=url)  # fmt: skip
    resolution = run(claim, settings)
    link = next(q for q in resolution.queries if q.method == "link")
    assert link.detail == "robots.txt disallows the page: its archived copy is used instead"
    assert resolution.status == "resolved"
    assert resolution.chosen is not None and resolution.chosen.archived_from == url
    assert resolution.reason is not None and "robots.txt disallows the page" in resolution.reason


def test_the_token_request_and_the_api_go_through_the_address_guard(
    settings: Settings, hosts: Hosts
) -> None:
    before = len([r for r in hosts.asked("www") if r.path == "/api/v1/access_token"])
    guarded = settings.replace(
        reddit_client_id=CLIENT_ID, reddit_client_secret=CLIENT_SECRET,
        allow_private_network=False,
    )  # fmt: skip
    resolution = run(CLAIM, guarded)
    assert resolution.status != "resolved"
    search = next(q for q in resolution.queries if q.method == "reddit-search")
    assert search.outcome == "error" and (search.detail or "").startswith("refused")
    after = len([r for r in hosts.asked("www") if r.path == "/api/v1/access_token"])
    assert after == before  # no token asked from a private address


def test_a_metadata_address_as_wikidata_is_refused(settings: Settings) -> None:
    named = make_claim("Jane Example", "a thing", day="2025-08-06", kind="person",
                       platform="x", quotes=("a thing said",))  # fmt: skip
    for url in ("http://169.254.169.254/w/api.php", "http://metadata.google.internal/w/api.php"):
        resolution = run(named, settings.replace(wikidata_url=url))
        looked = next(q for q in resolution.queries if q.method == "wikidata")
        assert looked.outcome == "error" and (looked.detail or "").startswith("refused")
