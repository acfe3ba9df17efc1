"""Platform adapters: posts on X/Twitter and Reddit.

X: a status URL when the claim has one; otherwise the account's status URLs
captured by the Wayback Machine (CDX over `twitter.com/<handle>/status/*` and
`x.com/<handle>/status/*`), kept when the post time encoded in the status id
falls in the claim's window (widened to a month either side when a quote is
distinctive and nothing in the window matches). Up to `X_CANDIDATES` posts
are read and ranked by their text. The post's text comes from the public
oEmbed endpoint (`settings.x_embed_url`), else the syndication answer
(`settings.x_syndication_url`), else the Wayback capture of the status page;
its day from its status id (a snowflake) or the date the oEmbed text ends
with. The original is recorded as the post's own `x.com/HANDLE/status/ID`.

Reddit: the JSON endpoints (a search within the subreddit by the claim's
words, the subreddit's newest posts, and the post's own `.json`) of the OAuth
API (`settings.reddit_oauth_url`) when the app's id and secret are set, else
of the public site (`settings.reddit_url`), whose robots.txt usually refuses
them; then, when nothing found is good enough, the subreddit's threads
archived by the Wayback Machine.

Post text read from these JSON answers is scored against the claim as well
as the capture itself, so that a reader that does not understand the JSON
does not hide a match.
"""

from __future__ import annotations

import html
import json
import math
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from provenance.config import Settings
from provenance.models import Candidate, Capture, Claim
from provenance.resolve import cdx, rank
from provenance.resolve.session import Scored, Session, failure
from provenance.resolve.types import RegistryLike
from provenance.resolve.wayback import archived_copy
from provenance.resolve.window import DateWindow

STATUS_URL = re.compile(
    r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/([A-Za-z0-9_]{1,15})/status(?:es)?/(\d+)"
)
X_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?(?:twitter|x)\.com/@?([A-Za-z0-9_]{1,15})/?$")
MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_]{1,15})\b")  # an @handle in the sentence
HANDLE = re.compile(r"^@?([A-Za-z0-9_]{1,15})$")
SUBREDDIT = re.compile(r"(?<![\w/])/?r/([A-Za-z0-9_]{2,21})\b")
TAG = re.compile(r"<[^>]+>")
EMBED_DATE = re.compile(r"\b([A-Z][a-z]+) (\d{1,2}), ((?:19|20)\d{2})\s*$")
TWITTER_EPOCH_MS = 1288834974657
X_CANDIDATES = 12  # posts fetched per account and window (oEmbed answers are small)
WIDE_DAYS = 30  # the wider window searched for a distinctive quote
DISTINCTIVE_WORDS = 6  # a quote of this many words can find its post by text alone
ARCHIVED_THREADS = 6  # archived Reddit threads fetched and scored per claim
THREAD_DATE_WEIGHT = 0.5  # weight of the capture's closeness to the claimed date
CAPTURE_DELAY = timedelta(days=1)  # a thread is usually captured a day after it is posted
CAPTURE_LAG = timedelta(days=365)  # a post may be captured long after it was made


# --- X --------------------------------------------------------------------------


def is_x(claim: Claim) -> bool:
    """Whether the claim cites a post on X/Twitter."""
    return (claim.platform or "").lower() in ("x", "twitter")


def x_handles(claim: Claim, registry: RegistryLike | None) -> list[str]:
    """The X handles of the sources: given, in the registry, or the sentence's one @handle."""
    found: list[str] = []
    for source in claim.sources:
        handle = _handle(source.handle) or _registry_handle(source.name, registry)
        if handle and handle not in found:
            found.append(handle)
    mentioned = set(MENTION.findall(claim.sentence.text))
    return found or (sorted(mentioned) if len(mentioned) == 1 else [])


def _handle(text: str | None) -> str | None:
    match = HANDLE.match(text.strip()) if text else None
    return match[1] if match else None


def _registry_handle(name: str, registry: RegistryLike | None) -> str | None:
    outlet = registry.lookup(name) if registry else None
    for domain in outlet.domains if outlet else ():
        match = X_DOMAIN.match(domain)
        if match:
            return match[1]
    return None


