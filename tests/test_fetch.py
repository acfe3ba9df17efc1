"""The fetcher against hostile HTTP servers on loopback (never the internet)."""

from __future__ import annotations

import itertools
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fetch_support import (  # noqa: F401  (no_proxy_environment: an autouse fixture)
    LATIN1,
    LoopbackServer,
    always_503,
    bomb,
    drip,
    flaky,
    gone,
    gzipped,
    huge_headers,
    image,
    missing,
    no_charset,
    no_proxy_environment,
    ok,
    page,
    redirect_to,
    robots,
    send,
    too_many_then_ok,
    wrong_charset,
)

from provenance.archive import Archive
from provenance.config import Settings
from provenance.fetch import Fetcher, crawl_delay, proxy_for


def loopback_settings(cache: Path, **changes: Any) -> Settings:
    """Settings that allow loopback, with short delays and timeouts."""
    base = Settings(
        cache=cache, allow_private_network=True, host_delay=0.01, deadline=5.0,
        connect_timeout=2.0, read_timeout=2.0, retries=3, max_body=1024 * 1024,
    )  # fmt: skip
    return base.replace(**changes)


ROUTES = {
    "/ok": ok,
    "/a": redirect_to("/b", 301),
    "/b": redirect_to("/c", 307),
    "/c": redirect_to("/ok", 308),
    "/loop1": redirect_to("/loop2"),
    "/loop2": redirect_to("/loop1"),
    "/404": missing,
    "/410": gone,
    "/429": too_many_then_ok,
    "/flaky": flaky,
    "/down": always_503,
    "/drip": drip,
    "/bomb": bomb,
    "/gzip": gzipped,
    "/huge-headers": huge_headers,
    "/wrong-charset": wrong_charset,
    "/no-charset": no_charset,
    "/image": image,
    "/robots.txt": robots("User-agent: *\nDisallow: /private\n"),
    "/private/page": ok,
}


@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer(ROUTES) as running:
        yield running


@pytest.fixture
def fetcher(tmp_path: Path) -> Iterator[Fetcher]:
    with Archive(tmp_path) as archive, Fetcher(loopback_settings(tmp_path), archive) as running:
        yield running


def test_a_page_is_fetched_archived_and_then_served_from_the_archive(
    server: LoopbackServer, fetcher: Fetcher
) -> None:
    first = fetcher.fetch(server.url("/ok"))
    assert first.ok and first.kind == "ok" and first.error is None
    capture = first.capture
    assert capture is not None and capture.status == 200
    assert capture.body == page("ok") and capture.size == len(page("ok"))
    assert capture.warc_file.endswith(".warc.gz") and capture.length > 0
    assert not capture.from_archive
    hits = server.hits["/ok"]
    again = fetcher.fetch(server.url("/ok"))
    assert again.capture is not None and again.capture.from_archive
    assert again.capture.body == page("ok") and again.capture.sha256 == capture.sha256
    assert server.hits["/ok"] == hits
    fresh = fetcher.fetch(server.url("/ok"), refresh=True)
    assert fresh.capture is not None and not fresh.capture.from_archive
    assert server.hits["/ok"] == hits + 1


def test_a_redirect_chain_is_followed_and_every_hop_archived(
    server: LoopbackServer, fetcher: Fetcher
) -> None:
    result = fetcher.fetch(server.url("/a"))
    assert result.ok and result.capture is not None
    assert result.capture.url == server.url("/a")
    assert result.capture.final_url == server.url("/ok")
    assert fetcher.archive is not None
    statuses = sorted(c.status for c in fetcher.archive.captures())
    assert statuses.count(301) == 1 and statuses.count(307) == 1 and statuses.count(308) == 1
    assert fetcher.archive.lookup(server.url("/a")) == result.capture


def test_redirect_loops_and_long_chains_stop(server: LoopbackServer, tmp_path: Path) -> None:
    settings = loopback_settings(tmp_path, max_redirects=2)
    with Fetcher(settings) as fetcher:
        loop, chain = fetcher.fetch_many([server.url("/loop1"), server.url("/a")])
    assert loop.kind == "http_error" and loop.error is not None
    assert loop.error.startswith("redirect loop at ") and loop.capture is None
    assert chain.kind == "http_error" and chain.error == "too many redirects (more than 2)"


