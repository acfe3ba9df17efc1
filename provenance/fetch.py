"""The fetcher: polite, guarded HTTP for URLs found in untrusted text.

The only module of provenance that touches the network. One `Fetcher` owns an
event loop (in a background thread) and async httpx clients with a shared
connection pool, so that `fetch_many` runs many hosts at once while the
synchronous callers of the pipeline stay simple.

For each URL, in order:

1. the archive: a URL already archived (asked for, or reached by redirects) is
   served from it, unless `refresh`; a transient failure (429, 5xx) is not
   served, a 404 or 410 is (it is evidence); `offline` stops here;
2. the address rules of `provenance.netguard`, on the URL as written (odd
   spellings of addresses included) and on every address its host resolves
   to, checked just before connecting to that very address; again at every
   redirect hop, which the fetcher follows itself (at most `max_redirects`);
3. robots.txt, fetched once per origin and cached (RFC 9309: a 4xx means no
   rules, a 5xx or an unreachable server means disallow all); its Crawl-delay
   lengthens the host's delay (up to 30 s); a documented API the settings
   name (`wikidata_url`; `reddit_oauth_url` when the Reddit app's id and
   secret are set, with an application-only token asked once per run, its
   Authorization header never archived) is used under its own terms instead;
4. politeness: one request at a time per host, `host_delay` seconds between
   starts (the Wayback Machine and its CDX API count as one host, with
   `wayback_delay`), Retry-After honoured; at most `concurrency` requests in
   flight across hosts;
5. the exchange: connect and read timeouts, and a total `deadline` for the
   network time of the URL (redirects and retries included, the waits of
   politeness not), so that a slow-drip server cannot hold a worker; retries
   with exponential backoff and jitter on connection errors, 429 and 5xx only;
   content types limited to HTML, XHTML, XML, JSON, plain text and PDF; the
   body capped at `max_body` bytes after decompression (gzip bombs), and kept
   as raw bytes (the charset is the reader's business); a body that cannot be
   decoded (`br`, `zstd`, corrupt gzip) is a page error (`decode`), not a
   network failure;
6. the archive again: every response, redirects and errors included, is
   written with its request to the WARC files.

A URL that failed (no answer, a refusal, an undecodable body, a 5xx after the
retries) is remembered for the life of the Fetcher (one run) and not asked
again: the same failure is returned at once. A 429 is not remembered; its
Retry-After is: no request goes to that host before it has passed, and a
request that would have to wait longer than `deadline` fails at once instead
("rate-limited"). A 429 also doubles the host's delay, which halves back to
its normal value with each later success.

Proxies: HTTP_PROXY, HTTPS_PROXY, ALL_PROXY and NO_PROXY are honoured as curl
does (read with `urllib.request`), and SSL_CERT_FILE and SSL_CERT_DIR as httpx
does. The proxy itself may be on loopback. When a proxy is used it connects on
our behalf, so the address rules are applied to the URL and to the addresses
its host resolves to here; a host that does not resolve here is left to the
proxy (a limit: the proxy's own resolver is trusted).

Expected failures are `FetchResult`s with a `kind` and a one-line `error`,
never exceptions.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import email.utils
import functools
import hashlib
import mimetypes
import os
import random
import socket
import ssl
import threading
import time
import urllib.request
import zlib
from collections.abc import AsyncIterator, Coroutine, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from ipaddress import ip_address, ip_network
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import anyio
import httpcore
import httpx

from provenance.archive import Archive, utc_now
from provenance.config import Settings
from provenance.errors import FetchError, InputError
from provenance.models import Capture, FetchResult
from provenance.netguard import (
    IPAddress,
    check_address,
    check_ip,
    check_metadata,
    check_url,
    parse_ip,
)

__all__ = [
    "ALLOWED_TYPES",
    "Fetcher",
    "GuardedBackend",
    "HostGate",
    "check_address",
    "crawl_delay",
    "describe",
    "inspect_source",
    "is_allowed_url",
    "proxy_for",
    "resolve",
    "ssl_context",
]

T = TypeVar("T")
Kind = Literal[
    "ok", "refused", "robots", "http_error", "network", "too_large", "type", "decode", "offline"
]

ALLOWED_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "text/xml",
        "application/xml",
        "application/json",
        "text/json",
        "text/plain",
        "text/markdown",
        "text/csv",
        "application/pdf",
    }
)
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_CRAWL_DELAY = 30.0
INLINE_WRITE = 256 * 1024  # bodies archived in the event loop; larger ones in a thread
MAX_BACKOFF = 60.0
MAX_RETRY_AFTER = 3600.0  # a longer Retry-After is read as an hour
OFFLINE = "offline: not in the archive"
ACCEPT = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,application/json;q=0.8,"
    "text/plain;q=0.7,application/pdf;q=0.7,*/*;q=0.1"
)
TRANSIENT = (httpx.NetworkError, httpx.ConnectTimeout, httpx.ReadTimeout, httpx.PoolTimeout)
_WBITS = {"gzip": 31, "x-gzip": 31, "deflate": 15}


def is_allowed_url(url: str, settings: Settings) -> str | None:
    """Return why `url` may not be fetched under `settings`, or None.

    Checks the scheme (http and https only), that httpx can parse the URL and,
    unless `settings.allow_private_network`, the host as written, as Python and
    as httpx read it (see `check_address`).
    """
    reason = check_url(url, allow_private=settings.allow_private_network)
    if reason is not None:
        return reason
    try:
        host = httpx.URL(url.strip()).host  # the host httpx will really use
    except (httpx.InvalidURL, UnicodeError, ValueError) as exc:  # IDNA errors included
        return f"not a valid URL ({exc})"
    metadata = check_metadata(host)
    if metadata is not None or settings.allow_private_network:
        return metadata
    return check_address(host)


def proxy_for(url: str, proxies: Mapping[str, str] | None = None) -> str | None:
    """The proxy URL for `url` (as curl reads the environment), or None.

    `proxies` is what `urllib.request.getproxies_environment()` returns (read
    now when not given): `http`, `https`, `all` and `no` keys.
    """
    proxies = urllib.request.getproxies_environment() if proxies is None else proxies
    parts = urlsplit(url)
    if not proxies or _bypassed(parts.hostname or "", proxies.get("no", "")):
        return None
    proxy = proxies.get(parts.scheme.lower()) or proxies.get("all")
    if proxy and "://" not in proxy:
        proxy = f"http://{proxy}"
    return proxy or None


def _bypassed(host: str, no_proxy: str) -> bool:
    """Whether NO_PROXY names `host`: `*`, the host, a parent domain, or a CIDR block."""
    host = host.lower().rstrip(".")
    for entry in (item.strip().lower() for item in no_proxy.split(",")):
        name = entry.strip("[]").lstrip(".").rstrip(".")
        if entry == "*" or (name and (host == name or host.endswith("." + name))):
            return True
        if "/" in entry and _in_network(host, entry):
            return True
    return False


def _in_network(host: str, block: str) -> bool:
    address = parse_ip(host)
    try:
        return address is not None and address in ip_network(block, strict=False)
    except (TypeError, ValueError):
        return False


def describe(result: FetchResult) -> dict[str, Any]:
    """`result` as a JSON-able dict (the capture without its body)."""
    capture = result.capture.to_dict() if result.capture else None
    return {"url": result.url, "ok": result.ok, "kind": result.kind, "error": result.error,
            "capture": capture}  # fmt: skip


def inspect_source(source: str, settings: Settings) -> FetchResult:
    """Fetch a URL (or read it from the archive), or read a local file, for `inspect`.

    A local file is read, never fetched. Raises InputError when `source` is
    neither an existing file nor a URL.
    """
    if "://" in source:
        with Archive(settings.cache) as archive, Fetcher(settings, archive) as fetcher:
            return fetcher.fetch(source)
    path = Path(source)
    if not path.is_file():
        raise InputError("no such file, and not a URL", path=source)
    return FetchResult(url=source, capture=_file_capture(path))


def _file_capture(path: Path) -> Capture:
    body = path.read_bytes()
    uri = path.resolve().as_uri()
    stamp = datetime.fromtimestamp(path.stat().st_mtime, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Capture(
        url=uri, final_url=uri, fetched_at=stamp, status=200,
        content_type=mimetypes.guess_type(path.name)[0], warc_file="", offset=0, length=0,
        sha256=hashlib.sha256(body).hexdigest(), size=len(body), body=body,
    )  # fmt: skip


@functools.lru_cache(maxsize=4)
def ssl_context(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    """The TLS context for these CA settings (SSL_CERT_FILE, SSL_CERT_DIR), made once.

    Loading the CA files takes tens of milliseconds, so Fetchers share it.
    """
    del cert_file, cert_dir  # the cache key: httpx reads them from the environment
    return httpx.create_ssl_context(trust_env=True)


# --- the guarded connection -------------------------------------------------


class _Refused(Exception):
    """An address the rules refuse, found when connecting."""


class _UnknownHost(httpcore.ConnectError):
    """A host name the resolver does not know (not worth retrying)."""


_UNKNOWN_NAME = {socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)}


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """A network backend that resolves a host, checks every address, then connects.

    It connects to the very address it checked, so a name that resolves
    differently twice (DNS rebinding) cannot slip through. With `allow_private`,
    only cloud metadata addresses are refused (see `check_ip`).
    """

    def __init__(self, *, allow_private: bool = False) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._allow_private = allow_private

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Connect to the first address of `host` after checking all of them."""
        addresses = await resolve(host, port, timeout)
        for address in addresses:
            if reason := check_ip(address, allow_private=self._allow_private):
                raise _Refused(reason if str(address) == host else f"{host} resolves to {reason}")
        error: Exception = httpcore.ConnectError(f"{host} has no address")
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as exc:
                error = exc
        raise error

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        """Unix sockets are never used by the fetcher."""
        raise _Refused(f"unix socket {path} not allowed")

    async def sleep(self, seconds: float) -> None:
        """Sleep (used by the connection pool's retries)."""
        await self._inner.sleep(seconds)


