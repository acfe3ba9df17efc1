"""A batch of fetches killed with SIGKILL, then run again: nothing lost or duplicated."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fetch_support import LoopbackServer, Respond, send
from test_archive import warc_files, warcio_check, whole_gzip

from provenance.archive import Archive

SUPPORT = Path(__file__).with_name("fetch_support.py")
PAGES = 40


def big_page(n: int) -> Respond:
    """A 300 KB page that does not compress, served after 30 ms."""
    body = b"<html><body>" + random.Random(n).randbytes(300_000) + b"</body></html>"

    def respond(handler: object) -> None:
        time.sleep(0.03)
        send(handler, 200, body)  # type: ignore[arg-type]

    return respond


def run_batch(cache: Path, urls: list[str]) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    command = [sys.executable, str(SUPPORT), "batch", str(cache), *urls]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)


def index_lines(cache: Path) -> list[str]:
    index = cache / "warc" / "index.cdxj"
    return index.read_text().splitlines() if index.exists() else []


def indexed_urls(cache: Path) -> list[str]:
    urls = []
    for line in index_lines(cache):
        try:
            urls.append(json.loads(line.split(" ", 2)[2])["requested"])
        except (IndexError, ValueError):
            continue
    return urls


@pytest.mark.slow
def test_a_killed_batch_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    routes = {f"/doc{n}": big_page(n) for n in range(PAGES)}
    with LoopbackServer(routes) as server:
        urls = [server.url(f"/doc{n}") for n in range(PAGES)]
        batch = run_batch(tmp_path, urls)
        deadline = time.monotonic() + 60
        while len(index_lines(tmp_path)) < 8 and time.monotonic() < deadline:
            time.sleep(0.005)
        batch.send_signal(signal.SIGKILL)
        batch.wait(timeout=30)
        assert batch.returncode == -signal.SIGKILL, "the batch ended before it was killed"

        archived = set(indexed_urls(tmp_path))
        assert 8 <= len(archived) < PAGES
        assert warcio_check(warc_files(tmp_path)).returncode == 0

        rerun = run_batch(tmp_path, urls)
        output, _ = rerun.communicate(timeout=120)
        assert rerun.returncode == 0 and output.strip() == "done"

        final = indexed_urls(tmp_path)
        assert len(final) == len(index_lines(tmp_path)) == PAGES  # no torn or repeated lines
        assert sorted(final) == sorted(urls)
        assert all(server.hits[urlsplit(url).path] == 1 for url in archived)
        assert all(server.hits[f"/doc{n}"] in (1, 2) for n in range(PAGES))

    files = warc_files(tmp_path)
    checked = warcio_check(files)
    assert checked.returncode == 0 and all(whole_gzip(path) for path in files)
    with Archive(tmp_path) as archive:
        captures = list(archive.captures())
        assert len(captures) == PAGES
        assert all(len(archive.read_body(c)) == 300_026 for c in captures)
