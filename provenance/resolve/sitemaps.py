"""Sitemaps: robots.txt `Sitemap:` lines, sitemap indexes, (news) sitemaps.

A sitemap index lists child sitemaps (`<sitemap><loc>`, with `<lastmod>`); a
sitemap lists pages (`<url><loc>`, with `<lastmod>`), and a Google news sitemap
adds `<news:publication_date>` and `<news:title>` to each page. Elements are
matched by local name, so any namespace prefix works.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from provenance.models import Candidate
from provenance.resolve.window import DateWindow, parse_day


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


def pick_children(
    children: list[Candidate], window: DateWindow | None, limit: int
) -> list[Candidate]:
    """The child sitemaps worth reading: news ones first, then those dated from the window on."""

    def rank(child: Candidate) -> tuple[int, int]:
        news = 0 if "news" in child.url.lower() else 1
        day = parse_day(child.published)
        if window is None or day is None:
            return (news, 1)
        return (news, 0 if day >= window.start else 2)

    ordered = sorted(children, key=rank)
    return [child for child in ordered if window is None or rank(child)[1] < 2][:limit]


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
