"""Hostile HTTP servers on loopback for the fetcher's tests and benchmark.

`LoopbackServer` is a threaded HTTP/1.1 server whose paths are answered by small
functions (`ROUTES` holds the hostile ones). It counts the requests it gets, by
path, so tests can assert that something was (or was not) fetched. A
`ForwardProxy` is a tiny forward proxy that maps the host names it is asked for
to loopback ports.

Run as a script, this module fetches a batch of URLs into an archive: the crash
test kills that process mid-batch.
"""

from __future__ import annotations

import contextlib
import gzip
import http.client
import ssl
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

Respond = Callable[["Handler"], None]


class Handler(BaseHTTPRequestHandler):
    """Dispatch each GET to the server's route for its path."""

    protocol_version = "HTTP/1.1"
    server: Server

    def do_GET(self) -> None:
        path = urlsplit(self.path).path or "/"
        with self.server.lock:
            self.server.hits[path] += 1
            self.server.requests.append((self.path, dict(self.headers.items()), time.monotonic()))
        route = self.server.routes.get(path) or self.server.fallback
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            route(self)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet."""

    def count(self, path: str) -> int:
        """How many times `path` was asked for, this request included."""
        with self.server.lock:
            return self.server.hits[path]


class Server(ThreadingHTTPServer):
    """A ThreadingHTTPServer that carries its routes and counts."""

    daemon_threads = True
    block_on_close = False
    routes: dict[str, Respond]
    fallback: Respond
    hits: Counter[str]
    requests: list[tuple[str, dict[str, str], float]]
    lock: threading.Lock

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up early are part of the tests: stay quiet."""


