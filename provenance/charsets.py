"""Bytes to text, in one order everywhere (ingest and the reader):

    1. a byte-order mark (UTF-8, UTF-16, UTF-32)
    2. UTF-8, strict: valid UTF-8 beyond ASCII is UTF-8, whatever the label says
    3. the declared charset: an HTTP Content-Type, an HTML meta tag or an XML
       declaration (Latin-1 and ASCII labels read as Windows-1252; UTF-16 and
       UTF-32 labels count only with a BOM)
    4. Windows-1252, strict
    5. Latin-1, which decodes any bytes

    decode(data, declared)        -> (text, encoding)
    header_charset(content_type)  -> the charset of a Content-Type, or None
    markup_charset(data)          -> the charset a page declares (meta, <?xml), or None
    undecodable(name)             -> a name's undecodable bytes shown as escapes, or None

A declared charset that Python does not know, or that cannot decode the bytes,
is passed over. Whether text that only Latin-1 decodes is worth keeping is the
caller's choice: ingest skips such a file, the reader keeps what it got.
"""

from __future__ import annotations

import codecs
import re

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
FALLBACKS = ("utf-8", "cp1252")
HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)
MARKUP_HEAD = 4096


def decode(data: bytes, declared: str | None = None, *, errors: str = "replace") -> tuple[str, str]:
    """The text of `data` and the encoding that gave it, in the order of the module docstring.

    `errors` applies to a BOM's encoding only (every later step is strict);
    with "strict", bytes that do not fit the BOM raise UnicodeDecodeError.
    """
    bom = bom_encoding(data)
    if bom is not None:
        return data.decode(bom, errors), bom
    for encoding in candidates(declared):
        try:
            return data.decode(encoding), encoding
        except (LookupError, ValueError):  # an unknown name, or bytes it cannot decode
            continue
    return data.decode("latin-1"), "latin-1"


def candidates(declared: str | None) -> list[str]:
    """The encodings to try strictly, in order: UTF-8, the declared one, then cp1252.

    Bytes that are valid UTF-8 and not plain ASCII are UTF-8 whatever a header says
    (a page labelled ISO-8859-1 is the commonest mislabel). A Latin-1 or ASCII label
    means Windows-1252, and a UTF-16 or UTF-32 label without a BOM is not trusted,
    as in browsers (WHATWG Encoding).
    """
    name = (declared or "").strip().lower()
    name = WINDOWS_1252_LABELS.get(name, name)
    names = [] if not name or name.startswith(("utf-16", "utf-32")) else [name]
    return list(dict.fromkeys(["utf-8", *names, *FALLBACKS]))


WINDOWS_1252_LABELS = dict.fromkeys(
    ("iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "windows-1252"),
    "cp1252",
)


def bom_encoding(data: bytes) -> str | None:
    """The encoding named by the byte-order mark `data` starts with, or None."""
    return next((encoding for bom, encoding in BOMS if data.startswith(bom)), None)


def header_charset(content_type: str | None) -> str | None:
    """The charset parameter of an HTTP Content-Type, or None."""
    found = HEADER_CHARSET.search(content_type or "")
    return found.group(1) if found else None


def markup_charset(data: bytes) -> str | None:
    """The charset a page declares near its start: a meta tag, else an XML declaration."""
    head = data[:MARKUP_HEAD]
    found = META_CHARSET.search(head) or XML_ENCODING.search(head)
    return found.group(1).decode("ascii", "ignore") if found else None


def undecodable(value: str) -> str | None:
    """`value` (a command-line argument, a file name) with its undecodable bytes shown
    as escapes such as `\\xff`, or None when it is UTF-8 text.

    Python reads such bytes from the system as lone surrogates, which UTF-8 (and
    so SQLite, JSON and the reports) cannot write.
    """
    try:
        value.encode("utf-8")
        return None
    except UnicodeEncodeError:
        pass
    try:  # the bytes the system gave (POSIX)
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no byte made (Windows)
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
