"""Dating a page: its publication and update dates from every signal it carries.

    page_dates(html, url=..., captured=...)  -> PageDates(published, updated, sources)

Signals, each read on its own and recorded in `PageDates.sources` (the
Document's `date_sources`) under its name:

    json-ld            datePublished of the page's main item (an Article-like
                       @type first, then a WebPage), through @graph and arrays
    json-ld_modified   its dateModified
    meta               article:published_time, og:article:published_time,
                       datePublished, pubdate, dc.date and the like
    meta_modified      article:modified_time, og:updated_time, dateModified, ...
    time               a <time> element marked as the publication date
                       (itemprop="datePublished", pubdate, a "published" class)
    time_modified      a <time> element marked as the update date
    label              a date written after a label in the text ("Published:",
                       "Posted on", "Written:")
    dateline           a date shown just before an update mark ("January 19,
                       2020 / 12:25 PM / Updated 8 hours ago"): the page's own
                       word on which day is the original
    htmldate           htmldate's original date (extensive search,
                       original_date=True, max_date = the capture time)
    htmldate_updated   htmldate's latest date (original_date=False, same max_date)
    url                a date in the URL's path: a day, or a month ("2025-11")

No date after the capture time is taken from any signal: a page cannot have
been published after it was fetched (the capture time is `captured`; for a
Wayback copy, the time of the Wayback capture).

Time zones: a timestamp's day is the day written in it. When a UTC timestamp
(Z, +00:00) names the same instant as a timestamp written with the publisher's
own offset, the day is the publisher's local day, the one printed on the page.

The published date is chosen by precedence among the signals that agree with
each other (see `choose_published`).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

from provenance.models import Capture

URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})(?:[/-](\d{1,2}))?(?=[/._-]|$)")

_JSON_LD = re.compile(rb"<script[^>]{0,400}application/ld\+json[^>]{0,400}>", re.IGNORECASE)
_SCRIPT_END = re.compile(rb"</script", re.IGNORECASE)
# Tags are matched up to the next "<" and at most 2,000 characters, so that a page of
# unclosed tags costs a linear scan, not a quadratic one.
_META = re.compile(rb"<meta\s[^<>]{0,2000}>", re.IGNORECASE)
_TIME = re.compile(rb"<time\b([^<>]{0,2000})>([^<]{0,80})", re.IGNORECASE)
_ATTRIBUTE = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_STAMP = re.compile(
    r"((?:19|20)\d{2})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?"
)
_NOISE = re.compile(rb"<(script|style|noscript|svg)\b", re.IGNORECASE)
_TAG = re.compile(rb"<[^<>]{0,2000}>")
_LABEL = re.compile(
    r"\b(published|posted|written|first published|publication date|date published|"
    r"ver[öo]ffentlicht|publi[ée]|publicado|pubblicato)\s*(?:on|am|le|el|il)?\s*:?\s*"
    r"(.{6,40})",
    re.IGNORECASE,
)
_UPDATED_LABEL = re.compile(
    r"\b(updated|last updated|modified|last modified|aktualisiert|mis à jour|actualizado)"
    r"\s*(?:on|am|le|el)?\s*:?\s*(.{6,40})",
    re.IGNORECASE,
)

MAX_LABELS = 20  # labelled phrases tried on one page
WAYBACK_TIME = re.compile(r"/web/(\d{14})")
_UPDATE_MARK = re.compile(r"\b(?:last\s+)?updated\b", re.IGNORECASE)
# What may stand between a dateline's date and its update mark: separators, a time, a zone.
_DATELINE_TAIL = re.compile(
    r"(?:[\s/|·•,–-]|\bat\b|\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}\b)?)*$",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"\s[|/•·–]\s|\bupdated\b|\bmodified\b", re.IGNORECASE)

PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "date",
)
MODIFIED_META = (
    "article:modified_time",
    "og:article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
)
ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "liveblogposting",
    "scholarlyarticle",
    "techarticle",
    "report",
    "socialmediaposting",
    "posting",
    "recipe",
    "creativework",
}
PAGE_TYPES = {"webpage", "itempage", "aboutpage", "collectionpage", "faqpage", "qapage"}
_ELSEWHERE_TYPES = {"imageobject", "videoobject", "comment", "person", "organization", "review"}


@dataclass(frozen=True, slots=True)
class Stamp:
    """A date as written: its day, and the instant when a time and offset were given."""

    day: date
    instant: datetime | None = None
    utc: bool = False


@dataclass(slots=True)
class PageDates:
    """The dates of a page: the chosen published and updated days, and every signal's day."""

    published: str | None = None
    updated: str | None = None
    sources: dict[str, str] = field(default_factory=dict)


