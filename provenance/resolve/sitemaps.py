"""Sitemaps: robots.txt `Sitemap:` lines, sitemap indexes, (news) sitemaps.

A sitemap index lists child sitemaps (`<sitemap><loc>`, with `<lastmod>`); a
sitemap lists pages (`<url><loc>`, with `<lastmod>`), and a Google news sitemap
adds `<news:publication_date>` and `<news:title>` to each page. Elements are
matched by local name, so any namespace prefix works.

Indexes are often newest first, with hundreds of children: the children read
are those that cover the claim's window, by the dates in their names
(`posts-2025-08.xml`, `sitemap-2025-08-14.xml`), else by their `<lastmod>` (a
child whose last change is the first on or after the window's start holds its
first days). A news sitemap holds the last two days only: it is read for recent
claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlsplit

from lxml import etree

from provenance.models import Candidate
from provenance.resolve.window import DateWindow, matched_days, parse_day


@dataclass(slots=True)
class Sitemap:
    """What one sitemap document lists: pages, and child sitemaps (an index)."""

    pages: list[Candidate] = field(default_factory=list)
    children: list[Candidate] = field(default_factory=list)


def robots_sitemaps(robots_txt: bytes) -> list[str]:
    """The URLs of the `Sitemap:` lines of a robots.txt, in order, without repeats."""
    found: list[str] = []
    for line in robots_txt.decode("utf-8", "replace").splitlines():
        key, _, value = line.partition(":")
        url = value.split("#", 1)[0].strip()
        if key.strip().lower() == "sitemap" and url and url not in found:
            found.append(url)
    return found


def parse_sitemap(body: bytes) -> Sitemap:
    """The pages and child sitemaps of a sitemap or sitemap index (empty if unreadable)."""
    root = xml_root(body)
    result = Sitemap()
    if root is None:
        return result
    for element in root:
        name = local(element)
        if name == "url":
            _append(result.pages, element, "sitemap")
        elif name == "sitemap":
            _append(result.children, element, "sitemap-index")
    return result


def _append(into: list[Candidate], element: etree._Element, method: str) -> None:
    values = {local(child): (child.text or "").strip() for child in element.iter()}
    if values.get("loc"):
        published = values.get("publication_date") or values.get("lastmod") or None
        into.append(
            Candidate(
                url=values["loc"], method=method, published=published, title=values.get("title")
            )
        )


NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_/]?(0[1-9]|1[0-2])(?:[-_/]?([0-3]\d))?(?!\d)")
NEWS_DAYS = 2  # a news sitemap lists the articles of the last two days


def pick_children(
    children: list[Candidate], window: DateWindow | None, limit: int, today: date | None = None
) -> list[Candidate]:
    """The child sitemaps that cover the window (see the module docstring), at most `limit`."""
    news = [c for c in children if "news" in _name(c.url)]
    rest = [c for c in children if c not in news]
    if window is None:
        by_lastmod = sorted(rest, key=lambda c: c.published or "", reverse=True)
        return (news + by_lastmod)[:limit]
    recent = window.end >= (today or date.today()) - timedelta(days=NEWS_DAYS)
    picked = news if recent else []
    named = [c for c in rest if name_days(c.url) is not None]
    picked += [c for c in named if _covers(name_days(c.url), window)]
    dated = sorted((c for c in rest if c not in named and parse_day(c.published)), key=_lastmod)
    after = [c for c in dated if _lastmod(c) >= window.start]
    for child in after:  # from the first ending after the window starts to the one past its end
        picked.append(child)
        if _lastmod(child) >= window.end:
            break
    undated = [c for c in rest if c not in named and c not in dated]
    return (picked + undated)[:limit]


def name_days(url: str) -> tuple[date, date] | None:
    """The days a child sitemap covers by its name (a month or a day), or None."""
    return matched_days(NAME_DATE.search(_name(url)))


def _covers(days: tuple[date, date] | None, window: DateWindow) -> bool:
    return days is not None and days[0] <= window.end and days[1] >= window.start


def _lastmod(child: Candidate) -> date:
    return parse_day(child.published) or date.min


def _name(url: str) -> str:
    """The last part of a sitemap URL's path (and its query), lower-cased."""
    parts = urlsplit(url)
    return (parts.path.rsplit("/", 1)[-1] + "?" + parts.query).lower()


def xml_root(body: bytes) -> etree._Element | None:
    """The root of an XML document, parsed without entities or network; None if unreadable."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        return etree.fromstring(body.strip(), parser=parser)
    except (etree.XMLSyntaxError, ValueError):
        return None


def local(element: etree._Element) -> str:
    """The local name of an element (its tag without a namespace)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()