async def resolve(host: str, port: int, timeout: float | None = None) -> list[IPAddress]:
    """The addresses of `host` (an address in any spelling is its own address)."""
    literal = parse_ip(host)
    if literal is not None:
        return [literal]
    try:
        with anyio.fail_after(timeout):
            infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except TimeoutError as exc:
        raise httpcore.ConnectTimeout(f"resolving {host} timed out") from exc
    except OSError as exc:
        unknown = getattr(exc, "errno", None) in _UNKNOWN_NAME
        error = _UnknownHost if unknown else httpcore.ConnectError
        raise error(f"cannot resolve {host}: {exc}") from exc
    found = (ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos)
    return list(dict.fromkeys(found))


class _GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport over a connection pool that uses `GuardedBackend`."""

    def __init__(
        self, ssl_context: ssl.SSLContext, limits: httpx.Limits, *, allow_private: bool = False
    ) -> None:
        super().__init__(verify=ssl_context, limits=limits)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(allow_private=allow_private),
        )


# --- bodies -----------------------------------------------------------------


class _TooLarge(Exception):
    """The body grew past the limit."""


class _Decoder:
    """Undo a Content-Encoding chunk by chunk, never producing more than `limit` + 1 bytes."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.encoding = encoding
        self.limit = limit
        self.size = 0
        self._zlib = zlib.decompressobj(_WBITS[encoding]) if encoding in _WBITS else None
        self._started = False

    @property
    def identity(self) -> bool:
        """Whether the body is sent as is."""
        return self._zlib is None

    def feed(self, data: bytes) -> bytes:
        """The decoded bytes of the next raw chunk."""
        if self._zlib is None:
            return self._count(data)
        out = bytearray()
        while data:
            data = self._step(data, out)
        return bytes(out)

    def _step(self, data: bytes, out: bytearray) -> bytes:
        assert self._zlib is not None
        try:
            out += self._count(self._zlib.decompress(data, self.limit - self.size + 1))
        except zlib.error:
            if self._started or self.encoding != "deflate":
                raise
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate, as some servers send
            self._started = True
            return data
        self._started = True
        if not self._zlib.eof:
            return self._zlib.unconsumed_tail
        rest = self._zlib.unused_data
        if rest[:2] == b"\x1f\x8b":  # another gzip member
            self._zlib = zlib.decompressobj(31)
            return rest
        return b""

    def finish(self) -> None:
        """Check that a compressed body ended where its stream says it ends."""
        if self._zlib is not None and self._started and not self._zlib.eof:
            raise zlib.error("the compressed body ends early (truncated or corrupt)")

    def _count(self, chunk: bytes) -> bytes:
        self.size += len(chunk)
        if self.size > self.limit:
            raise _TooLarge
        return chunk


