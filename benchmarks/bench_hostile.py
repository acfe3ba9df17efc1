"""A run over a folder of articles whose links all fail: each failing URL is asked once.

A server on loopback answers every link badly: a held connection (headers
never sent), a slow drip, a `br` body and a corrupt gzip body (both
undecodable), a reset connection and a 503. Each of the distinct URLs is cited
by several claims in several Markdown articles. The run (`provenance.pipeline.verify`,
the real fetcher, `deadline` 1 s, no retries, the Wayback lookups of dead pages
sent to a loopback archive that has no captures) must fetch each failing URL
once, so its time is bounded by (distinct URLs x deadline), not by the claims
that cite them.

Reported: distinct failing URLs, claims citing them, requests per URL (bar:
at most 1), the wall time, the bound and their ratio (bar: <= 1.0), and
whether the run gave up the network (it must not: undecodable pages are page
errors, not network failures).

Run alone: python benchmarks/bench_hostile.py [--quick]
"""

from __future__ import annotations

import contextlib
import socket
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from provenance.config import Settings
from provenance.pipeline import verify

DEADLINE = 1.0
KINDS = ("hold", "drip", "br", "gzip", "reset", "down")
CITING = 3  # claims citing each URL


class Hostile(BaseHTTPRequestHandler):
    """Every path answers according to its first segment (see KINDS)."""

    protocol_version = "HTTP/1.1"
    server: HostileServer

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.hits[self.path] += 1
        kind = self.path.strip("/").split("/", 1)[0]
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            getattr(self, f"_{kind}", self._empty)()

    def _empty(self) -> None:
        self._send(200, b"[]", "application/json")

    def _send(self, status: int, body: bytes, kind: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _hold(self) -> None:
        time.sleep(DEADLINE * 3)

    def _drip(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        for _ in range(30):
            self.wfile.write(b"x")
            self.wfile.flush()
            time.sleep(0.1)

    def _br(self) -> None:
        self._send(200, b"\x1b\x03\x00\x00", "text/html", Content_Encoding="br")

    def _gzip(self) -> None:
        self._send(200, b"\x1f\x8b\x08\x00not gzip at all", "text/html", Content_Encoding="gzip")

    def _reset(self) -> None:
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00" * 2)
        self.connection.close()

    def _down(self) -> None:
        self._send(503, b"<html>down</html>", "text/html")

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet."""


class HostileServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    hits: Counter[str]
    lock: threading.Lock

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hang up on purpose here."""


def start(host: str) -> HostileServer:
    server = HostileServer((host, 0), Hostile)
    server.hits, server.lock = Counter(), threading.Lock()
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server


def write_articles(folder: Path, urls: list[str]) -> int:
    """Markdown articles citing each URL CITING times, in different articles; the claim count."""
    outlets = ("the Daily Bugle", "the Harbor Times", "Reuters")
    claims = 0
    for round_ in range(CITING):
        lines = ["# Round-up", ""]
        for number, url in enumerate(urls):
            outlet = outlets[(number + round_) % len(outlets)]
            lines.append(
                f"The council approved budget item {number} on Monday, [{outlet} reported]({url})."
            )
            claims += 1
        (folder / f"article-{round_}.md").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return claims


def run(quick: bool = False) -> dict[str, Any]:
    """Run the hostile folder once; print and return the figures."""
    site, archive = start("127.0.0.2"), start("127.0.0.3")
    base = f"http://127.0.0.2:{site.server_address[1]}"
    copies = f"http://127.0.0.3:{archive.server_address[1]}"
    per_kind = 1 if quick else 2
    urls = [f"{base}/{kind}/{n}" for kind in KINDS for n in range(per_kind)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        claims = write_articles(folder, urls)
        settings = Settings(
            ledger=Path(tmp) / "ledger.db", cache=Path(tmp) / "cache", allow_private_network=True,
            deadline=DEADLINE, connect_timeout=DEADLINE, read_timeout=DEADLINE, retries=0,
            host_delay=0.0, wayback_delay=0.0, obey_robots=False,
            wayback_url=copies, cdx_url=f"{copies}/cdx/search/cdx",
        )  # fmt: skip
        started = time.monotonic()
        summary = verify([folder], settings=settings)
        took = time.monotonic() - started
    site.shutdown()
    archive.shutdown()
    asked = [site.hits[u.removeprefix(base)] for u in urls]
    bound = len(urls) * DEADLINE
    down = any("no network" in notice for notice in summary.notices)
    print(f"distinct failing URLs: {len(urls)}, claims citing them: {claims}")
    print(f"requests per URL: max {max(asked)}, total {sum(asked)} (bar: 1 each)")
    print(
        f"wall time {took:.2f} s, bound (URLs x deadline) {bound:.2f} s, ratio {took / bound:.2f}"
    )
    print(f"network given up: {'yes' if down else 'no'} (bar: no)")
    ok = max(asked) <= 1 and took <= bound and not down
    print("bars met" if ok else "BARS NOT MET")
    return {"urls": len(urls), "claims": claims, "max_requests_per_url": max(asked),
            "seconds_run": round(took, 2), "bound": bound, "ratio": round(took / bound, 2),
            "network_given_up": down, "bars_met": ok}  # fmt: skip


if __name__ == "__main__":
    run(quick="--quick" in sys.argv)
