"""A Wayback Machine at real size: a CDX server that behaves as the real one, and playback.

The CDX server (`/cdx/search/cdx`) holds every capture of the outlets of
`devweb.world` (generated day by day: a page captured on its day and again
later, its AMP copy, tracking-parameter variants, old links that redirected,
pages that went 404, the home and section pages every hour, images and
scripts), plus any fixed `extra` captures (a platform's status pages). It
answers as the wayback-cdx-server README documents:

- `url` with `matchType` exact (default), prefix, host or domain, or a
  trailing `*` for prefix; `from`/`to` (timestamp prefixes);
- rows sorted by SURT urlkey (`com,example)/path?a=1&b=2`), then timestamp;
- `filter=[!]field:regex` (a full match of a Java-like regex; several filters
  all apply), `collapse=field` or `field:N` (adjacent duplicates dropped);
- `limit=N` (first N; -N last N), capped at `max_limit`, and with
  `showResumeKey=true` a resumption key after the rows when more remain (JSON:
  an empty row, then a one-element row), taken back as `resumeKey=`;
- `closest=TS&sort=closest`; `fl=` (field order); `output=json` or plain text;
- a rate limit: more than `rate` requests in one second answers 429 with
  `Retry-After: retry_after`; every request made inside a Retry-After that
  was given is counted in `violations`.

Playback `/web/<timestamp>id_/<url>` answers the bytes of the capture of
`url` closest to the timestamp.
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import parse_qs, parse_qsl, quote_plus, unquote_plus, urlsplit

from devweb.captures import Capture
from devweb.loopback import Request, Response, not_found
from devweb.outlets import render
from devweb.world import Article, World

FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")
RECAPTURE_DAYS = 4  # a page is captured again up to this many days after its day


@dataclass(frozen=True, slots=True)
class Row:
    """One CDX line."""

    urlkey: str
    timestamp: str
    original: str
    mimetype: str = "text/html"
    statuscode: str = "200"
    digest: str = "-"
    length: str = "0"

    def get(self, name: str) -> str:
        return str(getattr(self, name, ""))


def surt(url: str) -> str:
    """The SURT urlkey of a URL: reversed host (names only), `)`, path, sorted query."""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    host = (parts.hostname or "").lower().removeprefix("www.")
    is_address = bool(re.fullmatch(r"[\d.]+", host))
    key = host if is_address else ",".join(reversed(host.split(".")))
    if parts.port and parts.port not in (80, 443):
        key += f":{parts.port}"
    query = "&".join(f"{k}={v}" for k, v in sorted(parse_qsl(parts.query, True)))
    return f"{key}){parts.path.lower() or '/'}" + (f"?{query}" if query else "")


@dataclass
class Wayback:
    """The archive service."""

    world: World
    bases: dict[str, str] = field(default_factory=dict)  # outlet -> base URL (set when bound)
    extra: list[Capture] = field(default_factory=list)
    rate: int = 0  # requests a second before a 429 (0: no limit)
    retry_after: int = 1
    max_limit: int = 150000
    log: list[tuple[float, str, int]] = field(default_factory=list)  # (time, path, status)
    violations: int = 0
    _penalty_until: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _days: dict[tuple[str, date], list[Row]] = field(default_factory=dict)

    # --- the service ---------------------------------------------------------------

    def respond(self, request: Request) -> Response:
        limited = self._limit()
        if limited is not None:
            return limited
        if request.path == "/cdx/search/cdx":
            answer = self.cdx(parse_qs(request.raw_query, keep_blank_values=True))
        elif request.path.startswith("/web/") and "id_/" in request.path:
            stamp, original = request.path[len("/web/") :].split("id_/", 1)
            if request.raw_query:
                original += "?" + request.raw_query
            answer = self.playback(stamp, original)
        else:
            answer = not_found()
        with self._lock:
            self.log.append((time.monotonic(), request.path, answer[0]))
        return answer

    def _limit(self) -> Response | None:
        if not self.rate:
            return None
        now = time.monotonic()
        with self._lock:
            if now < self._penalty_until:
                self.violations += 1
            recent = [t for t, _, _ in self.log[-self.rate :] if now - t < 1.0]
            if now >= self._penalty_until and len(recent) < self.rate:
                return None
            self._penalty_until = max(self._penalty_until, now + self.retry_after)
            self.log.append((now, "(rate limit)", 429))
        body = b"<html><body>Too many requests</body></html>"
        return 429, "text/html", body, {"Retry-After": str(self.retry_after)}

    @property
    def cdx_requests(self) -> int:
        """CDX queries answered (429s included)."""
        return sum(1 for _, path, _ in self.log if path in ("/cdx/search/cdx", "(rate limit)"))

    # --- CDX ---------------------------------------------------------------------------

    def cdx(self, params: dict[str, list[str]]) -> Response:
        """The answer to a CDX query (see the module docstring)."""
        one = {name: values[-1] for name, values in params.items()}
        url = one.get("url", "")
        match = one.get("matchType", "prefix" if url.endswith("*") else "exact")
        wanted = surt(url.rstrip("*"))
        if wanted.endswith(")/") and match != "exact":
            wanted = wanted.removesuffix("/")  # "host/*": everything under the host
        low = one.get("from", "").ljust(14, "0") if one.get("from") else "0" * 14
        high = one.get("to", "").ljust(14, "9") if one.get("to") else "9" * 14
        rows = [r for r in self._candidates(url, low, high) if low <= r.timestamp <= high]
        rows = [r for r in rows if _in_scope(r.urlkey, wanted, match)]
        rows.sort(key=lambda r: (r.urlkey, r.timestamp))
        for spec in params.get("filter", []):
            rows = _filter(rows, spec)
        if "resumeKey" in one:
            after = _resume_point(one["resumeKey"])
            rows = [r for r in rows if (r.urlkey, r.timestamp) > after]
        for spec in params.get("collapse", []):
            rows = _collapse(rows, spec)
        if one.get("closest") and one.get("sort") == "closest":
            target = int(one["closest"].ljust(14, "0"))
            rows.sort(key=lambda r: abs(int(r.timestamp) - target))
        limit = int(one.get("limit") or self.max_limit)
        limit = max(-self.max_limit, min(self.max_limit, limit))
        more = limit > 0 and len(rows) > limit
        rows = rows[:limit] if limit > 0 else rows[limit:]
        fields = one.get("fl", ",".join(FIELDS)).split(",")
        key = quote_plus(f"{rows[-1].urlkey} {rows[-1].timestamp}!") if more and rows else None
        resume = key if one.get("showResumeKey") == "true" else None
        if one.get("output") == "json":
            table = [[r.get(f) for f in fields] for r in rows]
            data = ([fields, *table] if table else []) + ([[], [resume]] if resume else [])
            return 200, "application/json", json.dumps(data).encode()
        lines = [" ".join(r.get(f) for f in fields) for r in rows]
        text = "\n".join(lines) + ("\n\n" + resume if resume else "") + "\n"
        return 200, "text/plain", text.encode()

    def _candidates(self, url: str, low: str, high: str) -> Iterable[Row]:
        yield from (_row(c) for c in self.extra)
        outlet = self._outlet_of(url)
        if outlet is None:
            return
        path = urlsplit(url if "://" in url else f"http://{url}").path
        article = None if url.endswith("*") else self.world.by_path(outlet, _canonical(path))
        if article is not None:  # one page: the captures of its day
            yield from self._day_rows(outlet, article.day)
            return
        first = max(_day(low, self.world.first_day), self.world.first_day)
        first -= timedelta(days=RECAPTURE_DAYS)
        last = min(_day(high, self.world.today), self.world.today)
        day = first
        while day <= last:
            yield from self._day_rows(outlet, day)
            day += timedelta(days=1)

    def _outlet_of(self, url: str) -> str | None:
        host = urlsplit(url if "://" in url else f"http://{url}").netloc.lower()
        for outlet, base in self.bases.items():
            if urlsplit(base).netloc.lower() == host:
                return outlet
        return None

    def _day_rows(self, outlet: str, day: date) -> list[Row]:
        """Every capture of the pages `outlet` published on `day` (made once, kept)."""
        if (outlet, day) not in self._days:
            self._days[(outlet, day)] = list(_captures(self.world, self.bases[outlet], outlet, day))
        return self._days[(outlet, day)]

    # --- playback -------------------------------------------------------------------------

    def playback(self, stamp: str, original: str) -> Response:
        """The capture of `original` closest to `stamp`."""
        key = surt(original)
        for capture in self.extra:
            if capture.timestamp == stamp and surt(capture.original) == key:
                return int(capture.status), capture.mimetype, capture.body
        outlet = self._outlet_of(original)
        if outlet is None:
            return not_found()
        path = urlsplit(original).path
        article = self.world.by_path(outlet, _canonical(path))
        if article is None:
            return not_found()
        rows = [r for r in self._day_rows(outlet, article.day) if r.urlkey == key]
        rows = [r for r in rows if r.statuscode == "200"]
        if not rows:
            return not_found()
        return 200, "text/html; charset=utf-8", render(article, amp=path.endswith("/amp/"))


def _row(capture: Capture) -> Row:
    return Row(surt(capture.original), capture.timestamp, capture.original,
               capture.mimetype, capture.status)  # fmt: skip


def _day(stamp: str, default: date) -> date:
    try:
        return date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8]))
    except ValueError:
        return default


def _canonical(path: str) -> str:
    return path.removesuffix("amp/") if path.endswith("/amp/") else path


def _in_scope(urlkey: str, wanted: str, match: str) -> bool:
    if match == "exact":
        return urlkey == wanted
    if match == "prefix":
        return urlkey.startswith(wanted)
    host = wanted.split(")", 1)[0]
    if match == "host":
        return urlkey.split(")", 1)[0] == host
    return urlkey.split(")", 1)[0] == host or urlkey.startswith(host + ",")


def _filter(rows: list[Row], spec: str) -> list[Row]:
    invert = spec.startswith("!")
    name, _, pattern = spec.lstrip("!").partition(":")
    try:
        regex = re.compile(pattern)
    except re.error:
        return rows
    return [r for r in rows if bool(regex.fullmatch(r.get(name))) != invert]


def _collapse(rows: list[Row], spec: str) -> list[Row]:
    name, _, size = spec.partition(":")
    cut: Callable[[str], str] = (lambda v: v[: int(size)]) if size.isdigit() else (lambda v: v)
    kept: list[Row] = []
    for row in rows:
        if not kept or cut(kept[-1].get(name)) != cut(row.get(name)):
            kept.append(row)
    return kept


def _resume_point(key: str) -> tuple[str, str]:
    text = unquote_plus(key) if "%" in key or "+" in key else key
    urlkey, _, stamp = text.rstrip("!").rpartition(" ")
    return urlkey, stamp


def _captures(world: World, base: str, outlet: str, day: date) -> Iterable[Row]:
    """The captures of one outlet-day: its pages (and their variants), home, sections, assets."""
    rng = random.Random(f"captures-{outlet}-{day}")
    stamp = day.strftime("%Y%m%d")
    for hour in range(24):  # the home page, every hour
        yield _make(base, "/", f"{stamp}{hour:02d}{rng.randint(0, 59):02d}00")
    for section in ("politics", "business", "sports", "culture"):
        for hour in (6, 12, 18):
            yield _make(base, f"/section/{section}/", f"{stamp}{hour:02d}0000")
    yield _make(base, f"/static/app-{stamp}.js", f"{stamp}010000", "application/javascript")
    for article in world.articles(outlet, day):
        yield from _article_rows(base, article, rng)


def _article_rows(base: str, article: Article, rng: random.Random) -> Iterable[Row]:
    stamp = article.day.strftime("%Y%m%d")
    first = f"{stamp}{rng.randint(6, 22):02d}{rng.randint(0, 59):02d}{rng.randint(0, 59):02d}"
    yield _make(base, article.path, first)
    for _ in range(rng.randint(0, 2)):
        later = article.day + timedelta(days=rng.randint(1, RECAPTURE_DAYS))
        yield _make(base, article.path, f"{later:%Y%m%d}{rng.randint(0, 23):02d}0000")
    if article.gone:
        later = article.day + timedelta(days=RECAPTURE_DAYS)
        yield _make(base, article.path, f"{later:%Y%m%d}230000", status="404")
    if article.amp_path and rng.random() < 0.7:
        yield _make(base, article.amp_path, f"{stamp}{rng.randint(6, 23):02d}3000")
    for _ in range(rng.randint(0, 2)):
        tracking = rng.choice(
            [
                "utm_source=twitter&utm_medium=social",
                "utm_campaign=newsletter",
                "fbclid=IwAR0" + str(rng.randint(1000, 9999)),
                "ref=homepage",
            ]
        )
        yield _make(base, f"{article.path}?{tracking}", f"{stamp}{rng.randint(6, 23):02d}4500")
    if article.outlet == "courier" and rng.random() < 0.3:
        yield _make(base, f"/story/{article.ident}", f"{stamp}235900", status="301")
    if rng.random() < 0.3:
        yield _make(base, f"/img/{article.ident}.jpg", first, "image/jpeg")


def _make(
    base: str, path: str, stamp: str, mimetype: str = "text/html", status: str = "200"
) -> Row:
    original = base + path
    return Row(surt(original), stamp, original, mimetype, status, "-", "1000")
