"""Ranking discovered pages before any is fetched: date distance and word overlap.

A page found in the CDX index, a sitemap or a feed has a URL, and often a
title and a date. Its rank mixes how many of its slug and title words appear
in the claim (content, quotes and sentence) with how close its date is to the
claimed date. Pages dated outside the claim's window are dropped.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import unquote, urlsplit

from provenance.models import Candidate, Claim
from provenance.resolve.window import DateWindow, parse_day

WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})(?:[/-](\d{1,2}))?(?=[/._-]|$)")
STOPWORDS_TEXT = """the and for that with this from are was were has have had not but its it's
    their they them than then into over also about after before more most such
    which while who whom what when where why how can could would should will may
    might said says say new news story article articles html htm php aspx index amp
    www com org net our your you his her she him one two all any out off per via
    just been being those these there here other some many much very"""
STOPWORDS = frozenset(STOPWORDS_TEXT.split())
WORD_WEIGHT = 0.7
DATE_WEIGHT = 0.3


def words(text: str) -> set[str]:
    """The content words of a text, lower-cased and crudely stemmed."""
    return {_stem(w) for w in WORD.findall(text.casefold()) if w not in STOPWORDS}


def _stem(word: str) -> str:
    for suffix in ("ing", "ies", "es", "s", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def claim_words(claim: Claim) -> set[str]:
    """The words a page about this claim is likely to share with it (sources' names excluded)."""
    parts = [claim.content.text if claim.content else "", *(q.text for q in claim.quotes)]
    if not any(parts):
        parts.append(claim.sentence.text)
    names = (
        set().union(*(words(source.name) for source in claim.sources)) if claim.sources else set()
    )
    return words(" ".join(parts)) - names


def slug_words(url: str) -> set[str]:
    """The words of a URL's path (its slug and sections)."""
    return words(unquote(urlsplit(url).path).replace("-", " ").replace("_", " "))


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


def rank_score(candidate: Candidate, wanted: set[str], window: DateWindow | None) -> float:
    """The pre-fetch rank of a candidate, 0..1."""
    found = slug_words(candidate.url) | words(candidate.title or "")
    day = candidate_day(candidate)
    closeness = 0.5 if window is None or day is None else window.closeness(day)
    return WORD_WEIGHT * overlap(wanted, found) + DATE_WEIGHT * closeness


def rank(claim: Claim, candidates: list[Candidate], window: DateWindow | None) -> list[Candidate]:
    """Distinct candidates in the window, best first (sitemap/feed titles merged into CDX rows)."""
    merged = merge(candidates)
    kept = [c for c in merged if _in_window(c, window) and _is_page(c.url)]
    wanted = claim_words(claim)
    return sorted(kept, key=lambda c: rank_score(c, wanted, window), reverse=True)


def _in_window(candidate: Candidate, window: DateWindow | None) -> bool:
    day = candidate_day(candidate)
    return window is None or day is None or window.contains(day)


def _is_page(url: str) -> bool:
    path = urlsplit(url).path.lower()
    skipped = (".xml", ".rss", ".json", ".jpg", ".jpeg", ".png", ".gif", ".css", ".js", ".pdf")
    return path not in ("", "/") and not path.endswith(skipped) and "/feed" not in path


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