def status_prefixes(handle: str) -> list[str]:
    """The CDX prefixes of an account's status URLs."""
    return [f"twitter.com/{handle}/status/*", f"x.com/{handle}/status/*"]


def capture_window(window: DateWindow | None) -> DateWindow | None:
    """The capture dates to list for posts made in `window` (captures can come later)."""
    if window is None:
        return None
    return replace(window, end=window.end + CAPTURE_LAG)


def post_day(status_id: str) -> date | None:
    """The day a post was made, from its (snowflake) status id; None for pre-2010 ids."""
    number = int(status_id) if status_id.isdigit() else 0
    if number < 2**32:
        return None
    millis = (number >> 22) + TWITTER_EPOCH_MS
    return datetime.fromtimestamp(millis / 1000, tz=UTC).date()


def find_x_post(session: Session, handle: str) -> None:
    """List the account's captured posts in the window, then fetch and score them by text.

    Up to `X_CANDIDATES` posts are fetched (closest to the claimed date first);
    each oEmbed answer is small, and its text decides among the posts of a busy
    day. When none reaches the threshold and the claim quotes a distinctive
    phrase, the window is widened to `WIDE_DAYS` either side and searched again.
    """
    seen: set[str] = set()
    _search_posts(session, handle, session.window, seen)
    best = session.best()
    wide = _wider(session.window)
    if wide and distinctive(session.claim) and (best is None or best.score < _threshold(session)):
        _search_posts(session, handle, wide, seen, method="x-cdx-wide")
    settle(session, "x-cdx", "x")


def _threshold(session: Session) -> float:
    return session.settings.resolve_threshold


def _search_posts(
    session: Session,
    handle: str,
    window: DateWindow | None,
    seen: set[str],
    *,
    method: str = "x-cdx",
) -> None:
    rows: dict[str, cdx.CdxRow] = {}
    for prefix in status_prefixes(handle):
        rows.update(_status_rows(session, prefix, window, method))
    ranked = [sid for sid in _rank_posts(window, list(rows.values())) if sid not in seen]
    for status_id in ranked[:X_CANDIDATES]:
        seen.add(status_id)
        fetch_x_post(session, handle, status_id, rows[status_id], method="x")


def _wider(window: DateWindow | None) -> DateWindow | None:
    if window is None:
        return None
    spread = timedelta(days=WIDE_DAYS)
    return DateWindow(
        target=window.target, start=window.target - spread, end=window.target + spread
    )


def distinctive(claim: Claim) -> bool:
    """Whether the claim quotes a phrase long enough to find a post by text alone."""
    return any(len(rank.WORD.findall(quote.text)) >= DISTINCTIVE_WORDS for quote in claim.quotes)


def _status_rows(
    session: Session, prefix: str, window: DateWindow | None, method: str
) -> dict[str, cdx.CdxRow]:
    query = session.ask(method, prefix)
    query.window = str(window) if window else None
    url = cdx.prefix_query(session.settings.cdx_url, prefix, capture_window(window))
    result = session.listing(url)
    if not result.ok or result.capture is None:
        query.outcome, query.detail = "error", failure(result)
        return {}
    rows: dict[str, cdx.CdxRow] = {}
    for row in cdx.parse_cdx(result.capture.body):
        match = STATUS_URL.match(row.original)
        day = post_day(match[2]) if match else None
        if match and (window is None or day is None or window.contains(day)):
            rows.setdefault(match[2], row)
    query.candidates = len(rows)
    query.outcome = "listed" if rows else "not_found"
    return rows


def _rank_posts(window: DateWindow | None, rows: list[cdx.CdxRow]) -> list[str]:
    def closeness(status_id: str) -> float:
        day = post_day(status_id)
        return 0.5 if window is None or day is None else window.closeness(day)

    ids = [match[2] for row in rows if (match := STATUS_URL.match(row.original))]
    return sorted(ids, key=closeness, reverse=True)