def test_404_and_410_are_archived_and_returned_with_their_status(
    server: LoopbackServer, fetcher: Fetcher
) -> None:
    missing_page, gone_page = fetcher.fetch_many([server.url("/404"), server.url("/410")])
    assert missing_page.kind == "http_error" and missing_page.error == "HTTP 404"
    assert gone_page.error == "HTTP 410" and not gone_page.ok
    assert missing_page.capture is not None and missing_page.capture.status == 404
    assert missing_page.capture.warc_file and missing_page.capture.body == page("missing")
    again = fetcher.fetch(server.url("/404"))
    assert again.capture is not None and again.capture.from_archive


def test_429_waits_for_retry_after_then_succeeds(server: LoopbackServer, fetcher: Fetcher) -> None:
    started = time.monotonic()
    result = fetcher.fetch(server.url("/429"))
    waited = time.monotonic() - started
    assert result.ok and result.capture is not None
    assert result.capture.body == page("after the wait")
    assert server.hits["/429"] == 2
    arrivals = [t for target, _, t in server.requests if target == "/429"]
    assert arrivals[1] - arrivals[0] >= 0.95 and waited >= 0.95


def test_5xx_is_retried_until_success(server: LoopbackServer, fetcher: Fetcher) -> None:
    result = fetcher.fetch(server.url("/flaky"))
    assert result.ok and result.capture is not None
    assert result.capture.body == page("recovered") and server.hits["/flaky"] == 3


def test_5xx_gives_up_after_the_retries_and_is_not_served_from_the_archive(
    server: LoopbackServer, tmp_path: Path
) -> None:
    settings = loopback_settings(tmp_path, retries=1)
    with Archive(tmp_path) as archive, Fetcher(settings, archive) as fetcher:
        before = server.hits["/down"]
        result = fetcher.fetch(server.url("/down"))
        assert result.kind == "http_error" and result.error == "HTTP 503"
        assert server.hits["/down"] == before + 2
        again = fetcher.fetch(server.url("/down"))  # remembered for the run: not asked again
        assert again.error == "HTTP 503" and server.hits["/down"] == before + 2


def test_a_slow_drip_stops_at_the_deadline(server: LoopbackServer, tmp_path: Path) -> None:
    settings = loopback_settings(tmp_path, deadline=1.0)
    started = time.monotonic()
    with Fetcher(settings) as fetcher:
        result = fetcher.fetch(server.url("/drip"))
    assert result.kind == "network" and result.error == "deadline of 1s exceeded"
    assert time.monotonic() - started < 10


def test_a_gzip_bomb_is_stopped_after_decompression(
    server: LoopbackServer, fetcher: Fetcher
) -> None:
    result = fetcher.fetch(server.url("/bomb"))
    assert result.kind == "too_large" and result.capture is None
    assert result.error == "body over 1 MB after decompression"


def test_gzip_is_undone_and_the_archive_keeps_the_payload(
    server: LoopbackServer, fetcher: Fetcher
) -> None:
    result = fetcher.fetch(server.url("/gzip"))
    assert result.capture is not None and result.capture.body == page("zipped")
    assert fetcher.archive is not None
    assert fetcher.archive.read_body(result.capture) == page("zipped")


def test_huge_headers_are_a_network_error_not_a_hang(
    server: LoopbackServer, fetcher: Fetcher
) -> None:
    result = fetcher.fetch(server.url("/huge-headers"))
    assert result.kind == "network" and result.capture is None
    assert result.error is not None and "\n" not in result.error
    assert server.hits["/huge-headers"] == 1  # a protocol error is not retried


def test_wrong_and_missing_charsets_keep_the_raw_bytes(
    server: LoopbackServer, fetcher: Fetcher
) -> None:
    urls = [server.url("/wrong-charset"), server.url("/no-charset")]
    wrong, unlabelled = fetcher.fetch_many(urls)
    assert wrong.capture is not None and wrong.capture.body == LATIN1
    assert wrong.capture.content_type == "text/html; charset=utf-8"
    assert unlabelled.ok and unlabelled.capture is not None
    assert unlabelled.capture.body == LATIN1 and unlabelled.capture.content_type is None


def test_a_disallowed_content_type_is_refused(server: LoopbackServer, fetcher: Fetcher) -> None:
    result = fetcher.fetch(server.url("/image"))
    assert result.kind == "type" and result.error == "content type image/png not allowed"


