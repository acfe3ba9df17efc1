"""`provenance serve`: what a page, a review and a hostile query cost the server.

Fills a ledger with N articles of ten claims, starts `provenance serve
--allow-sql --reviewer bench` on a free loopback port, and measures the median
time of the editor's pages (flagged_claims as HTML and JSON, the review form, a
review recorded through it) and, query by query, the time and the server's
peak RSS (VmHWM) for requests meant to exhaust it: a 100 MB blob, a
10-million-row cross join (JSON and streamed CSV), 1,000 rows of 30 KB text and
one row of sixty 4 MB blobs.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from provenance.ledger import Ledger
from tests.ledger_support import article, outcome

ROOT = Path(__file__).resolve().parents[1]

CROSS = (
    "with recursive n(x) as (select 1 union all select x + 1 from n limit 10000) "
    "select a.x as a, b.x as b, 'a few words of text' as t from n a, n b limit 10000000"
)
HOSTILE = {
    "blob_100mb": "select zeroblob(100000000)",
    "cross_join_10m_json": CROSS,
    "long_text_1000_rows": f"select hex(zeroblob(15000)) from ({CROSS})",
    "wide_row_60x4mb": "select " + ", ".join(f"zeroblob(4000000) as c{i}" for i in range(60)),
}


def fill(path: Path, articles: int) -> list[str]:
    with Ledger(path) as ledger:
        ledger.start_run("bench", inputs=[], options={})
        for index in range(articles):
            words = " ".join(f"w{index}x{k}" for k in range(120))
            art = article(path=f"bench/{index}.txt", text=words)
            batch = (art, [outcome(art, i, "misquoted") for i in range(10)])
            ledger.record_articles([batch], run_id="bench")
        return [row["id"] for row in ledger.query("select id from claims")]


def peak_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(found.group(1)) / 1024 if found else float("nan")


def fetch(opener: urllib.request.OpenerDirector, url: str, data: bytes | None = None) -> int:
    try:
        with opener.open(url, data=data, timeout=120) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        error.read()
        return int(error.code)


def median_ms(call: Any, times: int) -> float:
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        call()
        spent.append(time.perf_counter() - started)
    return round(statistics.median(spent) * 1000, 1)


def start(folder: Path) -> tuple[subprocess.Popen[bytes], str, str]:
    log = folder / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "provenance", "serve", "--port", "0", "--allow-sql",
             "--reviewer", "bench", "--ledger", str(folder / "ledger.db")],
            cwd=folder, stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        text = log.read_text()
        base = re.search(r"on (http://127\.0\.0\.1:\d+)/", text)
        link = re.search(r"log in as bench: (\S+)", text)
        if base and link:
            try:
                urllib.request.urlopen(base.group(1) + "/-/versions.json", timeout=5).close()
                return process, base.group(1), link.group(1)
            except (urllib.error.URLError, ConnectionError):
                pass
        time.sleep(0.2)
    process.terminate()
    raise RuntimeError("serve did not start: " + log.read_text())


def run(quick: bool = False) -> dict[str, Any]:
    articles = 100 if quick else 1000
    times = 5 if quick else 20
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        ids = fill(folder / "ledger.db", articles)
        process, base, login = start(folder)
        try:
            opener = urllib.request.build_opener(
                urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
            )
            form = opener.open(login, timeout=60).read().decode()
            token = re.search(r'name="csrftoken" value="([^"]+)"', form)
            assert token, form[:500]
            started_mb = peak_mb(process.pid)
            reviews = iter(ids)

            def review() -> None:
                data = {"csrftoken": token.group(1), "claim": next(reviews), "status": "pending"}
                fetch(opener, base + "/-/provenance/review", urllib.parse.urlencode(data).encode())

            pages = {
                "flagged_claims_html_ms": lambda: fetch(opener, base + "/ledger/flagged_claims"),
                "flagged_claims_json_ms": lambda: fetch(
                    opener, base + "/ledger/flagged_claims.json?_size=100"
                ),
                "review_form_ms": lambda: fetch(
                    opener, base + f"/-/provenance/review?claim={ids[0]}"
                ),
                "review_recorded_ms": review,
            }
            result: dict[str, Any] = {"articles": articles, "claims": len(ids)}
            result.update({key: median_ms(call, times) for key, call in pages.items()})
            result["rss_mb_after_pages"] = round(peak_mb(process.pid), 1)
            result["rss_mb_at_start"] = round(started_mb, 1)
            hostile: dict[str, Any] = {}
            queries = {
                key: f"{base}/ledger.json?sql={urllib.parse.quote(sql)}"
                for key, sql in HOSTILE.items()
            }
            queries["cross_join_10m_csv_stream"] = (
                f"{base}/ledger.csv?_stream=on&sql={urllib.parse.quote(CROSS)}"
            )
            for key, url in queries.items():
                started = time.perf_counter()
                status = fetch(opener, url)
                hostile[key] = {
                    "status": status,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                    "peak_rss_mb": round(peak_mb(process.pid), 1),
                }
            result["hostile"] = hostile
            result["peak_rss_mb"] = round(peak_mb(process.pid), 1)
        finally:
            process.terminate()
            process.wait(timeout=30)
    print(
        f"{result['claims']} claims: flagged_claims HTML {result['flagged_claims_html_ms']} ms, "
        f"JSON {result['flagged_claims_json_ms']} ms, review form {result['review_form_ms']} ms, "
        f"review recorded {result['review_recorded_ms']} ms (medians of {times}); RSS "
        f"{result['rss_mb_at_start']} MB at start, {result['rss_mb_after_pages']} MB after"
    )
    for key, figures in hostile.items():
        print(
            f"  {key}: HTTP {figures['status']} in {figures['ms']} ms, "
            f"peak RSS {figures['peak_rss_mb']} MB"
        )
    return result


if __name__ == "__main__":
    run(quick="--quick" in sys.argv)