def page_dates(
    html: bytes, *, url: str | None = None, captured: datetime | None = None
) -> PageDates:
    """Every date signal of an HTML page, and the published and updated days chosen from them."""
    latest = (captured or datetime.now(UTC)).astimezone(UTC)
    stamps = signals(html)
    stamps = {name: stamp for name, stamp in stamps.items() if _before(stamp, latest)}
    local_days(stamps)
    sources = {name: stamp.day.isoformat() for name, stamp in stamps.items()}
    for name, original in (("htmldate", True), ("htmldate_updated", False)):
        found = htmldate_day(html, url, original=original, latest=latest)
        if found:
            sources[name] = found
    month = url_month(url)
    if month:
        sources["url"] = month
    published = choose_published(sources)
    return PageDates(
        published=published, updated=choose_updated(sources, published), sources=sources
    )


def _before(stamp: Stamp, latest: datetime) -> bool:
    if stamp.instant is not None:
        return stamp.instant <= latest + timedelta(hours=14)
    return stamp.day <= latest.date() + timedelta(days=1)


def signals(html: bytes) -> dict[str, Stamp]:
    """The page's own date signals by name (see the module docstring), before any choice."""
    found: dict[str, Stamp | None] = {}
    linked = main_item(html)
    found["json-ld"] = parse_stamp(linked.get("datePublished") or linked.get("dateCreated"))
    found["json-ld_modified"] = parse_stamp(linked.get("dateModified"))
    meta = meta_tags(html)
    found["meta"] = _first_stamp(meta, PUBLISHED_META)
    found["meta_modified"] = _first_stamp(meta, MODIFIED_META)
    published, modified = time_elements(html)
    found["time"], found["time_modified"] = published, modified
    text = visible_text(html)
    found["label"] = labelled_date(text)
    found["dateline"] = dateline_date(text)
    return {name: stamp for name, stamp in found.items() if stamp is not None}


def local_days(stamps: dict[str, Stamp]) -> None:
    """Give a UTC timestamp the local day of a signal that names the same instant."""
    local = [(s.instant, s) for s in stamps.values() if s.instant is not None and not s.utc]
    for name, stamp in list(stamps.items()):
        instant = stamp.instant
        if not stamp.utc or instant is None:
            continue
        same = next((s for when, s in local if abs(when - instant) < _MINUTE), None)
        if same is not None:
            stamps[name] = Stamp(same.day, stamp.instant, utc=False)


_MINUTE = timedelta(minutes=1)


def parse_stamp(value: object) -> Stamp | None:
    """A date or timestamp string ("2025-11-19", "2025-11-19T08:00:00-05:00") as a Stamp."""
    if isinstance(value, list) and value:
        value = value[0]
    if not isinstance(value, str):
        return None
    found = _STAMP.search(value)
    if not found:
        return None
    year, month, day = (int(part) for part in found.groups()[:3])
    try:
        written = date(year, month, day)
    except ValueError:
        return None
    hour, minute, second, offset = found[4], found[5], found[6], found[7]
    if hour is None or offset is None:
        return Stamp(written)
    zone = _zone(offset)
    try:
        instant = datetime(year, month, day, int(hour), int(minute), int(second or 0), tzinfo=zone)
    except ValueError:
        return Stamp(written)
    return Stamp(written, instant, utc=zone.utcoffset(None) == timedelta(0))


def _zone(offset: str) -> timezone:
    if offset == "Z":
        return UTC
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))


def _first_stamp(meta: dict[str, str], names: tuple[str, ...]) -> Stamp | None:
    for name in names:
        stamp = parse_stamp(meta.get(name))
        if stamp is not None:
            return stamp
    return None