def test_robots_txt_disallow_and_crawl_delay(tmp_path: Path) -> None:
    rules = "User-agent: *\nDisallow: /private\nCrawl-delay: 0.3\n"
    routes = {"/robots.txt": robots(rules), "/private/page": ok, "/ok": ok, "/gzip": gzipped}
    with LoopbackServer(routes) as site, Fetcher(loopback_settings(tmp_path)) as fetcher:
        refused = fetcher.fetch(site.url("/private/page"))
        allowed = fetcher.fetch_many([site.url("/ok"), site.url("/gzip")])
    assert refused.kind == "robots"
    assert refused.error == "robots.txt disallows /private/page for provenance"
    assert site.hits["/private/page"] == 0 and site.hits["/robots.txt"] == 1
    assert all(result.ok for result in allowed)
    arrivals = [t for target, _, t in site.requests if target in ("/ok", "/gzip")]
    assert arrivals[1] - arrivals[0] >= 0.25  # Crawl-delay 0.3 (less 10% catch-up) beats 0.01


def test_robots_can_be_ignored_by_setting(server: LoopbackServer, tmp_path: Path) -> None:
    with Fetcher(loopback_settings(tmp_path, obey_robots=False)) as fetcher:
        assert fetcher.fetch(server.url("/private/page")).ok


def test_an_unreachable_robots_txt_disallows_all(tmp_path: Path) -> None:
    routes = {"/robots.txt": always_503, "/ok": ok}
    with LoopbackServer(routes) as down, Fetcher(loopback_settings(tmp_path, retries=0)) as fetcher:
        result = fetcher.fetch(down.url("/ok"))
    assert result.kind == "robots" and result.error is not None
    assert result.error.startswith("robots.txt unreachable (HTTP 503)")
    assert down.hits["/ok"] == 0


def test_a_missing_robots_txt_allows_all(tmp_path: Path) -> None:
    with LoopbackServer({"/ok": ok}) as plain, Fetcher(loopback_settings(tmp_path)) as fetcher:
        assert fetcher.fetch(plain.url("/ok")).ok
        assert plain.hits["/robots.txt"] == 1


def test_user_agent_and_accept_encoding_are_sent(server: LoopbackServer, tmp_path: Path) -> None:
    settings = loopback_settings(tmp_path, user_agent="provenance/9 (test)")
    with Fetcher(settings) as fetcher:
        fetcher.fetch(server.url("/ok"))
    headers = next(h for target, h, _ in reversed(server.requests) if target == "/ok")
    assert headers["User-Agent"] == "provenance/9 (test)"
    assert headers["Accept-Encoding"] == "gzip, deflate"


def test_offline_never_touches_the_network(server: LoopbackServer, tmp_path: Path) -> None:
    with Archive(tmp_path) as archive:
        with Fetcher(loopback_settings(tmp_path), archive) as online:
            assert online.fetch(server.url("/ok")).ok
        before = dict(server.hits)
        with Fetcher(loopback_settings(tmp_path, offline=True), archive) as offline:
            archived, absent = offline.fetch_many([server.url("/ok"), server.url("/gzip")])
    assert archived.ok and archived.capture is not None and archived.capture.from_archive
    assert absent.kind == "offline" and absent.error == "offline: not in the archive"
    assert dict(server.hits) == before


def test_results_come_in_input_order_and_duplicates_are_fetched_once(tmp_path: Path) -> None:
    routes = {f"/p{n}": ok for n in range(6)}
    with LoopbackServer(routes) as site, Fetcher(loopback_settings(tmp_path)) as fetcher:
        urls = [site.url(f"/p{n}") for n in (3, 1, 4, 1, 5, 0)]
        results = fetcher.fetch_many(urls)
        assert [r.url for r in results] == urls
        assert site.hits["/p1"] == 1 and all(r.ok for r in results)


def test_politeness_spaces_requests_to_one_host(tmp_path: Path) -> None:
    routes = {f"/p{n}": ok for n in range(4)}
    settings = loopback_settings(tmp_path, host_delay=0.2, obey_robots=False)
    with LoopbackServer(routes) as site, Fetcher(settings) as fetcher:
        fetcher.fetch_many([site.url(f"/p{n}") for n in range(4)])
        arrivals = sorted(t for _, _, t in site.requests)
    gaps = [later - earlier for earlier, later in itertools.pairwise(arrivals)]
    # starts are 0.2 s apart; the first arrival is late by its connection's set-up
    assert len(gaps) == 3 and min(gaps) >= 0.1 and arrivals[-1] - arrivals[0] >= 0.5


