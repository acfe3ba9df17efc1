"""Fetching is bound by politeness, not CPU: a batch against many slow hosts.

A server process answers on loopback addresses 127.0.0.2, 127.0.0.3, ... (each
its own host for politeness), every response after an injected latency (50 ms),
with a 20 KB page. The fetcher gets N URLs per host in one `fetch_many` call,
with `host_delay` 0.2 s, one request in flight per host (concurrency = hosts),
robots.txt off, and archives every response (WARC + index, fsynced) into a
temporary cache.

The ideal per-host schedule starts a host's requests `host_delay` apart, one at
a time, so the batch cannot end before (N - 1) * host_delay + latency, the
hosts running in parallel. With fewer slots than hosts, a loaded machine (whose
requests take 150 ms instead of 50) makes the concurrency the bottleneck: the
figure would then measure the machine, not the schedule.

Reported: the wall time, the ideal, their ratio (bar: <= 1.2), and the
fetcher's CPU time per request (the server runs in its own process, so its CPU
is not counted). The same batch without the archive is timed too, to show the
archive's share. An untimed warm-up request (another Fetcher, so that no
connection is reused) loads the modules and the TLS context first.

Run alone: python benchmarks/bench_fetch.py [--quick]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from provenance.archive import Archive
from provenance.config import Settings
from provenance.fetch import Fetcher

LATENCY = 0.05
HOST_DELAY = 0.2
BAR = 1.2
BODY = b"<html><body>" + b"<p>Lorem ipsum dolor sit amet.</p>" * 600 + b"</body></html>"


class SlowHandler(BaseHTTPRequestHandler):
    """Answer every GET with BODY after LATENCY seconds."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        time.sleep(LATENCY)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet."""


def serve(hosts: int) -> None:
    """Serve on 127.0.0.2 .. 127.0.0.(hosts + 1); print `address port` lines; stop on EOF."""
    for number in range(hosts):
        server = ThreadingHTTPServer((f"127.0.0.{number + 2}", 0), SlowHandler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"{server.server_address[0]} {server.server_address[1]}", flush=True)
    sys.stdin.read()


def start_servers(hosts: int) -> tuple[subprocess.Popen[str], list[str]]:
    """The server process and the base URL of each host."""
    command = [sys.executable, __file__, "--serve", str(hosts)]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    bases = []
    for _ in range(hosts):
        address, port = process.stdout.readline().split()
        bases.append(f"http://{address}:{port}")
    return process, bases


def batch(bases: list[str], per_host: int, cache: Path | None) -> dict[str, Any]:
    """Fetch per_host URLs from every host; return wall time, CPU and failures."""
    settings = Settings(
        cache=cache or Path("unused"), allow_private_network=True, obey_robots=False,
        host_delay=HOST_DELAY, retries=0, concurrency=len(bases),
    )  # fmt: skip
    urls = [f"{base}/page/{n}" for n in range(per_host) for base in bases]
    archive = Archive(cache) if cache else None
    with Fetcher(settings, archive) as fetcher:
        cpu, wall = time.process_time(), time.perf_counter()
        results = fetcher.fetch_many(urls)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if archive is not None:
        archive.close()
    return {"wall_s": wall, "cpu_s": cpu, "failed": sum(not r.ok for r in results),
            "requests": len(urls)}  # fmt: skip


def run(quick: bool = False) -> dict[str, Any]:
    """Time a polite batch over many loopback hosts against the ideal schedule."""
    hosts, per_host = (8, 8) if quick else (16, 20)
    ideal = (per_host - 1) * HOST_DELAY + LATENCY
    process, bases = start_servers(hosts)
    try:
        batch(bases[:1], 1, None)  # warm up imports and the TLS context, not connections
        with tempfile.TemporaryDirectory() as cache:
            archived = batch(bases, per_host, Path(cache))
        plain = None if quick else batch(bases, per_host, None)
    finally:
        assert process.stdin is not None
        process.stdin.close()
        process.wait(timeout=10)
    figures = figures_of(archived, ideal, hosts, per_host)
    if plain is not None:
        figures["without_archive"] = figures_of(plain, ideal, hosts, per_host)
    print_figures(figures)
    return figures


def figures_of(measured: dict[str, Any], ideal: float, hosts: int, per_host: int) -> dict[str, Any]:
    return {
        "hosts": hosts,
        "per_host": per_host,
        "requests": measured["requests"],
        "failed": measured["failed"],
        "latency_s": LATENCY,
        "host_delay_s": HOST_DELAY,
        "ideal_s": round(ideal, 3),
        "wall_s": round(measured["wall_s"], 3),
        "ratio": round(measured["wall_s"] / ideal, 3),
        "bar": BAR,
        "within_bar": measured["wall_s"] / ideal <= BAR,
        "cpu_ms_per_request": round(1000 * measured["cpu_s"] / measured["requests"], 3),
    }


def print_figures(figures: dict[str, Any]) -> None:
    rows = [("with archive", figures)]
    if "without_archive" in figures:
        rows.append(("without archive", figures["without_archive"]))
    print(
        f"fetch: {figures['hosts']} hosts x {figures['per_host']} requests, latency "
        f"{LATENCY * 1000:.0f} ms, host_delay {HOST_DELAY} s, ideal {figures['ideal_s']:.2f} s"
    )
    for name, row in rows:
        print(
            f"  {name}: wall {row['wall_s']:.2f} s, ratio {row['ratio']:.3f} (bar {BAR}), "
            f"CPU {row['cpu_ms_per_request']:.2f} ms per request, {row['failed']} failed"
        )


if __name__ == "__main__":
    if "--serve" in sys.argv:
        serve(int(sys.argv[-1]))
    else:
        run(quick="--quick" in sys.argv)
