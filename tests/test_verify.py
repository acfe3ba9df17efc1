"""`provenance verify` end to end on the seed articles, offline (tests never use the internet)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from provenance.cli import app

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
runner = CliRunner()


def counts(ledger: Path) -> dict[str, int]:
    db = sqlite3.connect(ledger)
    tables = ["runs", "articles", "claims", "sources", "captures", "checks", "reviews"]
    return {t: db.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    for name in ("LEDGER", "CACHE", "REPORTS"):
        monkeypatch.delenv(f"PROVENANCE_{name}", raising=False)
    return tmp_path


def verify(*args: str) -> object:
    return runner.invoke(app, ["verify", "seeds/", "--offline", *args])


def test_offline_run_completes_and_says_what_was_not_fetched(workdir: Path) -> None:
    result = verify()
    assert result.exit_code == 0, result.output
    assert "offline" in result.output
    db = sqlite3.connect(workdir / "ledger.db")
    db.row_factory = sqlite3.Row
    claims = db.execute("select * from claims").fetchall()
    assert len(claims) >= 20
    checkable = [c for c in claims if c["checkable"]]
    assert checkable and all(c["verdict"] == "unreachable" for c in checkable)
    assert all("offline" in c["resolution_reason"] for c in checkable)
    assert all(json.loads(c["queries"]) for c in checkable)  # the plan a networked run would follow
    assert {c["verdict"] for c in claims if not c["checkable"]} == {"unattributed"}
    assert (workdir / "reports" / "report.html").is_file()


def test_rerun_leaves_identical_row_counts_and_keeps_reviews(workdir: Path) -> None:
    assert verify().exit_code == 0
    first = counts(workdir / "ledger.db")
    claim = sqlite3.connect(workdir / "ledger.db").execute("select id from claims").fetchone()[0]
    reviewed = runner.invoke(app, ["review", claim, "--status", "confirmed", "--note", "checked"])
    assert reviewed.exit_code == 0, reviewed.output
    assert verify().exit_code == 0
    second = counts(workdir / "ledger.db")
    assert second == {**first, "reviews": 1}
    note = sqlite3.connect(workdir / "ledger.db").execute("select note from reviews").fetchone()
    assert note == ("checked",)


def test_json_summary_and_fail_on_flagged(workdir: Path) -> None:
    result = verify("--json", "--fail-on", "flagged")
    assert result.exit_code == 1
    summary = json.loads(result.stdout.splitlines()[0])
    assert summary["flagged"] > 0
    assert len(summary["articles"]) == 2


def test_usage_errors_exit_2(workdir: Path) -> None:
    assert verify("--fail-on", "sometimes").exit_code == 2
    assert verify("--article-date", "yesterday").exit_code == 2


def test_nothing_readable_fails(workdir: Path) -> None:
    (workdir / "empty.txt").write_text("")
    result = runner.invoke(app, ["verify", "empty.txt", "--offline"])
    assert result.exit_code == 1
    assert "empty file" in result.output


def test_a_run_without_network_says_so_and_stops_trying(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [
        f"[Outlet {n}](http://127.0.0.{n}:9/story-{n}) reported on October 3, 2025, that "
        f"“prices rose by {n} percent” last month."
        for n in range(1, 6)
    ]
    (workdir / "dead.md").write_text("\n\n".join(lines) + "\n")
    monkeypatch.setenv("PROVENANCE_ALLOW_PRIVATE_NETWORK", "1")  # port 9: nobody listens
    monkeypatch.setenv("PROVENANCE_RETRIES", "0")
    monkeypatch.setenv("PROVENANCE_OBEY_ROBOTS", "0")
    result = runner.invoke(app, ["verify", "dead.md", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.splitlines()[0])
    assert any(notice.startswith("no network: 3 hosts failed") for notice in summary["notices"])
    db = sqlite3.connect(workdir / "ledger.db")
    reasons = [
        row[0] for row in db.execute("select resolution_reason from claims order by position")
    ]
    assert len(reasons) == 5
    assert all(reason.startswith("no network") for reason in reasons[3:])


def test_an_article_given_by_url_is_fetched_archived_and_checked(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pytest_httpserver import HTTPServer

    original = (
        "<html><head><title>Rates</title>"
        '<meta property="article:published_time" content="2025-10-03"></head><body><article>'
        "<h1>Rates held</h1><p>The central bank said on Friday that prices rose by two percent "
        "last month, and that it would hold rates steady until the spring.</p>"
        "<p>Officials expect inflation to ease slowly over the next year.</p>"
        "</article></body></html>"
    )
    with HTTPServer(host="127.0.0.1") as server:
        article = (
            "<html><head><title>Bank news</title>"
            '<meta property="article:published_time" content="2025-10-05"></head><body><article>'
            f'<h1>Bank news</h1><p><a href="{server.url_for("/rates")}">The Daily Rate</a> '
            "reported on October 3, 2025, that “prices rose by two percent last month.”</p>"
            "<p>Readers were not surprised by the figures, which matched forecasts.</p>"
            "</article></body></html>"
        )
        server.expect_request("/news").respond_with_data(article, content_type="text/html")
        server.expect_request("/rates").respond_with_data(original, content_type="text/html")
        server.expect_request("/robots.txt").respond_with_data("", status=404)
        monkeypatch.setenv("PROVENANCE_ALLOW_PRIVATE_NETWORK", "1")
        monkeypatch.setenv("PROVENANCE_HOST_DELAY", "0")
        result = runner.invoke(app, ["verify", server.url_for("/news"), "--json"])
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(workdir / "ledger.db")
    assert db.execute("select format, published from articles").fetchall() == [
        ("url", "2025-10-05")
    ]
    quotes = db.execute("select status from checks where kind = 'quote'").fetchall()
    assert quotes == [("verbatim",)]
    urls = {row[0] for row in db.execute("select url from captures")}
    assert {server.url_for("/news"), server.url_for("/rates")} <= urls
