"""Where a claim was made: the platform, the medium, the handle named around it.

A claim's *setting* is its own words outside its content: the subject and the
cue, and the phrases around them ("In a memo to staff on Tuesday, ...",
"Writing on LinkedIn last week, ...", "... wrote on Instagram on Saturday").
`find_venue` reads a setting for

- a platform, named ("on X", "a Bluesky thread", "posted to YouTube", "on
  Truth Social", "a Reddit user", "on Hacker News") or implied ("tweeted",
  "r/NAME", "u/NAME", "@user@instance" for Mastodon): then the channel is
  `social_post`, or `forum_post` for Reddit and Hacker News;
- else a medium: a memo, press release, report, filing or minutes (a
  `document`), a statement, email or news conference (a `statement`), an
  earnings call, interview or podcast (a `broadcast`), an op-ed, newsletter,
  blog post or column (an `article`);
- a handle: "(@name)", "@name", "u/name", "@user@instance", "user name".

The words are general English, not any one article's wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from provenance.models import Channel

__all__ = ["PLATFORMS", "Venue", "find_handle", "find_venue", "named_poster", "platform_named"]

PLATFORMS: dict[str, tuple[str, str | None]] = {
    "x": ("x", "x.com"),
    "twitter": ("x", "x.com"),
    "truth social": ("truthsocial", "truthsocial.com"),
    "threads": ("threads", "threads.net"),
    "bluesky": ("bluesky", "bsky.app"),
    "instagram": ("instagram", "instagram.com"),
    "facebook": ("facebook", "facebook.com"),
    "tiktok": ("tiktok", "tiktok.com"),
    "linkedin": ("linkedin", "linkedin.com"),
    "youtube": ("youtube", "youtube.com"),
    "telegram": ("telegram", "t.me"),
    "weibo": ("weibo", "weibo.com"),
    "mastodon": ("mastodon", None),
    "reddit": ("reddit", "reddit.com"),
    "hacker news": ("hackernews", "news.ycombinator.com"),
}
FORUMS = frozenset({"reddit", "hackernews"})

# A platform's name counts where a platform is meant ("on X", "an X post", "a Facebook
# video", "a viral TikTok from ..."), not as a company ("YouTube said", "the YouTube CEO")
# nor as a word ("Threads of the story", "Mejid X").
_NAMES = (
    r"Twitter|Truth\s+Social|Bluesky|Instagram|Facebook|TikTok|LinkedIn|YouTube|Telegram"
    r"|Weibo|Mastodon|Reddit|Hacker\s+News"
)
_POST_NOUNS = (
    r"posts?|tweets?|threads?|videos?|clips?|stor(?:y|ies)|captions?|reels?|livestreams?"
    r"|streams?|live|updates?|messages?|repl(?:y|ies)|comments?|accounts?|pages?|channels?"
    r"|feeds?|AMA|profiles?|users?|commenters?|posters?|followers?|interviews?|skeets?|toots?"
)
_PLATFORM = re.compile(
    rf"\b(?i:on|to|via|onto|across)\s+(?P<on>{_NAMES}|X|Threads)\b(?:\.com)?"
    rf"|\b(?P<named>{_NAMES}|X|Threads)\s+(?i:{_POST_NOUNS})\b"
    rf"|\b(?i:an?|the|his|her|their|its)\s+(?:[\w-]+\s+){{0,2}}?(?P<owned>{_NAMES})"
    rf"(?=\s+(?:from|by|posted|published|shared)\b|\s*[,.;:)]|\s*$)"
)
_VERBS = {
    "tweet": "x",
    "tweets": "x",
    "tweeted": "x",
    "tweeting": "x",
    "retweeted": "x",
    "skeeted": "bluesky",
    "tooted": "mastodon",
}
_VERB = re.compile(r"\b(?:re)?(?:tweet(?:s|ed|ing)?|skeeted|tooted)\b", re.IGNORECASE)
_SUBREDDIT = re.compile(r"(?<![\w/])r/[A-Za-z0-9_]{2,}")
_REDDITOR = re.compile(r"(?<![\w/])u/[A-Za-z0-9_-]{2,}")
_MASTODON = re.compile(r"(?<![\w@])@[A-Za-z0-9_.]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_HANDLE = re.compile(
    r"(?<![\w@/])(?:@(?P<at>[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?"
    r"(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?)"
    r"|u/(?P<reddit>[A-Za-z0-9_-]{2,}))"
)
_USER = re.compile(
    r"\b(?:user|username|handle|account|poster|commenter)\s+(?!(?:on|in|at|of|from|by|who|with"
    r"|going|named|called|and|or|that|which|for|to|the|a|an)\b)"
    r"(?P<name>[a-z0-9_][\w.-]*[\w])(?=[\s,:;)]|[.](?:\s|$)|$)"
)
# "A commenter on Hacker News, kvz, argued": the poster's user name set off by commas.
_NAMED_POSTER = re.compile(
    r"\b(?i:users?|commenters?|posters?|redditors?|members?)(?:\s+(?i:on|in|at)\s+[^,;:]{1,40})?"
    r",\s+(?P<name>(?!(?:however|though|too|also|meanwhile|instead|apparently|then|now"
    r"|for|who|which|in|on)\b)(?:@[A-Za-z0-9_]|[a-z0-9_])[\w.-]*[\w]"
    r"(?:@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)?)\s*,"
)
_MEDIA: tuple[tuple[Channel, re.Pattern[str]], ...] = (
    (
        "broadcast",
        re.compile(
            r"\b(?:earnings|conference|investor|analyst)\s+calls?\b|\bcalls?\s+with\s+"
            r"(?:analysts|investors)\b|\bpodcasts?\b|\bradio\b|\btelevis(?:ed|ion)\b"
            r"|\bbroadcast\b|\btown\s+hall\b",
            re.IGNORECASE,
        ),
    ),
    (
        "document",
        re.compile(
            r"\b(?:memos?|memorand(?:um|a)|press\s+releases?|news\s+releases?|reports?|filings?"
            r"|minutes|transcripts?|white\s+papers?|lawsuits?|court\s+papers|letters?"
            r"|prospectus|disclosures?|guidance)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "article",
        re.compile(
            r"\b(?:op-?eds?|newsletters?|blog(?:\s+posts?)?|columns?|essays?|editorials?"
            r"|Substack)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "statement",
        re.compile(
            r"\b(?:statements?|e-?mails?|(?:news|press)\s+conferences?|briefings?)\b",
            re.IGNORECASE,
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class Venue:
    """Where a claim was made: its channel and platform (None when not a platform)."""

    channel: Channel
    platform: str | None = None


def platform_named(text: str) -> tuple[str, str | None] | None:
    """The (platform, domain) named or implied in `text`, the first one found."""
    found: list[tuple[int, str]] = []
    match = _PLATFORM.search(text)
    if match is not None:
        name = match.group("on") or match.group("named") or match.group("owned")
        found.append((match.start(), " ".join(name.lower().split())))
    verb = _VERB.search(text)
    if verb is not None:
        found.append((verb.start(), _VERBS[verb.group(0).lower().removeprefix("re")]))
    for pattern, name in ((_SUBREDDIT, "reddit"), (_REDDITOR, "reddit"), (_MASTODON, "mastodon")):
        hit = pattern.search(text)
        if hit is not None:
            found.append((hit.start(), name))
    if not found:
        return None
    name = min(found)[1]
    platform, domain = PLATFORMS.get(name, (name, None))
    return platform, domain


def find_venue(text: str) -> Venue | None:
    """The venue named in a claim's setting `text` (see the module docstring)."""
    named = platform_named(text)
    if named is not None:
        platform = named[0]
        return Venue("forum_post" if platform in FORUMS else "social_post", platform)
    hits = [
        (match.start(), channel)
        for channel, pattern in _MEDIA
        if (match := pattern.search(text)) is not None
    ]
    return Venue(min(hits)[1]) if hits else None


