"""`provenance serve`: a real Datasette on loopback, read-only for visitors, a review form
for logged-in reviewers, archived copies under a sandbox header, and caps on cost."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from provenance.archive import Archive
from provenance.cli import app
from provenance.ledger import Ledger
from provenance.models import Capture
from tests.test_ledger import fill

SCRIPTED_PAGE = (
    b"<html><head><title>Original</title></head><body><h1>Minister quoted</h1>"
    b"<p>The words as published.</p>"
    b"<script>document.title = 'script ran'; parent.document.title = 'escaped';</script>"
    b"</body></html>"
)


@dataclass
class Served:
    base: str
    process: subprocess.Popen[bytes]
    lines: list[str]


def get(url: str, *, data: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of a request (HTTP errors included)."""
    request = urllib.request.Request(url, data=data)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def get_json(url: str) -> object:
    status, _, body = get(url)
    assert status == 200, body[:500]
    return json.loads(body)


@contextmanager
def serving(folder: Path, *args: str, logins: int = 0) -> Iterator[Served]:
    """Run `provenance serve --port 0 ARGS` in `folder` until it answers; stop it after.

    `logins`: how many reviewers' login lines follow the first line.
    """
    env = {**os.environ, "PROVENANCE_LEDGER": str(folder / "ledger.db")}
    log = folder / "serve.log"  # a file, not a pipe: a full pipe would stall the server
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "provenance", "serve", "--port", "0", *args],
            env=env,
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            lines = log.read_text().splitlines()
            found = re.search(r"on (http://127\.0\.0\.1:\d+)/", lines[0]) if lines else None
            if found and len(lines) > max(logins, 1):
                break
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        base = found.group(1)
        while True:
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=5).close()
                break
            except (urllib.error.URLError, ConnectionError):
                assert process.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        yield Served(base, process, lines)
    finally:
        process.terminate()
        process.wait(timeout=20)


def claim_ids(ledger: Path) -> list[str]:
    with sqlite3.connect(ledger) as db:
        return [row[0] for row in db.execute("select id from claims order by position")]


def reviews(ledger: Path) -> list[tuple[str, str, str | None, str | None, str]]:
    sql = "select claim_id, status, note, reviewer, created from reviews order by id"
    with sqlite3.connect(ledger) as db:
        return list(db.execute(sql))


def archive_page(folder: Path, body: bytes = SCRIPTED_PAGE) -> Capture:
    """Archive `body` as a real WARC capture under folder/cache and index it in the ledger."""
    with Archive(folder / "cache") as archive:
        capture = archive.write(
            "http://news.test/original",
            "GET",
            [("User-Agent", "test")],
            200,
            [("Content-Type", "text/html; charset=utf-8")],
            body,
        )
    with Ledger(folder / "ledger.db") as book:
        book.upsert_captures([capture])
    return capture


@pytest.mark.slow
def test_serve_answers_flagged_claims_read_only(tmp_path: Path) -> None:
    fill(tmp_path / "ledger.db")
    with serving(tmp_path) as served:
        assert "arbitrary SQL off" in served.lines[0]
        base = f"{served.base}/ledger"
        rows = get_json(f"{base}/flagged_claims.json?_shape=array")
        assert isinstance(rows, list)
        assert [row["verdict"] for row in rows] == ["misquoted"]
        meta = get_json(f"{served.base}/-/metadata.json")
        assert "verdict" in meta["databases"]["ledger"]["tables"]["claims"]["facets"]  # type: ignore[index]
        canned = get_json(f"{base}/unreviewed_flagged.json?_shape=array")
        assert len(canned) == 1  # type: ignore[arg-type]
        sql = urllib.parse.quote("select count(*) as n from claims")
        status, _, _ = get(f"{base}.json?_shape=array&sql={sql}")
        assert status == 403  # arbitrary SQL is off unless --allow-sql


@pytest.mark.slow
def test_review_form_over_http_and_anonymous_refusal(tmp_path: Path) -> None:
    fill(tmp_path / "ledger.db")
    claim = claim_ids(tmp_path / "ledger.db")[1]
    with serving(tmp_path, "--reviewer", "Ana Ruiz", logins=1) as served:
        link = re.search(r"log in as Ana Ruiz: (\S+)", served.lines[1])
        assert link, served.lines
        form = urllib.parse.urlencode({"claim": claim, "status": "confirmed"}).encode()

        status, _, body = get(f"{served.base}/-/provenance/review", data=form)
        assert status == 403 and b"Log in as a reviewer" in body
        status, _, _ = get(f"{served.base}/-/provenance/login?token=wrong")
        assert status == 403
        assert reviews(tmp_path / "ledger.db") == []

        status, _, page = get(f"{served.base}/-/provenance/review?claim={claim[:6]}")
        assert status == 200 and b"review-form" not in page and b"review-login" in page


