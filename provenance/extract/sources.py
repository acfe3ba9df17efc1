"""Who a claim is attributed to: a noun phrase classified into `Source` objects.

`classify_source` turns a subject phrase ("An X post by Vinod Khosla", "Posts on
X from users like Ben Norton and Ashok Kumar", "WIRED’s coverage", "a leaked
Google memo", "one AI researcher at a leading U.S. university", "critics") into
one or more sources, with the claim's channel, platform and checkability. The
checks run from the most specific shape to the most general: social posts,
forums, registry outlets, documents, anonymous sources, groups, pronouns,
organisations, people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise

from provenance.extract.lexicon import (
    ANONYMOUS_NOUNS,
    ARTICLE_NOUNS,
    DOCUMENT_NOUNS,
    GROUP_NOUNS,
    ORG_WORDS,
    PERSON_NOUNS,
    ROLE_NOUNS,
    TITLES,
    words,
)
from provenance.extract.venues import (
    FORUMS,
    PLATFORMS,
    find_handle,
    find_venue,
    named_poster,
    platform_named,
)
from provenance.models import Channel, Source, SourceKind
from provenance.registry import Outlet, Registry, normalise_name

__all__ = ["Attribution", "can_speak", "classify_source", "is_anaphor", "place"]

_POST = r"(?i:posts?|tweets?|threads?|videos?|updates?|messages?|replies|reply)"
_POST_WORDS = re.compile(
    r"\b(?i:posts?|tweets?|threads?|videos?|clips?|stor(?:y|ies)|captions?|reels?|livestreams?"
    r"|updates?|messages?|repl(?:y|ies)|comments?|AMA|skeets?|toots?|TikToks?)\b"
)
_USER_WORDS = re.compile(r"\b(?i:users?|commenters?|posters?|redditors?|members?|accounts?)\b")
_OWNERS = re.compile(
    r"\b(?:by|from)\s+(?:(?:users?|accounts?|people|figures)\s+(?:like|such\s+as|including)\s+)?"
    r"(?P<names>[^\s(].*?)(?=\s+(?:on|in|at|during|via|with|who|that|which|about|over|after"
    r"|before|posted|published|shared)\b|\s*\(|\s*$)"
)
_OWNER_POSSESSIVE = re.compile(rf"^(?P<owner>.+?)(?:’s|'s)\s+(?:\w+\s+)?{_POST}\s+on\s+")
_FORUM = re.compile(r"\br/[A-Za-z0-9_]+")
_NAME_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+")
_WORD = re.compile(r"[@\w][\w’'.&/-]*\w|[@\w]")
_DETERMINERS = words(
    """a an the this that these those one another some several two three his her its their our
    my your latest recent new"""
)
_PRONOUNS: dict[str, SourceKind] = {
    "he": "person", "she": "person", "i": "person", "you": "person",
    "they": "group", "we": "group", "it": "organization",
    "his": "person", "her": "person", "their": "group", "its": "organization",
}  # fmt: skip
_GENERIC_CAPS = words("AI US UK EU UN American Chinese European British Western Russian")
_BROADCASTERS = frozenset({"broadcaster"})
_PARENTHESES = re.compile(r"\([^()]*\)")
SPEAKER_NOUNS = (
    ROLE_NOUNS | ORG_WORDS | GROUP_NOUNS | ANONYMOUS_NOUNS | PERSON_NOUNS | frozenset(_PRONOUNS)
)


@dataclass(slots=True)
class Attribution:
    """The sources found in a subject phrase, and what they say about the claim."""

    sources: list[Source] = field(default_factory=list)
    channel: Channel = "unknown"
    platform: str | None = None
    checkable: bool = True
    anaphor: bool = False


def is_anaphor(phrase: str) -> bool:
    """Whether `phrase` points back to an earlier source ("the piece", "he")."""
    words = phrase.split()
    if len(words) == 1:
        return words[0].lower() in ("he", "she", "they", "it")
    return (
        len(words) <= 3
        and words[0].lower() in ("the", "this", "that")
        and all(word.islower() for word in words[1:])
        and words[-1] in ARTICLE_NOUNS
    )


def classify_source(phrase: str, start: int, registry: Registry) -> Attribution:
    """Classify the subject `phrase` (found at offset `start`) into sources.

    Names recur in an article ("Trump said" ten times), so the classification
    of a phrase is memoised at offset 0 and shifted to `start`.
    """
    found = _classify_at_zero(phrase, registry, registry.version)
    sources = [_shifted(source, start) for source in found.sources]
    return Attribution(sources, found.channel, found.platform, found.checkable, found.anaphor)


def _shifted(source: Source, offset: int) -> Source:
    """A copy of `source` moved by `offset` (plain construction: `replace` is slow here)."""
    return Source(
        source.name, source.kind, source.start + offset, source.end + offset,
        source.handle, source.domain,
    )  # fmt: skip


@lru_cache(maxsize=4096)
def _classify_at_zero(phrase: str, registry: Registry, version: int) -> Attribution:
    return _classify(phrase, 0, registry)


def _classify(phrase: str, start: int, registry: Registry) -> Attribution:
    stripped = phrase.lstrip()
    start += len(phrase) - len(stripped)
    phrase = stripped.rstrip()
    if not any(char.isalnum() for char in phrase):
        return Attribution()
    for rule in _RULES:
        found = rule(phrase, start, registry)
        if found is not None:
            return found
    return Attribution()


def _source(phrase: str, start: int, name: str, kind: SourceKind, **extra: str | None) -> Source:
    offset = phrase.find(name)
    if offset < 0:
        return Source(name, kind, start, start + len(phrase), **extra)
    begin = _determiner_start(phrase, offset)
    return Source(name, kind, start + begin, start + offset + len(name), **extra)


def _determiner_start(phrase: str, offset: int) -> int:
    """Where the source's span starts: its determiner included ("the source", "The Post").

    The name drops the determiner; the span keeps it, as annotated news
    corpora (PolNeAR) mark the whole noun phrase.
    """
    match = _LEADING_DETERMINER.search(phrase, 0, offset)
    return match.start() if match is not None else offset


_LEADING_DETERMINER = re.compile(
    r"(?:^|(?<=\s))(?i:the|a|an|one|another|his|her|its|their|our|my|your|this|that|these"
    r"|those|some|several)\s+$"
)


def _social(phrase: str, start: int, registry: Registry) -> Attribution | None:
    """A post on a platform ("An X post by NAME", "Posts on X from users like A and B",
    "A viral TikTok from @name", "a Reddit user", "A Hacker News commenter")."""
    named = platform_named(phrase)
    if named is None:
        return None
    platform, domain = named
    posted = _POST_WORDS.search(phrase) is not None
    if not posted and _USER_WORDS.search(phrase) is None and not phrase.lower().startswith("on "):
        return None  # "YouTube said": the company
    channel: Channel = "forum_post" if platform in FORUMS else "social_post"
    sources = _post_owners(phrase, start, registry, domain)
    if not sources:
        handle = find_handle(phrase)
        if handle is not None:
            name = phrase[handle[1] : handle[2]]
            sources = [
                _source(phrase, start, name, "social_account", handle=handle[0], domain=domain)
            ]
    if not sources:
        sources = [_source(phrase, start, _strip_determiner(phrase), "anonymous")]
    checkable = any(source.kind != "anonymous" for source in sources)
    return Attribution(sources, channel, platform, checkable)


def _post_owners(phrase: str, start: int, registry: Registry, domain: str | None) -> list[Source]:
    owner = _OWNER_POSSESSIVE.match(phrase)
    if owner is not None:
        return [_owner_source(phrase, start, owner.group("owner"), registry, domain)]
    match = _OWNERS.search(phrase)
    if match is None:
        return []
    names = [name.strip(" ,") for name in _NAME_SPLIT.split(match.group("names"))]
    return [_owner_source(phrase, start, name, registry, domain) for name in names if name]


def _owner_source(
    phrase: str, start: int, name: str, registry: Registry, domain: str | None
) -> Source:
    outlet = registry.lookup(name)
    if outlet is not None:
        return _source(phrase, start, name, "outlet", domain=outlet.domain)
    handle = find_handle(name)
    if handle is not None:
        return _source(phrase, start, name, "social_account", handle=handle[0], domain=domain)
    bare = " " not in name and not name.istitle() and not _DESCRIBED.match(name)
    handle_text = name if bare else None
    return _source(phrase, start, name, "social_account", handle=handle_text, domain=domain)


_DESCRIBED = re.compile(r"^(?:the|a|an)\b", re.IGNORECASE)


def _handle_only(phrase: str, start: int, registry: Registry) -> Attribution | None:
    """A subject that is a handle ("@elonfan42", "u/quietharbor", "the account @Name",
    "@ana@fosstodon.org"): a social account, on the platform the handle implies."""
    handle = find_handle(phrase, forum=True)
    if handle is None or len(_strip_determiner(phrase).split()) > 2:
        return None
    name = phrase[handle[1] : handle[2]]
    named = platform_named(name)
    if name.startswith("u/"):
        named = PLATFORMS["reddit"]
    platform, domain = named if named is not None else (None, None)
    channel: Channel = "forum_post" if platform in FORUMS else "social_post"
    source = _source(phrase, start, name, "social_account", handle=handle[0], domain=domain)
    return Attribution([source], channel, platform, True)


def _forum(phrase: str, start: int, registry: Registry) -> Attribution | None:
    match = _FORUM.search(phrase)
    if match is None:
        return None
    name = match.group(0)
    source = Source(name, "forum", start + match.start(), start + match.end(), domain="reddit.com")
    return Attribution([source], "forum_post", "reddit", True)


def _outlet(phrase: str, start: int, registry: Registry) -> Attribution | None:
    found = find_outlet(phrase, registry)
    if found is None:
        return None
    outlet, offset, text = found
    kind: SourceKind = "organization" if outlet.kind == "platform" else "outlet"
    begin, end = _determiner_start(phrase, offset), offset + len(text)
    if len(phrase.split()) <= 8:  # the span is the whole phrase: "A Bloomberg poll"
        begin, end = 0, len(phrase)
    source = Source(outlet.name, kind, start + begin, start + end, domain=outlet.domain)
    channel: Channel = "broadcast" if outlet.kind in _BROADCASTERS else "article"
    return Attribution([source], channel if kind == "outlet" else "statement", None, True)


def find_outlet(phrase: str, registry: Registry) -> tuple[Outlet, int, str] | None:
    """Return the longest registry outlet named in `phrase`, its offset and text."""
    words = list(_WORD.finditer(phrase))
    for size in range(min(6, len(words)), 0, -1):
        for index in range(len(words) - size + 1):
            found = _window_outlet(phrase, words[index : index + size], registry)
            if found is not None:
                return found
    return None


def _window_outlet(
    phrase: str, words: list[re.Match[str]], registry: Registry
) -> tuple[Outlet, int, str] | None:
    first = words[0].group(0)
    if not (first[0].isupper() or first[0].isdigit()):
        return None
    text = phrase[words[0].start() : words[-1].end()]
    outlet = registry.lookup(text)
    if outlet is None or (len(words) == 1 and _ambiguous(first, outlet)):
        return None
    if len(words) == 1 and _inside_name(phrase, words[0]):
        return None  # "Rapper Kofi Blaze", "Quanta Labs": part of a longer name
    if not _cased_like(text, outlet):
        return None  # "the economist John Park": a job, not The Economist
    return outlet, words[0].start(), re.sub(r"['’]s$", "", text)


def _cased_like(text: str, outlet: Outlet) -> bool:
    """Whether `text` capitalises the words that the outlet's name (or the alias it
    matched) capitalises, leading "the" aside."""
    key = normalise_name(text)
    for name in (outlet.name, *outlet.aliases):
        if normalise_name(name) == key:
            said, named = _name_words(text), _name_words(name)
            pairs = zip(said, named, strict=False) if len(said) == len(named) else ()
            return all(word[:1].isupper() or not model[:1].isupper() for word, model in pairs)
    return True


def _name_words(name: str) -> list[str]:
    found = name.split()
    return found[1:] if found[:1] and found[0].lower() == "the" else found


def _inside_name(phrase: str, word: re.Match[str]) -> bool:
    """Whether a capitalised word touches `word` ("Kofi Blaze"), not "The" or a title."""
    before = phrase[: word.start()].split()[-1:]
    after = phrase[word.end() :].split()[:1]
    neighbours = [w for w in before + after if w[:1].isupper() and w.isalpha()]
    return any(w.lower() not in _DETERMINERS and w.lower() not in TITLES for w in neighbours)


def _ambiguous(word: str, outlet: Outlet) -> bool:
    plain = re.sub(r"['’]s$", "", word)
    return plain.istitle() and plain.lower() in _COMMON_WORDS and plain != outlet.name.upper()


_COMMON_WORDS = words(
    """time people money science nature metro stuff mint dawn punch vanguard medium protocol
    deadline reason prospect elle threads discord decrypt insider independent express mirror
    sun age hill post times journal guardian observer atlantic nation spectator economist
    standard herald star tribune register information verge wire print scroll star fortune
    forward tablet america slate salon vice vox axios politico"""
) - {"politico", "axios", "vox", "salon", "slate", "fortune", "economist", "guardian"}


def _document(phrase: str, start: int, registry: Registry) -> Attribution | None:
    words = [word.strip(",.") for word in phrase.lower().replace("’", "'").split()]
    if not _document_head(words) or words[0] in ("he", "she", "they"):
        return None
    name = _strip_determiner(phrase)
    return Attribution([_source(phrase, start, name, "document")], "document", None, True)


def _document_head(words: list[str]) -> bool:
    """Whether a phrase is headed by a document noun: "a leaked memo", "the report by the
    Tax Policy Center", "a poll released in August"; not "the Tax Policy Center"."""
    if _head_word(words) in DOCUMENT_NOUNS:
        return True
    return any(
        word in DOCUMENT_NOUNS and following.endswith("ed") for word, following in pairwise(words)
    )


