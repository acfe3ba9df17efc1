"""Read a capture: its main text, title, authors, site name and dates.

    read_capture(capture, body, cache_dir=...)   cached by (body sha256, READER_VERSION)
      -> read_body(body, content_type=..., url=..., captured=...)
           HTML        -> inspect_html: trafilatura (raw bytes, with metadata),
                          and the page's dates (provenance.dating: htmldate,
                          JSON-LD, meta tags, <time>, labels, the URL)
           JSON        -> a post (X, Reddit, oEmbed): text/selftext/title/html,
                          created_at/created_utc
           PDF         -> read_pdf: pypdf, page by page (page starts kept in
                          `Document.pages`), dates from the Info dictionary
           text, other -> the decoded text

`Document.date_sources` records which method gave which date, so that an editor
can see why a page is dated as it is; how the published date is chosen among
them is described in `provenance.dating`.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from provenance import charsets, dating
from provenance.config import Settings
from provenance.errors import FetchError, InputError
from provenance.models import Capture, Document
from provenance.resolve import rank

READER_VERSION = "6"


def read_capture(capture: Capture, body: bytes, *, cache_dir: Path | None) -> Document:
    """Read a capture's body, caching the Document under `cache_dir/text/`.

    The cache key is the body's sha256 with the URL and the capture day, which
    the dates depend on (a URL's date; no date after the capture).
    """
    url = capture.final_url or capture.url
    captured = dating.capture_time(capture)
    key = f"{hashlib.sha256(body).hexdigest()}|{url}|{captured.date() if captured else ''}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    path = cache_dir / "text" / f"{digest}-{READER_VERSION}.json" if cache_dir else None
    cached = _load(path) if path else None
    if cached is not None:
        return cached
    try:
        document = read_body(body, content_type=capture.content_type, url=url, captured=captured)
    except RecursionError:  # pathologically nested markup or JSON
        return Document(text="", url=url, error="the page is too deeply nested to read")
    if path is not None:
        _store(path, document)
    return document


def _load(path: Path) -> Document | None:
    try:
        return Document(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def _store(path: Path, document: Document) -> None:
    """Write the cache entry atomically; a failure only means a cache miss next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(document.to_dict(), out, ensure_ascii=False)
        os.replace(name, path)
    except OSError:
        return


def read_body(
    body: bytes, *, content_type: str | None, url: str | None, captured: datetime | None = None
) -> Document:
    """Read a body of any supported kind: HTML, JSON (a post), or plain text.

    `captured` (the capture time) bounds an HTML page's dates: none after it.
    """
    kind = _kind(body, content_type)
    if kind == "html":
        return inspect_html(body, url=url, captured=captured)
    if kind == "json":
        return read_json(body, url=url)
    if kind == "pdf":
        return read_pdf(body, url=url)
    return Document(text=decode(body, content_type), url=url)


def _kind(body: bytes, content_type: str | None) -> str:
    declared = (content_type or "").split(";")[0].strip().lower()
    head = body[:1024].lstrip().lower()
    if "pdf" in declared or head.startswith(b"%pdf"):
        return "pdf"
    if "json" in declared or (not declared and head[:1] in (b"{", b"[")):
        return "json"
    if "html" in declared or head.startswith((b"<!doctype html", b"<html", b"<?xml")):
        return "html"
    if declared.startswith("text/") or declared:
        return "text"
    return "html" if b"<body" in body[:65536].lower() else "text"


def decode(body: bytes, content_type: str | None) -> str:
    """A text body as text, honouring the Content-Type's charset (see provenance.charsets)."""
    return charsets.decode(body, charsets.header_charset(content_type))[0]


# --- HTML ---------------------------------------------------------------------------


def inspect_html(
    html: bytes, *, url: str | None = None, captured: datetime | None = None
) -> Document:
    """Main text and metadata of an HTML page (raw bytes: trafilatura finds the charset).

    Dates come from `provenance.dating`, none after `captured` (the capture time).
    """
    extracted = _trafilatura(html, url)
    dates = dating.page_dates(html, url=url, captured=captured)
    linked = _json_ld(html)
    return Document(
        text=extracted.get("text") or "",
        url=url,
        title=extracted.get("title") or linked.get("headline"),
        published=dates.published,
        updated=dates.updated,
        authors=_authors(extracted.get("author"), linked),
        site_name=extracted.get("sitename") or linked.get("publisher"),
        date_sources=dates.sources,
    )


def _trafilatura(html: bytes, url: str | None) -> dict[str, Any]:
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, favor_recall=True
        )
    except Exception:  # trafilatura raises many kinds on hostile markup
        result = None
    data: dict[str, Any] = {}
    if isinstance(result, dict):
        data = result
    elif result is not None:
        data = result.as_dict()
    if not data.get("text"):
        data["text"] = trafilatura.html2txt(html) or ""
    return data