def send(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    content_type: str | None = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> None:
    """Answer with `status`, `body` and headers."""
    handler.send_response(status)
    if content_type:
        handler.send_header("Content-Type", content_type)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def page(text: str) -> bytes:
    """A small HTML page."""
    return f"<html><head><title>{text}</title></head><body><p>{text}</p></body></html>".encode()


class LoopbackServer:
    """A threaded HTTP server on a loopback address, with routes and request counts."""

    def __init__(
        self,
        routes: dict[str, Respond] | None = None,
        host: str = "127.0.0.1",
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.server = Server((host, 0), Handler)
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.scheme = "https" if tls else "http"
        self.server.routes = dict(routes or {})
        self.server.fallback = lambda h: send(h, 404, page("not found"))
        self.server.hits = Counter()
        self.server.requests = []
        self.server.lock = threading.Lock()
        self.host = host
        self.port = int(self.server.server_address[1])
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def hits(self) -> Counter[str]:
        """Requests per path."""
        return self.server.hits

    @property
    def requests(self) -> list[tuple[str, dict[str, str], float]]:
        """Every request: its target, headers and arrival time."""
        return self.server.requests

    def url(self, path: str, host: str | None = None) -> str:
        """The URL of `path` on this server (optionally under another host name)."""
        return f"{self.scheme}://{host or self.host}:{self.port}{path}"

    def route(self, path: str, respond: Respond) -> None:
        """Answer `path` with `respond`."""
        self.server.routes[path] = respond


# --- hostile routes -----------------------------------------------------------


def ok(h: Handler) -> None:
    send(h, 200, page("ok"))


def redirect_to(location: str, status: int = 302) -> Respond:
    """A route that redirects to `location`."""
    return lambda h: send(h, status, b"", None, {"Location": location})


def gone(h: Handler) -> None:
    send(h, 410, page("gone"))


def missing(h: Handler) -> None:
    send(h, 404, page("missing"))


def too_many_then_ok(h: Handler) -> None:
    """429 with Retry-After: 1 the first time, then 200."""
    if h.count("/429") == 1:
        send(h, 429, page("slow down"), headers={"Retry-After": "1"})
    else:
        send(h, 200, page("after the wait"))


def flaky(h: Handler) -> None:
    """503 twice, then 200."""
    if h.count("/flaky") <= 2:
        send(h, 503, page("unavailable"))
    else:
        send(h, 200, page("recovered"))


def always_503(h: Handler) -> None:
    send(h, 503, page("unavailable"))


def drip(h: Handler) -> None:
    """Promise 100 bytes and send one every 0.2 s (a slow-drip server)."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "100")
    h.end_headers()
    for _ in range(100):
        h.wfile.write(b"x")
        h.wfile.flush()
        time.sleep(0.2)


BOMB = gzip.compress(b"\0" * (1024 * 1024), compresslevel=9) * 64  # 64 gzip members


def bomb(h: Handler) -> None:
    """64 MB of zeros, gzipped to about 64 KB."""
    send(h, 200, BOMB, headers={"Content-Encoding": "gzip"})


def gzipped(h: Handler) -> None:
    """A small page, gzipped."""
    send(h, 200, gzip.compress(page("zipped")), headers={"Content-Encoding": "gzip"})


def huge_headers(h: Handler) -> None:
    """A response whose headers weigh 300 KB."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    for number in range(300):
        h.send_header(f"X-Filler-{number}", "y" * 1000)
    h.send_header("Content-Length", "2")
    h.end_headers()
    h.wfile.write(b"ok")


LATIN1 = "<html><body><p>Café Señor – “quoted”</p></body></html>".encode("cp1252")


def wrong_charset(h: Handler) -> None:
    """cp1252 bytes labelled as UTF-8."""
    send(h, 200, LATIN1, "text/html; charset=utf-8")


def no_charset(h: Handler) -> None:
    """cp1252 bytes with no charset and no Content-Type at all."""
    send(h, 200, LATIN1, None)


def image(h: Handler) -> None:
    send(h, 200, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")


def robots(text: str) -> Respond:
    """A robots.txt route."""
    return lambda h: send(h, 200, text.encode(), "text/plain")


def slow(seconds: float, size: int = 2000) -> Respond:
    """A route that waits `seconds` then sends a page of about `size` bytes."""
    body = page("slow " + "z" * size)

    def respond(h: Handler) -> None:
        time.sleep(seconds)
        send(h, 200, body)

    return respond


def self_signed(name: str, folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for `name` and its key, as PEM files in `folder`."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    pem, pkcs8 = serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8
    key_path.write_bytes(key.private_bytes(pem, pkcs8, serialization.NoEncryption()))
    return cert_path, key_path


def tls_context(cert: Path, key: Path) -> ssl.SSLContext:
    """A server-side TLS context."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


# --- a forward proxy ----------------------------------------------------------


class ForwardProxy(LoopbackServer):
    """A forward proxy: absolute-form GETs to `names` are forwarded to loopback ports."""

    def __init__(self, names: dict[str, int]) -> None:
        super().__init__()
        self.names = names
        self.server.fallback = self._forward

    def _forward(self, h: Handler) -> None:
        target = urlsplit(h.path)
        port = self.names.get(target.hostname or "")
        if port is None:
            send(h, 502, page(f"proxy: unknown host {target.hostname}"))
            return
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        path = target.path + (f"?{target.query}" if target.query else "")
        connection.request("GET", path or "/", headers={"Host": target.netloc})
        answer = connection.getresponse()
        body = answer.read()
        headers = {k: v for k, v in answer.getheaders() if k.lower() in ("location", "retry-after")}
        send(h, answer.status, body, answer.getheader("Content-Type"), headers)
        connection.close()


# --- the crash test's batch -----------------------------------------------------


def run_batch(cache: str, urls: list[str]) -> None:
    """Fetch `urls` one at a time into the archive under `cache` (killed by the test)."""
    from provenance.archive import Archive
    from provenance.config import Settings
    from provenance.fetch import Fetcher

    settings = Settings(
        cache=Path(cache), allow_private_network=True, obey_robots=False, host_delay=0.0,
        concurrency=4, retries=0, deadline=20.0,
    )  # fmt: skip
    with Archive(settings.cache) as archive, Fetcher(settings, archive) as fetcher:
        for start in range(0, len(urls), 4):
            fetcher.fetch_many(urls[start : start + 4])
    print("done", flush=True)


if __name__ == "__main__":
    run_batch(sys.argv[2], sys.argv[3:])


PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture(autouse=True)
def no_proxy_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loopback tests must not go through a proxy the machine may set (autouse where imported)."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