def _anonymous(phrase: str, start: int, registry: Registry) -> Attribution | None:
    words = phrase.split()
    lowered = [word.lower().strip(",.") for word in words]
    if not _is_anonymous(words, lowered):
        return None
    source = _source(phrase, start, phrase, "anonymous")
    posted = any(word in ("post", "tweet", "account") for word in lowered)
    return Attribution([source], "social_post" if posted else "unknown", None, False)


def _is_anonymous(words: list[str], lowered: list[str]) -> bool:
    if lowered[0] in ("sources", "insiders") or "familiar" in lowered:
        return True
    if lowered[0] not in (
        "one",
        "a",
        "an",
        "another",
        "some",
        "certain",
        "two",
        "three",
        "several",
    ):
        return False
    if not any(word in ANONYMOUS_NOUNS for word in lowered[:5]):
        return False
    return not any(_proper(word) for word in words[1:])


def _proper(word: str) -> bool:
    plain = re.sub(r"['’]s$", "", word.strip(",.")).replace(".", "")
    return plain[:1].isupper() and plain not in _GENERIC_CAPS


def _group(phrase: str, start: int, registry: Registry) -> Attribution | None:
    words = [word.lower().strip(",.") for word in phrase.split()]
    head = _head_word(words)
    plural_role = head.endswith("s") and _singular(head) in ROLE_NOUNS  # "the senators"
    known = head in GROUP_NOUNS or head.endswith(_GROUP_ENDINGS) or plural_role
    if not known or any(_proper(word) for word in phrase.split()[1:4]):
        return None
    return Attribution([_source(phrase, start, phrase, "group")], "unknown", None, False)


