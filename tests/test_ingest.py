"""Ingest: formats, encodings and the files a run must skip without stopping."""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

import pytest

from provenance.config import Settings
from provenance.errors import ArticleSkipped
from provenance.ingest import ingest_file, ingest_paths

SETTINGS = Settings(max_article_bytes=64 * 1024)
TEXT = "Reuters reported on November 3, 2025, that “prices rose” — café owners said so.\n"


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_txt_is_kept_unchanged(tmp_path: Path) -> None:
    article = ingest_file(write(tmp_path, "a.txt", TEXT.encode()), SETTINGS)
    assert article.text == TEXT
    assert article.format == "txt"
    assert article.encoding == "utf-8"


def test_utf8_bom_is_dropped_and_offsets_stay_in_text(tmp_path: Path) -> None:
    article = ingest_file(write(tmp_path, "a.txt", codecs.BOM_UTF8 + TEXT.encode()), SETTINGS)
    assert article.text == TEXT
    assert article.encoding == "utf-8-sig"


def test_utf16_with_bom(tmp_path: Path) -> None:
    article = ingest_file(write(tmp_path, "a.txt", TEXT.encode("utf-16")), SETTINGS)
    assert article.text == TEXT


def test_windows_1252(tmp_path: Path) -> None:
    article = ingest_file(write(tmp_path, "a.txt", TEXT.encode("cp1252")), SETTINGS)
    assert article.text == TEXT
    assert article.encoding == "cp1252"


def test_latin1_when_not_cp1252(tmp_path: Path) -> None:
    data = ("Caf\xe9 owners said prices rose again this week. " * 3 + "\x81").encode("latin-1")
    # 0x81 is undefined in cp1252, so only Latin-1 decodes this
    article = ingest_file(write(tmp_path, "a.txt", data), SETTINGS)
    assert article.text.startswith("Café owners")
    assert article.encoding == "latin-1"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b" \n\t\n", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, "binary file"),
        ("huge.txt", b"word " * 20_000, "too large"),
        ("garbage.txt", bytes(range(0x80, 0xA0)) * 20, "undecodable"),
        ("picture.png", b"abc", "not an article file"),
    ],
)
def test_skipped_files_say_why(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    with pytest.raises(ArticleSkipped) as info:
        ingest_file(write(tmp_path, name, data), SETTINGS)
    assert reason in str(info.value)
    assert name in str(info.value)


def test_missing_file_is_skipped(tmp_path: Path) -> None:
    articles, skipped = ingest_paths([tmp_path / "nope.txt"], SETTINGS)
    assert articles == []
    assert skipped[0].reason == "no such file"


def test_mixed_folder_goes_on_past_bad_files(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", TEXT.encode())
    write(tmp_path, "b.txt", b"")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "c.md", b"# Title\n\nSee [the report](https://example.org/r).\n")
    write(tmp_path / "sub", "d.bin.txt", b"\x00\x01\x02\x03" * 100)
    write(tmp_path, ".hidden.txt", TEXT.encode())
    write(tmp_path, "sources.toml", b"[[source]]\n")
    write(tmp_path, "photo.jpg", b"\xff\xd8\xff\xe0" * 10)
    articles, skipped = ingest_paths([tmp_path], SETTINGS)
    assert sorted(Path(a.path).name for a in articles) == ["a.txt", "c.md"]
    assert sorted((Path(s.path).name, s.reason) for s in skipped) == [
        ("b.txt", "empty file"),
        ("d.bin.txt", "binary file, not text"),
    ]


def test_markdown_links_keep_offsets(tmp_path: Path) -> None:
    source = (
        '# T\n\nAs [WIRED](https://www.wired.com/story/x/ "t") reported, ![p](i.png) it rose.\n'
    )
    article = ingest_file(write(tmp_path, "a.md", source.encode()), SETTINGS)
    (link,) = article.links
    assert link.url == "https://www.wired.com/story/x/"
    assert article.text[link.start : link.end] == "WIRED"
    assert "](" not in article.text


def test_html_text_links_title_and_date(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Prices</title>"
        '<meta property="article:published_time" content="2025-11-19T08:00:00Z"></head>'
        "<body><nav>Home | World</nav><article><h1>Prices rose</h1>"
        '<p>According to <a href="https://www.reuters.com/x">Reuters</a>, prices rose sharply '
        "in October, the third month in a row that analysts had warned about.</p>"
        "<p>Economists said the rise would continue into the new year, "
        "citing energy costs and wages.</p><script>var x = 1;</script></article></body></html>"
    )
    article = ingest_file(write(tmp_path, "a.html", page.encode()), SETTINGS)
    assert article.published == date(2025, 11, 19)
    assert article.date_source == "metadata"
    assert "var x" not in article.text
    (link,) = article.links
    assert article.text[link.start : link.end] == "Reuters"


def test_malformed_html_does_not_crash(tmp_path: Path) -> None:
    page = b"<html><body><p>Officials said <b>the <i>plan</p> was <div>dropped</span> today"
    article = ingest_file(write(tmp_path, "a.htm", page), SETTINGS)
    assert "Officials said" in article.text


def test_article_date_option_wins(tmp_path: Path) -> None:
    article = ingest_file(
        write(tmp_path, "a.txt", TEXT.encode()), SETTINGS, article_date=date(2025, 11, 20)
    )
    assert article.published == date(2025, 11, 20)
    assert article.date_source == "option"


@pytest.mark.parametrize(
    ("head", "encoding"),
    [
        ("", "utf-8"),
        ('<meta charset="windows-1252">', "cp1252"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">', "latin-1"),
    ],
)
def test_html_charsets(tmp_path: Path, head: str, encoding: str) -> None:
    page = f"<html><head>{head}<title>x</title></head><body><p>Café owners said prices rose.</p>"
    article = ingest_file(write(tmp_path, "a.html", page.encode(encoding)), SETTINGS)
    assert "Café owners said prices rose." in article.text


def test_html_byline_and_canonical_address(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Prices</title>"
        '<link rel="canonical" href="https://daily.example/2025/prices">'
        '<meta name="author" content="Ana Ruiz"></head>'
        f"<body><article><p>{TEXT}</p><p>{TEXT}</p></article></body></html>"
    )
    article = ingest_file(write(tmp_path, "a.html", page.encode()), SETTINGS)
    assert article.author == "Ana Ruiz"
    assert article.url == "https://daily.example/2025/prices"
    plain = ingest_file(write(tmp_path, "b.txt", TEXT.encode()), SETTINGS)
    assert plain.author is None and plain.url is None
