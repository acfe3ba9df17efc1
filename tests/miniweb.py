"""A fixture mini-web on loopback: outlets, a Wayback-like archive, X-like and Reddit-like hosts.

Each host listens on its own loopback address (127.0.0.2 ... 127.0.0.7, port
chosen by the system), so that every outlet has its own robots.txt, sitemaps
and feeds. The content is in `tests/fixtures/miniweb/site.json`:

- outlets, each discoverable one way: the Daily Bugle by its sitemaps (robots.txt
  `Sitemap:` line, a sitemap index, a news sitemap with publication dates), the
  Harbor Times by the RSS feed its home page announces, the Metro Ledger only
  through the archive's CDX index; one Ledger page now answers 404 and one Bugle
  page has changed since it was captured;
- the archive: a CDX server (`/cdx/search/cdx`, JSON output, prefix and exact
  matches, from/to, collapse=urlkey, closest) and `id_` playback (`/web/<ts>id_/<url>`),
  holding captures of the outlet pages and of X status pages;
- an X-like host: oEmbed JSON at `/oembed?url=...` (404 for a deleted post) and
  post pages at `/<handle>/status/<id>`;
- a Reddit-like host: `/r/<sub>/search.json`, `/r/<sub>/new.json` and each post's `.json`.

Use it as a context manager; `settings(tmp_path)` points provenance at it.
"""

from __future__ import annotations

import html
import json
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from provenance.config import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "miniweb"
TWITTER_EPOCH_MS = 1288834974657
Response = tuple[int, str, bytes]


@dataclass(frozen=True)
class ArchivedCapture:
    """One capture held by the fixture archive."""

    timestamp: str
    original: str
    body: bytes
    mimetype: str = "text/html"


def status_id(time: str) -> str:
    """The snowflake status id of a post made at `time` (ISO, UTC)."""
    moment = datetime.fromisoformat(time.replace("Z", "+00:00"))
    return str((int(moment.timestamp() * 1000) - TWITTER_EPOCH_MS) << 22)


def url_key(url: str) -> str:
    """A URL as the archive indexes it: no scheme, no www., lower-case host."""
    rest = url.split("://", 1)[-1]
    host, _, path = rest.partition("/")
    return f"{host.lower().removeprefix('www.')}/{path}"


def render_article(outlet: str, page: dict[str, Any], paragraphs: list[str] | None = None) -> bytes:
    """An outlet's article page, with its date in meta tags, JSON-LD and a <time>."""
    title, day = html.escape(page["title"]), page["date"]
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": page["title"],
            "datePublished": f"{day}T08:00:00Z",
            "publisher": {"@type": "Organization", "name": outlet},
        }
    )
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs or page["text"])
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title} | '
        f'{html.escape(outlet)}</title><meta property="og:title" content="{title}">'
        f'<meta property="article:published_time" content="{day}T08:00:00Z">'
        f'<script type="application/ld+json">{ld}</script></head><body><header><a href="/">'
        f"{html.escape(outlet)}</a></header><main><article><h1>{title}</h1>"
        f'<p class="byline">By Staff Reporter, <time datetime="{day}">{day}</time></p>{body}'
        f"</article></main><footer>Copyright {html.escape(outlet)}</footer></body></html>"
    ).encode()


def render_post(post: dict[str, Any], sid: str) -> bytes:
    """An X-like status page for a post."""
    text, name = html.escape(post["text"]), html.escape(post["name"])
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{name} on X: '
        f'"{text}"</title><meta property="og:description" content="{text}"></head><body>'
        f'<article data-testid="tweet"><div>{name} @{post["handle"]}</div><p>{text}</p>'
        f'<time datetime="{post["time"]}">{post["time"][:10]}</time>'
        f'<a href="https://twitter.com/{post["handle"]}/status/{sid}">link</a></article></body></html>'
    ).encode()