def capture_time(capture: Capture) -> datetime | None:
    """When the page was captured: the Wayback capture's time for an archived copy, else ours."""
    if capture.archived_copy_of:
        found = WAYBACK_TIME.search(capture.url)
        if found:
            return datetime.strptime(found[1], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    try:
        fetched = datetime.fromisoformat(capture.fetched_at.replace("Z", "+00:00"))
    except ValueError:
        return None
    return fetched if fetched.tzinfo else fetched.replace(tzinfo=UTC)


# --- JSON-LD --------------------------------------------------------------------------


def json_ld_blocks(html: bytes) -> Iterator[bytes]:
    """The bodies of the JSON-LD script elements, found in one linear scan."""
    position = 0
    while (tag := _JSON_LD.search(html, position)) is not None:
        end = _SCRIPT_END.search(html, tag.end())
        if end is None:
            return
        yield html[tag.end() : end.start()]
        position = end.end()


def json_ld_items(html: bytes) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object of the page, through @graph, arrays and nesting."""
    for block in json_ld_blocks(html):
        try:
            data = json.loads(block.decode("utf-8", "replace"), strict=False)
        except (ValueError, RecursionError):
            continue
        yield from walk(data)


def walk(data: object, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every dict in nested JSON, shallow first within each branch (depth at most 4)."""
    if depth > 4:
        return
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from walk(value, depth + 1)
    elif isinstance(data, list):
        for value in data:
            yield from walk(value, depth + 1)


def main_item(html: bytes) -> dict[str, Any]:
    """The JSON-LD object that describes the page: an Article-like one, else a WebPage."""
    best: tuple[int, dict[str, Any]] | None = None
    for item in json_ld_items(html):
        rank = _item_rank(item)
        if rank is not None and (best is None or rank < best[0]):
            best = (rank, item)
            if rank == 0:
                break
    return best[1] if best else {}


def _item_rank(item: dict[str, Any]) -> int | None:
    if not any(key in item for key in ("datePublished", "dateCreated", "dateModified")):
        return None
    kinds = item.get("@type")
    names = {str(kind).lower() for kind in (kinds if isinstance(kinds, list) else [kinds])}
    if names & ARTICLE_TYPES:
        return 0
    if names & PAGE_TYPES:
        return 1
    if names & _ELSEWHERE_TYPES:
        return None
    return 2


# --- meta tags and <time> elements -------------------------------------------------------


def _attributes(tag: bytes) -> dict[str, str]:
    return {
        key.lower().decode("ascii", "replace"): (a or b or c).decode("utf-8", "replace")
        for key, a, b, c in _ATTRIBUTE.findall(tag)
    }


def meta_tags(html: bytes) -> dict[str, str]:
    """The page's <meta> tags by lower-cased name, property or itemprop (the first of each)."""
    tags: dict[str, str] = {}
    for tag in _META.findall(html[:300_000]):
        attributes = _attributes(tag)
        name = attributes.get("property") or attributes.get("name") or attributes.get("itemprop")
        if name and "content" in attributes:
            tags.setdefault(name.lower(), attributes["content"])
    return tags


def time_elements(html: bytes) -> tuple[Stamp | None, Stamp | None]:
    """The first <time> elements marked as the publication and as the update date."""
    published: Stamp | None = None
    modified: Stamp | None = None
    for found in _TIME.finditer(html[:300_000]):
        attributes = _attributes(found[1])
        marks = " ".join(
            attributes.get(key, "") for key in ("itemprop", "class", "id", "data-testid")
        ).lower()
        is_modified = modified is None and ("modif" in marks or "updat" in marks)
        is_published = published is None and any(m in marks for m in ("pub", "post", "creat"))
        if not (is_modified or is_published):
            continue
        stamp = parse_stamp(attributes.get("datetime")) or _text_day(
            found[2].decode("utf-8", "replace")
        )
        if stamp is None:
            continue
        if is_modified:
            modified = stamp
        else:
            published = stamp
        if published and modified:
            break
    return published, modified


# --- dates written in the text --------------------------------------------------------------


def visible_text(html: bytes, limit: int = 400_000) -> str:
    """The page's text without scripts, styles or tags (for labelled dates)."""
    stripped = _TAG.sub(b" ", without_noise(html[:limit]))
    return " ".join(stripped.decode("utf-8", "replace").split())


def without_noise(html: bytes) -> bytes:
    """`html` without its scripts, styles, noscript and svg elements, in one linear pass
    (an unclosed one runs to the end of the page)."""
    lower = html.lower()
    kept: list[bytes] = []
    position = 0
    while (found := _NOISE.search(html, position)) is not None:
        kept.append(html[position : found.start()])
        close = lower.find(b"</" + found[1].lower(), found.end())
        if close == -1:
            return b" ".join(kept)
        end = lower.find(b">", close)
        position = len(html) if end == -1 else end + 1
    kept.append(html[position:])
    return b" ".join(kept)


def labelled_date(text: str) -> Stamp | None:
    """The first date written after a publication label ("Published:", "Posted on", ...)
    in a page's visible text."""
    for tried, found in enumerate(_LABEL.finditer(text)):
        stamp = _text_day(found[2])
        if stamp is not None or tried >= MAX_LABELS:
            return stamp
    return None


def dateline_date(text: str) -> Stamp | None:
    """The date written just before the first update mark in a page's visible text.

    "January 19, 2020 / 12:25 PM / Updated 8 hours ago", "Posted: Nov 8, 2023
    Updated: ...": a dateline that gives an update names the day before it as
    the original. Only the end of the text before the mark is read, past any
    time, zone and separators; and only the page's first update mark, the
    article's own (a later one is more often an item of a list of stories).
    """
    found = _UPDATE_MARK.search(text)
    if found is None:
        return None
    before = _DATELINE_TAIL.sub("", text[max(0, found.start() - 60) : found.start()])
    return _text_day(before[-30:]) if before else None


def _text_day(text: str) -> Stamp | None:
    text = _SEPARATOR.split(text, maxsplit=1)[0]
    stamp = parse_stamp(text)
    if stamp is not None:
        return stamp
    try:
        from htmldate.extractors import try_date_expr
    except ImportError:  # an htmldate without its expression parser: ISO dates only
        return None
    # not the extensive search: that falls back to dateparser, ~100 ms a string
    found = try_date_expr(text, "%Y-%m-%d", False, datetime(1995, 1, 1), datetime.now())
    return parse_stamp(found)


# --- htmldate and the URL -------------------------------------------------------------------


def htmldate_day(html: bytes, url: str | None, *, original: bool, latest: datetime) -> str | None:
    """htmldate's date of the page (original or latest), never after `latest`."""
    from htmldate import find_date

    try:
        found = find_date(
            html,
            extensive_search=True,
            original_date=original,
            url=url,
            max_date=latest.strftime("%Y-%m-%d"),
        )
    except Exception:  # htmldate raises on some malformed pages
        return None
    return found if isinstance(found, str) else None


def url_month(url: str | None) -> str | None:
    """The date in a URL's path: "2025-11-19" with a day, "2025-11" with a month only.

    The same pattern as `provenance.resolve.rank.url_date`, keeping the precision.
    """
    found = URL_DATE.search(urlsplit(url or "").path)
    if not found:
        return None
    year, month = int(found[1]), int(found[2])
    if not 1 <= month <= 12:
        return None
    if found[3] is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, int(found[3])).isoformat()
    except ValueError:
        return None