def test_the_wayback_machine_and_its_cdx_api_share_one_schedule(tmp_path: Path) -> None:
    with LoopbackServer({"/web/x": ok, "/cdx": ok}) as wayback:
        settings = loopback_settings(
            tmp_path, wayback_url=wayback.url(""), cdx_url=wayback.url("/cdx", host="localhost"),
            wayback_delay=0.3, obey_robots=False,
        )  # fmt: skip
        with Fetcher(settings) as fetcher:
            fetcher.fetch_many([wayback.url("/web/x"), wayback.url("/cdx", host="localhost")])
        first, second = sorted(t for _, _, t in wayback.requests)
    assert second - first >= 0.25


def test_a_connection_refused_is_a_network_result(tmp_path: Path) -> None:
    with LoopbackServer() as closed:
        url = closed.url("/")
    with Fetcher(loopback_settings(tmp_path, retries=1)) as fetcher:
        result = fetcher.fetch(url)
    assert result.kind == "network" and result.capture is None
    assert result.error is not None and result.error.startswith("network error (ConnectError)")


def test_proxy_for_reads_the_variables_as_curl_does(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "127.0.0.1:3128")
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:8080")
    monkeypatch.setenv("NO_PROXY", "internal.example,.corp.example,10.0.0.0/8")
    assert proxy_for("http://news.example/a") == "http://127.0.0.1:3128"
    assert proxy_for("https://news.example/a") == "http://proxy.example:8080"
    assert proxy_for("http://internal.example/") is None
    assert proxy_for("http://www.internal.example/") is None
    assert proxy_for("http://a.corp.example/") is None
    assert proxy_for("http://10.1.2.3/") is None
    monkeypatch.setenv("NO_PROXY", "*")
    assert proxy_for("http://news.example/a") is None
    monkeypatch.delenv("NO_PROXY")
    monkeypatch.delenv("HTTP_PROXY")
    monkeypatch.setenv("ALL_PROXY", "http://all.example:1")
    assert proxy_for("http://news.example/a") == "http://all.example:1"


def test_a_failure_is_one_line_and_never_raises(tmp_path: Path) -> None:
    odd = lambda h: send(h, 200, b"x", "text/html", {"Content-Encoding": "br"})  # noqa: E731
    with LoopbackServer({"/br": odd}) as site, Fetcher(loopback_settings(tmp_path)) as fetcher:
        result = fetcher.fetch(site.url("/br"))
    assert result.kind == "decode" and result.error is not None
    assert "content encoding br not supported" in result.error


def test_a_final_429_slows_the_host_down_for_the_next_requests(tmp_path: Path) -> None:
    limited = lambda h: send(h, 429, page("no"), headers={"Retry-After": "1"})  # noqa: E731
    settings = loopback_settings(tmp_path, retries=0, obey_robots=False)
    with LoopbackServer({"/limited": limited, "/ok": ok}) as site, Fetcher(settings) as fetcher:
        refused = fetcher.fetch(site.url("/limited"))
        assert fetcher.fetch(site.url("/ok")).ok
        (first, _, at_429), (second, _, at_ok) = site.requests
    assert refused.kind == "http_error" and refused.error == "HTTP 429"
    assert (first, second) == ("/limited", "/ok") and at_ok - at_429 >= 0.9


def test_crawl_delay_reads_the_agent_group_then_the_default() -> None:
    rules = (
        "User-agent: googlebot\nCrawl-delay: 5\nDisallow: /x\n\n"
        "User-agent: provenance\nUser-agent: other\nCrawl-delay: 0.5 # half a second\n\n"
        "User-agent: *\nCrawl-delay: 2\n"
    )
    assert crawl_delay(rules, "provenance") == 0.5 and crawl_delay(rules, "Other") == 0.5
    assert crawl_delay(rules, "somebot") == 2.0
    assert crawl_delay("User-agent: *\nCrawl-delay: soon\n", "x") is None
    assert crawl_delay("User-agent: *\nCrawl-delay: -1\n", "x") is None


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS])
def test_deflate_bodies_zlib_wrapped_or_raw_are_undone(tmp_path: Path, wbits: int) -> None:
    packer = zlib.compressobj(wbits=wbits)
    packed = packer.compress(page("deflated")) + packer.flush()
    route = lambda h: send(h, 200, packed, headers={"Content-Encoding": "deflate"})  # noqa: E731
    with LoopbackServer({"/d": route}) as site, Fetcher(loopback_settings(tmp_path)) as fetcher:
        result = fetcher.fetch(site.url("/d"))
    assert result.capture is not None and result.capture.body == page("deflated")


# --- one fetch per URL per run, page errors, rate limits ------------------------------