class MiniWeb:
    """The fixture mini-web: start it, point provenance at it, stop it."""

    def __init__(self) -> None:
        self.site: dict[str, Any] = json.loads((FIXTURES / "site.json").read_text("utf-8"))
        self.servers: dict[str, ThreadingHTTPServer] = {}
        self.requests: list[tuple[str, str]] = []  # (host name, path and query)

    # --- lifecycle ---------------------------------------------------------------

    def __enter__(self) -> MiniWeb:
        addresses = {name: o["address"] for name, o in self.site["outlets"].items()}
        addresses |= {
            "archive": self.site["archive_address"],
            "x": self.site["x"]["address"],
            "reddit": self.site["reddit"]["address"],
        }
        for name, address in addresses.items():
            server = ThreadingHTTPServer((address, 0), _Handler)
            server.daemon_threads = True
            server.miniweb, server.host_name = self, name  # type: ignore[attr-defined]
            threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
            self.servers[name] = server
        self.captures = self._captures()
        return self

    def __exit__(self, *exc: object) -> None:
        for server in self.servers.values():
            server.shutdown()
            server.server_close()

    def base(self, name: str) -> str:
        """The base URL (http://127.0.0.N:PORT) of a host."""
        host, port = self.servers[name].server_address[:2]
        return f"http://{host!s}:{port}"

    def page_url(self, outlet: str, path: str) -> str:
        """The full URL of an outlet page."""
        return self.base(outlet) + path

    # --- provenance configuration ---------------------------------------------------

    def registry_toml(self) -> str:
        """A user registry: the fixture outlets with their loopback domains, and the X accounts."""
        lines = []
        for name, outlet in self.site["outlets"].items():
            aliases = ", ".join(json.dumps(a) for a in outlet["aliases"])
            lines += [
                "[[outlet]]",
                f"name = {json.dumps(outlet['name'])}",
                f"aliases = [{aliases}]",
                f'domains = ["{self.base(name)}"]',
                'kind = "newspaper"',
                "",
            ]
        for post in self.site["x"]["posts"]:  # the X accounts, as host/path prefixes
            entry = [
                "[[outlet]]",
                f'name = "{post["name"]}"',
                f'domains = ["x.com/{post["handle"]}"]',
            ]
            lines += [] if "\n".join(entry) in "\n".join(lines) else [*entry, ""]
        return "\n".join(lines)

    def settings(self, tmp_path: Path, **changes: Any) -> Settings:
        """Settings that send every service to the mini-web, politely but without delays."""
        registry = tmp_path / "outlets.toml"
        registry.write_text(self.registry_toml(), encoding="utf-8")
        values: dict[str, Any] = dict(
            ledger=tmp_path / "ledger.db",
            cache=tmp_path / "cache",
            reports=tmp_path / "reports",
            wayback_url=self.base("archive"),
            cdx_url=self.base("archive") + "/cdx/search/cdx",
            x_embed_url=self.base("x") + "/oembed",
            x_syndication_url=self.base("x") + "/tweet-result",
            wikidata_url=self.base("x") + "/w/api.php",  # no Wikidata here: every lookup a 404
            reddit_url=self.base("reddit"),
            allow_private_network=True,
            host_delay=0.0,
            wayback_delay=0.0,
            retries=0,
            connect_timeout=5.0,
            read_timeout=5.0,
            deadline=10.0,
            outlets=registry,
        )
        values.update(changes)
        return Settings(**values)

    # --- content --------------------------------------------------------------------

    def _captures(self) -> list[ArchivedCapture]:
        captures = []
        for name in ("bugle", "ledger"):
            outlet = self.site["outlets"][name]
            for page in outlet["pages"]:
                stamp = page["date"].replace("-", "") + "120000"
                body = render_article(outlet["name"], page)
                captures.append(ArchivedCapture(stamp, self.page_url(name, page["path"]), body))
        changed = self.site["changed"]
        outlet = self.site["outlets"][changed["outlet"]]["name"]
        url = self.page_url(changed["outlet"], changed["path"])
        captures.append(ArchivedCapture(changed["captured"], url, render_article(outlet, changed)))
        for post in self.site["x"]["posts"]:
            sid, moment = status_id(post["time"]), post["time"]
            stamp = moment[:10].replace("-", "") + "230000"
            original = f"https://twitter.com/{post['handle']}/status/{sid}"
            captures.append(ArchivedCapture(stamp, original, render_post(post, sid)))
        return captures

    def respond(self, name: str, path: str, query: dict[str, str]) -> Response:
        """The answer of host `name` to a GET of `path`."""
        self.requests.append((name, path))
        if path == "/robots.txt":
            return self._robots(name)
        if name == "archive":
            return self._archive(path, query)
        if name == "x":
            return self._x(path, query)
        if name == "reddit":
            return self._reddit(path, query)
        return self._outlet(name, path)

    def _robots(self, name: str) -> Response:
        lines = ["User-agent: *", "Allow: /"]
        outlet = self.site["outlets"].get(name)
        if outlet and "sitemap" in outlet["discovery"]:
            lines.append(f"Sitemap: {self.base(name)}/sitemap_index.xml")
        return 200, "text/plain", ("\n".join(lines) + "\n").encode()

    # --- outlets --------------------------------------------------------------------

    def _outlet(self, name: str, path: str) -> Response:
        outlet = self.site["outlets"][name]
        changed = self.site["changed"]
        if name == changed["outlet"] and path == changed["path"]:
            return (
                200,
                "text/html; charset=utf-8",
                render_article(outlet["name"], changed, changed["now"]),
            )
        for page in outlet["pages"]:
            if page["path"] == path:
                if page.get("gone"):
                    return 404, "text/html", b"<html><body><h1>Page not found</h1></body></html>"
                return 200, "text/html; charset=utf-8", render_article(outlet["name"], page)
        if path == "/":
            return 200, "text/html; charset=utf-8", self._home(name)
        return self._outlet_xml(name, path)

    def _home(self, name: str) -> bytes:
        outlet = self.site["outlets"][name]
        feed = ""
        if "feed" in outlet["discovery"]:
            feed = '<link rel="alternate" type="application/rss+xml" title="News" href="/feed.xml">'
        items = "".join(
            f'<li><a href="{p["path"]}">{html.escape(p["title"])}</a></li>'
            for p in outlet["pages"]
            if not p.get("gone")
        )
        return (
            f"<!doctype html><html><head><title>{outlet['name']}</title>{feed}</head>"
            f"<body><h1>{outlet['name']}</h1><ul>{items}</ul></body></html>"
        ).encode()

    def _outlet_xml(self, name: str, path: str) -> Response:
        outlet = self.site["outlets"][name]
        base, pages = self.base(name), outlet["pages"]
        if "sitemap" in outlet["discovery"] and path == "/sitemap_index.xml":
            children = [
                ("/sitemaps/news.xml", "2025-11-20"),
                ("/sitemaps/2025-10.xml", "2025-10-31"),
                ("/sitemaps/2025-11.xml", "2025-11-20"),
            ]
            rows = "".join(
                f"<sitemap><loc>{base}{p}</loc><lastmod>{d}</lastmod></sitemap>"
                for p, d in children
            )
            return _xml(
                f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</sitemapindex>'
            )
        if "sitemap" in outlet["discovery"] and path == "/sitemaps/news.xml":
            return _xml(_news_sitemap(base, [p for p in pages if p["date"] >= "2025-11-01"]))
        if "sitemap" in outlet["discovery"] and path.startswith("/sitemaps/20"):
            month = path.rsplit("/", 1)[-1].removesuffix(".xml")
            return _xml(_sitemap(base, [p for p in pages if p["date"].startswith(month)]))
        if "feed" in outlet["discovery"] and path == "/feed.xml":
            return _xml(_rss(outlet["name"], base, pages), "application/rss+xml")
        return 404, "text/html", b"<html><body>Not found</body></html>"

    # --- archive ----------------------------------------------------------------------

    def _archive(self, path: str, query: dict[str, str]) -> Response:
        if path == "/cdx/search/cdx":
            return 200, "application/json", json.dumps(self.cdx(query)).encode()
        if path.startswith("/web/") and "id_/" in path:
            stamp, _, original = path.removeprefix("/web/").partition("id_/")
            return self._playback(stamp, original)
        return 404, "text/plain", b"not in the archive"

    def cdx(self, query: dict[str, str]) -> list[list[str]]:
        """A CDX server answer (JSON output) over the fixture captures."""
        rows = [c for c in self.captures if _matches(c, query)]
        rows.sort(key=lambda c: (url_key(c.original), c.timestamp))
        if query.get("collapse") == "urlkey":
            rows = list({url_key(c.original): c for c in reversed(rows)}.values())[::-1]
        if query.get("closest"):
            target = int(query["closest"].ljust(14, "0"))
            rows.sort(key=lambda c: abs(int(c.timestamp) - target))
        limit = int(query.get("limit", "0") or 0)
        rows = rows[:limit] if limit > 0 else rows[limit:] if limit < 0 else rows
        fields = query.get("fl", "urlkey,timestamp,original,mimetype,statuscode").split(",")
        return [fields] + [[_field(c, f) for f in fields] for c in rows] if rows else []

    def _playback(self, stamp: str, original: str) -> Response:
        same = [c for c in self.captures if url_key(c.original) == url_key(original)]
        if not same:
            return 404, "text/plain", b"not in the archive"
        best = min(same, key=lambda c: abs(int(c.timestamp) - int(stamp.ljust(14, "0"))))
        return 200, best.mimetype + "; charset=utf-8", best.body

    # --- platforms ----------------------------------------------------------------------

    def _x(self, path: str, query: dict[str, str]) -> Response:
        for post in self.site["x"]["posts"]:
            sid = status_id(post["time"])
            if path == "/oembed" and query.get("url", "").endswith(
                f"/{post['handle']}/status/{sid}"
            ):
                return _oembed(post, sid) if not post.get("deleted") else _gone()
            if path == f"/{post['handle']}/status/{sid}":
                return (
                    (200, "text/html", render_post(post, sid))
                    if not post.get("deleted")
                    else _gone()
                )
        return _gone()

    def _reddit(self, path: str, query: dict[str, str]) -> Response:
        posts = self.site["reddit"]["posts"]
        for post in posts:
            if (
                path.rstrip("/")
                == f"/r/{post['subreddit']}/comments/{post['id']}/{post['slug']}.json"
            ):
                return _json([_listing([post]), _listing([])])
        parts = path.strip("/").split("/")
        if len(parts) == 3 and parts[0] == "r" and parts[2] in ("search.json", "new.json"):
            mine = [p for p in posts if p["subreddit"].lower() == parts[1].lower()]
            if parts[2] == "search.json":
                mine = _search(mine, query.get("q", ""))
            return _json(_listing(mine))
        return _json({"error": 404}, status=404)


