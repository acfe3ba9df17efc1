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
