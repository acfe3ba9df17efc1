"""A small Wayback-like archive of platform pages: CDX queries and `id_` playback.

It answers the queries the platform adapters make (a prefix `url=.../*` in a
`from`/`to` window, an exact URL with `closest`), sorted by urlkey as the real
server does, with `filter=statuscode:200`, `collapse=urlkey` and `limit`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from devweb.loopback import Request, Response, not_found


@dataclass(frozen=True)
class Capture:
    """One archived response."""

    timestamp: str
    original: str
    body: bytes
    mimetype: str = "text/html"
    status: str = "200"


def url_key(url: str) -> str:
    """A URL as the archive indexes it: no scheme, no www., lower-case host."""
    rest = url.split("://", 1)[-1]
    host, _, path = rest.partition("/")
    return f"{host.lower().removeprefix('www.')}/{path}"


@dataclass
class Archive:
    """The archive service; `captures` may be added to before or while serving."""

    captures: list[Capture] = field(default_factory=list)

    def respond(self, request: Request) -> Response:
        """CDX at /cdx/search/cdx, playback at /web/<timestamp>id_/<url>."""
        if request.path == "/cdx/search/cdx":
            filters = parse_qs(request.raw_query).get("filter", [])
            rows = self.cdx(request.query, filters)
            return 200, "application/json", json.dumps(rows).encode()
        if request.path.startswith("/web/") and "id_/" in request.path:
            stamp, original = request.path[len("/web/") :].split("id_/", 1)
            if request.raw_query:
                original += "?" + request.raw_query
            return self.playback(stamp, original)
        return not_found()

    def cdx(self, query: dict[str, str], filters: list[str]) -> list[list[str]]:
        """The rows of a CDX query, header first."""
        rows = [c for c in self.captures if _matches(c, query)]
        for wanted in filters:
            name, _, value = wanted.partition(":")
            rows = [c for c in rows if getattr(c, name, value) == value]
        if "closest" in query:
            target = query["closest"].ljust(14, "0")
            rows.sort(key=lambda c: abs(int(c.timestamp) - int(target)))
        else:
            rows.sort(key=lambda c: (url_key(c.original), c.timestamp))
        if query.get("collapse") == "urlkey":
            rows = list({url_key(c.original): c for c in reversed(rows)}.values())[::-1]
        limit = int(query.get("limit") or 0)
        rows = rows[-1:] if limit == -1 else rows[:limit] if limit > 0 else rows
        header = ["timestamp", "original", "statuscode", "mimetype"]
        return [header] + [[c.timestamp, c.original, c.status, c.mimetype] for c in rows]

    def playback(self, stamp: str, original: str) -> Response:
        """The archived bytes of the capture of `original` at `stamp`."""
        for capture in self.captures:
            if capture.timestamp == stamp and url_key(capture.original) == url_key(original):
                return int(capture.status), capture.mimetype, capture.body
        return not_found()


def _matches(capture: Capture, query: dict[str, str]) -> bool:
    url = query.get("url", "")
    key = url_key(capture.original)
    hit = key.startswith(url_key(url[:-1])) if url.endswith("*") else key == url_key(url)
    low = query.get("from", "").ljust(14, "0") or "0" * 14
    high = query.get("to", "").ljust(14, "9") if query.get("to") else "9" * 14
    return hit and low <= capture.timestamp <= high