def status_url(handle: str, status_id: str) -> str:
    """A post's own address, as the original is recorded: x.com/HANDLE/status/ID."""
    return f"https://x.com/{handle}/status/{status_id}"


def fetch_x_post(
    session: Session, handle: str, status_id: str, row: cdx.CdxRow | None, *, method: str
) -> Scored | None:
    """Fetch one post: oEmbed, then the syndication answer, then the Wayback capture."""
    post_url = status_url(handle, status_id)
    query = session.ask("x-embed", post_url, window=False)
    asked = f"https://twitter.com/{handle}/status/{status_id}"
    embed = f"{session.settings.x_embed_url}?{urlencode({'url': asked, 'omit_script': 'true'})}"
    result = session.get(embed)
    text = embed_text(result.capture.body) if result.ok and result.capture else ""
    if not text and session.settings.x_syndication_url:
        query.detail = f"oEmbed: {failure(result)}" if not result.ok else "oEmbed: no text"
        result = session.get(syndication_url(session.settings.x_syndication_url, status_id))
        text = syndication_text(result.capture.body) if result.ok and result.capture else ""
    if text and result.capture is not None:
        candidate = _post_candidate(post_url, method, status_id, handle, text)
        entry = _add_scored(session, candidate, result.capture, text)
        query.candidates, query.best_score, query.outcome = 1, round(entry.score, 4), "found"
        return entry
    query.outcome, query.detail = "error", failure(result)
    return _archived_post(session, asked, row)


def syndication_url(base: str, status_id: str) -> str:
    """The syndication (embedded post) JSON URL of a post, with its derived token."""
    return f"{base}?{urlencode({'id': status_id, 'token': syndication_token(status_id)})}"


def syndication_token(status_id: str) -> str:
    """The token the embed widget sends: (id / 1e15 * pi) in base 36, zeros and dot dropped."""
    value = int(status_id) / 1e15 * math.pi
    whole, fraction = int(value), value - int(value)
    digits = _base36(whole)
    if fraction:
        digits += "."
        for _ in range(12):
            fraction *= 36
            digits += _BASE36[int(fraction)]
            fraction -= int(fraction)
    return digits.replace("0", "").replace(".", "")


_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, rest = divmod(number, 36)
        digits = _BASE36[rest] + digits
        if number == 0:
            return digits


def syndication_text(body: bytes) -> str:
    """The post text of a syndication JSON answer (empty for a tombstone or bad JSON)."""
    data = _json(body)
    return str(data.get("text") or "") if isinstance(data, dict) else ""


def _archived_post(session: Session, status_url: str, row: cdx.CdxRow | None) -> Scored | None:
    if row is None:
        return archived_copy(session, status_url, method="x")
    result = session.get(cdx.playback_url(session.settings.wayback_url, row))
    if not result.ok or result.capture is None:
        return archived_copy(session, status_url, method="x")
    result.capture.archived_copy_of = status_url
    candidate = Candidate(
        url=result.url, method="x", archived_from=status_url, captured_at=row.captured
    )
    return _add_scored(session, candidate, result.capture, plain_text(result.capture.body))


def _post_candidate(url: str, method: str, status_id: str, handle: str, text: str) -> Candidate:
    day = post_day(status_id) or embed_day(text)
    title = f"@{handle}: {text[:120]}"
    return Candidate(
        url=url, method=method, published=day.isoformat() if day else None, title=title
    )


def embed_day(text: str) -> date | None:
    """The date an oEmbed text ends with ("... (@handle) March 13, 2025")."""
    found = EMBED_DATE.search(text)
    if not found:
        return None
    try:
        return datetime.strptime(" ".join(found.groups()), "%B %d %Y").date()
    except ValueError:
        return None


def embed_text(body: bytes) -> str:
    """The post text (and author line) of an oEmbed JSON answer."""
    data = _json(body)
    markup = str(data.get("html", "")) if isinstance(data, dict) else ""
    return plain_text(markup.encode("utf-8"))


