"""X posts on a busy account: ranked by text, dated by their ids, recorded at x.com."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from devweb.captures import Archive
from devweb.loopback import Hosts
from devweb.x import Post, XService, busy_day, oembed, status_captures
from resolve_support import make_claim

from provenance.archive import Archive as WarcArchive
from provenance.config import Settings
from provenance.fetch import Fetcher
from provenance.models import Claim, Resolution
from provenance.pipeline import scorer
from provenance.read import read_json
from provenance.resolve import resolve
from provenance.resolve.platforms import embed_day, syndication_token

MOMENT = datetime(2025, 3, 13, 16, 5, tzinfo=UTC)
RIGHT = "Our proposal asks the federal government to preempt the patchwork of state AI laws"
POSTS = busy_day("andrewcurran", "Andrew Curran", MOMENT, RIGHT, "AI policy")
SYNDICATED = Post(
    "sama",
    "Sam Altman",
    MOMENT + timedelta(minutes=50),
    "we will ship the open weights model this summer",
)
OLD_TEXT = "the compute constraints will ease by the end of the year, I am told by our team"
OLD = Post("sama", "Sam Altman", MOMENT - timedelta(days=20), OLD_TEXT)


@pytest.fixture(scope="module")
def hosts() -> Iterator[Hosts]:
    posts = [*POSTS, SYNDICATED, OLD]
    archive = Archive(status_captures(posts))
    x = XService(posts, no_embed={SYNDICATED.id})
    with Hosts({"archive": archive, "x": x}) as running:
        yield running


@pytest.fixture()
def settings(hosts: Hosts, tmp_path: Path) -> Settings:
    return Settings(
        ledger=tmp_path / "ledger.db", cache=tmp_path / "cache",
        wayback_url=hosts.base("archive"), cdx_url=hosts.base("archive") + "/cdx/search/cdx",
        x_embed_url=hosts.base("x") + "/oembed",
        x_syndication_url=hosts.base("x") + "/tweet-result",
        allow_private_network=True, host_delay=0.0, wayback_delay=0.0, retries=0, deadline=10.0,
    )  # fmt: skip


def run(claim: Claim, settings: Settings) -> Resolution:
    with Fetcher(settings, WarcArchive(settings.cache)) as fetcher:
        resolution, _ = resolve(
            claim, fetcher=fetcher, settings=settings, registry=None, rules=[],
            score=scorer(settings),
        )  # fmt: skip
    return resolution


def x_claim(handle: str, quote: str, day: str) -> Claim:
    return make_claim(handle, "a post", day=day, kind="person", handle=handle, platform="x",
                      quotes=(quote,))  # fmt: skip


def test_the_right_post_wins_among_same_topic_posts(settings: Settings) -> None:
    claim = x_claim("andrewcurran", "preempt the patchwork of state AI laws", "2025-03-13")
    resolution = run(claim, settings)
    assert resolution.status == "resolved", resolution.reason
    assert resolution.chosen is not None
    assert resolution.chosen.url == f"https://x.com/andrewcurran/status/{POSTS[0].id}"
    assert resolution.chosen.published == "2025-03-13"
    fetched = [q for q in resolution.queries if q.method == "x-embed"]
    assert len(fetched) > 3  # more than three candidates were read and ranked by text
    assert all(c.score < resolution.chosen.score for c in resolution.candidates[1:]
               if c.url != resolution.chosen.url)  # fmt: skip


def test_a_post_without_oembed_is_read_from_syndication(settings: Settings) -> None:
    claim = x_claim("sama", "ship the open weights model this summer", "2025-03-13")
    resolution = run(claim, settings)
    assert resolution.status == "resolved", resolution.reason
    assert resolution.chosen is not None
    assert resolution.chosen.url == f"https://x.com/sama/status/{SYNDICATED.id}"
    embed = next(q for q in resolution.queries if q.target == resolution.chosen.url)
    assert embed.detail == "oEmbed: HTTP 404"


def test_a_distinctive_quote_widens_the_window(settings: Settings) -> None:
    quote = "the compute constraints will ease by the end of the year"
    resolution = run(x_claim("sama", quote, "2025-03-13"), settings)
    assert resolution.status == "resolved", resolution.reason
    assert resolution.chosen is not None and OLD.id in resolution.chosen.url
    wide = [q for q in resolution.queries if q.method == "x-cdx-wide"]
    assert [q.window for q in wide] == ["2025-02-11..2025-04-12"] * 2


def test_a_short_quote_does_not_widen_and_lists_what_was_tried(settings: Settings) -> None:
    resolution = run(x_claim("sama", "ease by year end", "2025-03-13"), settings)
    assert resolution.status == "not_found"
    assert not [q for q in resolution.queries if q.method == "x-cdx-wide"]
    assert [q.method for q in resolution.queries][:2] == ["x-cdx", "x-cdx"]


def test_an_oembed_answer_is_dated_by_its_id_or_its_text() -> None:
    document = read_json(json.dumps(oembed(POSTS[0])).encode(), url=None)
    assert document.published == "2025-03-13"
    old = oembed(POSTS[0]) | {"url": "https://twitter.com/jack/status/20"}
    assert read_json(json.dumps(old).encode(), url=None).published == "2025-03-13"
    assert embed_day("— Jack (@jack) March 21, 2006") == datetime(2006, 3, 21).date()


def test_the_syndication_token_is_base36_without_zeros_or_dot() -> None:
    token = syndication_token(POSTS[0].id)
    assert token and "0" not in token and "." not in token
    assert token.isalnum() and token == token.lower()
