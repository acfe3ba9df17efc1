"""Dating a page: each signal on pages built here, the capture bound, time zones, the choice."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from provenance import dating
from provenance.dating import capture_time, choose_published, page_dates, parse_stamp, url_month
from provenance.match.dates import disagreement, page_signals
from provenance.models import Capture
from provenance.read import inspect_html, read_capture

CAPTURED = datetime(2025, 11, 21, 10, 0, tzinfo=UTC)
TEXT = "<p>" + "The council met on the river tunnel budget and voted late in the evening. " * 6


def page(head: str = "", body: str = "") -> bytes:
    """A small article page with `head` and `body` markup around some plain text."""
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>Tunnel vote</title>{head}"
        f"</head><body><article><h1>Tunnel vote</h1>{body}{TEXT}</p></article></body></html>"
    ).encode()


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_json_ld_in_a_graph_with_a_list_of_types() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "ImageObject", "datePublished": "2020-01-01T00:00:00Z"},
            {"@type": "WebPage", "datePublished": "2025-11-18T09:00:00+01:00"},
            {
                "@type": ["NewsArticle", "Article"],
                "datePublished": "2025-11-19T09:00:00+01:00",
                "dateModified": "2025-11-20T10:00:00+01:00",
            },
        ],
    }
    sources = page_dates(page(ld(graph)), captured=CAPTURED).sources
    assert sources["json-ld"] == "2025-11-19"  # the article, not the image or the web page
    assert sources["json-ld_modified"] == "2025-11-20"


def test_json_ld_as_a_top_level_array_and_a_web_page_alone() -> None:
    items = [
        {"@type": "Organization", "name": "Bugle"},
        {"@type": "WebPage", "datePublished": "2025-11-17"},
    ]
    assert page_dates(page(ld(items)), captured=CAPTURED).sources["json-ld"] == "2025-11-17"


def test_open_graph_and_time_elements() -> None:
    head = '<meta property="og:article:published_time" content="2025-11-19T07:00:00-05:00">'
    body = (
        '<p>Related: <time datetime="2024-02-02">Feb 2</time></p>'
        '<time class="entry-date published" datetime="2025-11-19T07:00:00-05:00">Nov 19</time>'
        '<time itemprop="dateModified" datetime="2025-11-20">Nov 20</time>'
    )
    dates = page_dates(page(head, body), captured=CAPTURED)
    assert dates.sources["meta"] == "2025-11-19"
    assert dates.sources["time"] == "2025-11-19"  # the marked one, not the related link
    assert dates.sources["time_modified"] == "2025-11-20"
    assert dates.published == "2025-11-19" and dates.updated == "2025-11-20"


def test_a_labelled_date_in_the_text() -> None:
    body = "<p class='date'>Published November 9, 2023 3:02am EST | Updated November 9, 2023</p>"
    assert page_dates(page("", body), captured=CAPTURED).sources["label"] == "2023-11-09"
    german = "<p>Veröffentlicht am 07.11.2023</p>"
    assert page_dates(page("", german), captured=CAPTURED).sources["label"] == "2023-11-07"


def test_a_dateline_with_an_update_names_the_original() -> None:
    """Metadata rewritten at the update, the original day shown only in the header."""
    head = (
        '<meta property="og:article:published_time" content="2020-01-20T09:49:32+0000">'
        '<meta property="og:article:modified_time" content="2020-01-20T09:49:32+0000">'
    )
    body = (
        "<div class='ArticleHeader_date'>January 19, 2020 /  12:25 PM / Updated 8 hours ago</div>"
        "<p>Photo: Los Angeles, January 18, 2020. The cast poses backstage.</p>"
    )
    dates = page_dates(page(head, body), captured=CAPTURED)
    assert dates.sources["dateline"] == "2020-01-19"
    assert dates.sources["meta"] == "2020-01-20"
    assert dates.published == "2020-01-19" and dates.updated == "2020-01-20"
    # the signals still disagree, and the date check says so
    document = inspect_html(page(head, body), captured=CAPTURED)
    said = disagreement(page_signals(document))
    assert said is not None and "dateline before an update 2020-01-19" in said
    posted = "<p>by: Cora Neas Posted: Nov 8, 2023 / 04:40 PM CST Updated: Nov 9, 2023</p>"
    assert page_dates(page("", posted), captured=CAPTURED).sources["dateline"] == "2023-11-08"
    # an update mark with no date before it gives no dateline, nor does a later one
    bare = "<p>Updated on November 9, 2023</p>"
    assert "dateline" not in page_dates(page("", bare), captured=CAPTURED).sources
    listed = "<p>Stay updated.</p><ul><li>Nov 2, 2023 / Updated Nov 3</li></ul>"
    assert "dateline" not in page_dates(page("", listed), captured=CAPTURED).sources


def test_a_utc_stamp_takes_the_local_day_of_the_same_instant() -> None:
    """02:11 UTC on the 9th is 21:11 on the 8th in Boston: the page prints the 8th."""
    head = ld({"@type": "NewsArticle", "datePublished": "2023-11-09T02:11:03+00:00"})
    body = '<time itemprop="datePublished" datetime="2023-11-08T21:11:03-05:00">Nov 8</time>'
    dates = page_dates(page(head, body), captured=CAPTURED)
    assert dates.sources["json-ld"] == "2023-11-08"
    assert dates.published == "2023-11-08"


def test_a_utc_stamp_of_another_instant_keeps_its_own_day() -> None:
    head = ld({"@type": "NewsArticle", "datePublished": "2023-11-09T02:11:03Z"})
    body = '<time itemprop="datePublished" datetime="2023-11-08T09:00:00-05:00">Nov 8</time>'
    assert page_dates(page(head, body), captured=CAPTURED).sources["json-ld"] == "2023-11-09"


def test_no_date_after_the_capture() -> None:
    head = ld({"@type": "NewsArticle", "datePublished": "2026-03-01T08:00:00Z"})
    head += '<meta property="article:published_time" content="2025-11-19T08:00:00Z">'
    dates = page_dates(page(head), captured=CAPTURED)
    assert "json-ld" not in dates.sources
    assert all(value <= "2025-11-21" for value in dates.sources.values())
    assert dates.published == "2025-11-19"


def test_read_capture_bounds_dates_by_the_capture_time() -> None:
    body = page(ld({"@type": "NewsArticle", "datePublished": "2025-12-24T08:00:00Z"}))
    capture = Capture(
        url="https://bugle.example/story", final_url="https://bugle.example/story",
        fetched_at="2025-11-21T10:00:00Z", status=200, content_type="text/html",
        warc_file="a.warc.gz", offset=0, length=len(body), sha256="",
    )  # fmt: skip
    assert read_capture(capture, body, cache_dir=None).published != "2025-12-24"
    later = inspect_html(body, captured=datetime(2026, 1, 5, tzinfo=UTC))
    assert later.published == "2025-12-24"


def test_capture_time_of_a_wayback_copy_is_the_archives() -> None:
    capture = Capture(
        url="https://web.archive.org/web/20251119083000id_/https://bugle.example/story",
        final_url="https://web.archive.org/web/20251119083000id_/https://bugle.example/story",
        fetched_at="2026-02-01T10:00:00Z", status=200, content_type="text/html",
        warc_file="a.warc.gz", offset=0, length=0, sha256="",
        archived_copy_of="https://bugle.example/story",
    )  # fmt: skip
    assert capture_time(capture) == datetime(2025, 11, 19, 8, 30, tzinfo=UTC)
    capture.archived_copy_of = None
    assert capture_time(capture) == datetime(2026, 2, 1, 10, 0, tzinfo=UTC)


def test_url_dates_with_a_day_or_a_month() -> None:
    assert url_month("https://a.example/2025/11/19/story") == "2025-11-19"
    assert url_month("https://a.example/2025/11/story") == "2025-11"
    assert url_month("https://a.example/2025-11-31-story") is None
    assert url_month("https://a.example/2025/13/story") is None
    assert url_month(None) is None
    dates = page_dates(page(), url="https://a.example/2025/11/story", captured=CAPTURED)
    assert dates.sources["url"] == "2025-11"
    assert dates.published != "2025-11"  # a month is no publication day


@pytest.mark.parametrize(
    ("sources", "published"),
    [
        # htmldate alone against one metadata signal: htmldate (it weighs the whole page)
        ({"htmldate": "2020-01-06", "json-ld": "2020-01-03", "meta": "2020-01-03"}, "2020-01-06"),
        # metadata and a visible date agree against htmldate: they win
        ({"htmldate": "2023-11-09", "json-ld": "2023-11-08", "time": "2023-11-08"}, "2023-11-08"),
        # a visible labelled date against htmldate alone: the date the page shows
        ({"htmldate": "2023-11-03", "label": "2023-11-07"}, "2023-11-07"),
        # the URL's day and htmldate against metadata and a visible date: the URL's day
        (
            {
                "htmldate": "2017-07-12",
                "url": "2017-07-12",
                "json-ld": "2019-06-17",
                "time": "2019-06-17",
            },
            "2017-07-12",
        ),
        # a month in the URL is no day, but it votes for the day within it
        ({"url": "2025-11", "meta": "2025-11-19"}, "2025-11-19"),
        ({"url": "2025-11", "meta": "2025-10-30", "htmldate": "2025-11-02"}, "2025-11-02"),
        ({"url": "2025-10", "meta": "2025-10-30", "htmldate": "2025-11-02"}, "2025-10-30"),
        ({}, None),
        # a dateline's original: later days are updates and cast no vote; earlier ones do
        ({"meta": "2020-01-20", "htmldate": "2020-01-20", "dateline": "2020-01-19"}, "2020-01-19"),
        (
            {"meta": "2020-01-12", "htmldate": "2020-01-12", "dateline": "2020-01-19"},
            "2020-01-12",
        ),
        ({"time": "2020-01-21", "dateline": "2020-01-19"}, "2020-01-19"),
    ],
)
def test_choose_published(sources: dict[str, str], published: str | None) -> None:
    assert choose_published(sources) == published


def test_parse_stamp() -> None:
    stamp = parse_stamp("2025-11-19T23:30:00-0500")
    assert stamp is not None and stamp.day.isoformat() == "2025-11-19" and not stamp.utc
    assert stamp.instant is not None and stamp.instant.astimezone(UTC).day == 20
    utc = parse_stamp(["2025-11-19T08:00:00.000Z"])
    assert utc is not None and utc.utc
    assert parse_stamp("2025-02-30") is None
    assert parse_stamp(20251119) is None


def test_broken_json_ld_and_markup_give_no_date_and_no_error() -> None:
    broken = page('<script type="application/ld+json">{"datePublished": </script>')
    assert "json-ld" not in page_dates(broken, captured=CAPTURED).sources
    assert dating.main_item(b"<html><body>" + b"<time>" * 5000) == {}


def test_an_undated_archived_copy_is_compared_with_the_archives_capture_day() -> None:
    from provenance.match import check_claim
    from provenance.models import Claim, ClaimDate, Document, Span

    capture = Capture(
        url="https://web.archive.org/web/20251120083000id_/https://bugle.example/story",
        final_url="https://web.archive.org/web/20251120083000id_/https://bugle.example/story",
        fetched_at="2026-02-01T10:00:00Z", status=200, content_type="text/html",
        warc_file="a.warc.gz", offset=0, length=0, sha256="",
        archived_copy_of="https://bugle.example/story",
    )  # fmt: skip
    sentence = "The Bugle reported on November 19, 2025 that the tunnel was approved."
    claim = Claim(
        id="c1", article="a.txt", sentence=Span(sentence, 0, len(sentence)), sources=[],
        date=ClaimDate("November 19, 2025", 0, 0, "2025-11-19", precision="day"),
    )  # fmt: skip
    checks = check_claim(claim, Document(text="The tunnel was approved."), capture=capture)
    date = next(check for check in checks if check.kind == "date")
    assert date.status == "near" and date.evidence == "first_capture 2025-11-20"
