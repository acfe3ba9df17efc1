"""Ranking discovered pages before any is fetched: date distance and word overlap.

A page found in the CDX index, a sitemap or a feed has a URL, and often a
title and a date. Its rank mixes how many of its slug and title words (and
numbers: "$2.4 billion" is `2-4-billion` in a slug) appear in the claim
(content, quotes and sentence) with how close its date is to the claimed date.
The date is a page's own (a sitemap or feed date, a date in its URL); a URL
with only a year and a month dates the page to that month, compared as a
month; an undated page found in the CDX index is dated, loosely, by its first
capture in the window. Pages dated outside the claim's window are dropped.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import unquote, urlsplit

from provenance.dating import URL_DATE
from provenance.models import Candidate, Claim
from provenance.resolve.window import DateWindow, matched_days, parse_day

WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
NUMBER = re.compile(r"(?<![A-Za-z0-9])\d+(?:[.,-]\d+)*(?![A-Za-z0-9])")
STOPWORDS_TEXT = """the and for that with this from are was were has have had not but its it's
    their they them than then into over also about after before more most such
    which while who whom what when where why how can could would should will may
    might said says say new news story article articles html htm php aspx index amp
    www com org net our your you his her she him one two all any out off per via
    just been being those these there here other some many much very"""
STOPWORDS = frozenset(STOPWORDS_TEXT.split())
WORD_WEIGHT = 0.7
DATE_WEIGHT = 0.3
CAPTURE_TRUST = 0.8  # a first capture dates a page less surely than its own date


def words(text: str) -> set[str]:
    """The content words of a text, lower-cased and crudely stemmed."""
    return {_stem(w) for w in WORD.findall(text.casefold()) if w not in STOPWORDS}


def _stem(word: str) -> str:
    for suffix in ("ing", "ies", "es", "s", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) >= 5 else word


def numbers(text: str) -> set[str]:
    """The numbers of a text or slug (`2.4`, `2,400`, `2-4` all as their digits), as tokens."""
    found = {"#" + re.sub(r"[.,-]", "", n) for n in NUMBER.findall(text)}
    return {n for n in found if len(n) <= 7}  # not ids or timestamps


def claim_words(claim: Claim) -> set[str]:
    """The words a page about this claim is likely to share with it (sources' names excluded)."""
    parts = [claim.content.text if claim.content else "", *(q.text for q in claim.quotes)]
    if not any(parts):
        parts.append(claim.sentence.text)
    names = (
        set().union(*(words(source.name) for source in claim.sources)) if claim.sources else set()
    )
    text = " ".join(parts)
    return (words(text) - names) | numbers(text)


def slug_words(url: str) -> set[str]:
    """The words and numbers of a URL's path (its slug and sections; not its date)."""
    path = unquote(urlsplit(url).path)
    slug = URL_DATE.sub("/", path)
    return words(path.replace("-", " ").replace("_", " ")) | numbers(slug.replace("/", " "))


def overlap(wanted: set[str], found: set[str]) -> float:
    """How well two word sets overlap, 0..1 (the cosine of the sets)."""
    if not wanted or not found:
        return 0.0
    return float(len(wanted & found) / (len(wanted) * len(found)) ** 0.5)


def url_date(url: str, *, need_day: bool = False) -> date | None:
    """A date written in a URL path (/2025/11/19/, /2025-11-19.html, /2025-11/), or None.

    A path with a year and month only is dated the 15th, or None with `need_day`.
    """
    match = URL_DATE.search(urlsplit(url).path)
    if not match or (need_day and not match[3]):
        return None
    year, month, day = int(match[1]), int(match[2]), int(match[3] or 15)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def candidate_day(candidate: Candidate) -> date | None:
    """The best date known for a candidate before fetching it."""
    return parse_day(candidate.published) or url_date(candidate.url)


def candidate_days(candidate: Candidate) -> tuple[date, date] | None:
    """The days a candidate may be from: one day, or a month (a year-month URL), or None."""
    day = parse_day(candidate.published) if len(candidate.published or "") >= 10 else None
    if day is not None:
        return day, day
    return matched_days(URL_DATE.search(urlsplit(candidate.url).path))


def closeness(
    candidate: Candidate, window: DateWindow | None, captured: date | None = None
) -> float:
    """How close a candidate's date is to the claimed date, 0..1 (0.5 when unknown)."""
    days = candidate_days(candidate)
    if window is None or (days is None and captured is None):
        return 0.5
    if days is None:
        assert captured is not None
        return CAPTURE_TRUST * window.closeness(captured)
    first, last = days
    nearest = min(max(window.target, first), last)  # the day of the range nearest the target
    return window.closeness(nearest)


def rank_score(
    candidate: Candidate,
    wanted: set[str],
    window: DateWindow | None,
    captured: date | None = None,
) -> float:
    """The pre-fetch rank of a candidate, 0..1."""
    title = candidate.title or ""
    found = slug_words(candidate.url) | words(title) | numbers(title)
    date_part = closeness(candidate, window, captured)
    return WORD_WEIGHT * overlap(wanted, found) + DATE_WEIGHT * date_part


def rank(
    claim: Claim,
    candidates: list[Candidate],
    window: DateWindow | None,
    captured: dict[str, date] | None = None,
) -> list[Candidate]:
    """Distinct candidates in the window, best first (sitemap/feed titles merged into CDX rows).

    `captured` gives the first capture day of CDX-listed pages (by `url_key`).
    """
    merged = merge(candidates)
    kept = [c for c in merged if _in_window(c, window) and _is_page(c.url)]
    wanted = claim_words(claim)
    first = captured or {}
    return sorted(
        kept,
        key=lambda c: rank_score(c, wanted, window, first.get(url_key(c.url))),
        reverse=True,
    )


def _in_window(candidate: Candidate, window: DateWindow | None) -> bool:
    """Whether a candidate's day (or month) meets the window; an undated one is kept."""
    days = candidate_days(candidate)
    return window is None or days is None or (days[0] <= window.end and days[1] >= window.start)


def _is_page(url: str) -> bool:
    """Whether a URL can be an article: not a home page, nor a feed, image or script file.

    Words in the path are not judged ("/feed/" is a section of some outlets):
    feeds are known by their declared type, CDX rows by their MIME type.
    """
    path = urlsplit(url).path.lower()
    skipped = (".xml", ".rss", ".json", ".jpg", ".jpeg", ".png", ".gif", ".css", ".js", ".pdf")
    return path not in ("", "/") and not path.endswith(skipped)


def url_key(url: str) -> str:
    """A URL without scheme, `www.`, query or trailing slash: one key per page."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}"


def merge(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per page: the first URL, with title and date filled in from the others."""
    by_key: dict[str, Candidate] = {}
    for candidate in candidates:
        known = by_key.setdefault(url_key(candidate.url), candidate)
        if known is not candidate:
            known.title = known.title or candidate.title
            known.published = _better_date(known, candidate)
    return list(by_key.values())


def _better_date(known: Candidate, other: Candidate) -> str | None:
    if known.method == "cdx" and other.published:
        return other.published  # a sitemap or feed date is the page's, a CDX date the capture's
    return known.published or other.published


def content_share(claim: Claim, text: str) -> float:
    """The share of the claim's content words (its quotes left out) that a text holds, 0..1."""
    wanted = words(claim.content.text if claim.content else claim.sentence.text)
    return len(wanted & words(text)) / len(wanted) if wanted else 0.0


def text_score(claim: Claim, text: str) -> float:
    """How much of the claim's quotes and content a plain text contains, 0..1."""
    folded = " ".join(text.casefold().replace("\u2019", "'").split())
    quotes = [" ".join(q.text.casefold().replace("\u2019", "'").split()) for q in claim.quotes]
    quoted = [q for q in quotes if len(q) >= 8]
    if quoted and all(q in folded for q in quoted):
        return 1.0
    wanted = claim_words(claim)
    if not wanted:
        return 0.0
    return len(wanted & words(text)) / len(wanted)