def _size_text(limit: int) -> str:
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if limit >= scale:
            return f"{limit / scale:g} {unit}"
    return f"{limit} bytes"


def _media_type(headers: httpx.Headers) -> str | None:
    value = headers.get("content-type")
    return value.split(";", 1)[0].strip().lower() or None if value else None


def _type_allowed(media_type: str | None) -> bool:
    if media_type is None:
        return True  # unlabelled: the reader sniffs the bytes
    return media_type in ALLOWED_TYPES or media_type.endswith(("+xml", "+json"))


def _retry_after(headers: httpx.Headers) -> float | None:
    value = str(headers.get("retry-after") or "")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    with contextlib.suppress(TypeError, ValueError):
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, (when - datetime.now(UTC)).total_seconds())
    return None


# --- the schedule -------------------------------------------------------------


@dataclass(slots=True)
class _Host:
    """The politeness state of one host."""

    delay: float
    base: float = 0.0  # the delay without any 429 slowdown
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0

    def defer(self, seconds: float) -> None:
        """Start the next request no sooner than `seconds` from now."""
        now = asyncio.get_running_loop().time()
        self.next_start = max(self.next_start, now + seconds)

    def wait(self) -> float:
        """Seconds until the host's next turn is due."""
        return max(0.0, self.next_start - asyncio.get_running_loop().time())

    def set_delay(self, seconds: float) -> None:
        """A new normal delay for the host (robots.txt Crawl-delay)."""
        self.base = max(self.base, seconds)
        self.delay = max(self.delay, self.base)

    def recover(self) -> None:
        """After a success: halve a 429 slowdown back towards the normal delay."""
        self.delay = max(self.base, self.delay / 2)