_HEAD_ENDS = words("of at from in on for with like quoted who that which by i he she we they")
_QUANTITIES = words(
    """one two three four five six seven eight nine ten dozens hundreds thousands millions
    many most some all few several half third quarter majority minority percent none each"""
)


def _head_word(words: list[str]) -> str:
    for index, word in enumerate(words):
        if word.lower() in _HEAD_ENDS:
            return words[index - 1] if index else word
    return words[-1]


def _pronoun(phrase: str, start: int, registry: Registry) -> Attribution | None:
    kind = _PRONOUNS.get(phrase.lower())
    if kind is None:
        return None
    return Attribution([Source(phrase, kind, start, start + len(phrase))], "statement", None, True)


def _named(phrase: str, start: int, registry: Registry) -> Attribution | None:
    words = _PARENTHESES.sub(" ", phrase.replace("’", "'")).split()
    lowered = {re.sub(r"'s$", "", word.lower().strip(",.")) for word in words}
    if not words:
        return None
    if _role_and_name(words, lowered):
        kind: SourceKind = "person"  # "Harbor Foods CEO Mark Bell", "Former coach Bill Tanner"
    elif lowered & ORG_WORDS or _acronym(words):
        kind = "organization"
    elif (
        lowered & ROLE_NOUNS
        or _titled(words)
        or _described_name(words)
        or (len(words) <= 4 and all(_name_word(word) for word in words))
    ):
        kind = "person"
    else:
        kind = "organization"
    name = _POSSESSIVE_END.sub("", _strip_determiner(phrase))  # "Trump’s claim that": Trump
    handle = find_handle(phrase)
    if handle is not None and "(" in name:  # "Omar Haddad (@ohaddad)"
        name = _PARENTHESES.sub("", name).strip()
    source = _source(phrase, start, name, kind, handle=handle[0] if handle else None)
    return Attribution([source], "statement", None, True)


