"""RSS, Atom and JSON feeds: the feeds a home page announces, and the items they list.

A feed is known by the type its `<link rel="alternate">` declares, not by
words in its URL; its items are read by what the document is (a JSON Feed
object, or RSS/Atom XML).
"""

from __future__ import annotations

import json
import re
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

from provenance.models import Candidate
from provenance.resolve.sitemaps import local, xml_root

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def feed_links(html: bytes, base_url: str) -> list[str]:
    """The absolute URLs of the RSS/Atom feeds a page announces with `<link rel="alternate">`."""
    found: list[str] = []
    for tag in LINK_TAG.findall(html.decode("utf-8", "replace")):
        attributes = {m[0].lower(): m[1] or m[2] or m[3] for m in ATTRIBUTE.findall(tag)}
        is_feed = attributes.get("type", "").lower() in FEED_TYPES
        if "alternate" in attributes.get("rel", "").lower() and is_feed and attributes.get("href"):
            url = urljoin(base_url, attributes["href"])
            if url not in found:
                found.append(url)
    return found


def parse_feed(body: bytes, base_url: str = "") -> list[Candidate]:
    """The items of an RSS 2.0, Atom or JSON feed, with titles and dates (empty if unreadable);
    relative JSON Feed links are read against `base_url`, the feed's own address."""
    if body.lstrip()[:1] == b"{":
        return _json_feed(body, base_url)
    root = xml_root(body)
    if root is None:
        return []
    items = [el for el in root.iter() if local(el) in ("item", "entry")]
    return [item for item in (_item(el) for el in items) if item is not None]


def _item(element: object) -> Candidate | None:
    values: dict[str, str] = {}
    link = None
    for child in element:  # type: ignore[attr-defined]
        name = local(child)
        if name == "link":
            link = link or child.get("href") or (child.text or "").strip() or None
        elif name not in values:
            values[name] = (child.text or "").strip()
    if not link:
        return None
    when = (
        values.get("pubdate")
        or values.get("published")
        or values.get("updated")
        or values.get("date")
    )
    return Candidate(
        url=link, method="feed", published=_iso(when), title=values.get("title") or None
    )


def _json_feed(body: bytes, base_url: str) -> list[Candidate]:
    """The items of a JSON Feed (jsonfeed.org, versions 1 and 1.1)."""
    try:
        data = json.loads(body.decode("utf-8", "replace"))
    except (ValueError, RecursionError):  # not JSON, or nested past Python's limit
        return []
    items = data.get("items") if isinstance(data, dict) else None
    found = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        link = item.get("url") or item.get("external_url")
        if isinstance(link, str) and link:
            when = item.get("date_published") or item.get("date_modified")
            title = item.get("title")
            published = _iso(when) if isinstance(when, str) else None
            named = title if isinstance(title, str) and title else None
            url = urljoin(base_url, link)
            found.append(Candidate(url=url, method="feed", published=published, title=named))
    return found


def _iso(text: str | None) -> str | None:
    """An RFC 822 (RSS) or ISO 8601 (Atom) date as an ISO date string."""
    if not text:
        return None
    if re.match(r"\d{4}-\d{2}-\d{2}", text):
        return text[:10]
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError):
        return None
