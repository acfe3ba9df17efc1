"""The resolver end to end against the fixture mini-web (tests/miniweb.py) on loopback."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from miniweb import MiniWeb, status_id
from resolve_support import LoopbackFetcher, make_claim, word_score

from provenance.archive import Archive
from provenance.config import Settings
from provenance.fetch import Fetcher
from provenance.models import Claim, Resolution
from provenance.registry import load_registry
from provenance.resolve import FetcherLike, SourceRule, load_sources, plan, resolve


@pytest.fixture(scope="module")
def web() -> Iterator[MiniWeb]:
    with MiniWeb() as miniweb:
        yield miniweb


@pytest.fixture()
def settings(web: MiniWeb, tmp_path: Path) -> Settings:
    return web.settings(tmp_path)


@pytest.fixture(params=["fetcher", "urllib"])
def fetcher(request: pytest.FixtureRequest, settings: Settings) -> Iterator[FetcherLike]:
    """The real Fetcher (robots.txt, politeness, WARC archive), and a plain urllib one."""
    if request.param == "urllib":
        yield LoopbackFetcher()
        return
    with Fetcher(settings, Archive(settings.cache)) as real:
        yield real


@pytest.fixture()
def run(fetcher: FetcherLike, settings: Settings) -> Callable[..., Resolution]:
    def run(claim: Claim, settings: Settings, rules: list[SourceRule] | None = None) -> Resolution:
        return resolve_with(fetcher, claim, settings, rules)

    return run


def resolve_with(
    fetcher: FetcherLike, claim: Claim, settings: Settings, rules: list[SourceRule] | None
) -> Resolution:
    registry = load_registry(settings.outlets)
    resolution, captures = resolve(
        claim, fetcher=fetcher, settings=settings, registry=registry,
        rules=rules or [], score=word_score,
    )  # fmt: skip
    if resolution.status == "resolved":
        assert captures, "a resolved claim comes with the capture of its original"
    return resolution


def chosen_url(resolution: Resolution) -> str | None:
    chosen = resolution.chosen
    return (chosen.archived_from or chosen.url) if chosen else None


# --- outlets --------------------------------------------------------------------------


def test_sitemap_discovery_finds_the_bugle_page(
    web: MiniWeb, settings: Settings, run: Callable[..., Resolution]
) -> None:
    claim = make_claim(
        "The Daily Bugle", "the council approved a 2.4 billion dollar budget for the river tunnel",
        day="2025-11-19", quotes=("a promise kept to every commuter who has waited in traffic",),
    )  # fmt: skip
    resolution = run(claim, settings)
    assert resolution.status == "resolved"
    assert chosen_url(resolution) == web.page_url(
        "bugle", "/2025/11/19/council-approves-river-tunnel-budget"
    )
    methods = {q.method: q for q in resolution.queries}
    assert methods["sitemap"].candidates >= 3
    assert methods["sitemap"].best_score is not None and methods["sitemap"].best_score >= 0.5
    assert methods["cdx"].window == "2025-11-16..2025-11-22"


def test_feed_discovery_finds_the_harbor_page(
    web: MiniWeb, settings: Settings, run: Callable[..., Resolution]
) -> None:
    claim = make_claim(
        "Harbor Times", "cod fishing quotas will be cut by a third after a survey of the stock",
        day="2025-11-12",
    )  # fmt: skip
    resolution = run(claim, settings)
    assert chosen_url(resolution) == web.page_url("harbor", "/news/fishing-quotas-cut-after-survey")
    feed = next(q for q in resolution.queries if q.method == "feed")
    assert feed.candidates == 3 and feed.outcome == "listed"


def test_cdx_discovery_finds_the_ledger_page(
    web: MiniWeb, settings: Settings, run: Callable[..., Resolution]
) -> None:
    claim = make_claim(
        "Metro Ledger", "commissioners approved a 120-megawatt solar farm on former farmland",
        day="2025-11-05",
    )  # fmt: skip
    resolution = run(claim, settings)
    assert chosen_url(resolution) == web.page_url(
        "ledger", "/stories/solar-farm-approved-on-county-land"
    )
    assert resolution.chosen is not None and resolution.chosen.archived_from is None


def test_a_dead_page_resolves_to_its_wayback_capture(
    web: MiniWeb, settings: Settings, run: Callable[..., Resolution]
) -> None:
    claim = make_claim(
        "Metro Ledger", "a report found a 40 million dollar gap in school funding",
        day="2025-10-20", quotes=("Every classroom in the district is feeling this gap",),
    )  # fmt: skip
    resolution = run(claim, settings)
    gone = web.page_url("ledger", "/stories/school-funding-report-finds-gap")
    assert resolution.status == "resolved"
    assert resolution.chosen is not None and resolution.chosen.archived_from == gone
    assert resolution.chosen.url.startswith(web.base("archive") + "/web/20251020120000id_/")
    assert resolution.chosen.captured_at == "2025-10-20T12:00:00Z"


def test_no_page_on_the_outlet_means_not_found_with_what_was_tried(
    settings: Settings, run: Callable[..., Resolution]
) -> None:
    claim = make_claim(
        "The Daily Bugle", "zoo elephants escaped and wandered into the botanical gardens",
        day="2025-11-19", quotes=("the elephants seemed to enjoy the roses",),
    )  # fmt: skip
    resolution = run(claim, settings)
    assert resolution.status == "not_found"
    assert resolution.chosen is None
    assert "below the threshold" in (resolution.reason or "")
    described = [q.describe() for q in resolution.queries]
    assert any(
        line.startswith("cdx 127.0.0.2:") and "2025-11-16..2025-11-22" in line for line in described
    )


def test_outside_the_date_window_nothing_is_chosen(
    settings: Settings, run: Callable[..., Resolution]
) -> None:
    claim = make_claim(
        "Harbor Times", "cod fishing quotas will be cut by a third after a survey", day="2024-03-01"
    )
    assert run(claim, settings).status == "not_found"


def test_an_unknown_outlet_says_what_is_missing(
    settings: Settings, run: Callable[..., Resolution]
) -> None:
    claim = make_claim("The Gazette of Nowhere", "the moon is made of cheese", day="2025-11-19")
    resolution = run(claim, settings)
    assert resolution.status == "not_found"
    assert "not in the outlet registry" in (resolution.reason or "")
    assert resolution.queries[-1].method == "registry"


# --- links and the sources file --------------------------------------------------------


def test_the_claims_own_link_is_used(
    web: MiniWeb, settings: Settings, run: Callable[..., Resolution]
) -> None:
    url = web.page_url("bugle", "/2025/11/18/mayor-opens-new-central-library")
    claim = make_claim(
        "The Daily Bugle", "the mayor opened the new library", day="2025-11-18", url=url
    )
    resolution = run(claim, settings)
    assert resolution.status == "resolved" and chosen_url(resolution) == url
    assert [q.method for q in resolution.queries] == ["link"]


def test_a_sources_file_rule_gives_the_url(
    web: MiniWeb, settings: Settings, tmp_path: Path, run: Callable[..., Resolution]
) -> None:
    url = web.page_url("harbor", "/news/ferry-fares-rise-in-january")
    path = tmp_path / "sources.toml"
    path.write_text(f'[[source]]\nname = "harbor times"\ndate = "2025-11-13"\nurl = "{url}"\n')
    claim = make_claim("Harbor Times", "ferry fares will rise by twelve percent", day="2025-11-13")
    resolution = run(claim, settings, load_sources(path))
    assert chosen_url(resolution) == url
    assert resolution.queries[0].method == "sources_file"


def test_a_changed_page_gives_way_to_its_earlier_capture(
    web: MiniWeb, settings: Settings, run: Callable[..., Resolution]
) -> None:
    url = web.page_url("bugle", "/2025/09/30/park-renamed-for-poet")
    claim = make_claim(
        "The Daily Bugle", "the riverside park will be renamed after the poet Ada Whitlock",
        day="2025-09-30", url=url, quotes=("She wrote this city into the world's poems",),
    )  # fmt: skip
    resolution = run(claim, settings)
    assert resolution.chosen is not None and resolution.chosen.archived_from == url
    assert resolution.chosen.captured_at == "2025-10-01T08:00:00Z"


# --- platforms -------------------------------------------------------------------------


def test_an_x_post_is_found_through_cdx_and_oembed(
    settings: Settings, run: Callable[..., Resolution]
) -> None:
    claim = make_claim(
        "Jane Roe", "the river tunnel will cut her commute", day="2025-11-14", kind="person",
        handle="janeroe", platform="x", quotes=("cut my commute from fifty minutes to twelve",),
    )  # fmt: skip
    resolution = run(claim, settings)
    assert resolution.status == "resolved"
    sid = status_id("2025-11-14T09:30:00Z")
    assert resolution.chosen is not None and resolution.chosen.method == "x"
    assert resolution.chosen.url == f"https://x.com/janeroe/status/{sid}"
    assert resolution.chosen.published == "2025-11-14"
    cdx = [q for q in resolution.queries if q.method == "x-cdx"]
    assert [q.target for q in cdx] == ["twitter.com/janeroe/status/*", "x.com/janeroe/status/*"]
    assert cdx[0].candidates == 2  # the June post is outside the window


def test_a_deleted_x_post_is_read_from_its_capture(
    settings: Settings, run: Callable[..., Resolution]
) -> None:
    claim = make_claim(
        "Bob Doe", "the stadium plan is a giveaway", day="2025-11-10", kind="person",
        handle="@bobdoe", platform="x", quotes=("a giveaway to the club owners",),
    )  # fmt: skip
    resolution = run(claim, settings)
    assert resolution.status == "resolved"
    assert resolution.chosen is not None
    assert (
        resolution.chosen.archived_from
        == f"https://twitter.com/bobdoe/status/{status_id('2025-11-10T15:00:00Z')}"
    )


def test_an_x_post_that_does_not_exist_is_not_found(
    settings: Settings, run: Callable[..., Resolution]
) -> None:
    claim = make_claim(
        "Jane Roe", "taxes should be abolished", day="2025-11-14", kind="person",
        handle="janeroe", platform="x", quotes=("abolish every tax tomorrow",),
    )  # fmt: skip
    assert run(claim, settings).status == "not_found"


def test_a_reddit_analysis_is_found_by_search(
    web: MiniWeb, settings: Settings, run: Callable[..., Resolution]
) -> None:
    claim = make_claim(
        "r/CityPlanning", "the tunnel versus bridge debate is really about maintenance funding",
        day="2025-11-15", kind="forum", platform="reddit",
    )  # fmt: skip
    resolution = run(claim, settings)
    assert resolution.status == "resolved"
    assert resolution.chosen is not None and "/comments/abc123/" in resolution.chosen.url
    search = next(q for q in resolution.queries if q.method == "reddit-search")
    assert "restrict_sr=1" in search.target and search.candidates >= 1


def test_a_reddit_claim_without_a_post_is_not_found(
    settings: Settings, run: Callable[..., Resolution]
) -> None:
    claim = make_claim(
        "r/CityPlanning", "a new airport should be built on the marshes", day="2025-11-15",
        kind="forum", platform="reddit",
    )  # fmt: skip
    assert run(claim, settings).status == "not_found"


# --- offline ---------------------------------------------------------------------------


def test_plan_lists_the_queries_without_fetching(web: MiniWeb, settings: Settings) -> None:
    claim = make_claim("The Daily Bugle", "a budget for the tunnel", day="2025-11-19")
    before = len(web.requests)
    planned = plan(claim, settings=settings, registry=load_registry(settings.outlets), rules=[])
    assert len(web.requests) == before
    assert planned.status == "planned" and planned.reason == "offline: not fetched"
    assert [q.method for q in planned.queries] == ["cdx", "sitemap", "feed"]
    assert planned.queries[1].target == web.base("bugle") + "/robots.txt"


def test_the_feed_date_travels_with_the_chosen_page_to_the_date_check(
    web: MiniWeb, settings: Settings, fetcher: FetcherLike
) -> None:
    from provenance.match import check_claim
    from provenance.models import Document

    claim = make_claim(
        "Harbor Times", "cod fishing quotas will be cut by a third after a survey of the stock",
        day="2025-11-12",
    )  # fmt: skip
    resolution = resolve_with(fetcher, claim, settings, None)
    assert resolution.chosen is not None and resolution.chosen.published is not None
    assert resolution.chosen.published.startswith("2025-11-12")  # the feed's date for the page
    undated = Document(text="Cod fishing quotas will be cut by a third after a survey.")
    checks = check_claim(claim, undated, listed=resolution.chosen.published)
    date = next(check for check in checks if check.kind == "date")
    assert date.status == "match" and date.evidence == "listed 2025-11-12"