class HostGate(Protocol):
    """Host turns shared with other processes, such as the workers of a cluster.

    `acquire` waits until no other process holds `host`, then returns the time
    its next request may start (epoch seconds) and its delay; `release` hands
    the turn on with the new values. See `provenance/engine.py`.
    """

    def acquire(self, host: str) -> tuple[float, float]: ...

    def release(self, host: str, next_start: float, delay: float) -> None: ...


class _Schedule:
    """Per-host turns (one request at a time, `delay` between starts), shared through
    `gate` with other processes when one is given."""

    def __init__(self, settings: Settings, gate: HostGate | None = None) -> None:
        self.settings = settings
        self.gate = gate
        self.hosts: dict[str, _Host] = {}
        wayback = (settings.wayback_url, settings.cdx_url)
        self.wayback = {urlsplit(url).hostname for url in wayback} - {None}

    def key(self, url: str) -> str:
        """The politeness key of `url`: its host (the Wayback Machine is one host)."""
        name = (urlsplit(url).hostname or "").lower()
        return "wayback" if name in self.wayback else name

    def host(self, url: str) -> _Host:
        """The state of the host of `url`."""
        key = self.key(url)
        if key not in self.hosts:
            delay = self.settings.wayback_delay if key == "wayback" else self.settings.host_delay
            self.hosts[key] = _Host(delay=max(0.0, delay), base=max(0.0, delay))
        return self.hosts[key]

    @contextlib.asynccontextmanager
    async def turn(self, url: str) -> AsyncIterator[_Host]:
        """Wait for the host's turn, and hold it for one request.

        Turns are `delay` apart, counted from when a turn was due rather than
        from when the timer woke us, so that timer lateness does not pile up
        over a long batch; a turn still starts at least 0.9 `delay` after the
        one before.
        """
        host = self.host(url)
        loop = asyncio.get_running_loop()
        async with host.lock, self._shared(self.key(url), host):
            due = host.next_start
            if due > loop.time():
                await asyncio.sleep(due - loop.time())
            now = loop.time()
            start = due if now - due < host.delay * 0.1 else now
            host.next_start = max(start + host.delay, now + host.delay * 0.9)
            yield host

    @contextlib.asynccontextmanager
    async def _shared(self, key: str, host: _Host) -> AsyncIterator[None]:
        """Hold the host's turn across processes, when there is a gate."""
        if self.gate is None:
            yield
            return
        loop = asyncio.get_running_loop()
        shared_start, shared_delay = await asyncio.to_thread(self.gate.acquire, key)
        host.next_start = max(host.next_start, loop.time() + shared_start - time.time())
        host.delay = max(host.delay, shared_delay)
        try:
            yield
        finally:
            wall = time.time() + host.next_start - loop.time()
            await asyncio.to_thread(self.gate.release, key, wall, host.delay)


# --- the fetcher --------------------------------------------------------------


@dataclass(slots=True)
class _Exchange:
    """One HTTP request and its complete response."""

    url: str
    request_headers: list[tuple[str, str]]
    status: int
    headers: httpx.Headers
    body: bytes
    fetched_at: str

    @property
    def location(self) -> str | None:
        """The absolute URL a redirect points to, or None."""
        target = self.headers.get("location")
        return urljoin(self.url, target.strip()) if self.status in REDIRECTS and target else None


@dataclass(slots=True)
class _Failed:
    """An exchange that failed, and whether trying again may help."""

    result: FetchResult
    transient: bool = False


class _Budget:
    """The network time left to one URL."""

    def __init__(self, seconds: float) -> None:
        self.limit = seconds
        self.left = seconds