def find_handle(text: str, *, forum: bool = False) -> tuple[str, int, int] | None:
    """The first handle in `text`: its bare form ("@name" -> "name", "u/name" -> "name",
    "@user@instance" -> "user@instance") and its offsets; "user name" on a forum too."""
    match = _HANDLE.search(text)
    if match is not None:
        handle = match.group("at") or match.group("reddit")
        return handle, match.start(), match.end()
    user = _USER.search(text) if forum else None
    if user is not None:
        return user.group("name"), user.start("name"), user.end("name")
    return None


def named_poster(text: str) -> str | None:
    """The user name set off by commas after "a user", "a commenter on NAME" in `text`
    ("A commenter on Hacker News, kvz, argued" -> "kvz"), without its "@"."""
    match = _NAMED_POSTER.search(text)
    if match is None or match.group("name").endswith("ly"):
        return None  # "A user, reportedly, ...": an adverb, not a name
    return match.group("name").removeprefix("@")


_CLAUSE_START = re.compile(r"\bthat\b|[:;”\"]")


def setting(
    text: str, sentence: tuple[int, int], region: tuple[int, int], content: tuple[int, int] | None
) -> tuple[int, int]:
    """The offsets of a claim's setting: from the start of its clause (the sentence
    start, or the last "that", colon or quote mark before the source) to its content,
    or from the end of its content to the end of the sentence when the content comes
    first."""
    start, end = sentence
    if content is not None and content[1] <= region[0]:
        return content[1], end
    stop = content[0] if content is not None and content[0] >= region[0] else end
    for boundary in _CLAUSE_START.finditer(text, start, region[0]):
        start = boundary.end()
    return start, max(stop, region[1])