_POSSESSIVE_END = re.compile(r"[’']s$")


def _role_and_name(words: list[str], lowered: set[str]) -> bool:
    """A role or description, then a personal name of two or three words: "Acme Robotics
    chief executive Dana Ruiz", "Union leader Grace Obi", "developer Linh Tran"."""
    if len(words) < 3:
        return False
    name = words[-2:]
    if not all(word[:1].isupper() and word.strip(".,").isalpha() for word in name):
        return False
    if {word.lower() for word in name} & ORG_WORDS:
        return False
    described = [
        word
        for word in words[:-2]
        if word.islower() and word not in _NAME_PARTICLES and not _company_word(word)
    ]
    return bool(lowered & ROLE_NOUNS) or bool(described)


_NAME_PARTICLES = frozenset({"of", "de", "van", "von", "al", "and", "the", "for"})
_COMPANY_WORDS = words(
    """retailer lender insurer carrier operator provider manufacturer producer supplier
    distributor publisher broadcaster giant firm company startup chain brand conglomerate
    outlet group network platform app service bank fund agency insurer utility airline
    grocer pharmacy"""
)


def _company_word(word: str) -> bool:
    """ "retailer Best Buy", "automaker General Motors": a word for a company."""
    return word in _COMPANY_WORDS or word.endswith("maker")