class Fetcher:
    """Polite, guarded HTTP with a WARC archive (see the module docstring).

    Use it as a context manager, or call `close()`.
    """

    def __init__(
        self, settings: Settings, archive: Archive | None = None, *, gate: HostGate | None = None
    ) -> None:
        self.settings = settings
        self.archive = archive
        self.requests = 0  # HTTP exchanges made (robots.txt and retries included)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._clients: dict[str | None, httpx.AsyncClient] = {}
        self._robots: dict[str, asyncio.Task[RobotFileParser | FetchResult]] = {}
        self._schedule = _Schedule(settings, gate)
        self._slots: asyncio.Semaphore | None = None
        self._ssl: ssl.SSLContext | None = None
        self._proxies = urllib.request.getproxies_environment()  # read once
        self._failed: dict[str, FetchResult] = {}  # URLs that failed in this run
        self._token: asyncio.Task[str | None] | None = None  # Reddit's OAuth token, asked once

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP clients and stop the event loop."""
        if self._loop is None:
            return
        self._run(self._close_clients())
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join()
        self._loop.close()
        self._loop = None

    def fetch(self, url: str, *, refresh: bool | None = None) -> FetchResult:
        """Fetch one URL (or serve it from the archive)."""
        return self.fetch_many([url], refresh=refresh)[0]

    def fetch_many(self, urls: Sequence[str], *, refresh: bool | None = None) -> list[FetchResult]:
        """Fetch URLs concurrently, politely; results in input order.

        A URL given twice is fetched once.
        """
        again = self.settings.refresh if refresh is None else refresh
        unique = list(dict.fromkeys(urls))
        if self.settings.offline or not unique:
            done = {url: self._offline(url) for url in unique}
        else:
            done = dict(zip(unique, self._run(self._fetch_all(unique, again)), strict=True))
        return [dataclasses.replace(done[url]) for url in urls]

    # --- the loop -------------------------------------------------------

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
            self._thread = threading.Thread(
                target=self._loop.run_forever, name="provenance-fetch", daemon=True
            )
            self._thread.start()
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    async def _close_clients(self) -> None:
        for client in self._clients.values():
            await client.aclose()
        self._clients.clear()

    async def _fetch_all(self, urls: list[str], refresh: bool) -> list[FetchResult]:
        self._slots = self._slots or asyncio.Semaphore(max(1, self.settings.concurrency))
        return list(await asyncio.gather(*(self._fetch_one(url, refresh) for url in urls)))

    # --- one URL --------------------------------------------------------

    def _offline(self, url: str) -> FetchResult:
        archived = self._archived(url.strip(), offline=True)
        return archived or FetchResult(url=url, kind="offline", error=OFFLINE)

    def _archived(self, url: str, *, offline: bool = False) -> FetchResult | None:
        """The archived capture of `url`, when there is one worth serving."""
        capture = self.archive.lookup(url) if self.archive is not None else None
        if capture is None or capture.status in REDIRECTS:
            return None
        if not offline and (capture.status == 429 or capture.status >= 500):
            return None
        try:
            body = self.archive.read_body(capture) if self.archive is not None else b""
        except FetchError:
            return None
        served = dataclasses.replace(capture, body=body, from_archive=True)
        return _result(url, served)

    async def _fetch_one(self, url: str, refresh: bool) -> FetchResult:
        target = url.strip()
        if target in self._failed:
            return dataclasses.replace(self._failed[target], url=url)
        archived = None if refresh else self._archived(target)
        if archived is not None:
            return dataclasses.replace(archived, url=url)
        result = await self._follow(target, robots=self.settings.obey_robots)
        if _memorable(result):
            self._failed[target] = result
        return dataclasses.replace(result, url=url)

    @property
    def failed(self) -> dict[str, FetchResult]:
        """The URLs that failed in this run, with their results (each asked once)."""
        return dict(self._failed)

    async def _follow(self, url: str, *, robots: bool) -> FetchResult:
        """Fetch `url`, following redirects hop by hop, each hop checked and archived."""
        budget = _Budget(self.settings.deadline)
        seen, current = {url}, url
        for _ in range(self.settings.max_redirects + 1):
            refusal = await self._admit(current, robots)
            if refusal is not None:
                return refusal
            outcome = await self._request(current, budget)
            if isinstance(outcome, FetchResult):
                return outcome
            following = outcome.location
            capture = await self._store(current if following else url, outcome)
            if following is None:
                return _result(url, capture)
            if following in seen:
                return _failure(url, "http_error", f"redirect loop at {following}")
            seen.add(following)
            current = following
        return _failure(
            url, "http_error", f"too many redirects (more than {self.settings.max_redirects})"
        )

    async def _admit(self, url: str, robots: bool) -> FetchResult | None:
        """Why `url` may not be requested now (address rules, robots.txt), or None."""
        reason = is_allowed_url(url, self.settings)
        if reason is None and proxy_for(url, self._proxies) is not None:
            # the proxy connects: check the name here
            reason = await _check_resolved(url, self.settings.allow_private_network)
        if reason is not None:
            return _failure(url, "refused", f"refused: {reason}")
        return await self._robots_verdict(url) if robots and not self._is_api(url) else None

    def _is_api(self, url: str) -> bool:
        """Whether `url` is on a documented API the settings name (used under its own terms)."""
        if self._reddit_oauth(url):
            return True
        apis = [self.settings.wikidata_url]
        return any(api and url.startswith(api.split("?")[0] + "?") for api in apis)

    def _reddit_oauth(self, url: str) -> bool:
        """Whether `url` is on Reddit's OAuth API and the settings hold the app's credentials."""
        settings = self.settings
        keys = settings.reddit_client_id and settings.reddit_client_secret
        return bool(keys) and url.startswith(settings.reddit_oauth_url.rstrip("/") + "/")

    async def _authorization(self, url: str) -> dict[str, str]:
        """The Authorization header for an OAuth API URL (the token asked once per run)."""
        if not self._reddit_oauth(url):
            return {}
        if self._token is None:
            self._token = asyncio.ensure_future(self._reddit_token())
        token = await self._token
        return {"Authorization": f"bearer {token}"} if token else {}

    async def _reddit_token(self) -> str | None:
        """An application-only OAuth token (client credentials), or None when refused.

        The exchange is guarded like any request and not archived: it carries secrets.
        """
        settings = self.settings
        url = settings.reddit_token_url
        if await self._admit(url, robots=False) is not None:
            return None
        client = self._client(proxy_for(url, self._proxies))
        keys = (settings.reddit_client_id, settings.reddit_client_secret)
        try:
            async with asyncio.timeout(settings.deadline):
                response = await client.post(
                    url, data={"grant_type": "client_credentials"}, auth=keys
                )
            token = response.json().get("access_token") if response.status_code == 200 else None
        except (httpx.HTTPError, ValueError, AttributeError, TimeoutError, _Refused):
            return None
        self.requests += 1
        return str(token) if token else None

    async def _request(self, url: str, budget: _Budget) -> _Exchange | FetchResult:
        """One request, with retries and backoff on connection errors, 429 and 5xx."""
        attempt = 0
        client = self._client(proxy_for(url, self._proxies))  # before the turn: it loads CAs
        while True:
            limited = self._rate_limited(url)
            if limited is not None:
                return limited
            async with self._schedule.turn(url) as host:
                if self._schedule.gate is not None and not self.settings.refresh:
                    archived = self._archived(url)  # another worker's, while this one waited
                    if archived is not None:
                        return archived
                assert self._slots is not None
                async with self._slots:
                    outcome = await self._exchange(client, url, budget)
                if isinstance(outcome, _Exchange) and outcome.status in (429, 503):
                    self._slow_down(host, outcome)  # within the turn: a gate shares it
                elif isinstance(outcome, _Exchange):
                    host.recover()
            wait = self._retry_wait(outcome, attempt, host, budget)
            if wait is None:
                return outcome.result if isinstance(outcome, _Failed) else outcome
            host.defer(wait)
            attempt += 1

    def _rate_limited(self, url: str) -> FetchResult | None:
        """A failure when the host asked us (Retry-After) to wait longer than the deadline."""
        host = self._schedule.host(url)
        wait = host.wait()
        if wait <= max(self.settings.deadline, host.delay):
            return None
        name = urlsplit(url).hostname or url
        return _failure(
            url, "http_error", f"rate-limited: {name} asked to wait {wait:.0f}s (Retry-After)"
        )

    def _slow_down(self, host: _Host, exchange: _Exchange) -> None:
        """Honour Retry-After for the host (no request before it ends); halve its pace on 429."""
        asked = _retry_after(exchange.headers)
        if asked is not None:
            host.defer(min(asked, MAX_RETRY_AFTER))
        if exchange.status == 429:
            host.delay = min(MAX_BACKOFF, max(host.delay, 0.1) * 2)

    def _retry_wait(
        self, outcome: _Exchange | _Failed, attempt: int, host: _Host, budget: _Budget
    ) -> float | None:
        """Seconds to wait before retrying `outcome`, or None when it is final."""
        if attempt >= self.settings.retries or budget.left <= 0:
            return None
        backoff = min(MAX_BACKOFF, max(host.delay, 0.1) * 2.0**attempt) * random.uniform(0.5, 1.5)
        if isinstance(outcome, _Failed):
            return backoff if outcome.transient else None
        if outcome.status != 429 and outcome.status < 500:
            return None
        asked = _retry_after(outcome.headers)
        if asked is not None and asked > self.settings.deadline:
            return None
        return max(backoff, asked or 0.0)

    async def _exchange(
        self, client: httpx.AsyncClient, url: str, budget: _Budget
    ) -> _Exchange | _Failed:
        """Send one GET and read the whole response, within the time left."""
        late = _Failed(_failure(url, "network", f"deadline of {budget.limit:g}s exceeded"))
        if budget.left <= 0:
            return late
        loop = asyncio.get_running_loop()
        started = loop.time()
        self.requests += 1
        try:
            async with asyncio.timeout(budget.left):
                outcome = await self._send(client, url)
            return _Failed(outcome) if isinstance(outcome, FetchResult) else outcome
        except TimeoutError:
            return late
        except _Refused as exc:
            return _Failed(_failure(url, "refused", f"refused: {exc}"))
        except UnicodeError as exc:  # a host name IDNA cannot encode
            return _Failed(_failure(url, "refused", f"refused: not a valid host name ({exc})"))
        except httpx.HTTPError as exc:
            failed = _failure(url, "network", _network_error(exc))
            unknown = isinstance(exc.__cause__, _UnknownHost)
            return _Failed(failed, transient=isinstance(exc, TRANSIENT) and not unknown)
        finally:
            budget.left -= loop.time() - started

    async def _send(self, client: httpx.AsyncClient, url: str) -> _Exchange | FetchResult:
        request = client.build_request("GET", url, headers=await self._authorization(url))
        fetched_at = utc_now()
        response = await client.send(request, stream=True)
        try:
            return await self._read(url, request, response, fetched_at)
        finally:
            await response.aclose()

    async def _read(
        self, url: str, request: httpx.Request, response: httpx.Response, fetched_at: str
    ) -> _Exchange | FetchResult:
        media_type = _media_type(response.headers)
        redirect = response.status_code in REDIRECTS
        if not redirect and not _type_allowed(media_type):
            return _failure(url, "type", f"content type {media_type} not allowed")
        try:
            body = await self._read_body(response)
        except _TooLarge:
            size = _size_text(self.settings.max_body)
            return _failure(url, "too_large", f"body over {size} after decompression")
        except (zlib.error, ValueError) as exc:
            return _failure(url, "decode", f"body could not be decoded: {exc}")
        headers = [
            (name, "(not archived)" if name.lower() == "authorization" else value)
            for name, value in request.headers.multi_items()
        ]
        return _Exchange(url, headers, response.status_code, response.headers, body, fetched_at)

    async def _read_body(self, response: httpx.Response) -> bytes:
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        if encoding not in _WBITS and encoding not in ("identity", ""):
            raise ValueError(f"content encoding {encoding} not supported")
        decoder = _Decoder(encoding, self.settings.max_body)
        length = response.headers.get("content-length", "")
        if decoder.identity and length.isdigit() and int(length) > decoder.limit:
            raise _TooLarge
        parts = [decoder.feed(chunk) async for chunk in response.aiter_raw()]
        decoder.finish()
        return b"".join(parts)

    async def _store(self, url: str, exchange: _Exchange) -> Capture:
        """Archive `exchange` (when there is an archive) and return its Capture."""
        headers = list(exchange.headers.multi_items())
        if self.archive is None:
            return _unarchived(url, exchange)
        write = functools.partial(
            self.archive.write, url, "GET", exchange.request_headers, exchange.status,
            headers, exchange.body, exchange.url, exchange.fetched_at,
        )  # fmt: skip
        if len(exchange.body) < INLINE_WRITE:
            return write()  # a few milliseconds: cheaper than a hop to a thread
        return await asyncio.to_thread(write)

    def _client(self, proxy: str | None) -> httpx.AsyncClient:
        if proxy not in self._clients:
            self._clients[proxy] = self._new_client(proxy)
        return self._clients[proxy]

    def _new_client(self, proxy: str | None) -> httpx.AsyncClient:
        settings = self.settings
        self._ssl = self._ssl or ssl_context(
            os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")
        )
        limits = httpx.Limits(
            max_connections=settings.concurrency * 2, max_keepalive_connections=settings.concurrency
        )
        transport: httpx.AsyncBaseTransport
        if proxy is None:
            allow_private = settings.allow_private_network
            transport = _GuardedTransport(self._ssl, limits, allow_private=allow_private)
        else:
            transport = httpx.AsyncHTTPTransport(verify=self._ssl, limits=limits, proxy=proxy)
        timeout = httpx.Timeout(
            connect=settings.connect_timeout, read=settings.read_timeout,
            write=settings.read_timeout, pool=settings.deadline,
        )  # fmt: skip
        headers = {"User-Agent": settings.user_agent, "Accept": ACCEPT,
                   "Accept-Encoding": "gzip, deflate"}  # fmt: skip
        return httpx.AsyncClient(
            transport=transport, timeout=timeout, headers=headers, trust_env=False
        )

    # --- robots.txt -----------------------------------------------------

    async def _robots_verdict(self, url: str) -> FetchResult | None:
        """Why robots.txt forbids `url`, or None."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = asyncio.ensure_future(self._load_robots(origin))
        rules = await self._robots[origin]
        if isinstance(rules, FetchResult):
            return dataclasses.replace(rules, url=url)
        agent = _agent_token(self.settings.user_agent)
        if rules.can_fetch(agent, url):
            return None
        return _failure(url, "robots", f"robots.txt disallows {parts.path or '/'} for {agent}")

    async def _load_robots(self, origin: str) -> RobotFileParser | FetchResult:
        """The rules of `origin`'s robots.txt (RFC 9309 on errors)."""
        result = await self._follow(f"{origin}/robots.txt", robots=False)
        rules = RobotFileParser()
        capture = result.capture
        if result.kind in ("refused", "network"):
            return result  # the page itself would fail the same way: say why
        delay = None
        if capture is not None and 200 <= capture.status < 300:
            text = capture.body.decode("utf-8", "replace")
            rules.parse(text.splitlines())
            delay = crawl_delay(text, _agent_token(self.settings.user_agent))
        elif capture is not None and 400 <= capture.status < 500 and capture.status != 429:
            rules.parse([])
        else:
            why = result.error or f"HTTP {capture.status if capture else '?'}"
            return _failure(origin, "robots", f"robots.txt unreachable ({why}): disallowing all")
        if delay is not None:
            self._schedule.host(origin).set_delay(min(float(delay), MAX_CRAWL_DELAY))
        return rules