# --- the choice ------------------------------------------------------------------------------

GROUPS = {
    "structured": ("json-ld", "meta"),
    "visible": ("time", "label", "dateline"),
    "url": ("url",),
    "htmldate": ("htmldate",),
}
TIE_ORDER = ("url", "visible", "htmldate", "structured")
UPDATED_ORDER = ("json-ld_modified", "meta_modified", "time_modified", "htmldate_updated")


def choose_published(sources: dict[str, str]) -> str | None:
    """The published day: the day most kinds of signal give, ties broken by `TIE_ORDER`.

    The kinds (`GROUPS`) vote once each, with the first day of their signals:
    structured metadata (JSON-LD, else a meta tag), what the page shows (a
    marked <time>, else a labelled date), the URL's day, and htmldate's pick.
    A URL's month votes for every day in it. On a tie the URL's day comes
    first (it is fixed at publication and never updated), then the date the
    page shows, then htmldate (which weighs the whole page), then metadata.

    A dateline that shows a day beside an update mark is the page's own word
    on which day is the original: a later day from any signal is then the
    update time (many CMSs write it into every date field when a story is
    updated) and casts no vote.
    """
    said = {group: day for group, names in GROUPS.items() if (day := _group_day(sources, names))}
    original = sources.get("dateline")
    if original:
        said = {group: day for group, day in said.items() if day <= original}
        said = said or {"visible": original}
    votes = Counter(said.values())
    if not votes:
        return None
    month = sources.get("url", "")
    if len(month) == 7:  # a URL's month is a vote for each day in it
        votes.update([day for day in votes if day.startswith(month)])
    most = max(votes.values())
    return next(said[g] for g in TIE_ORDER if g in said and votes[said[g]] == most)


def _group_day(sources: dict[str, str], names: tuple[str, ...]) -> str | None:
    return next((sources[n] for n in names if len(sources.get(n, "")) == 10), None)


def choose_updated(sources: dict[str, str], published: str | None) -> str | None:
    """The updated day: the first update signal, when it differs from the published day."""
    updated = next((sources[name] for name in UPDATED_ORDER if name in sources), None)
    return updated if updated and updated != published else None