def url_date(url: str | None) -> str | None:
    """A day written in a URL's path (/2025/11/19/), as ISO, or None (see rank.url_date)."""
    day = rank.url_date(url or "", need_day=True)
    return day.isoformat() if day else None


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return datetime(year, month, day).date().isoformat()
    except ValueError:
        return None


def _iso_day(value: object) -> str | None:
    stamp = dating.parse_stamp(value)
    return stamp.day.isoformat() if stamp else None


def _json_ld(html: bytes) -> dict[str, Any]:
    """The first JSON-LD object with a date or headline: headline, authors, publisher."""
    for item in dating.json_ld_items(html):
        if "datePublished" in item or "headline" in item:
            return _linked_fields(item)
    return {}


def _linked_fields(item: dict[str, Any]) -> dict[str, Any]:
    publisher = item.get("publisher")
    return {
        "headline": item.get("headline") if isinstance(item.get("headline"), str) else None,
        "authors": _names(item.get("author")),
        "publisher": publisher.get("name") if isinstance(publisher, dict) else None,
    }


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for entry in value for name in _names(entry)]
    return []


def _authors(extracted: str | None, linked: dict[str, Any]) -> list[str]:
    if extracted:
        return [name.strip() for name in extracted.split(";") if name.strip()]
    names: list[str] = linked.get("authors") or []
    return names


# --- JSON posts ------------------------------------------------------------------------


def read_json(body: bytes, *, url: str | None) -> Document:
    """Text and time of a post in JSON (X/Twitter, Reddit listing, oEmbed)."""
    decoded = decode(body, None)
    try:
        data = json.loads(decoded)
    except (ValueError, RecursionError):
        return Document(text=decoded, url=url)
    post = next((item for item in dating.walk(data, -4) if _is_post(item)), {})
    text = _post_text(post)
    posted = _post_time(post) or _embed_time(post, text)
    sources = {"post": posted} if posted else {}
    title = post.get("title") if isinstance(post.get("title"), str) else None
    author = post.get("author") or post.get("author_name")
    return Document(
        text=text,
        url=url,
        title=title,
        published=posted,
        authors=[author] if isinstance(author, str) else [],
        site_name=post.get("provider_name") if isinstance(post.get("provider_name"), str) else None,
        date_sources=sources,
    )


def _is_post(item: dict[str, Any]) -> bool:
    return any(isinstance(item.get(key), str) for key in ("text", "selftext", "html", "full_text"))


def _post_text(post: dict[str, Any]) -> str:
    parts = [post.get(key) for key in ("title", "full_text", "text", "selftext")]
    text = "\n\n".join(part for part in parts if isinstance(part, str) and part)
    if not text and isinstance(post.get("html"), str):
        text = _html_text(post["html"])
    return text


def _html_text(html: str) -> str:
    import trafilatura

    return trafilatura.html2txt(html) or re.sub(r"<[^>]+>", " ", html).strip()


def _post_time(post: dict[str, Any]) -> str | None:
    created = post.get("created_utc") or post.get("created_at") or post.get("date")
    if isinstance(created, int | float):
        try:
            return datetime.fromtimestamp(created, tz=UTC).date().isoformat()
        except (OverflowError, ValueError, OSError):
            return None
    if not isinstance(created, str):
        return None
    day = _iso_day(created)
    if day:
        return day
    try:
        return parsedate_to_datetime(created).date().isoformat()
    except (TypeError, ValueError):
        return _twitter_time(created)


def _embed_time(post: dict[str, Any], text: str) -> str | None:
    """An oEmbed post's day: from its status id (a snowflake), else the date its text ends with."""
    from provenance.resolve import platforms

    found = platforms.STATUS_URL.match(str(post.get("url") or ""))
    day = platforms.post_day(found[2]) if found else None
    day = day or (platforms.embed_day(text) if "html" in post else None)
    return day.isoformat() if day else None


def _twitter_time(created: str) -> str | None:
    try:
        return datetime.strptime(created, "%a %b %d %H:%M:%S %z %Y").date().isoformat()
    except ValueError:
        return None


