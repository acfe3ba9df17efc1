"""Claim checks against a fixture original, verdicts, candidate scores and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from provenance.cli import app
from provenance.match import check_claim, decide, score_candidate
from provenance.match.verdict import claim_from_text
from provenance.models import Capture, Check, Document, Query, Resolution
from tests.match_support import ORIGINALS, make_claim, techwire

RESOLVED = Resolution(claim_id="c", status="resolved")
CAPTURE = Capture(
    url="https://techwire.example/a",
    final_url="https://techwire.example/a",
    fetched_at="2025-11-21T10:00:00Z",
    status=200,
    content_type="text/html",
    warc_file="cache/warc/a.warc.gz",
    offset=1234,
    length=99,
    sha256="",
)
QUOTE = "The open-source wave is no longer coming – it is already here"
CONTENT = (
    "Maria Okafor, chief executive of Lumen Labs, told TechWire that open models now match "
    "the leading proprietary systems on most benchmarks"
)


def verdict_of(
    claim_text: str, quotes: tuple[str, ...] = (), date: str | None = "2025-11-19"
) -> str:
    claim = make_claim(claim_text, quotes=quotes, date=date)
    checks = check_claim(claim, techwire(), capture=CAPTURE)
    return decide(claim, RESOLVED, checks).verdict


def test_check_claim_gives_one_check_per_quote_and_one_date_and_one_support() -> None:
    claim = make_claim(f"{CONTENT}: “{QUOTE}”", quotes=(QUOTE, "already here"), date="2025-11-19")
    checks = check_claim(claim, techwire(), capture=CAPTURE)
    assert [check.kind for check in checks] == ["quote", "quote", "date", "support"]
    assert {check.capture_id for check in checks} == {CAPTURE.id}
    quote = checks[0]
    assert quote.status == "verbatim"
    assert quote.start is not None and quote.end is not None
    assert techwire().text[quote.start : quote.end] == quote.evidence
    assert quote.detail is not None and quote.detail.startswith("quote ‘The open-source wave")
    assert (
        checks[2].status == "match"
        and checks[2].evidence == "published 2025-11-19; updated 2025-11-20"
    )
    assert checks[3].status == "supported"
    assert checks[3].evidence is not None and "Maria Okafor" in checks[3].evidence
    assert len({check.id for check in checks}) == 4


def test_verified() -> None:
    assert verdict_of(f"{CONTENT}: “{QUOTE}”", quotes=(QUOTE,)) == "verified"


def test_misquoted_when_a_word_is_changed() -> None:
    changed = QUOTE.replace("wave", "tsunami")
    claim = make_claim(f"{CONTENT}: “{changed}”", quotes=(changed,), date="2025-11-19")
    verdict = decide(claim, RESOLVED, check_claim(claim, techwire()))
    assert verdict.verdict == "misquoted"
    assert "found altered: closest passage ‘The open-source wave" in verdict.reasons[0]


def test_misquoted_when_the_quote_is_fabricated() -> None:
    fabricated = "Our investors demanded that we abandon the open licence"
    assert verdict_of(f"{CONTENT}: “{fabricated}”", quotes=(fabricated,)) == "misquoted"


def test_date_mismatch_when_a_week_off() -> None:
    claim = make_claim(CONTENT, date="2025-11-12")
    verdict = decide(claim, RESOLVED, check_claim(claim, techwire()))
    assert verdict.verdict == "date_mismatch"
    assert any("7 days after" in reason for reason in verdict.reasons)


def test_unsupported_content() -> None:
    assert verdict_of("the mayor opened a new football stadium in Madrid") == "unsupported"


def test_minor_discrepancy() -> None:
    minor = "You cannot recall a file, that has been copied a million times!"
    assert verdict_of(f"Reyes said “{minor}”", quotes=(minor,), date="2025-11-18") == (
        "minor_discrepancy"
    )


def test_unconfirmable_date_is_a_minor_discrepancy() -> None:
    html = (ORIGINALS / "undated-statement.html").read_bytes()
    from provenance.read import inspect_html

    document = inspect_html(html)
    claim = make_claim(
        "The Halden Institute keeps research data for no longer than five years", date="2025-11-19"
    )
    verdict = decide(claim, RESOLVED, check_claim(claim, document))
    assert verdict.verdict == "minor_discrepancy"
    assert verdict.reasons[0].startswith("date unknown")


def test_unattributed_source_not_found_unreachable_not_checked() -> None:
    vague = make_claim(CONTENT, checkable=False)
    assert decide(vague, None, []).verdict == "unattributed"
    claim = make_claim(CONTENT)
    queries = [Query(method="cdx", target="techwire.example", outcome="not_found")]
    lost = decide(claim, Resolution(claim.id, "not_found", queries=queries, reason="no page"), [])
    assert lost.verdict == "source_not_found"
    assert lost.reasons[0] == "no page"
    assert lost.reasons[1].startswith("tried cdx techwire.example")
    assert decide(claim, None, []).verdict == "source_not_found"
    offline = Resolution(claim.id, "not_fetched", reason="offline: not in the archive")
    gone = decide(claim, offline, [])
    assert gone.verdict == "unreachable" and "offline" in gone.reasons[0]
    assert decide(claim, RESOLVED, []).verdict == "not_checked"


def test_best_capture_decides_when_there_are_several() -> None:
    claim = make_claim(CONTENT, quotes=(QUOTE,), date="2025-11-19")
    good = check_claim(claim, techwire(), capture=CAPTURE)
    bad = [Check(claim.id, "other-capture", "quote", "not_found", 0.0, "quote not found")]
    assert decide(claim, RESOLVED, bad).verdict == "misquoted"
    assert decide(claim, RESOLVED, good + bad).verdict == "verified"


def test_score_candidate_prefers_the_real_original() -> None:
    claim = make_claim(f"{CONTENT}: “{QUOTE}”", quotes=(QUOTE,))
    elsewhere = Document(text="The weather in Berlin was mild on Wednesday. Trains ran late.")
    real = score_candidate(claim, techwire())
    assert 0.8 <= real <= 1.0
    assert score_candidate(claim, elsewhere) < 0.3
    assert score_candidate(make_claim(CONTENT), techwire()) > 0.5


def test_claim_from_text_finds_quotes() -> None:
    claim = claim_from_text('Okafor said “open weights” and "safer systems" matter')
    assert [quote.text for quote in claim.quotes] == ["open weights", "safer systems"]
    assert claim.content is not None and claim.content.text.startswith("“open weights”")
    assert claim.cue is not None and claim.cue.text == "said"
    assert claim.source_name == "Okafor"


# --- CLI --------------------------------------------------------------------------------

FIXTURE = str(ORIGINALS / "techwire-open-models.html")


def test_check_quote_command_on_a_file() -> None:
    result = CliRunner().invoke(app, ["check-quote", QUOTE.replace("wave", "tsunami"), FIXTURE])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("altered (score 0.")
    assert "The open-source wave" in result.stdout


def test_check_quote_command_json() -> None:
    result = CliRunner().invoke(app, ["check-quote", QUOTE, FIXTURE, "--json"])
    data = json.loads(result.stdout)
    assert data["status"] == "verbatim"
    assert data["title"] == "Open models are catching up, says Lumen Labs chief"


def test_check_claim_command_json() -> None:
    text = f"{CONTENT}: “{QUOTE}”"
    result = CliRunner().invoke(app, ["check-claim", text, FIXTURE, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["verdict"] == "verified"
    assert [check["kind"] for check in data["checks"]] == ["quote", "date", "support"]


def test_check_claim_command_text() -> None:
    result = CliRunner().invoke(app, ["check-claim", "A stadium opened in Madrid", FIXTURE])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "unsupported"


def test_missing_source_file_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["check-quote", "x", str(tmp_path / "absent.html")])
    assert result.exit_code == 2  # a missing path, as the exit codes in --help say
    assert "absent.html" in result.stderr
    folder = CliRunner().invoke(app, ["check-quote", "x", str(tmp_path)])
    assert folder.exit_code == 1  # there, but not readable as a page
    assert str(tmp_path) in folder.stderr


def test_check_quote_over_http(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, httpserver) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("provenance.fetch")
    body = (ORIGINALS / "techwire-open-models.html").read_bytes()
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/story").respond_with_data(body, content_type="text/html")
    monkeypatch.setenv("PROVENANCE_ALLOW_PRIVATE_NETWORK", "1")
    monkeypatch.setenv("PROVENANCE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("PROVENANCE_HOST_DELAY", "0")
    result = CliRunner().invoke(app, ["check-quote", QUOTE, httpserver.url_for("/story"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["status"] == "verbatim"
    assert list((tmp_path / "cache" / "text").glob("*.json"))
    missing = CliRunner().invoke(app, ["check-quote", QUOTE, httpserver.url_for("/gone")])
    assert missing.exit_code == 1


def test_x_post_quote_and_post_time_verify() -> None:
    from provenance.read import read_body

    post = read_body((ORIGINALS / "x-post.json").read_bytes(), content_type=None, url=None)
    quote = "Open weights are the only way to earn public trust in AI"
    claim = make_claim(f"Okafor posted on X that “{quote}”", quotes=(quote,), date="2024-11-02")
    checks = check_claim(claim, post)
    assert [check.status for check in checks] == ["verbatim", "match", "supported"]
    assert decide(claim, RESOLVED, checks).verdict == "verified"
    late = make_claim(f"Okafor posted on X that “{quote}”", quotes=(quote,), date="2024-11-09")
    assert decide(late, RESOLVED, check_claim(late, post)).verdict == "date_mismatch"
