"""Reddit-like services: the public site (robots.txt disallows all), OAuth API, archived threads.

`subreddit_threads(sub, day, ...)` builds a subreddit's threads around a day,
the right one among same-topic others. `RedditSite` is www: its robots.txt
disallows everything, as Reddit's does, and it hands out application-only
tokens at `/api/v1/access_token` for the right client id and secret.
`RedditOAuth` answers `/r/<sub>/search.json`, `/r/<sub>/new.json` and each
post's `.json` only with that token. `thread_captures` are the archived HTML
pages of the threads, for the CDX server.
"""

from __future__ import annotations

import base64
import html
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from devweb.captures import Capture
from devweb.loopback import Request, Response, not_found

CLIENT_ID, CLIENT_SECRET, TOKEN = "devweb-app", "devweb-secret", "devweb-token-7f3a"


@dataclass(frozen=True)
class Thread:
    """One Reddit post."""

    sub: str
    id: str
    title: str
    body: str
    moment: datetime

    @property
    def permalink(self) -> str:
        slug = "_".join(word.strip(".,:?!'").lower() for word in self.title.split()[:9])
        return f"/r/{self.sub}/comments/{self.id}/{slug}/"


def subreddit_threads(sub: str, day: datetime, title: str, body: str, topic: str) -> list[Thread]:
    """The right thread and, around it, eight same-topic threads on other days or angles."""
    threads = [Thread(sub, "t" + format(int(day.timestamp()), "x")[-5:], title, body, day)]
    for number, days in enumerate((-6, -3, -1, 1, 2, 5, 9, 14)):
        moment = day + timedelta(days=days, hours=number)
        threads.append(Thread(
            sub, f"d{number}{moment:%m%d}", f"Weekly {topic} discussion thread number {number}",
            f"Share your questions about {topic} here. Be civil.", moment,
        ))  # fmt: skip
    return threads


def _post_data(thread: Thread) -> dict[str, object]:
    return {"title": thread.title, "selftext": thread.body, "permalink": thread.permalink,
            "created_utc": thread.moment.timestamp(), "subreddit": thread.sub,
            "id": thread.id}  # fmt: skip


@dataclass
class RedditSite:
    """www: robots.txt disallows all; the token endpoint for the app's credentials."""

    tokens_issued: int = 0

    def respond(self, request: Request) -> Response:
        if request.path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nDisallow: /\n"
        if request.path == "/api/v1/access_token" and request.method == "POST":
            expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
            if request.headers.get("authorization") != f"Basic {expected}":
                return 401, "application/json", b'{"error": 401}'
            if b"grant_type=client_credentials" not in request.body:
                return 400, "application/json", b'{"error": "unsupported_grant_type"}'
            self.tokens_issued += 1
            answer = {"access_token": TOKEN, "token_type": "bearer", "expires_in": 86400}
            return 200, "application/json", json.dumps(answer).encode()
        return 403, "text/html", b"<html><body>blocked</body></html>"


@dataclass
class RedditOAuth:
    """oauth: the data API, answering only requests with the bearer token."""

    threads: list[Thread] = field(default_factory=list)

    def respond(self, request: Request) -> Response:
        if request.headers.get("authorization") != f"bearer {TOKEN}":
            return 401, "application/json", b'{"message": "Unauthorized", "error": 401}'
        for thread in self.threads:
            if request.path == thread.permalink.rstrip("/") + ".json":
                listing = {"kind": "Listing", "data": {"children": [
                    {"kind": "t3", "data": _post_data(thread)}]}}  # fmt: skip
                return 200, "application/json", json.dumps([listing]).encode()
        sub = request.path.split("/")[2] if request.path.startswith("/r/") else ""
        mine = [t for t in self.threads if t.sub == sub]
        if request.path.endswith("/search.json"):
            words = set(request.query.get("q", "").lower().split())
            mine = [t for t in mine if words & set((t.title + " " + t.body).lower().split())]
        elif not request.path.endswith("/new.json"):
            return not_found()
        children = [{"kind": "t3", "data": _post_data(t)} for t in mine]
        return 200, "application/json", json.dumps({"data": {"children": children}}).encode()


def thread_page(thread: Thread) -> bytes:
    """The archived HTML of a thread."""
    return (
        f"<!doctype html><html><head><title>{html.escape(thread.title)} : r/{thread.sub}</title>"
        f'<meta property="article:published_time" content="{thread.moment.isoformat()}">'
        f"</head><body><shreddit-post><h1>{html.escape(thread.title)}</h1>"
        f"<div><p>{html.escape(thread.body)}</p></div></shreddit-post></body></html>"
    ).encode()


def thread_captures(threads: list[Thread]) -> list[Capture]:
    """The threads' pages as the Wayback Machine holds them (captured a day later)."""
    return [
        Capture(
            (t.moment + timedelta(days=1)).astimezone(UTC).strftime("%Y%m%d%H%M%S"),
            f"https://www.reddit.com{t.permalink}",
            thread_page(t),
        )
        for t in threads
    ]
