"""Reports from the ledger: flagged first, in HTML (opened in headless Chromium) and Markdown."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from provenance.cli import app
from tests.test_ledger import fill

runner = CliRunner()


def make_reports(tmp_path: Path) -> Path:
    fill(tmp_path / "l.db")
    result = runner.invoke(
        app, ["report", "--ledger", str(tmp_path / "l.db"), "--reports", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    return tmp_path / "out"


def test_markdown_report_puts_flagged_first(tmp_path: Path) -> None:
    text = (make_reports(tmp_path) / "report.md").read_text()
    assert text.index("## Flagged for review") < text.index("**misquoted**")
    assert text.index("**misquoted**") < text.index("## Verified") < text.index("**verified**")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed")
def test_html_report_renders_in_chromium(tmp_path: Path) -> None:
    page = make_reports(tmp_path) / "report.html"
    command = [
        "chromium",
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--dump-dom",
        page.as_uri(),
    ]
    dom = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True).stdout
    assert "Flagged for review (1)" in dom
    assert dom.index("misquoted</span>") < dom.index("Verified (1)") < dom.index("verified</span>")
    assert "closest passage differs" in dom


def test_review_command_and_errors(tmp_path: Path) -> None:
    fill(tmp_path / "l.db")
    ledger = ["--ledger", str(tmp_path / "l.db")]
    bad = runner.invoke(app, ["review", "abc", "--status", "maybe", *ledger])
    assert bad.exit_code == 2
    missing = runner.invoke(app, ["review", "zzzz", "--status", "confirmed", *ledger])
    assert missing.exit_code == 1
    assert "no claim has an id starting with 'zzzz'" in missing.output


def test_markdown_report_escapes_article_text(tmp_path: Path) -> None:
    from provenance.report import md_claim

    claim = {
        "verdict": "misquoted", "source": "<script>x</script>", "source_kind": "outlet",
        "channel": "article", "date_value": None, "article_path": "a.txt", "id": "c1",
        "sentence": "He said <img src=x onerror=alert(1)>", "reasons": '["<b>bold</b>"]',
        "queries": "[]", "original_url": None,
        "reviews": [{"status": "confirmed", "note": "<iframe>", "reviewer": "<b>ed</b>",
                     "created": "2026-01-01T00:00:00+00:00"}],
    }  # fmt: skip
    text = md_claim(claim)
    assert "<" not in text and "&lt;script&gt;" in text and "&lt;iframe&gt;" in text


def test_reports_link_archived_copies_and_head_with_the_run_notice(tmp_path: Path) -> None:
    from provenance.ledger import Ledger
    from provenance.models import RunSummary
    from provenance.report import write_reports

    fill(tmp_path / "l.db")
    with Ledger(tmp_path / "l.db") as ledger:
        summary = RunSummary(run_id="run1", started="now", notices=["offline run: not fetched"])
        ledger.finish_run(summary)
        capture = next(ledger.query("select capture_id from claims where flagged = 1"))
        plain = write_reports(ledger, tmp_path / "plain")
        served = write_reports(ledger, tmp_path / "served", serve_url="https://review.example/")
    markdown = plain[1].read_text(encoding="utf-8")
    assert markdown.index("offline run: not fetched") < markdown.index("## Flagged")
    assert "archived copy: WARC cache/warc/a.warc.gz offset 1000" in markdown
    page = served[0].read_text(encoding="utf-8")
    assert "<p class=notice>offline run: not fetched</p>" in page
    link = f"https://review.example/-/provenance/capture/{capture['capture_id']}"
    assert f"<a href='{link}'>archived copy</a>" in page
    assert "overflow-wrap:anywhere" in page


def test_reports_show_every_review_with_its_author_and_time_unreviewed_first(
    tmp_path: Path,
) -> None:
    from provenance.ledger import Ledger
    from provenance.report import render_markdown
    from tests.ledger_support import article, outcome

    art = article()
    outcomes = [outcome(art, i, "misquoted") for i in range(3)]
    with Ledger(tmp_path / "l.db") as ledger:
        ledger.start_run("run1", inputs=[], options={})
        ledger.record_article(art, outcomes, run_id="run1")
        first = outcomes[0].claim.id
        ledger.add_review(first, status="pending", note="asking the desk", reviewer="ana")
        ledger.add_review(first, status="confirmed", note="altered", reviewer="ben")
        text = render_markdown(ledger.report_claims())
    reviewed = text.index(f"claim `{first}`")
    assert text.index(f"claim `{outcomes[1].claim.id}`") < reviewed  # unreviewed first
    assert text.index(f"claim `{outcomes[2].claim.id}`") < reviewed
    assert "review: pending by ana on 20" in text and ": asking the desk" in text
    assert "review: confirmed by ben on 20" in text


def test_a_check_detail_the_reasons_give_is_not_repeated() -> None:
    from provenance.report import md_claim

    claim = {
        "id": "c1", "verdict": "misquoted", "source": "Reuters", "source_kind": "outlet",
        "channel": "article", "date_value": None, "article_path": "a.txt", "sentence": "S.",
        "reasons": '["quote altered: the closest passage differs"]', "queries": "[]",
        "original_url": None, "checks": [
            {"kind": "quote", "status": "altered", "detail": "the closest passage differs",
             "evidence": "open mode", "capture_id": None},
            {"kind": "quote", "status": "altered", "detail": "the closest passage differs",
             "evidence": "open mode", "capture_id": None},
        ],
    }  # fmt: skip
    text = md_claim(claim)
    assert text.count("the closest passage differs") == 1
    assert text.count("open mode") == 1