def can_speak(phrase: str) -> bool:
    """Whether the head of a subject phrase can speak: a name, or a word for people.

    "Recent developments" and "Alibaba's recent decision" have inanimate heads
    and are no sources of a claim shown or signalled; "Trump", "the mayor",
    "the campaign", "a new poll", "the video" are.
    """
    words = _PARENTHESES.sub(" ", phrase.replace("’", "'")).split()
    if not words:
        return False
    stripped = [word.strip(",.") for word in words]
    head = _head_word(stripped)
    if head.lower() in _QUANTITIES or head[:1].isdigit():
        head = stripped[-1]  # "Nearly eight of 10 voters", "74 percent of those polled"
    plain = re.sub(r"'s$", "", head)
    if plain[:1].isupper() or (plain[:1].isdigit() and words[0][:1].isupper()):
        return True  # "Trump", "Outlet 9"; not "1986"
    if words[0].lower() in _PEOPLE_PRONOUNS:
        return True  # "Those close to him", "Anyone who has met him"
    lower = plain.lower()
    return lower.endswith(_PEOPLE_ENDINGS) or any(
        form in _SPEAKING for form in (lower, _singular(lower))
    )


_PEOPLE_PRONOUNS = words("those anyone everyone someone nobody everybody somebody")


def _singular(word: str) -> str:
    """ "senators" -> "senator", "parties" -> "party" (enough to look a word up)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


_GROUP_ENDINGS = ("ists", "ians")  # "environmentalists worry", "politicians say"
_PEOPLE_ENDINGS = (*_GROUP_ENDINGS, "ers", "ors")  # can speak too: "defenders", "donors"
_SPEAKING = (
    SPEAKER_NOUNS
    | ARTICLE_NOUNS
    | DOCUMENT_NOUNS
    | words(
        """businessman businesswoman ex-wife ex-husband newspaper ad clip website site narrator
        questioner media individual percent majority minority half share number each everybody
        averages average tallies polling surrogates delegates associates allies whom them those
        doctor physician nurse surgeon pastor priest rabbi imam officer detective soldier
        coach actor singer artist comedian witness victim survivor slide chart graphic
        footage spot commercial mailer flyer sign banner page chorus city state county town
        country nation panel jury regulator military parliament
        group"""
    )
)


def _described_name(words: list[str]) -> bool:
    """ "rival Hillary Clinton", "businessman Donald Trump": a word that describes a name
    (not "the White House": a determiner starts an institution's name)."""
    described = words[0] in _DESCRIBING and len(words) in (3, 4)
    return described and all(word[:1].isupper() for word in words[1:])


_DESCRIBING = PERSON_NOUNS | words(
    """rival opponent challenger incumbent billionaire businessman businesswoman activist actor
    actress singer comedian rapper novelist"""
)  # not "retailer Best Buy", "automaker General Motors"


def _titled(words: list[str]) -> bool:
    """ "New Jersey Gov. Chris Christie", "Retired Lt. Gen. Michael Flynn": a person."""
    return any(word.endswith(".") and word[:-1].lower() in TITLES for word in words[:-1])


def _name_word(word: str) -> bool:
    return word[:1].isupper() or word.lower() in ("the", "of", "de", "van", "von", "al")


def _acronym(words: list[str]) -> bool:
    return len(words) == 1 and len(words[0]) > 1 and words[0].isupper()


def _strip_determiner(phrase: str) -> str:
    words = phrase.split(" ", 1)
    if len(words) == 2 and words[0].lower() in _DETERMINERS and not _place_name(words):
        return words[1]
    return phrase


def _place_name(words: list[str]) -> bool:
    """ "New York Mayor Bill de Blasio", "New Jersey Gov. Chris Christie": "New" is a name."""
    return words[0] == "New" and words[1][:1].isupper()


_RULES = (_forum, _social, _handle_only, _outlet, _document, _anonymous, _group, _pronoun, _named)


_RESOLVABLE = frozenset({"person", "organization", "social_account"})  # kinds that post


def place(attribution: Attribution, setting: str) -> Attribution:
    """Complete an attribution from its claim's setting (see `venues`): the platform
    and channel a post names ("wrote on LinkedIn", "in a memo"), and the handle.

    A named person or organisation posting on a platform is a `social_account`
    there; an anonymous poster on a named subreddit gives way to the subreddit; a
    medium ("in a memo", "on an earnings call") sets the channel of a speaker's
    words, never of an outlet's article or a document's own.
    """
    sources = attribution.sources
    if not sources:
        return attribution
    venue = find_venue(setting)
    channel, platform = attribution.channel, attribution.platform
    if venue is not None and venue.platform is not None and platform is None:
        channel, platform = venue.channel, venue.platform
        domain = PLATFORMS.get(platform, (platform, None))[1]
        sources = [_posting(source, domain) for source in sources]
    elif venue is not None and venue.platform is None and channel in ("statement", "unknown"):
        channel = venue.channel if sources[0].kind not in ("anonymous", "group") else channel
    if platform == "reddit" and sources[0].kind == "anonymous":
        sources = _subreddit(setting, sources)
    if platform is not None and len(sources) == 1 and sources[0].kind == "anonymous":
        sources = _named_poster(setting, sources, platform)
    if len(sources) == 1 and sources[0].handle is None and sources[0].kind in _RESOLVABLE:
        handle = find_handle(setting, forum=channel == "forum_post")
        if handle is not None:
            sources = [replace(sources[0], handle=handle[0])]
    checkable = attribution.checkable or any(source.kind == "forum" for source in sources)
    return Attribution(sources, channel, platform, checkable, attribution.anaphor)


def _posting(source: Source, domain: str | None) -> Source:
    if source.kind not in _RESOLVABLE:
        return source
    return replace(source, kind="social_account", domain=source.domain or domain)


def _named_poster(setting: str, sources: list[Source], platform: str) -> list[Source]:
    """ "A commenter on Hacker News, kvz, argued": the poster is the account named."""
    name = named_poster(setting)
    if name is None:
        return sources
    domain = PLATFORMS.get(platform, (platform, None))[1]
    return [replace(sources[0], name=name, kind="social_account", handle=name, domain=domain)]


def _subreddit(setting: str, sources: list[Source]) -> list[Source]:
    match = _FORUM.search(setting)
    if match is None:
        return sources
    return [replace(sources[0], name=match.group(0), kind="forum", domain="reddit.com")]