def _field(capture: ArchivedCapture, name: str) -> str:
    if name == "urlkey":
        return url_key(capture.original)
    return "200" if name == "statuscode" else str(getattr(capture, name))


def _matches(capture: ArchivedCapture, query: dict[str, str]) -> bool:
    url = query.get("url", "")
    key = url_key(capture.original)
    hit = key.startswith(url_key(url[:-1])) if url.endswith("*") else key == url_key(url)
    low = query.get("from", "").ljust(14, "0") or "0" * 14
    high = query.get("to", "").ljust(14, "9") if query.get("to") else "9" * 14
    return hit and low <= capture.timestamp <= high


def _xml(text: str, content_type: str = "application/xml") -> Response:
    return 200, content_type, ('<?xml version="1.0" encoding="UTF-8"?>' + text).encode()


def _sitemap(base: str, pages: list[dict[str, Any]]) -> str:
    rows = "".join(
        f"<url><loc>{base}{p['path']}</loc><lastmod>{p['date']}</lastmod></url>" for p in pages
    )
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'


def _news_sitemap(base: str, pages: list[dict[str, Any]]) -> str:
    rows = "".join(
        f"<url><loc>{base}{p['path']}</loc><news:news><news:publication><news:name>Bugle</news:name>"
        f"<news:language>en</news:language></news:publication><news:publication_date>{p['date']}"
        f"T08:00:00Z</news:publication_date><news:title>{html.escape(p['title'])}</news:title>"
        f"</news:news></url>"
        for p in pages
    )
    return (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{rows}</urlset>'
    )