@pytest.mark.slow
def test_reviewers_file_and_the_same_rows_as_provenance_review(tmp_path: Path) -> None:
    fill(tmp_path / "ledger.db")
    claim = claim_ids(tmp_path / "ledger.db")[1]
    (tmp_path / "reviewers.txt").write_text("# desk\nAna Ruiz\n\nBo Chen\n", encoding="utf-8")
    with serving(tmp_path, "--reviewers", "reviewers.txt", logins=2) as served:
        links = dict(re.findall(r"log in as ([^:]+): (\S+)", "\n".join(served.lines)))
        assert set(links) == {"Ana Ruiz", "Bo Chen"}
        browser = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        page = browser.open(links["Bo Chen"], timeout=60).read().decode()
        assert 'id="review-form"' in page  # the login link leads to the form
        token = re.search(r'name="csrftoken" value="([^"]+)"', page)
        assert token
        url = f"{served.base}/-/provenance/review"

        def submit(**fields: str) -> tuple[int, str]:
            data = urllib.parse.urlencode({"csrftoken": token.group(1), **fields}).encode()
            try:
                with browser.open(url, data=data, timeout=60) as response:
                    return response.status, response.read().decode()
            except urllib.error.HTTPError as error:
                return error.code, error.read().decode()

        status, page = submit(claim=claim[:6], status="maybe", note="kept when refused")
        assert status == 400 and "choose a status" in page and "kept when refused" in page
        status, page = submit(claim="zzzz", status="escalated", note="")
        assert status == 400 and "no claim has an id starting with" in page
        status, page = submit(claim=claim[:6], status="escalated", note="Ask the desk.")
        assert status == 200 and f"recorded for claim {claim}: escalated" in page

    result = CliRunner().invoke(
        app,
        ["review", claim[:6], "--status", "cleared", "--reviewer", "Ana Ruiz",
         "--ledger", str(tmp_path / "ledger.db")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    browser_row, cli_row = reviews(tmp_path / "ledger.db")
    assert browser_row[:4] == (claim, "escalated", "Ask the desk.", "Bo Chen")
    assert cli_row[:4] == (claim, "cleared", None, "Ana Ruiz")
    stamp = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00"
    assert re.fullmatch(stamp, browser_row[4]) and re.fullmatch(stamp, cli_row[4])


@pytest.mark.slow
def test_serve_caps_memory_on_huge_results(tmp_path: Path) -> None:
    fill(tmp_path / "ledger.db")
    with serving(tmp_path, "--allow-sql") as served:
        query = f"{served.base}/ledger.json?sql="
        status, _, body = get(query + urllib.parse.quote("select zeroblob(100000000)"))
        assert status == 400 and b"too big" in body
        cross = (
            "with recursive n(x) as (select 1 union all select x + 1 from n limit 10000) "
            "select a.x as a, b.x as b, 'a few words of text' as t from n a, n b limit 10000000"
        )
        rows = get_json(query + urllib.parse.quote(cross))
        assert rows["truncated"] is True and len(rows["rows"]) == 1000  # type: ignore[index,call-overload]
        status, _, csv = get(
            f"{served.base}/ledger.csv?_stream=on&sql=" + urllib.parse.quote(cross)
        )
        assert status == 200 and csv.count(b"\n") == 1001
        long_rows = "select hex(zeroblob(15000)) from (" + cross + ")"
        status, _, body = get(query + urllib.parse.quote(long_rows))
        assert status == 400 and b"larger than 16 MB" in body
        columns = ", ".join(f"zeroblob(4000000) as c{i}" for i in range(60))
        status, _, body = get(query + urllib.parse.quote(f"select {columns}"))
        assert status == 400 and b"more than the 64 MB" in body
        assert get_json(query + urllib.parse.quote("select count(*) as n from claims"))
        status, _, _ = get(query + urllib.parse.quote("delete from claims"))
        assert status == 400
        peak = peak_rss_mb(served.process.pid)
        assert peak < 300, f"serve reached {peak} MB"


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident set size (Linux /proc), in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"VmHWM:\s+(\d+) kB", status)
    assert found, status
    return int(found.group(1)) / 1024


@pytest.mark.slow
def test_archived_copy_is_sandboxed_under_a_banner(tmp_path: Path) -> None:
    fill(tmp_path / "ledger.db")
    capture = archive_page(tmp_path)
    with serving(tmp_path) as served:
        url = f"{served.base}/-/provenance/capture/{capture.id}"
        status, headers, body = get(url)
        assert status == 200
        policy = headers["Content-Security-Policy"]
        assert "sandbox" in [part.strip() for part in policy.split(";")]
        page = body.decode()
        assert capture.sha256 in page and capture.fetched_at in page
        assert "http://news.test/original" in page
        assert "<script>" not in page  # the archived markup is escaped into a sandboxed frame
        assert "Minister quoted" in page

        status, headers, raw = get(url + "/raw")
        assert status == 200 and raw == SCRIPTED_PAGE
        assert "sandbox" in headers["Content-Security-Policy"]
        assert headers["Content-Disposition"].startswith("attachment")

        status, _, body = get(f"{served.base}/-/provenance/capture/{'0' * 16}")
        assert status == 404 and b"no capture" in body


@pytest.mark.slow
def test_archived_copy_that_does_not_match_its_digest_is_not_shown(tmp_path: Path) -> None:
    fill(tmp_path / "ledger.db")
    capture = archive_page(tmp_path)
    with sqlite3.connect(tmp_path / "ledger.db") as db:
        db.execute("update captures set sha256 = ? where id = ?", ["0" * 64, capture.id])
    with serving(tmp_path) as served:
        status, _, body = get(f"{served.base}/-/provenance/capture/{capture.id}")
        assert status == 404 and b"does not match its sha256" in body


def test_serve_on_a_busy_port_is_one_line_and_exit_1(tmp_path: Path) -> None:
    fill(tmp_path / "ledger.db")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = CliRunner().invoke(
            app, ["serve", "--ledger", str(tmp_path / "ledger.db"), "--port", str(port)]
        )
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and f"cannot listen on 127.0.0.1:{port}" in lines[0], result.output


def test_serve_without_ledger_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--ledger", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "no ledger" in result.output


def test_serve_names_an_unreadable_reviewers_file(tmp_path: Path) -> None:
    fill(tmp_path / "ledger.db")
    missing = tmp_path / "reviewers.txt"
    result = CliRunner().invoke(
        app, ["serve", "--ledger", str(tmp_path / "ledger.db"), "--reviewers", str(missing)]
    )
    assert result.exit_code == 2
    assert "reviewers.txt" in result.output


def chromium_driver(profile: Path) -> object:
    """A headless Debian Chromium under chromedriver, with a fresh profile."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    service = Service(executable_path=shutil.which("chromedriver") or "chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    driver.implicitly_wait(10)  # a loaded machine renders late: look again until found
    return driver


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("chromium") is None or shutil.which("chromedriver") is None,
    reason="Debian's chromium and chromium-driver are not installed",
)
def test_browser_logs_in_reviews_and_anonymous_is_refused(tmp_path: Path) -> None:
    pytest.importorskip("selenium")
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support.ui import Select

    fill(tmp_path / "ledger.db")
    capture = archive_page(tmp_path)
    claim = claim_ids(tmp_path / "ledger.db")[1]
    with serving(tmp_path, "--reviewer", "Ana Ruiz", logins=1) as served:
        link = re.search(r"log in as Ana Ruiz: (\S+)", served.lines[1])
        assert link, served.lines
        driver = chromium_driver(tmp_path / "profile")
        assert isinstance(driver, WebDriver)
        try:
            driver.get(link.group(1))  # the login link sets the signed actor cookie
            assert driver.find_element(By.CSS_SELECTOR, ".actor").text == "Ana Ruiz"
            driver.get(f"{served.base}/-/provenance/review?claim={claim[:8]}")
            Select(driver.find_element(By.ID, "status")).select_by_value("corrected")
            driver.find_element(By.ID, "note").send_keys("The quote was altered; corrected.")
            driver.find_element(By.ID, "review-submit").click()
            done = driver.find_element(By.ID, "review-done").text
            assert f"recorded for claim {claim}: corrected" in done

            driver.get(f"{served.base}/ledger/reviews")
            table = driver.find_element(By.CSS_SELECTOR, "table.rows-and-columns").text
            assert "Ana Ruiz" in table and "The quote was altered; corrected." in table
            [row] = reviews(tmp_path / "ledger.db")
            assert row[:4] == (claim, "corrected", "The quote was altered; corrected.", "Ana Ruiz")
            assert row[4].startswith(time.strftime("%Y-", time.gmtime()))

            # The same form, once the visitor is no longer logged in, is refused.
            driver.get(f"{served.base}/-/provenance/review?claim={claim}")
            driver.delete_cookie("ds_actor")
            Select(driver.find_element(By.ID, "status")).select_by_value("cleared")
            driver.find_element(By.ID, "review-submit").click()
            refused = driver.find_element(By.ID, "review-problem").text
            assert "Log in as a reviewer" in refused
            driver.implicitly_wait(0)  # gone already: the problem above was found
            assert driver.find_elements(By.ID, "review-form") == []
            driver.implicitly_wait(10)
            assert len(reviews(tmp_path / "ledger.db")) == 1

            # The archived copy renders, and its script does not run.
            driver.get(f"{served.base}/-/provenance/capture/{capture.id}")
            assert "news.test/original" in driver.find_element(By.ID, "provenance-banner").text
            assert driver.title.startswith("Archived copy of")
            driver.switch_to.frame(driver.find_element(By.TAG_NAME, "iframe"))
            assert driver.find_element(By.TAG_NAME, "h1").text == "Minister quoted"
            title = driver.find_element(By.TAG_NAME, "title").get_attribute("textContent")
            assert title == "Original"  # the page's script would have renamed it
            driver.switch_to.default_content()
            assert driver.title.startswith("Archived copy of")
        finally:
            driver.quit()
