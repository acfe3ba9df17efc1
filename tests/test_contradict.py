"""Contradiction checks, the content checked, unreadable pages, and the verdicts they give."""

from __future__ import annotations

import json
from functools import cache

import pytest
from typer.testing import CliRunner

from provenance.cli import app
from provenance.match import check_claim, decide
from provenance.match.contradict import find_contradictions, quantities
from provenance.match.verdict import claim_from_text, content_to_check, unreadable
from provenance.models import Document, Resolution
from provenance.read import inspect_html, read_body
from tests.match_support import ORIGINALS

BRIEFING = ORIGINALS / "citydesk-briefing.html"
RESOLVED = Resolution(claim_id="c", status="resolved")


@cache
def briefing() -> Document:
    return inspect_html(BRIEFING.read_bytes(), url="https://citydesk.example/briefing")


def verdict(text: str, document: Document | None = None) -> tuple[str, list[str]]:
    claim = claim_from_text(text)
    result = decide(claim, RESOLVED, check_claim(claim, document or briefing()))
    return result.verdict, result.reasons


@pytest.mark.parametrize(
    ("claim", "kind", "claimed", "found"),
    [
        ("Acme shares rose 10% on Tuesday", "number", "rose 10% on", "fell 4% on"),
        ("Acme shares rose on Tuesday", "direction", "rose", "fell"),
        ("the city council rejected the bike lanes", "direction", "rejected", "approved"),
        ("Acme will raise prices before the summer", "negation", "raise", "not raise"),
        (
            "Initech sued Globex over a patent",
            "entity",
            "Initech sued Globex",
            "Globex sued Initech",
        ),
        (
            "Globex sued Initech over a patent on November 5",
            "date",
            "on November 5",
            "on November 3",
        ),
        (
            "Revenue reached $2.1 billion in the third quarter",
            "number",
            "reached $2.1 billion in",
            "reached $1.2 billion in",
        ),
        (
            "recyclers will have to recover 70% of the lithium by 2035",
            "number",
            "by 2035",
            "by 2030",
        ),
    ],
)
def test_each_contradiction_names_both_sides_and_the_sentence(
    claim: str, kind: str, claimed: str, found: str
) -> None:
    text = briefing().text
    result = find_contradictions(claim, text)
    assert [(c.kind, c.claimed, c.found) for c in result][:1] == [(kind, claimed, found)]
    assert result[0].sentence in text


@pytest.mark.parametrize(
    "claim",
    [
        "Acme shares fell 4% on Tuesday",
        "the city council approved the bike lanes",
        "Acme will not raise prices before the summer",
        "Globex sued Initech over a patent on November 3",
        "Revenue reached 1.2 billion dollars in the third quarter",
        "Revenue reached $1,200 million in the third quarter",
        "recyclers will have to recover 70 percent of the lithium by 2030",
    ],
)
def test_the_same_facts_in_other_words_are_not_contradicted(claim: str) -> None:
    assert find_contradictions(claim, briefing().text) == []


def test_quantities_know_money_percentages_years_ordinals_and_days() -> None:
    found = quantities("On March 3 the 2nd bid of €4.5m rose 12 percent, up from 1,200 in 2019.")
    assert [(q.kind, q.value) for q in found] == [
        ("day", 303),
        ("ordinal", 2),
        ("money", 4.5e6),
        ("percent", 12),
        ("count", 1200),
        ("year", 2019),
    ]


def test_correct_paraphrase_with_a_verbatim_quote_is_verified() -> None:
    quote = "put Europe ahead of every other market on recycling"
    name, reasons = verdict(
        "Ana Ruiz said the law will require recyclers to recover 70% of lithium by 2030 "
        f"and will “{quote}”"
    )
    assert name in ("verified", "minor_discrepancy"), reasons
    assert not any(reason.startswith("contradiction") for reason in reasons)


def test_a_contradicted_claim_is_flagged_contradicted_with_the_evidence() -> None:
    name, reasons = verdict("Reuters reported that Acme shares rose 10% on Tuesday.")
    assert name == "contradicted"
    assert reasons[0].startswith("contradiction (")
    assert "Acme shares fell 4% on Tuesday" in reasons[0]
    assert (
        verdict("The Courier reported that the city council rejected the bike lanes.")[0]
        == "contradicted"
    )
    assert (
        verdict("The Courier reported that the city council approved the bike lanes.")[0]
        != "contradicted"
    )


def test_contradiction_checks_carry_offsets_into_the_source() -> None:
    claim = claim_from_text("Acme shares rose 10% on Tuesday")
    checks = [c for c in check_claim(claim, briefing()) if c.kind == "contradiction"]
    assert checks and all(c.status == "contradicted" for c in checks)
    first = checks[0]
    assert first.start is not None and first.end is not None
    assert briefing().text[first.start : first.end] == first.evidence
    assert len({c.id for c in checks}) == len(checks)


def test_attribution_words_are_not_content() -> None:
    text = (
        "The piece, published on November 19, 2025, highlights that Acme shares fell 4% on Tuesday"
    )
    content = content_to_check(claim_from_text(text))
    assert content == "Acme shares fell 4% on Tuesday"
    assert "published" not in content_to_check(
        claim_from_text("According to City Desk, Acme shares fell 4%, as published on Monday")
    )


def test_unreadable_pages_are_not_checked_never_misquoted() -> None:
    quote = "put Europe ahead of every other market on recycling"
    claim = claim_from_text(f"Ruiz said the rules “{quote}”")
    pages = {
        "empty": read_body(b"", content_type="text/html", url="https://x.example/a"),
        "binary": read_body(bytes(range(256)) * 40, content_type="text/html", url=None),
        "garbled": Document(text="\x00\x01\x02\ufffd\ufffd" * 50),
        "too short": Document(text="Subscribe now"),
        "paywall": Document(
            text="Europe's battery law: what changes for recyclers. The new rules set targets "
            "for lithium. Subscribe now to continue reading. Already a subscriber? Log in."
        ),
    }
    for name, page in pages.items():
        checks = check_claim(claim, page)
        assert [(c.kind, c.status) for c in checks] == [("page", "unreadable")], name
        result = decide(claim, RESOLVED, checks)
        assert result.verdict == "not_checked", name
        assert result.reasons[0].startswith("page not readable"), name
    assert unreadable(briefing()) is None
    post = "Open weights are the only way to earn public trust in AI. Subscribe to my newsletter."
    assert unreadable(Document(text=post)) is None
    assert unreadable(Document(text="", error="the page is too deeply nested to read")) == (
        "the page is too deeply nested to read"
    )


def test_check_claim_command_prints_contradicted() -> None:
    result = CliRunner().invoke(
        app, ["check-claim", "Acme shares rose 10% on Tuesday", str(BRIEFING), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["verdict"] == "contradicted"
    assert "contradiction" in [check["kind"] for check in data["checks"]]


def test_the_claims_own_date_and_outlet_do_not_sink_the_right_page() -> None:
    from provenance.match import score_candidate

    text = (
        "The piece, published on November 19, 2025, highlights that Acme shares fell 4% "
        "on Tuesday after the company cut its sales forecast"
    )
    claim = claim_from_text(text)
    assert claim.date is not None and claim.date.text in text
    assert score_candidate(claim, briefing()) >= 0.7
