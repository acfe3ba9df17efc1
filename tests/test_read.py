"""Reader: main text, metadata and dates of fixture originals; the text cache."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from provenance import read
from provenance.errors import InputError
from provenance.models import Capture
from provenance.read import READER_VERSION, inspect_html, read_body, read_capture, url_date
from provenance.resolve.rank import url_date as rank_url_date
from tests.match_support import ORIGINALS, TECHWIRE_URL, techwire


def test_inspect_html_reads_text_and_metadata() -> None:
    document = techwire()
    assert document.title == "Open models are catching up, says Lumen Labs chief"
    assert document.published == "2025-11-19"
    assert document.updated == "2025-11-20"
    assert document.authors == ["Dana Whitfield"]
    assert document.site_name == "TechWire"
    assert "You cannot recall a file that has been copied a million times" in document.text
    assert "All rights reserved" not in document.text  # boilerplate left out
    assert document.url == TECHWIRE_URL


def test_date_sources_say_which_method_gave_which_date() -> None:
    sources = techwire().date_sources
    assert sources["json-ld"] == "2025-11-19"
    assert sources["json-ld_modified"] == "2025-11-20"
    assert sources["meta"] == "2025-11-19"
    assert sources["url"] == "2025-11-19"
    assert sources["htmldate"] == "2025-11-19"


def test_undated_page_has_no_dates() -> None:
    html = (ORIGINALS / "undated-statement.html").read_bytes()
    document = inspect_html(html, url="https://halden.example/statement")
    assert document.published is None and document.updated is None
    assert document.title == "Statement on data retention"
    assert "no longer than five years" in document.text


def test_charset_from_meta_is_honoured() -> None:
    html = (
        '<html><head><meta charset="windows-1252"><title>Caf\xe9</title></head>'
        "<body><article><p>Le caf\xe9 est ouvert \u2013 tous les jours de la semaine, "
        "du matin au soir, pour tout le monde.</p></article></body></html>"
    ).encode("cp1252")
    document = inspect_html(html)
    assert "café est ouvert – tous les jours" in document.text


def test_read_body_dispatches_json_posts() -> None:
    post = read_body((ORIGINALS / "x-post.json").read_bytes(), content_type=None, url=None)
    assert post.text.startswith("Open weights are the only way")
    assert post.published == "2024-11-02"
    assert post.date_sources == {"post": "2024-11-02"}
    assert post.authors == ["mokafor"]
    thread = read_body(
        (ORIGINALS / "reddit-thread.json").read_bytes(),
        content_type="application/json; charset=utf-8",
        url="https://www.reddit.com/r/LocalLLaMA/comments/abc/",
    )
    assert thread.title is not None and thread.title.startswith("Benchmarked Corvid 3")
    assert "solved 31 of them" in thread.text
    assert thread.published == "2024-11-18"


def test_read_body_plain_text_and_pdf() -> None:
    notes = read_body((ORIGINALS / "notes.txt").read_bytes(), content_type="text/plain", url=None)
    assert "full training report" in notes.text
    latin = read_body("caf\xe9".encode("latin-1"), content_type="text/plain", url=None)
    assert latin.text == "café"
    pdf = read_body(b"%PDF-1.7 ...", content_type="application/pdf", url=None)
    assert pdf.text == ""


def test_oembed_html_field_gives_text() -> None:
    body = json.dumps(
        {
            "html": "<blockquote><p>Ship it to everyone.</p>&mdash; Maria</blockquote>",
            "author_name": "Maria Okafor",
            "provider_name": "X",
        }
    ).encode()
    document = read_body(body, content_type="application/json", url=None)
    assert "Ship it to everyone." in document.text
    assert document.authors == ["Maria Okafor"]
    assert document.site_name == "X"


def _capture(body: bytes) -> Capture:
    return Capture(
        url=TECHWIRE_URL,
        final_url=TECHWIRE_URL,
        fetched_at="2025-11-21T10:00:00Z",
        status=200,
        content_type="text/html; charset=utf-8",
        warc_file="a.warc.gz",
        offset=0,
        length=len(body),
        sha256="",
        body=body,
    )


def test_read_capture_caches_by_sha256_and_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = (ORIGINALS / "techwire-open-models.html").read_bytes()
    first = read_capture(_capture(body), body, cache_dir=tmp_path)
    cached = list((tmp_path / "text").glob(f"*-{READER_VERSION}.json"))
    assert len(cached) == 1
    monkeypatch.setattr(read, "inspect_html", _refuse)
    again = read_capture(_capture(body), body, cache_dir=tmp_path)
    assert again == first


def _refuse(*args: object, **kwargs: object) -> None:
    raise AssertionError("the cache should have answered")


def test_read_capture_without_cache_dir(tmp_path: Path) -> None:
    body = b"plain words only"
    capture = _capture(body)
    capture.content_type = "text/plain"
    assert read_capture(capture, body, cache_dir=None).text == "plain words only"


def test_url_date() -> None:
    assert url_date("https://a.example/2025/11/19/story") == "2025-11-19"
    assert url_date("https://a.example/news/2024-02-30-x") is None
    assert url_date("https://a.example/story") is None
    assert url_date(None) is None


def test_read_source_missing_file_is_an_input_error(tmp_path: Path) -> None:
    from provenance.config import Settings

    with pytest.raises(InputError):
        read.read_source(str(tmp_path / "absent.html"), Settings(cache=tmp_path))


def test_url_date_needs_a_day_where_ranking_does_not() -> None:
    assert url_date("https://a.example/2025/11/19.html") == "2025-11-19"
    assert url_date("https://a.example/2025/11/19") == "2025-11-19"
    assert url_date("https://a.example/2025/11/recap") is None
    assert rank_url_date("https://a.example/2025/11/recap") == date(2025, 11, 15)
