"""Date check: claimed dates against published, updated, post and capture dates."""

from __future__ import annotations

import pytest

from provenance.match import check_date
from provenance.match.dates import compare, parse_day
from provenance.models import ClaimDate, Document
from tests.match_support import techwire


def claimed(value: str | None, precision: str = "day", relative: bool = False) -> ClaimDate:
    return ClaimDate(text="x", start=0, end=0, value=value, precision=precision, relative=relative)  # type: ignore[arg-type]


def test_same_day_matches_the_published_date() -> None:
    result = check_date(claimed("2025-11-19"), techwire())
    assert result.status == "match"
    assert result.compared == {"published": "2025-11-19", "updated": "2025-11-20"}
    assert result.difference_days == 0
    assert result.reason is not None and "published" in result.reason


def test_a_day_off_is_near() -> None:
    result = check_date(claimed("2025-11-18"), Document(text="", published="2025-11-19"))
    assert result.status == "near"
    assert result.tolerance_days == 2
    assert result.difference_days == 1


def test_a_week_off_is_a_mismatch() -> None:
    result = check_date(claimed("2025-11-12"), Document(text="", published="2025-11-19"))
    assert result.status == "mismatch"
    assert result.difference_days == 7
    assert result.reason is not None and "7 days after" in result.reason


def test_updated_date_can_match() -> None:
    result = check_date(claimed("2025-11-20"), techwire())
    assert result.status == "match"
    assert result.reason is not None and "updated" in result.reason


def test_relative_week_has_a_week_of_tolerance() -> None:
    document = Document(text="", published="2025-11-14")
    result = check_date(claimed("2025-11-12", "week", relative=True), document)
    assert result.status == "near"
    assert result.tolerance_days == 7
    assert result.reason is not None and "relative" in result.reason
    far = check_date(claimed("2025-11-01", "week", relative=True), document)
    assert far.status == "mismatch"


@pytest.mark.parametrize(
    ("claim", "found", "precision", "status"),
    [
        ("2025-11-01", "2025-11-28", "month", "match"),
        ("2025-11-01", "2025-12-03", "month", "near"),
        ("2025-11-01", "2026-01-15", "month", "mismatch"),
        ("2025-01-01", "2025-12-31", "year", "match"),
        ("2025-01-01", "2024-12-20", "year", "near"),
        ("2025-11-19", "2025-11-20", "week", "match"),
        ("2025-11-19", "2025-11-19", "day", "match"),
        ("2025-11-19", "2025-11-22", "day", "mismatch"),
    ],
)
def test_compare_by_precision(claim: str, found: str, precision: str, status: str) -> None:
    claim_day, found_day = parse_day(claim), parse_day(found)
    assert claim_day is not None and found_day is not None
    assert compare(claim_day, found_day, precision) == status


def test_post_timestamp_is_compared() -> None:
    post = Document(text="", date_sources={"post": "2024-11-02"})
    assert check_date(claimed("2024-11-02"), post).compared == {"post": "2024-11-02"}
    assert check_date(claimed("2024-11-02"), post).status == "match"


def test_no_dates_is_unknown_with_a_reason() -> None:
    assert check_date(None, techwire()).status == "unknown"
    assert check_date(claimed(None), techwire()).reason == "the claimed date is unresolved"
    undated = check_date(claimed("2025-11-19"), Document(text=""))
    assert undated.status == "unknown"
    assert undated.reason is not None and "no date" in undated.reason


def test_first_capture_stands_in_for_a_missing_date() -> None:
    document = Document(text="")
    near = check_date(claimed("2025-11-19"), document, first_capture="2025-11-20T08:00:00Z")
    assert near.status == "near"
    assert near.compared == {"first_capture": "2025-11-20"}
    late = check_date(claimed("2025-11-19"), document, first_capture="2026-03-01T08:00:00Z")
    assert late.status == "unknown"
    assert late.difference_days == 102


def test_parse_day() -> None:
    assert str(parse_day("2025-11-19T08:00:00Z")) == "2025-11-19"
    assert parse_day("19 November") is None
    assert parse_day(None) is None


def test_a_listed_date_stands_in_when_the_page_shows_none() -> None:
    result = check_date(claimed("2025-11-19"), Document(text=""), listed="2025-11-19T06:00:00Z")
    assert result.status == "match"
    assert result.compared == {"listed": "2025-11-19"}


def test_a_listed_date_that_disagrees_with_the_page_is_reported() -> None:
    document = Document(text="", published="2025-11-19", date_sources={"json-ld": "2025-11-19"})
    result = check_date(claimed("2025-11-19"), document, listed="2025-11-17")
    assert result.status == "match"
    assert result.reason is not None
    assert "disagree: sitemap/feed 2025-11-17; JSON-LD 2025-11-19" in result.reason


def test_the_urls_month_is_compared_as_a_month() -> None:
    document = Document(text="", date_sources={"url": "2025-11"})
    in_month = check_date(claimed("2025-11-19"), document)
    assert in_month.status == "near" and in_month.compared == {"url": "2025-11"}
    assert in_month.reason is not None and "month 2025-11" in in_month.reason
    assert check_date(claimed("2025-11-01", "month"), document).status == "match"
    assert check_date(claimed("2025-12-02"), document).status == "near"  # 2 days after its end
    far = check_date(claimed("2025-09-10"), document)
    assert far.status == "mismatch" and far.difference_days == 52


def test_disagreeing_page_dates_are_named_in_the_reason() -> None:
    sources = {"json-ld": "2023-11-09", "url": "2023-11-08", "htmldate": "2023-11-08"}
    document = Document(text="", published="2023-11-08", date_sources=sources)
    result = check_date(claimed("2023-11-08"), document)
    assert result.status == "match"
    assert result.reason is not None
    assert "disagree: URL, htmldate 2023-11-08; JSON-LD 2023-11-09" in result.reason


def test_a_claim_one_page_signal_dates_exactly_is_near_not_mismatch() -> None:
    sources = {"json-ld": "2025-11-12", "url": "2025-11-19", "htmldate": "2025-11-19"}
    document = Document(text="", published="2025-11-19", date_sources=sources)
    result = check_date(claimed("2025-11-12"), document)
    assert result.status == "near"
    assert result.compared["json-ld"] == "2025-11-12"
    assert result.reason is not None and "is the day the JSON-LD gives" in result.reason
    alone = Document(text="", published="2025-11-19", date_sources={"url": "2025-11-19"})
    assert check_date(claimed("2025-11-12"), alone).status == "mismatch"


def test_agreeing_dates_and_a_url_month_say_nothing_more() -> None:
    sources = {"json-ld": "2025-11-19", "meta": "2025-11-19", "url": "2025-11"}
    document = Document(text="", published="2025-11-19", date_sources=sources)
    result = check_date(claimed("2025-11-19"), document)
    assert result.reason is not None and "disagree" not in result.reason
    other_month = Document(
        text="", published="2025-11-19", date_sources={"meta": "2025-11-19", "url": "2025-10"}
    )
    reason = check_date(claimed("2025-11-19"), other_month).reason
    assert reason is not None and "URL 2025-10" in reason
