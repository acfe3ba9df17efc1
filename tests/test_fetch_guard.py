"""The fetcher's address rules (SSRF guard), with loopback NOT allowed.

Servers still run on loopback; the point is that the fetcher refuses to reach
them, before connecting, however their address is spelled or reached.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from ipaddress import ip_address
from pathlib import Path

import pytest
from fetch_support import (  # noqa: F401  (no_proxy_environment: an autouse fixture)
    ForwardProxy,
    LoopbackServer,
    no_proxy_environment,
    ok,
    redirect_to,
    robots,
    self_signed,
    tls_context,
)

from provenance import fetch as fetch_module
from provenance.config import Settings
from provenance.fetch import Fetcher, check_address, is_allowed_url
from provenance.netguard import IPAddress, check_ip, parse_ip


def guarded_settings(cache: Path) -> Settings:
    """Default address rules (no private network), short delays."""
    return Settings(cache=cache, host_delay=0.01, deadline=5.0, connect_timeout=2.0, retries=0)


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("169.254.169.254", "169.254.169.254 is a link-local address"),
        ("127.0.0.1", "127.0.0.1 is a loopback address"),
        ("2130706433", "2130706433 (127.0.0.1 is a loopback address)"),
        ("0177.0.0.1", "0177.0.0.1 (127.0.0.1 is a loopback address)"),
        ("0x7f.1", "0x7f.1 (127.0.0.1 is a loopback address)"),
        ("0x7f000001", "0x7f000001 (127.0.0.1 is a loopback address)"),
        ("127.1", "127.1 (127.0.0.1 is a loopback address)"),
        ("0251.0376.0251.0376", "0251.0376.0251.0376 (169.254.169.254 is a link-local address)"),
        ("[::ffff:127.0.0.1]", "::ffff:127.0.0.1 is an IPv4-mapped IPv6 address"),
        ("::ffff:8.8.8.8", "::ffff:8.8.8.8 is an IPv4-mapped IPv6 address"),
        ("[::1]", "::1 is a loopback address"),
        ("::127.0.0.1", "::127.0.0.1 is an IPv4-compatible IPv6 address"),
        ("10.1.2.3", "10.1.2.3 is a private address"),
        ("172.16.0.1", "172.16.0.1 is a private address"),
        ("192.168.1.1", "192.168.1.1 is a private address"),
        ("100.64.0.1", "100.64.0.1 is a shared (CGNAT) address"),
        ("224.0.0.251", "224.0.0.251 is a multicast address"),
        ("240.0.0.1", "240.0.0.1 is a reserved address"),
        ("0.0.0.0", "0.0.0.0 is an unspecified address"),
        ("fe80::1", "fe80::1 is a link-local address"),
        ("fd00::1", "fd00::1 is a private address"),
        ("ff02::1", "ff02::1 is a multicast address"),
        ("2002:a00:1::", "2002:a00:1:: embeds 10.0.0.1 is a private address"),
        ("64:ff9b::a9fe:a9fe", "64:ff9b::a9fe:a9fe embeds 169.254.169.254 is a link-local address"),
        ("localhost", "localhost is the local machine"),
        ("LOCALHOST.", "localhost is the local machine"),
        ("api.localhost", "api.localhost is the local machine"),
    ],
)
def test_refused_addresses_in_every_spelling(host: str, reason: str) -> None:
    assert check_address(host) == reason


@pytest.mark.parametrize(
    "host", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "example.com", "64:ff9b::808:808"]
)
def test_global_addresses_and_names_pass(host: str) -> None:
    assert check_address(host) is None


def test_not_addresses_are_not_parsed_as_addresses() -> None:
    assert parse_ip("1.2.3.4 x") is None and parse_ip("09.1.1.1") is None
    assert parse_ip("4294967296") is None and parse_ip("1.2.3.256") is None
    assert parse_ip("4294967295") == ip_address("255.255.255.255")
    assert check_ip(ip_address("127.0.0.1")) == "127.0.0.1 is a loopback address"


@pytest.mark.parametrize(
    ("url", "start"),
    [
        ("file:///etc/passwd", "scheme 'file' not allowed"),
        ("ftp://example.com/x", "scheme 'ftp' not allowed"),
        ("gopher://example.com/", "scheme 'gopher' not allowed"),
        ("javascript:alert(1)", "scheme 'javascript' not allowed"),
        ("http:///path", "the URL has no host"),
        ("http://example.com:99999/", "not a valid URL"),
        ("http://user:pw@10.0.0.1/", "10.0.0.1 is a private address"),
        ("http://example.com\\@127.0.0.1/", "127.0.0.1 is a loopback address"),
        ("http://a@b@0x7f.1/", "0x7f.1 (127.0.0.1 is a loopback address)"),
        ("http://example.com\t/", "not a valid URL"),
        ("http://xn--zz.com/", "not a valid URL"),
    ],
)
def test_urls_that_are_refused(url: str, start: str) -> None:
    reason = is_allowed_url(url, Settings())
    assert reason is not None and reason.startswith(start)


def test_loopback_is_allowed_only_by_the_explicit_setting() -> None:
    assert is_allowed_url("http://127.0.0.1:8000/", Settings()) is not None
    assert is_allowed_url("http://127.0.0.1:8000/", Settings(allow_private_network=True)) is None
    assert is_allowed_url("https://example.com/a", Settings()) is None


@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer({"/ok": ok, "/robots.txt": ok}) as running:
        yield running


LOOPBACK_SPELLINGS = ["127.0.0.1", "2130706433", "0x7f.1", "127.1", "[::ffff:127.0.0.1]", "[::1]"]


@pytest.mark.parametrize("host", [*LOOPBACK_SPELLINGS, "localhost"])
def test_fetching_loopback_in_any_spelling_is_refused_before_connecting(
    server: LoopbackServer, tmp_path: Path, host: str
) -> None:
    before = sum(server.hits.values())
    with Fetcher(guarded_settings(tmp_path)) as fetcher:
        result = fetcher.fetch(server.url("/ok", host=host))
    assert result.kind == "refused" and result.capture is None
    assert result.error is not None and result.error.startswith("refused: ")
    assert sum(server.hits.values()) == before


def test_a_name_that_resolves_to_loopback_is_refused_when_connecting(
    server: LoopbackServer, tmp_path: Path
) -> None:
    name = socket.gethostname()
    addresses = {info[4][0] for info in socket.getaddrinfo(name, None)}
    if all(check_ip(ip_address(str(a).split("%")[0])) is None for a in addresses):
        pytest.skip(f"{name} resolves to global addresses only")
    assert check_address(name) is None  # the name itself passes: the address does not
    before = sum(server.hits.values())
    with Fetcher(guarded_settings(tmp_path)) as fetcher:
        result = fetcher.fetch(server.url("/ok", host=name))
    assert result.kind == "refused"
    assert result.error is not None and result.error.startswith(f"refused: {name} resolves to ")
    assert sum(server.hits.values()) == before


@pytest.fixture
def origin() -> Iterator[LoopbackServer]:
    routes = {
        "/ok": ok,
        "/to-metadata": redirect_to("http://169.254.169.254/latest/meta-data/"),
        "/to-private": redirect_to("http://10.0.0.1/admin", 301),
        "/to-decimal": redirect_to("http://2130706433/"),
        "/to-ok": redirect_to("/ok"),
    }
    with LoopbackServer(routes) as running:
        yield running


@pytest.fixture
def proxy(origin: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[ForwardProxy]:
    """A forward proxy on loopback that knows `origin.test`, set in HTTP_PROXY."""
    with ForwardProxy({"origin.test": origin.port}) as running:
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{running.port}")
        yield running


def test_a_proxy_on_loopback_is_used_with_the_guard_on(
    origin: LoopbackServer, proxy: ForwardProxy, tmp_path: Path
) -> None:
    with Fetcher(guarded_settings(tmp_path)) as fetcher:
        result = fetcher.fetch("http://origin.test/to-ok")
    assert result.ok and result.capture is not None
    assert result.capture.final_url == "http://origin.test/ok"
    targets = [target for target, _, _ in proxy.requests]
    assert targets == ["http://origin.test/robots.txt", "http://origin.test/to-ok",
                       "http://origin.test/ok"]  # fmt: skip
    assert origin.hits["/ok"] == 1


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/to-metadata", "refused: 169.254.169.254 is the cloud metadata address"),
        ("/to-private", "refused: 10.0.0.1 is a private address"),
        ("/to-decimal", "refused: 2130706433 (127.0.0.1 is a loopback address)"),
    ],
)
def test_a_redirect_to_a_private_address_is_refused_before_connecting(
    proxy: ForwardProxy, tmp_path: Path, path: str, reason: str
) -> None:
    with Fetcher(guarded_settings(tmp_path)) as fetcher:
        result = fetcher.fetch(f"http://origin.test{path}")
    assert result.kind == "refused" and result.error == reason
    assert all("origin.test" in target for target, _, _ in proxy.requests)


@pytest.mark.parametrize(
    "host",
    ["metadata.google.internal", "METADATA.google.internal.", "instance-data.ec2.internal",
     "metadata", "2852039166", "0xa9.0xfe.0xa9.0xfe", "[::ffff:169.254.169.254]",
     "[fd00:ec2::254]"],
)  # fmt: skip
@pytest.mark.parametrize("allow_private", [False, True])
def test_metadata_names_are_refused_even_through_a_proxy_that_knows_them(
    origin: LoopbackServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    host: str, allow_private: bool,
) -> None:  # fmt: skip
    names = {"metadata.google.internal": origin.port, "metadata": origin.port,
             "instance-data.ec2.internal": origin.port}  # fmt: skip
    with ForwardProxy(names) as running:
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{running.port}")
        settings = guarded_settings(tmp_path).replace(allow_private_network=allow_private)
        with Fetcher(settings) as fetcher:
            result = fetcher.fetch(f"http://{host}/computeMetadata/v1/")
        assert result.kind == "refused" and running.requests == []
    assert result.error is not None and "metadata" in result.error


def test_a_proxied_name_that_resolves_here_to_loopback_is_refused(
    proxy: ForwardProxy, server: LoopbackServer, tmp_path: Path
) -> None:
    name = socket.gethostname()
    if check_ip(ip_address(socket.gethostbyname(name))) is None:
        pytest.skip(f"{name} resolves to a global address")
    with Fetcher(guarded_settings(tmp_path)) as fetcher:
        result = fetcher.fetch(server.url("/ok", host=name))
    assert result.kind == "refused" and proxy.requests == []


def test_no_proxy_sends_a_host_direct(
    proxy: ForwardProxy, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("NO_PROXY", "localhost,.test")
    with Fetcher(guarded_settings(tmp_path).replace(retries=3)) as fetcher:
        result = fetcher.fetch("http://origin.test/ok")
        assert fetcher.requests == 1  # an unknown name is not worth retrying
    assert result.kind == "network" and proxy.requests == []  # origin.test has no DNS name
    assert result.error is not None and "cannot resolve origin.test" in result.error


def test_https_goes_through_the_guarded_connection_with_the_ca_from_ssl_cert_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("cryptography")
    name = socket.gethostname()
    if not socket.gethostbyname(name).startswith("127."):
        pytest.skip(f"{name} does not resolve to loopback here")
    cert, key = self_signed(name, tmp_path)
    # the rules would refuse loopback: let the guarded connection reach it for this test
    monkeypatch.setattr(fetch_module, "check_ip", lambda ip, allow_private=False: None)
    routes = {"/ok": ok, "/robots.txt": robots("User-agent: *\nAllow: /\n")}
    with LoopbackServer(routes, host="127.0.0.1", tls=tls_context(cert, key)) as site:
        url = site.url("/ok", host=name)
        with Fetcher(guarded_settings(tmp_path)) as fetcher:
            untrusted = fetcher.fetch(url)
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        with Fetcher(guarded_settings(tmp_path)) as fetcher:
            trusted = fetcher.fetch(url)
    assert untrusted.kind == "network" and untrusted.error is not None
    assert "CERTIFICATE_VERIFY_FAILED" in untrusted.error
    assert trusted.ok and trusted.capture is not None and trusted.capture.final_url == url
    assert site.hits["/ok"] == 1


def test_a_url_httpx_cannot_parse_is_a_result_not_an_exception(tmp_path: Path) -> None:
    with Fetcher(guarded_settings(tmp_path).replace(allow_private_network=True)) as fetcher:
        result = fetcher.fetch("http://example.com\t/")
    assert result.kind == "refused" and result.error is not None
    assert result.error.startswith("refused: not a valid URL")


def test_a_name_that_resolves_to_loopback_is_refused_on_the_connection(tmp_path: Path) -> None:
    """Guards the wiring of the guarded connection into httpx: the name passes the
    string rules, and only the address actually connected shows it is private."""
    name = socket.gethostname()
    try:
        if not socket.gethostbyname(name).startswith("127."):
            pytest.skip(f"{name} does not resolve to loopback here")
    except OSError:
        pytest.skip(f"{name} does not resolve here")
    settings = guarded_settings(tmp_path).replace(obey_robots=False)
    with LoopbackServer({"/ok": ok}, host="127.0.0.1") as site, Fetcher(settings) as fetcher:
        result = fetcher.fetch(site.url("/ok", host=name))
    assert result.kind == "refused", result
    assert site.hits.get("/ok", 0) == 0


METADATA_ALIASES = {
    "metadata-alias.test": "169.254.169.254",
    "ec2-v6.test": "fd00:ec2::254",
    "mapped.test": "::ffff:169.254.169.254",
    "nat64.test": "64:ff9b::a9fe:a9fe",
}


@pytest.fixture
def aliases(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Test names that the fetcher's resolver (`fetch.resolve`) answers with set
    addresses; every other name is resolved for real. The address rules are not touched."""
    names = {**METADATA_ALIASES, "loopback-alias.test": "127.0.0.1"}
    real = fetch_module.resolve

    async def resolve(host: str, port: int, timeout: float | None = None) -> list[IPAddress]:
        if host in names:
            return [ip_address(names[host])]
        return await real(host, port, timeout)

    monkeypatch.setattr(fetch_module, "resolve", resolve)
    return names