def plain_text(markup: bytes) -> str:
    """Text of an HTML fragment: tags dropped, entities decoded, spaces collapsed."""
    text = TAG.sub(" ", markup.decode("utf-8", "replace"))
    return " ".join(html.unescape(text).split())


def _add_scored(session: Session, candidate: Candidate, capture: Capture, text: str) -> Scored:
    score = max(session.score(session.claim, capture), rank.text_score(session.claim, text))
    return session.add(candidate, capture, score)


def settle(session: Session, prefix: str, method: str) -> None:
    """Give the listing queries (method starting with `prefix`) the best `method` score."""
    scores = [entry.score for entry in session.scored if entry.candidate.method == method]
    for query in session.queries:
        if query.method.startswith(prefix) and query.candidates:
            query.best_score = round(max(scores), 4) if scores else None


# --- Reddit ---------------------------------------------------------------------


def is_reddit(claim: Claim) -> bool:
    """Whether the claim cites a Reddit post or subreddit."""
    return (claim.platform or "").lower() == "reddit" or subreddit(claim) is not None


def subreddit(claim: Claim) -> str | None:
    """The subreddit a claim names (r/LocalLLaMA), from its sources or its sentence."""
    texts = [s.handle or "" for s in claim.sources] + [s.name for s in claim.sources]
    for text in [*texts, claim.sentence.text]:
        match = SUBREDDIT.search(text)
        if match:
            return match[1]
    return None


def search_words(claim: Claim, limit: int = 5) -> list[str]:
    """The claim's first distinctive words, in order, for a search box."""
    text = " ".join(q.text for q in claim.quotes) or (claim.content.text if claim.content else "")
    wanted = rank.claim_words(claim)
    found: list[str] = []
    for word in rank.WORD.findall((text or claim.sentence.text).casefold()):
        if len(word) >= 4 and rank._stem(word) in wanted and word not in found:
            found.append(word)
    return found[:limit]


def reddit_listings(reddit_url: str, sub: str, claim: Claim) -> list[tuple[str, str]]:
    """The (method, URL) of the listings asked for a subreddit."""
    base = f"{reddit_url.rstrip('/')}/r/{sub}"
    query = urlencode(
        {
            "q": " ".join(search_words(claim)),
            "restrict_sr": "1",
            "sort": "relevance",
            "t": "all",
            "limit": "25",
        }
    )
    return [
        ("reddit-search", f"{base}/search.json?{query}"),
        ("reddit-new", f"{base}/new.json?limit=100"),
    ]


def reddit_base(settings: Settings) -> str:
    """Reddit's OAuth API when the app's id and secret are set, else the public site."""
    if settings.reddit_client_id and settings.reddit_client_secret:
        return settings.reddit_oauth_url
    return settings.reddit_url


def find_reddit_post(session: Session, sub: str) -> None:
    """Search the subreddit, rank the posts, then fetch and score the best few.

    Without OAuth credentials the public site usually refuses (its robots.txt
    disallows all crawling): the subreddit's threads archived by the Wayback
    Machine are searched instead, ranked by the words of their URLs.
    """
    base = reddit_base(session.settings)
    posts: list[Candidate] = []
    for method, url in reddit_listings(base, sub, session.claim):
        posts += _listing(session, method, url, base)
    ranked = _rank_reddit(session, rank.merge(posts))
    for post in ranked[: session.settings.max_candidates]:
        _fetch_reddit_post(session, post)
    best = session.best()
    if best is None or best.score < session.settings.resolve_threshold:
        archived_threads(session, sub)
    settle(session, "reddit-", "reddit")