# --- helpers ------------------------------------------------------------------


def crawl_delay(robots_txt: str, agent: str) -> float | None:
    """The Crawl-delay robots.txt sets for `agent` (its own group first, then `*`).

    Unlike `urllib.robotparser`, fractions of a second are read too.
    """
    delays: dict[str, float] = {}
    agents: list[str] = []
    in_rules = False
    for raw in robots_txt.splitlines():
        name, _, value = raw.split("#", 1)[0].partition(":")
        name, value = name.strip().lower(), value.strip()
        if name == "user-agent":
            agents = [*([] if in_rules else agents), value.lower()]
            in_rules = False
        elif name:
            in_rules = True
            if name == "crawl-delay":
                with contextlib.suppress(ValueError):
                    delays.update(dict.fromkeys(agents, float(value)))
    found = delays.get(agent.lower(), delays.get("*"))
    return found if found is not None and 0 <= found < float("inf") else None


def _agent_token(user_agent: str) -> str:
    """The product token robots.txt rules name (`provenance` in `provenance/0.1 (...)`)."""
    return user_agent.split("/", 1)[0].split()[0] if user_agent.strip() else "*"


async def _check_resolved(url: str, allow_private: bool = False) -> str | None:
    """Through a proxy: refuse a host that resolves here to a refused address
    (only to a metadata address with `allow_private`)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        addresses = await resolve(host, parts.port or 80, 10.0)
    except httpcore.NetworkError:
        return None  # left to the proxy's resolver (see the module docstring)
    except httpcore.TimeoutException:
        return None
    reasons = (check_ip(ip, allow_private=allow_private) for ip in addresses)
    return next((f"{host} resolves to {reason}" for reason in reasons if reason), None)


def _network_error(exc: httpx.HTTPError) -> str:
    detail = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out ({type(exc).__name__}): {detail}"
    return f"network error ({type(exc).__name__}): {detail}"


def _memorable(result: FetchResult) -> bool:
    """Whether a fresh result is a failure worth remembering for the run (not a 429, not 4xx)."""
    if result.capture is None:
        return result.kind not in ("ok", "offline") and not (result.error or "").startswith(
            "rate-limited"
        )
    return result.capture.status >= 500


def _failure(url: str, kind: Kind, error: str) -> FetchResult:
    return FetchResult(url=url, kind=kind, error=error)


def _result(url: str, capture: Capture) -> FetchResult:
    if 200 <= capture.status < 300:
        return FetchResult(url=url, capture=capture)
    return FetchResult(url=url, capture=capture, kind="http_error", error=f"HTTP {capture.status}")


def _unarchived(url: str, exchange: _Exchange) -> Capture:
    return Capture(
        url=url, final_url=exchange.url, fetched_at=exchange.fetched_at, status=exchange.status,
        content_type=exchange.headers.get("content-type"), warc_file="", offset=0, length=0,
        sha256=hashlib.sha256(exchange.body).hexdigest(), size=len(exchange.body),
        body=exchange.body,
    )  # fmt: skip