def test_only_metadata_addresses_are_refused_when_the_private_network_is_allowed() -> None:
    for address in METADATA_ALIASES.values():
        reason = check_ip(ip_address(address), allow_private=True)
        assert reason is not None and "cloud metadata address" in reason
    assert check_ip(ip_address("10.0.0.1"), allow_private=True) is None
    assert check_ip(ip_address("127.0.0.1"), allow_private=True) is None


@pytest.mark.parametrize("name", sorted(METADATA_ALIASES))
def test_a_name_that_resolves_to_a_metadata_address_is_refused_with_the_private_network_allowed(
    aliases: dict[str, str], server: LoopbackServer, tmp_path: Path, name: str
) -> None:
    settings = guarded_settings(tmp_path).replace(allow_private_network=True, obey_robots=False)
    with Fetcher(settings) as fetcher:
        result = fetcher.fetch(f"http://{name}/latest/meta-data/")
        # the same resolver lets a loopback name through, to the address it checked
        loopback = fetcher.fetch(server.url("/ok", host="loopback-alias.test"))
    assert result.kind == "refused", result
    assert result.error is not None and result.error.startswith(f"refused: {name} resolves to ")
    assert "is the cloud metadata address" in result.error
    assert loopback.ok, loopback


def test_a_proxied_name_that_resolves_here_to_a_metadata_address_is_refused(
    aliases: dict[str, str], origin: LoopbackServer, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:  # fmt: skip
    with ForwardProxy({"metadata-alias.test": origin.port}) as running:
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{running.port}")
        settings = guarded_settings(tmp_path).replace(allow_private_network=True)
        with Fetcher(settings) as fetcher:
            result = fetcher.fetch("http://metadata-alias.test/ok")
        assert result.kind == "refused" and running.requests == []
    assert result.error is not None and "is the cloud metadata address" in result.error