def _rss(name: str, base: str, pages: list[dict[str, Any]]) -> str:
    def when(day: str) -> str:
        return (
            datetime.fromisoformat(day)
            .replace(hour=8, tzinfo=UTC)
            .strftime("%a, %d %b %Y %H:%M:%S +0000")
        )

    items = "".join(
        f"<item><title>{html.escape(p['title'])}</title><link>{base}{p['path']}</link>"
        f"<pubDate>{when(p['date'])}</pubDate></item>"
        for p in pages
    )
    channel = f"<title>{html.escape(name)}</title><link>{base}/</link>{items}"
    return f'<rss version="2.0"><channel>{channel}</channel></rss>'


def _oembed(post: dict[str, Any], sid: str) -> Response:
    moment = datetime.fromisoformat(post["time"].replace("Z", "+00:00"))
    url = f"https://twitter.com/{post['handle']}/status/{sid}"
    markup = (
        f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{html.escape(post["text"])}</p>'
        f'&mdash; {html.escape(post["name"])} (@{post["handle"]}) <a href="{url}">'
        f"{moment.strftime('%B %-d, %Y')}</a></blockquote>"
    )
    data = {
        "url": url,
        "author_name": post["name"],
        "author_url": f"https://twitter.com/{post['handle']}",
        "html": markup,
        "type": "rich",
        "provider_name": "Twitter",
        "version": "1.0",
    }
    return _json(data)