def test_a_failing_url_is_fetched_once_per_run(server: LoopbackServer, tmp_path: Path) -> None:
    settings = loopback_settings(tmp_path, deadline=0.5, retries=0)
    with Fetcher(settings) as fetcher:
        before = server.hits["/drip"]
        first = fetcher.fetch(server.url("/drip"))
        started = time.monotonic()
        again = [fetcher.fetch(server.url("/drip")) for _ in range(5)]
        repeated = time.monotonic() - started
        assert set(fetcher.failed) == {server.url("/drip")}
    assert first.kind == "network" and all(r.error == first.error for r in again)
    assert server.hits["/drip"] == before + 1 and repeated < 1.5  # five more drips: 2.5 s


def test_a_missing_page_is_not_a_failure_to_remember(
    server: LoopbackServer, fetcher: Fetcher
) -> None:
    assert fetcher.fetch(server.url("/missing")).error == "HTTP 404"
    assert fetcher.failed == {}


@pytest.mark.parametrize(
    ("encoding", "body"),
    [("br", b"\x1b\x03\x00"), ("zstd", b"(\xb5/\xfd"), ("gzip", b"\x1f\x8b\x08\x00garbage")],
)
def test_an_undecodable_body_is_a_page_error_not_a_network_failure(
    tmp_path: Path, encoding: str, body: bytes
) -> None:
    odd = lambda h: send(h, 200, body, "text/html", {"Content-Encoding": encoding})  # noqa: E731
    with LoopbackServer({"/odd": odd}) as site, Fetcher(loopback_settings(tmp_path)) as fetcher:
        result = fetcher.fetch(site.url("/odd"))
        assert fetcher.fetch(site.url("/odd")).kind == "decode"
        assert site.hits["/odd"] == 1
    assert result.kind == "decode" and result.capture is None
    assert result.error is not None and result.error.startswith("body could not be decoded")


def test_no_request_inside_a_retry_after_and_the_pace_recovers(tmp_path: Path) -> None:
    def limited(h: Any) -> None:
        if h.count("/cdx") == 2:
            send(h, 429, page("slow down"), headers={"Retry-After": "1"})
        else:
            send(h, 200, page("rows"))

    settings = loopback_settings(tmp_path, retries=2, obey_robots=False, host_delay=0.05)
    with LoopbackServer({"/cdx": limited}) as site, Fetcher(settings) as fetcher:
        results = fetcher.fetch_many([site.url(f"/cdx?page={n}") for n in range(6)])
        host = fetcher._schedule.host(site.url("/cdx"))
        arrivals = [t for _, _, t in site.requests]
    assert all(r.ok for r in results) and len(arrivals) == 7
    limited_at = arrivals[1]
    assert all(t - limited_at >= 0.95 for t in arrivals[2:])  # nothing inside the Retry-After
    assert host.delay == host.base == 0.05  # doubled on the 429, halved back on success


def test_a_retry_after_longer_than_the_deadline_fails_at_once_without_a_request(
    tmp_path: Path,
) -> None:
    limited = lambda h: send(h, 429, page("no"), headers={"Retry-After": "120"})  # noqa: E731
    settings = loopback_settings(tmp_path, retries=1, obey_robots=False, deadline=2.0)
    with LoopbackServer({"/a": limited, "/b": ok}) as site, Fetcher(settings) as fetcher:
        started = time.monotonic()
        first = fetcher.fetch(site.url("/a"))
        second = fetcher.fetch(site.url("/b"))
        took = time.monotonic() - started
        hits = dict(site.hits)
    assert first.error == "HTTP 429" and hits == {"/a": 1}
    assert second.kind == "http_error" and second.error is not None
    assert second.error.startswith("rate-limited: ") and "(Retry-After)" in second.error
    assert took < 1.9  # under the deadline (2 s): nothing waited for the 120 s Retry-After


def test_undecodable_pages_on_many_hosts_do_not_trip_the_no_network_cut_off(
    tmp_path: Path,
) -> None:
    from provenance.pipeline import NetworkWatch

    odd = lambda h: send(h, 200, b"\x1b\x03", "text/html", {"Content-Encoding": "br"})  # noqa: E731
    settings = loopback_settings(tmp_path, obey_robots=False)
    sites = [LoopbackServer({"/odd": odd, "/ok": ok}, host=f"127.0.0.{n}") for n in (2, 3, 4, 5)]
    with Fetcher(settings) as fetcher, Fetcher(settings.replace(offline=True)) as offline:
        watch = NetworkWatch(fetcher, offline, limit=3)
        for site in sites:
            with site:
                assert watch.fetch(site.url("/odd")).kind == "decode"
        assert not watch.down and watch.failed_hosts == set()