def archived_threads(session: Session, sub: str) -> None:
    """The subreddit's threads in the Wayback Machine, ranked by their slugs, best few scored."""
    prefix = f"reddit.com/r/{sub}/comments/*"
    query = session.ask("reddit-archive", prefix)
    url = cdx.prefix_query(session.settings.cdx_url, prefix, capture_window(session.window))
    result = session.listing(url)
    if not result.ok or result.capture is None:
        query.outcome, query.detail = "error", failure(result)
        return
    wanted = rank.claim_words(session.claim)
    rows = {rank.url_key(row.original): row for row in cdx.parse_cdx(result.capture.body)}
    kept = [row for row in rows.values() if rank.overlap(wanted, rank.slug_words(row.original))]
    query.candidates, query.outcome = len(kept), "listed" if kept else "not_found"

    def fit(row: cdx.CdxRow) -> float:
        day, window = row.day, session.window
        near = window.closeness(day - CAPTURE_DELAY) if window and day else 0.0
        return rank.overlap(wanted, rank.slug_words(row.original)) + THREAD_DATE_WEIGHT * near

    for row in sorted(kept, key=fit, reverse=True)[:ARCHIVED_THREADS]:
        playback = session.get(cdx.playback_url(session.settings.wayback_url, row))
        if not playback.ok or playback.capture is None:
            continue
        playback.capture.archived_copy_of = row.original
        candidate = Candidate(
            url=playback.url, method="reddit", archived_from=row.original, captured_at=row.captured
        )
        session.add(candidate, playback.capture, session.score(session.claim, playback.capture))


def _listing(session: Session, method: str, url: str, base: str) -> list[Candidate]:
    query = session.ask(method, url)
    result = session.listing(url)
    if not result.ok or result.capture is None:
        query.outcome, query.detail = "error", failure(result)
        return []
    posts = parse_reddit_listing(result.capture.body, base)
    kept = [p for p in posts if _post_in_window(p, session.window)]
    query.candidates, query.outcome = len(kept), "listed" if kept else "not_found"
    return kept


def _post_in_window(post: Candidate, window: DateWindow | None) -> bool:
    day = rank.candidate_day(post)
    return window is None or day is None or window.contains(day)


def parse_reddit_listing(body: bytes, reddit_url: str) -> list[Candidate]:
    """The posts of a Reddit listing (search, new) as candidates; the text rides in `title`."""
    data = _json(body)
    children = data.get("data", {}).get("children", []) if isinstance(data, dict) else []
    posts = [
        _post(child.get("data", {}), reddit_url) for child in children if isinstance(child, dict)
    ]
    return [post for post in posts if post is not None]


def _post(data: dict[str, Any], reddit_url: str) -> Candidate | None:
    permalink = str(data.get("permalink") or "")
    if not permalink.startswith("/r/"):
        return None
    created = data.get("created_utc")
    day = datetime.fromtimestamp(float(created), tz=UTC).date().isoformat() if created else None
    text = f"{data.get('title', '')}\n{data.get('selftext', '')}".strip()
    url = f"{reddit_url.rstrip('/')}{permalink.rstrip('/')}.json"
    return Candidate(url=url, method="reddit", published=day, title=text)


def _rank_reddit(session: Session, posts: list[Candidate]) -> list[Candidate]:
    wanted = rank.claim_words(session.claim)

    def score(post: Candidate) -> float:
        day = rank.candidate_day(post)
        closeness = 0.5 if session.window is None or day is None else session.window.closeness(day)
        return (
            rank.WORD_WEIGHT * rank.overlap(wanted, rank.words(post.title or ""))
            + rank.DATE_WEIGHT * closeness
        )

    return sorted(posts, key=score, reverse=True)


def _fetch_reddit_post(session: Session, post: Candidate) -> None:
    result = session.get(post.url)
    if not result.ok or result.capture is None:
        session.ask("reddit-post", post.url, window=False).outcome = "error"
        return
    text = reddit_post_text(result.capture.body) or post.title or ""
    post.title = text.split("\n", 1)[0][:300] or None
    _add_scored(session, post, result.capture, text)


def reddit_post_text(body: bytes) -> str:
    """Title and body of the post in a Reddit post `.json` answer."""
    data = _json(body)
    listing = data[0] if isinstance(data, list) and data else data
    if not isinstance(listing, dict):
        return ""
    children = listing.get("data", {}).get("children", [])
    post = children[0].get("data", {}) if children and isinstance(children[0], dict) else {}
    return f"{post.get('title', '')}\n{post.get('selftext', '')}".strip()


def _json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8", "replace"))
    except json.JSONDecodeError:
        return None
