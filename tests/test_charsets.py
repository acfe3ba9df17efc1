"""Decoding: one order everywhere (BOM, UTF-8, declared charset, Windows-1252, Latin-1)."""

from __future__ import annotations

import codecs

import pytest

from provenance.charsets import decode, header_charset, markup_charset
from provenance.read import read_body

CAFE = "“Le café”, she said."


def test_a_bom_beats_the_declared_charset() -> None:
    assert decode(codecs.BOM_UTF8 + CAFE.encode(), "cp1252") == (CAFE, "utf-8-sig")
    assert decode(CAFE.encode("utf-16"), "utf-8") == (CAFE, "utf-16")


def test_valid_utf8_beats_a_declared_single_byte_charset() -> None:
    assert decode("Trump’s café".encode(), "ISO-8859-1") == ("Trump’s café", "utf-8")


def test_the_declared_charset_beats_cp1252_when_utf8_fails() -> None:
    text = "Привет, мир"
    assert decode(text.encode("cp1251"), "windows-1251") == (text, "windows-1251")


def test_latin1_and_ascii_labels_read_as_cp1252_and_utf16_labels_need_a_bom() -> None:
    assert decode(b"He said \x93no\x94", "iso-8859-1") == ("He said “no”", "cp1252")
    assert decode(b"<p>plain ascii page</p>", "utf-16") == ("<p>plain ascii page</p>", "utf-8")


def test_a_wrong_or_unknown_charset_falls_back_to_utf8_then_cp1252() -> None:
    assert decode(CAFE.encode(), "no-such-charset") == (CAFE, "utf-8")
    assert decode(CAFE.encode("cp1252"), "utf-8") == (CAFE, "cp1252")
    assert decode(CAFE.encode("cp1252"), "base64") == (CAFE, "cp1252")  # not a text encoding


def test_latin1_comes_last_and_takes_any_bytes() -> None:
    assert decode(b"caf\xe9 \x81") == ("café \x81", "latin-1")  # 0x81 is not cp1252


def test_a_broken_bom_is_replaced_or_raised() -> None:
    broken = codecs.BOM_UTF8 + b"caf\xe9"
    assert decode(broken) == ("caf\ufffd", "utf-8-sig")
    with pytest.raises(UnicodeDecodeError):
        decode(broken, errors="strict")


@pytest.mark.parametrize(
    ("content_type", "charset"),
    [
        ("text/plain; charset=windows-1251", "windows-1251"),
        ('text/html; Charset="ISO-8859-1"', "ISO-8859-1"),
        ("text/plain", None),
        (None, None),
    ],
)
def test_header_charset(content_type: str | None, charset: str | None) -> None:
    assert header_charset(content_type) == charset


@pytest.mark.parametrize(
    ("head", "charset"),
    [
        (b'<meta charset="windows-1252">', "windows-1252"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">', "iso-8859-1"),
        (b'<?xml version="1.0" encoding="koi8-r"?><html>', "koi8-r"),
        (b'<?xml version="1.0" encoding="koi8-r"?><meta charset="utf-8">', "utf-8"),
        (b"<html><head><title>x</title>", None),
    ],
)
def test_markup_charset(head: bytes, charset: str | None) -> None:
    assert markup_charset(head + b"</head><body>text</body></html>") == charset


def test_reader_text_follows_the_same_order() -> None:
    cyrillic = "Привет".encode("cp1251")
    assert read_body(cyrillic, content_type="text/plain; charset=cp1251", url=None).text == "Привет"
    unlabelled = read_body(CAFE.encode("cp1252"), content_type="text/plain", url=None)
    assert unlabelled.text == CAFE  # Windows-1252 before Latin-1: curly quotes, not C1 controls
    utf16 = read_body(CAFE.encode("utf-16"), content_type="text/plain", url=None)
    assert utf16.text == CAFE
