"""`provenance verify` end to end on the seed articles, offline (tests never use the internet)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from match_support import ORIGINALS
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
    unreachable = [c for c in checkable if c["verdict"] == "unreachable"]
    assert len(unreachable) >= 10
    assert all("offline" in c["resolution_reason"] for c in unreachable)
    assert all(json.loads(c["queries"]) for c in checkable)  # the plan a networked run would follow
    # the rest have nothing a networked run could fetch either (no outlet domain, no handle)
    assert {c["verdict"] for c in checkable} <= {"unreachable", "source_not_found"}
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
        for n in range(1, 8)
    ]
    (workdir / "dead.md").write_text("\n\n".join(lines) + "\n")
    monkeypatch.setenv("PROVENANCE_ALLOW_PRIVATE_NETWORK", "1")  # port 9: nobody listens
    monkeypatch.setenv("PROVENANCE_RETRIES", "0")
    monkeypatch.setenv("PROVENANCE_OBEY_ROBOTS", "0")
    result = runner.invoke(app, ["verify", "dead.md", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.splitlines()[0])
    assert any(notice.startswith("no network: 5 hosts failed") for notice in summary["notices"])
    db = sqlite3.connect(workdir / "ledger.db")
    reasons = [
        row[0] for row in db.execute("select resolution_reason from claims order by position")
    ]
    assert len(reasons) == 7
    assert all(reason.startswith("no network") for reason in reasons[5:])


def test_an_article_given_by_url_is_fetched_archived_and_checked(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pytest_httpserver import HTTPServer

    original = (ORIGINALS / "rates-held.html").read_text(encoding="utf-8")
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


def test_an_error_on_one_claim_is_recorded_not_raised(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import provenance.pipeline

    def broken(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(provenance.pipeline, "resolve", broken)
    result = verify()
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(workdir / "ledger.db")
    rows = db.execute("select verdict, reasons from claims where checkable = 1").fetchall()
    assert rows and {verdict for verdict, _ in rows} == {"not_checked"}
    assert all("RecursionError" in reasons for _, reasons in rows)


def test_the_same_articles_by_another_path_are_the_same_rows(workdir: Path) -> None:
    assert verify().exit_code == 0
    first = counts(workdir / "ledger.db")
    again = runner.invoke(app, ["verify", str(workdir / "seeds"), "--offline"])
    assert again.exit_code == 0, again.output
    assert counts(workdir / "ledger.db") == {**first, "runs": 2}


def test_an_edited_article_supersedes_its_earlier_version(workdir: Path) -> None:
    assert verify().exit_code == 0
    db = sqlite3.connect(workdir / "ledger.db")
    before = db.execute("select count(*) from flagged_claims").fetchone()[0]
    path = workdir / "seeds" / "china-open-source-ai.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nA late note.\n", encoding="utf-8")
    assert verify().exit_code == 0
    assert db.execute("select count(*) from flagged_claims").fetchone()[0] == before
    superseded = db.execute("select count(*) from articles where superseded = 1").fetchone()[0]
    assert superseded == 1


@pytest.mark.slow
def test_jobs_give_the_same_ledger_as_one_process(workdir: Path) -> None:
    assert verify().exit_code == 0
    first = counts(workdir / "ledger.db")
    db = sqlite3.connect(workdir / "ledger.db")
    verdicts = db.execute("select id, verdict from claims order by id").fetchall()
    (workdir / "ledger.db").unlink()
    result = verify("--jobs", "2")
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(workdir / "ledger.db")
    assert counts(workdir / "ledger.db") == first
    assert db.execute("select id, verdict from claims order by id").fetchall() == verdicts
