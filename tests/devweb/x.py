"""An X-like service: oEmbed and syndication answers for a busy account, posts around the right one.

`busy_day(handle, name, moment, text, topic)` makes the post a claim cites and,
around it, the account's other posts: the same topic on the same day and the
days before and after (decoys that share words with the right one), and
unrelated posts. `XService` answers `/oembed?url=...` and
`/tweet-result?id=...&token=...`; `status_captures` lists the archived status
pages the CDX server holds for them.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from devweb.captures import Capture
from devweb.loopback import Request, Response, not_found

TWITTER_EPOCH_MS = 1288834974657


def status_id(moment: datetime, sequence: int = 0) -> str:
    """The snowflake status id of a post made at `moment` (UTC)."""
    millis = int(moment.replace(tzinfo=moment.tzinfo or UTC).timestamp() * 1000)
    return str(((millis - TWITTER_EPOCH_MS) << 22) + sequence)


@dataclass(frozen=True)
class Post:
    """One post of an account."""

    handle: str
    name: str
    moment: datetime
    text: str

    @property
    def id(self) -> str:
        return status_id(self.moment)


FILLER = [
    "Great conversation at the conference this morning, thanks to everyone who came.",
    "Reading list for the weekend: three papers on scaling and one on evaluation.",
    "Hiring engineers for the infrastructure team. Reach out if interested.",
    "The new office is finally open. Coffee is on us this week.",
    "Congratulations to the team on shipping the release today.",
]


def busy_day(handle: str, name: str, moment: datetime, text: str, topic: str) -> list[Post]:
    """The right post and, around it, fourteen others: same-topic decoys and filler."""
    posts = [Post(handle, name, moment, text)]
    for hours in (-5, -2, 3, 6):  # the same day, the same topic, other words
        posts.append(
            Post(handle, name, moment + timedelta(hours=hours),
                 f"More on {topic} later today. Our view on {topic} has not changed.")
        )  # fmt: skip
    for days in (-3, -2, -1, 1, 2, 4):  # the days around, the same topic
        posts.append(
            Post(handle, name, moment + timedelta(days=days, minutes=17),
                 f"Thread on {topic}: what people get wrong about {topic} and why it matters.")
        )  # fmt: skip
    for index, filler in enumerate(FILLER):
        posts.append(Post(handle, name, moment + timedelta(hours=-30 + 13 * index), filler))
    return posts


@dataclass
class XService:
    """oEmbed and syndication answers; posts in `no_embed` answer only through syndication."""

    posts: list[Post] = field(default_factory=list)
    no_embed: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)

    def respond(self, request: Request) -> Response:
        """`/oembed?url=...` and `/tweet-result?id=...`."""
        if request.path == "/oembed":
            post = self._post(request.query.get("url", "").rstrip("/").rsplit("/", 1)[-1])
            if post is None or post.id in self.no_embed:
                return not_found()
            return _json(oembed(post))
        if request.path == "/tweet-result" and request.query.get("token"):
            post = self._post(request.query.get("id", ""))
            return _json(syndication(post)) if post else not_found()
        return not_found()

    def _post(self, sid: str) -> Post | None:
        found = next((post for post in self.posts if post.id == sid), None)
        return None if found is None or found.id in self.deleted else found


def oembed(post: Post) -> dict[str, str]:
    """The oEmbed answer of a post, as publish.twitter.com gives it."""
    url = f"https://twitter.com/{post.handle}/status/{post.id}"
    markup = (
        f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{html.escape(post.text)}</p>'
        f"&mdash; {html.escape(post.name)} (@{post.handle}) "
        f'<a href="{url}?ref_src=twsrc%5Etfw">{post.moment.strftime("%B %-d, %Y")}</a>'
        "</blockquote>"
    )
    author = f"https://twitter.com/{post.handle}"
    return {"url": url, "author_name": post.name, "author_url": author, "html": markup,
            "type": "rich", "provider_name": "Twitter", "version": "1.0"}  # fmt: skip


def syndication(post: Post) -> dict[str, object]:
    """The syndication (tweet-result) answer of a post."""
    return {"__typename": "Tweet", "id_str": post.id, "text": post.text,
            "created_at": post.moment.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "user": {"screen_name": post.handle, "name": post.name}}  # fmt: skip


def status_page(post: Post) -> bytes:
    """The archived HTML of a post's page."""
    return (
        f"<!doctype html><html><head><title>{html.escape(post.name)} on X</title></head><body>"
        f"<article><p>{html.escape(post.text)}</p><time>{post.moment.isoformat()}</time>"
        "</article></body></html>"
    ).encode()


def status_captures(posts: list[Post], *, lag: timedelta = timedelta(hours=6)) -> list[Capture]:
    """Archived captures of the posts' pages, under twitter.com and x.com, some hours later."""
    captures = []
    for index, post in enumerate(posts):
        host = "twitter.com" if index % 2 else "x.com"
        stamp = (post.moment + lag).strftime("%Y%m%d%H%M%S")
        url = f"https://{host}/{post.handle}/status/{post.id}"
        captures.append(Capture(stamp, url, status_page(post)))
    return captures


def _json(data: object) -> Response:
    return 200, "application/json", json.dumps(data).encode()
