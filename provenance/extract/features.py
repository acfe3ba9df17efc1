"""Token features for the attribution tagger: one list of strings per token.

A sentence's tokens (see `tokens`) become crfsuite items: the word, its lower
case, shape, prefixes and suffixes, lexicon hits (reporting verbs, speech
nouns, roles, people, groups, documents, platforms), quote-mark state, date
state, position in the sentence and paragraph, the same for the neighbours,
and what the rules decided about the token (inside a rule's cue, source or
content). Everything a token contributes is computed once per token; the
neighbours' features are copied from the same lists.
"""

from __future__ import annotations

from typing import NamedTuple

from provenance.extract.lexicon import (
    ANONYMOUS_NOUNS,
    ARTICLE_NOUNS,
    AUXILIARIES,
    CUE_VERBS,
    DOCUMENT_NOUNS,
    GROUP_NOUNS,
    ORG_WORDS,
    PERSON_NOUNS,
    ROLE_NOUNS,
    SPEECH_VERBS,
    STANCE_VERBS,
    TITLES,
    words,
)
from provenance.extract.tokens import Token

__all__ = ["RULE_CONTENT", "RULE_CUE", "RULE_SOURCE", "sentence_features"]

RULE_CUE, RULE_SOURCE, RULE_CONTENT = 1, 2, 4  # bits of a character in the rules' mask

_PRONOUNS = words("he she they we i you it who him her them us me")
_PLATFORM_WORDS = words(
    """x twitter bluesky threads mastodon linkedin facebook instagram tiktok youtube reddit
    truth social substack telegram"""
)
_QUOTE_MARKS = frozenset("“”\"‘’'«»„")
_NEIGHBOURS = ((-2, "-2"), (-1, "-1"), (1, "+1"), (2, "+2"))


def _lexicon(lower: str) -> str:
    """The lexicon class of a word (one string: the first list it is in); a reporting
    verb is its class and base form ("speech:say")."""
    base = CUE_VERBS.get(lower)
    if base is not None:
        if base in SPEECH_VERBS:
            return "speech:" + base
        return ("stance:" if base in STANCE_VERBS else "cue:") + base
    for name, members in _LISTS:
        if lower in members:
            return name
    return "-"


_LISTS = (
    ("pron", _PRONOUNS),
    ("role", ROLE_NOUNS | TITLES),
    ("group", GROUP_NOUNS),
    ("anon", ANONYMOUS_NOUNS),
    ("person", PERSON_NOUNS),
    ("article", ARTICLE_NOUNS),
    ("doc", DOCUMENT_NOUNS),
    ("org", ORG_WORDS),
    ("platform", _PLATFORM_WORDS),
    ("aux", AUXILIARIES),
)


def _shape(text: str) -> str:
    if text.isdigit():
        return "d"
    if not text[0].isalnum():
        return "q" if text in _QUOTE_MARKS else "p"
    if text.isupper():
        return "A" if len(text) > 1 else "X"
    if text[0].isupper():
        return "Xx"
    return "x"


class _Word(NamedTuple):
    """The strings a word contributes, built once per distinct word."""

    own: tuple[str, ...]  # lower case, shape, suffix, prefix, lexicon class
    lower: str
    near: tuple[tuple[str, str], ...]  # (word, class) as seen from each neighbour


CACHE_WORDS = 50_000  # about 50 MB of feature strings at most
_CACHE: dict[str, _Word] = {}
_RULE = {
    (bits, name): "r=" + str(bits) + name
    for bits in range(8)
    for name in ("", "b", *(name for _, name in _NEIGHBOURS))
}
_POSITION = tuple(f"pos={index}" for index in range(7))
_RELATIVE = tuple(f"rel={index}" for index in range(4))


def _word(text: str, lower: str) -> _Word:
    known = _CACHE.get(text)
    if known is None:
        lexicon = _lexicon(lower)
        own = ("w=" + lower, "s=" + _shape(text), "x=" + lower[-3:], "p=" + lower[:3])
        near = tuple(
            ("w" + name + "=" + lower, "l" + name + "=" + lexicon) for _, name in _NEIGHBOURS
        )
        known = _Word((*own, "l=" + lexicon), lower, near)
        if len(_CACHE) >= CACHE_WORDS:  # bounded: a corpus's vocabulary never ends
            _CACHE.clear()
        _CACHE[text] = known
    return known


def sentence_features(
    tokens: list[Token], rules: list[int], first_in_paragraph: bool
) -> list[list[str]]:
    """The crfsuite items of one sentence: `rules` holds the rules' bits per token."""
    count = len(tokens)
    known = [_word(token.text, token.lower) for token in tokens]
    items: list[list[str]] = []
    for index, token in enumerate(tokens):
        word, bits = known[index], rules[index]
        begin = bits and (index == 0 or rules[index - 1] != bits)
        item = [
            *word.own,
            "q1" if token.in_quote else "q0",
            "d1" if token.in_date else "d0",
            _RULE[bits, "b" if begin else ""],
        ]
        if index == 0:
            item.append("BOS")
            if first_in_paragraph:
                item.append("BOP")
        if index == count - 1:
            item.append("EOS")
        item.append(_POSITION[min(index, 6)])
        item.append(_RELATIVE[index * 4 // count])
        for slot, (step, name) in enumerate(_NEIGHBOURS):
            other = index + step
            if 0 <= other < count:
                item.extend(known[other].near[slot])
                item.append(_RULE[rules[other], name])
        if index > 0:
            item.append("ww=" + known[index - 1].lower + "|" + word.lower)
        if index + 1 < count:
            item.append("wn=" + word.lower + "|" + known[index + 1].lower)
        items.append(item)
    return items