def _listing(posts: list[dict[str, Any]]) -> dict[str, Any]:
    def child(post: dict[str, Any]) -> dict[str, Any]:
        created = datetime.fromisoformat(post["time"].replace("Z", "+00:00")).timestamp()
        permalink = f"/r/{post['subreddit']}/comments/{post['id']}/{post['slug']}/"
        return {
            "kind": "t3",
            "data": {
                "id": post["id"],
                "title": post["title"],
                "selftext": post["selftext"],
                "permalink": permalink,
                "created_utc": created,
                "subreddit": post["subreddit"],
            },
        }

    return {"kind": "Listing", "data": {"children": [child(p) for p in posts], "after": None}}


def _search(posts: list[dict[str, Any]], q: str) -> list[dict[str, Any]]:
    words = [w for w in q.lower().split() if w]

    def hits(post: dict[str, Any]) -> int:
        text = f"{post['title']} {post['selftext']}".lower()
        return sum(w in text for w in words)

    return sorted((p for p in posts if hits(p)), key=hits, reverse=True)


def _json(data: Any, status: int = 200) -> Response:
    return status, "application/json", json.dumps(data).encode()


def _gone() -> Response:
    return 404, "application/json", b'{"error": "not found"}'


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        path = parts.path
        if "/web/" in path and "id_/" in path and parts.query:
            path = f"{path}?{parts.query}"
        server = self.server
        status, content_type, body = server.miniweb.respond(server.host_name, path, query)  # type: ignore[attr-defined]
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""
