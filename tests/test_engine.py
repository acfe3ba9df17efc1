"""`verify --engine dask` on a real cluster: a `dask scheduler` and two `dask worker`
processes started here on loopback, against a loopback web that logs every request.

The same 200 articles checked by `--engine local` and by the cluster give the same
rows; no host sees two requests closer than its delay; a worker killed with
SIGKILL mid-run loses nothing and duplicates nothing on the re-run.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from provenance.cli import app

pytest.importorskip("distributed")

DELAY = 1.0  # seconds between requests to one host
# The server logs when a request arrives, which trails its sending by a scheduling
# jitter that reached 0.4 s on a 2-core machine loaded twenty-fold; two workers
# without a shared turn would arrive together (a gap near 0, two requests at once).
SLACK = 0.6
PAGES = 12  # distinct pages a host
BIN = Path(sys.executable).parent
runner = CliRunner()


class Web:
    """Two loopback hosts serving news pages; every request logged with its time."""

    def __init__(self) -> None:
        self.log: list[tuple[str, str, float]] = []
        self.lock = threading.Lock()
        self.active: dict[str, int] = {}
        self.most_at_once: dict[str, int] = {}
        self.servers = [self._serve(f"127.0.0.{n}") for n in (2, 3)]

    def _serve(self, address: str) -> ThreadingHTTPServer:
        web = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with web.lock:
                    web.log.append((address, self.path, time.monotonic()))
                    web.active[address] = web.active.get(address, 0) + 1
                    most = max(web.most_at_once.get(address, 0), web.active[address])
                    web.most_at_once[address] = most
                try:
                    time.sleep(0.1)  # a request in progress, so that overlaps show
                    self.answer()
                finally:
                    with web.lock:
                        web.active[address] -= 1

            def answer(self) -> None:
                if self.path == "/robots.txt":
                    self.send_response(404)
                    self.end_headers()
                    return
                number = self.path.rsplit("-", 1)[-1]
                body = page(address, number).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        server = ThreadingHTTPServer((address, 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        return server

    def base(self, index: int) -> str:
        host, port = self.servers[index].server_address[:2]
        return f"http://{host!s}:{port}"

    def close(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()

    def gaps(self) -> dict[str, float]:
        """The shortest time between two requests to each host."""
        shortest: dict[str, float] = {}
        for host in {entry[0] for entry in self.log}:
            times = sorted(entry[2] for entry in self.log if entry[0] == host)
            shortest[host] = min((b - a for a, b in itertools.pairwise(times)), default=99.0)
        return shortest


def page(address: str, number: str) -> str:
    return (
        f"<html><head><title>Parks budget {number}</title>"
        '<meta property="article:published_time" content="2025-11-03T08:00:00Z"></head>'
        f"<body><article><h1>Parks budget {number}</h1>"
        f"<p>The city council approved a budget of {number} million dollars for parks on "
        f"Monday, officials at {address} said.</p>"
        "<p>The vote followed months of debate about playgrounds and trees.</p>"
        "</article></body></html>"
    )


def write_articles(folder: Path, web: Web, count: int) -> None:
    folder.mkdir()
    for n in range(count):
        host = web.base(n % 2)
        number = n % PAGES
        (folder / f"article-{n:03d}.md").write_text(
            f"# Council story {n}\n\n"
            f"The Daily Bugle [reported]({host}/news/parks-{number}) on November 3, 2025, "
            f"that the city council approved a budget of {number} million dollars for parks.\n\n"
            f"Residents of district {n} said they welcomed the vote.\n",
            encoding="utf-8",
        )


@pytest.fixture
def web() -> Iterator[Web]:
    served = Web()
    yield served
    served.close()


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("LEDGER", "CACHE", "REPORTS", "HOST_DELAY", "ALLOW_PRIVATE_NETWORK"):
        monkeypatch.delenv(f"PROVENANCE_{name}", raising=False)
    (tmp_path / "provenance.toml").write_text(
        f"allow_private_network = true\nhost_delay = {DELAY}\nretries = 0\ndeadline = 10.0\n",
        encoding="utf-8",
    )
    return tmp_path


class Cluster:
    """A `dask scheduler` and two `dask worker` processes on loopback."""

    def __init__(self, folder: Path) -> None:
        self.file = folder / "scheduler.json"
        self.scheduler = self._start(
            "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
            "--scheduler-file", str(self.file),
        )  # fmt: skip
        self.address = self._address(deadline=time.monotonic() + 60)
        worker = (
            "worker",
            self.address,
            "--nthreads",
            "1",
            "--no-dashboard",
            "--host",
            "127.0.0.1",
        )
        self.workers = [self._start(*worker) for _ in range(2)]
        self._wait_for_workers(2)

    def _address(self, deadline: float) -> str:
        """The scheduler's address, once it has written its file whole."""
        while time.monotonic() < deadline:
            try:
                return str(json.loads(self.file.read_text())["address"])
            except (OSError, ValueError, KeyError):
                time.sleep(0.1)
        raise TimeoutError("the dask scheduler did not start")

    def _start(self, *args: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [str(BIN / "dask"), *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def _wait_for_workers(self, count: int) -> None:
        from distributed import Client

        with Client(self.address, timeout="30s") as client:  # type: ignore[no-untyped-call]
            client.wait_for_workers(count, timeout=60)

    def close(self) -> None:
        for process in [*self.workers, self.scheduler]:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in [*self.workers, self.scheduler]:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    started = Cluster(tmp_path)
    yield started
    started.close()


def rows(ledger: Path) -> dict[str, list[tuple[object, ...]]]:
    """The ledger's rows that do not depend on when or where a run happened."""
    db = sqlite3.connect(ledger)
    queries = {
        "articles": "select id, path, text from articles",
        "claims": "select id, article_id, verdict, reasons, original_url from claims",
        "sources": "select * from sources",
        "checks": "select claim_id, kind, status, score, evidence from checks",
        "captures": "select url, status, sha256 from captures",
    }
    return {table: sorted(db.execute(sql).fetchall(), key=repr) for table, sql in queries.items()}


def checked_against_originals(ledger: Path) -> int:
    """Claims checked against an archived original (one an article: the linked report)."""
    db = sqlite3.connect(ledger)
    return int(
        db.execute("select count(*) from claims where original_url is not null").fetchone()[0]
    )


def verify(*args: str) -> object:
    result = runner.invoke(app, ["verify", "articles", *args])
    assert result.exit_code == 0, result.output
    return result


def warc_check(cache: Path) -> None:
    files = sorted((cache / "warc").glob("*.warc.gz"))
    assert len(files) >= 2  # a file for each process that archived
    done = subprocess.run([str(BIN / "warcio"), "check", *map(str, files)], capture_output=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_dask_cluster_gives_the_rows_of_the_local_engine_and_stays_polite(
    workdir: Path, web: Web, cluster: Cluster
) -> None:
    write_articles(workdir / "articles", web, 200)
    verify("--ledger", "local.db", "--cache", "cache-local")
    local_log = len(web.log)
    web.log.clear()
    verify("--ledger", "dask.db", "--cache", "cache-dask",
           "--engine", "dask", "--scheduler", cluster.address)  # fmt: skip
    assert len(web.log) == local_log == 2 * (PAGES // 2 + 1)  # each page and robots.txt once
    assert rows(workdir / "dask.db") == rows(workdir / "local.db")
    assert checked_against_originals(workdir / "dask.db") == 200
    assert min(web.gaps().values()) >= DELAY * SLACK, web.gaps()
    assert set(web.most_at_once.values()) == {1}  # never two requests to one host at once
    warc_check(workdir / "cache-dask")


@pytest.mark.slow
def test_a_worker_killed_mid_run_loses_nothing_and_duplicates_nothing(
    workdir: Path, web: Web, cluster: Cluster
) -> None:
    write_articles(workdir / "articles", web, 200)
    command = [str(BIN / "provenance"), "verify", "articles", "--engine", "dask",
               "--scheduler", cluster.address]  # fmt: skip
    run = subprocess.Popen(command, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while len(web.log) < 6 and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(cluster.workers[0].pid, signal.SIGKILL)
    output, _ = run.communicate(timeout=300)
    assert run.returncode == 0, output.decode()
    first = rows(workdir / "ledger.db")
    fetched = len(web.log)
    verify("--engine", "dask", "--scheduler", cluster.address)
    assert len(web.log) == fetched  # nothing archived is fetched again
    again = rows(workdir / "ledger.db")
    assert again == first
    assert checked_against_originals(workdir / "ledger.db") == 200
    shutil.rmtree(workdir / "reports", ignore_errors=True)
    warc_check(workdir / "cache")
    assert min(web.gaps().values()) >= DELAY * SLACK, web.gaps()
    assert set(web.most_at_once.values()) == {1}


def test_scheduler_without_the_dask_engine_is_a_usage_error(workdir: Path) -> None:
    (workdir / "articles").mkdir()
    (workdir / "articles" / "a.txt").write_text("Reuters reported that rain fell.", "utf-8")
    result = runner.invoke(app, ["verify", "articles", "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2
    assert "--scheduler needs --engine dask" in result.output


@pytest.mark.slow
def test_an_unreachable_scheduler_is_one_clear_error(workdir: Path) -> None:
    (workdir / "articles").mkdir()
    (workdir / "articles" / "a.txt").write_text("Reuters reported that rain fell.", "utf-8")
    result = runner.invoke(app, ["verify", "articles", "--offline", "--engine", "dask",
                                 "--scheduler", "tcp://127.0.0.1:9"])  # fmt: skip
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler tcp://127.0.0.1:9" in result.output


def _busy(seconds: float) -> int:
    started, count = time.monotonic(), 0
    while time.monotonic() - started < seconds:
        count += 1
    return count


def _profile_state(dask_worker: Any) -> tuple[int, bool]:
    return len(dask_worker.profile_history), "profile" in dask_worker.periodic_callbacks


@pytest.mark.slow
def test_the_local_clusters_workers_keep_no_profile_history() -> None:
    """Dask's statistical profiler keeps a tree of stacks for each second of a run (1,000
    kept): the engine's local cluster turns it off, so a worker's memory stays flat."""
    from distributed import Client

    from provenance.engine import local_cluster

    with local_cluster(1) as cluster, Client(cluster) as client:
        assert client.submit(_busy, 2.5).result() > 0  # the profiler would cycle twice
        assert list(client.run(_profile_state).values()) == [(0, False)]
