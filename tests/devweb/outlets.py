"""The outlets' live sites: articles, AMP copies, redirects, 404s, sitemaps and feeds.

One `OutletSite` per outlet of `devweb.world` (see there for what each one
publishes and how). Each answers on its own loopback host:

- `/robots.txt` (with `Sitemap:` lines for the outlets that have sitemaps);
- `/` (the home page; it announces the outlet's feed by its type);
- its articles at their canonical paths, with any query string (tracking
  parameters); AMP copies; the Courier's old `/story/ID` links (301 to the
  canonical path); a page that is gone answers 404;
- the Courier: `/sitemap.xml`, an index that lists its news sitemap and its
  monthly sitemaps newest first (`/sitemaps/posts-YYYY-MM.xml`); the Post:
  `/sitemap_index.xml`, an index of undated children (`/post-sitemapN.xml`,
  fifteen days each, dated only by `<lastmod>`), newest first;
- the Post's Atom feed at `/latest` and the Wire's JSON feed at `/latest.json`.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import date, timedelta

from devweb.loopback import Request, Response, not_found
from devweb.world import OUTLETS, Article, World

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
POST_CHILD_DAYS = 15
FEED_ITEMS = 40


def render(article: Article, *, amp: bool = False) -> bytes:
    """An article page: title, dek, date in meta tags and JSON-LD, byline, paragraphs."""
    name = str(OUTLETS[article.outlet]["name"])
    title, day = html.escape(article.title), article.day.isoformat()
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                     "headline": article.title, "description": article.dek,
                     "datePublished": f"{day}T08:00:00Z",
                     "publisher": {"@type": "Organization", "name": name}})  # fmt: skip
    body = "".join(f"<p>{html.escape(p)}</p>" for p in article.paragraphs)
    amp_mark = " amp" if amp else ""
    return (
        f'<!doctype html><html{amp_mark} lang="en"><head><meta charset="utf-8"><title>{title} | '
        f'{html.escape(name)}</title><meta property="og:title" content="{title}">'
        f'<meta name="description" content="{html.escape(article.dek)}">'
        f'<meta property="article:published_time" content="{day}T08:00:00Z">'
        f'<script type="application/ld+json">{ld}</script></head><body><header><a href="/">'
        f"{html.escape(name)}</a><nav><a href='/section/politics/'>Politics</a></nav></header>"
        f'<main><article><h1>{title}</h1><p class="dek">{html.escape(article.dek)}</p>'
        f'<p class="byline">By Staff Reporter, <time datetime="{day}">{day}</time></p>{body}'
        f"</article></main><footer>Copyright {html.escape(name)}</footer></body></html>"
    ).encode()


@dataclass
class OutletSite:
    """The live site of one outlet."""

    world: World
    outlet: str
    base: str = ""  # set once the server is bound

    def respond(self, request: Request) -> Response:
        path = request.path
        if path == "/robots.txt":
            return 200, "text/plain", self._robots().encode()
        if path == "/":
            return 200, "text/html; charset=utf-8", self._home()
        special = self._listing(path)
        if special is not None:
            return special
        return self._page(path, request.query)

    # --- pages ------------------------------------------------------------------------

    def _page(self, path: str, query: dict[str, str]) -> Response:
        if self.outlet == "courier" and path.startswith("/story/"):
            found = self.world.article("courier", path.rsplit("/", 1)[-1])
            if found is None:
                return not_found()
            return 301, "text/html", b"", {"Location": self.base + found.path}
        amp = path.endswith("/amp/") or query.get("outputType") == "amp"
        canonical = path.removesuffix("amp/") if path.endswith("/amp/") else path
        article = self.world.by_path(self.outlet, canonical)
        if article is None or article.gone:
            return not_found()
        return 200, "text/html; charset=utf-8", render(article, amp=amp)

    def _home(self) -> bytes:
        feed = {
            "post": '<link rel="alternate" type="application/atom+xml" title="Latest" '
            'href="/latest">',
            "wire": '<link rel="alternate" type="application/feed+json" title="Latest" '
            'href="/latest.json">',
        }.get(self.outlet, "")
        latest = self._latest(12)
        items = "".join(f'<li><a href="{a.path}">{html.escape(a.title)}</a></li>' for a in latest)
        name = html.escape(str(OUTLETS[self.outlet]["name"]))
        return (
            f"<!doctype html><html><head><title>{name}</title>{feed}</head>"
            f"<body><h1>{name}</h1><ul>{items}</ul></body></html>"
        ).encode()

    def _robots(self) -> str:
        lines = ["User-agent: *", "Disallow: /search", "Allow: /"]
        if self.outlet == "courier":
            lines.append(f"Sitemap: {self.base}/sitemap.xml")
        elif self.outlet == "post":
            lines.append(f"Sitemap: {self.base}/sitemap_index.xml")
        return "\n".join(lines) + "\n"

    def _latest(self, count: int) -> list[Article]:
        found: list[Article] = []
        day = self.world.today
        while len(found) < count and day >= self.world.first_day:
            found += [a for a in reversed(self.world.articles(self.outlet, day)) if not a.gone]
            day -= timedelta(days=1)
        return found[:count]

    # --- sitemaps and feeds -----------------------------------------------------------

    def _listing(self, path: str) -> Response | None:
        if self.outlet == "courier":
            if path == "/sitemap.xml":
                return _xml(self._courier_index())
            if path == "/sitemaps/news.xml":
                return _xml(self._news())
            if path.startswith("/sitemaps/posts-") and path.endswith(".xml"):
                month = path.removeprefix("/sitemaps/posts-").removesuffix(".xml")
                return _xml(self._month(month))
        if self.outlet == "post":
            if path == "/sitemap_index.xml":
                return _xml(self._post_index())
            if path.startswith("/post-sitemap") and path.endswith(".xml"):
                number = path.removeprefix("/post-sitemap").removesuffix(".xml")
                return _xml(self._post_child(int(number))) if number.isdigit() else None
            if path == "/latest":
                return _xml(self._atom(), "application/atom+xml")
        if self.outlet == "wire" and path == "/latest.json":
            return 200, "application/feed+json", self._json_feed()
        return None

    def _days(self) -> list[date]:
        count = (self.world.today - self.world.first_day).days + 1
        return [self.world.first_day + timedelta(days=n) for n in range(count)]

    def _courier_index(self) -> str:
        months = sorted({d.strftime("%Y-%m") for d in self._days()}, reverse=True)
        rows = [(f"{self.base}/sitemaps/news.xml", self.world.today.isoformat())]
        for month in months:
            last = max(d for d in self._days() if d.strftime("%Y-%m") == month)
            rows.append((f"{self.base}/sitemaps/posts-{month}.xml", last.isoformat()))
        return _index(rows)

    def _month(self, month: str) -> str:
        days = [d for d in self._days() if d.strftime("%Y-%m") == month]
        pages = [a for d in days for a in self.world.articles(self.outlet, d) if not a.gone]
        return _urlset(self.base, pages)

    def _news(self) -> str:
        recent = [self.world.today - timedelta(days=n) for n in (0, 1)]
        pages = [a for d in recent for a in self.world.articles(self.outlet, d) if not a.gone]
        rows = "".join(
            f"<url><loc>{self.base}{a.path}</loc><news:news><news:publication><news:name>"
            f"Capital Courier</news:name><news:language>en</news:language></news:publication>"
            f"<news:publication_date>{a.day}T08:00:00Z</news:publication_date><news:title>"
            f"{html.escape(a.title)}</news:title></news:news></url>"
            for a in pages
        )
        return f'<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">{rows}</urlset>'

    def _post_children(self) -> list[list[date]]:
        days = self._days()
        return [days[n : n + POST_CHILD_DAYS] for n in range(0, len(days), POST_CHILD_DAYS)]

    def _post_index(self) -> str:
        children = self._post_children()
        rows = [
            (f"{self.base}/post-sitemap{number + 1}.xml", days[-1].isoformat())
            for number, days in enumerate(children)
        ]
        return _index(rows[::-1])  # newest first

    def _post_child(self, number: int) -> str:
        children = self._post_children()
        if not 1 <= number <= len(children):
            return _urlset(self.base, [])
        days = children[number - 1]
        return _urlset(self.base, [a for d in days for a in self.world.articles("post", d)])

    def _atom(self) -> str:
        entries = "".join(
            f'<entry><title>{html.escape(a.title)}</title><link href="{self.base}{a.path}"/>'
            f"<id>{self.base}{a.path}</id><published>{a.day}T08:00:00Z</published>"
            f"<summary>{html.escape(a.dek)}</summary></entry>"
            for a in self._latest(FEED_ITEMS)
        )
        title = "<title>Northern Post</title>"
        return f'<feed xmlns="http://www.w3.org/2005/Atom">{title}{entries}</feed>'

    def _json_feed(self) -> bytes:
        items = [
            {"id": a.ident, "url": f"{self.base}{a.path}", "title": a.title, "summary": a.dek,
             "date_published": f"{a.day}T08:00:00Z"}
            for a in self._latest(FEED_ITEMS)
        ]  # fmt: skip
        feed = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Metro Wire",
            "items": items,
        }
        return json.dumps(feed).encode()


def _xml(text: str, content_type: str = "application/xml") -> Response:
    return 200, content_type, ('<?xml version="1.0" encoding="UTF-8"?>' + text).encode()


def _index(rows: list[tuple[str, str]]) -> str:
    body = "".join(f"<sitemap><loc>{u}</loc><lastmod>{d}</lastmod></sitemap>" for u, d in rows)
    return f'<sitemapindex xmlns="{SITEMAP_NS}">{body}</sitemapindex>'


def _urlset(base: str, pages: list[Article]) -> str:
    rows = "".join(f"<url><loc>{base}{a.path}</loc><lastmod>{a.day}</lastmod></url>" for a in pages)
    return f'<urlset xmlns="{SITEMAP_NS}">{rows}</urlset>'