# --- PDF ----------------------------------------------------------------------------

MAX_PDF_BYTES = 50 * 1024 * 1024  # larger PDFs are not parsed
MAX_PDF_PAGES = 300  # pages read from one PDF; the rest are reported as not read
PAGE_BREAK = "\n\n"
_PDF_DATE = re.compile(r"(?:D:)?((?:19|20)\d{2})(\d{2})(\d{2})")


def read_pdf(body: bytes, *, url: str | None, max_pages: int = MAX_PDF_PAGES) -> Document:
    """Text of a PDF page by page (pypdf), with its Info dates; encrypted or scanned said so."""
    if len(body) > MAX_PDF_BYTES:
        return Document(text="", url=url, error=f"the PDF is larger than {MAX_PDF_BYTES} bytes")
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(body))
        if reader.is_encrypted and not reader.decrypt(""):
            return Document(text="", url=url, error="the PDF is encrypted (a password is needed)")
        texts = [_page_text(page) for page in reader.pages[:max_pages]]
        total, info = len(reader.pages), _pdf_info(reader)
    except Exception as exc:  # a damaged PDF breaks pypdf in many ways (AttributeError too)
        return Document(text="", url=url, error=f"the PDF cannot be read: {exc!r}"[:300])
    sources = _pdf_dates(info)
    error = None
    if not any(text.strip() for text in texts):
        error = f"the PDF has no text layer (image-only, {total} pages); OCR is not built"
    elif total > max_pages:
        error = f"only the first {max_pages} of {total} pages were read"
    text, starts = _join_pages(texts)
    title = info.get("/Title")
    return Document(
        text=text,
        url=url,
        title=title.strip() or None if isinstance(title, str) else None,
        published=sources.get("pdf_created"),
        updated=_pdf_updated(sources),
        authors=[info["/Author"]] if isinstance(info.get("/Author"), str) else [],
        date_sources=sources,
        error=error,
        pages=starts,
    )


def _pdf_updated(sources: dict[str, str]) -> str | None:
    modified = sources.get("pdf_modified")
    return modified if modified != sources.get("pdf_created") else None


def _page_text(page: Any) -> str:
    try:
        return str(page.extract_text() or "").strip()
    except Exception:  # a damaged page loses its own text, not the document's
        return ""


def _pdf_info(reader: Any) -> dict[str, Any]:
    try:
        metadata = reader.metadata
    except Exception:  # a damaged Info dictionary: no metadata
        return {}
    return {str(key): value for key, value in (metadata or {}).items()}


def _pdf_dates(info: dict[str, Any]) -> dict[str, str]:
    found = {"pdf_created": info.get("/CreationDate"), "pdf_modified": info.get("/ModDate")}
    dates = {}
    for name, value in found.items():
        match = _PDF_DATE.match(str(value).strip()) if value else None
        day = _valid(*(int(part) for part in match.groups())) if match else None
        if day:
            dates[name] = day
    return dates


def _join_pages(texts: list[str]) -> tuple[str, list[int]]:
    starts, parts, offset = [], [], 0
    for text in texts:
        starts.append(offset)
        parts.append(text)
        offset += len(text) + len(PAGE_BREAK)
    return PAGE_BREAK.join(parts), starts


# --- a source named by an editor ---------------------------------------------------------

_SUFFIX_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "text/html",
    ".json": "application/json",
    ".txt": "text/plain",
    ".md": "text/plain",
    ".pdf": "application/pdf",
}


def read_source(source: str, settings: Settings) -> Document:
    """Read SOURCE: a local file, or a URL fetched (or served from the archive).

    Raises InputError for a file that cannot be read and FetchError for a URL
    that could not be fetched, with the reason.
    """
    path = Path(source)
    if "://" not in source:
        try:
            body = path.read_bytes()
        except OSError as exc:
            raise InputError(exc.strerror or str(exc), path=source) from exc
        return read_body(body, content_type=_SUFFIX_TYPES.get(path.suffix.lower()), url=None)
    return _read_url(source, settings)


def _read_url(url: str, settings: Settings) -> Document:
    from provenance.archive import Archive
    from provenance.fetch import Fetcher

    with Archive(settings.cache) as archive, Fetcher(settings, archive) as fetcher:
        result = fetcher.fetch(url)
    if not result.ok or result.capture is None:
        status = result.capture.status if result.capture else None
        raise FetchError(result.error or f"HTTP status {status}", url=url)
    return read_capture(result.capture, result.capture.body, cache_dir=settings.cache)
