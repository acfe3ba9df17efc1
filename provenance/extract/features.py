"""Token features for the attribution tagger: one list of strings per token.

A sentence's tokens (see `tokens`) become crfsuite items: the word in lower
case, its shape and suffix, its lexicon class (reporting verbs, speech nouns,
roles, people, groups, documents, platforms), its word clusters (`clusters`:
words that mean alike share one, so a cue word seen rarely in training looks
like the common ones), quote-mark and date state, position in the sentence and
paragraph, and what the rules decided about the token (inside a rule's cue,
source or content); the next and previous token's word, cluster and rule bits,
and the cluster and rule bits of the tokens two away. Everything a word
contributes is computed once per word; the neighbours' features are copied
from the same lists.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from provenance.extract.clusters import cluster_of
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

__all__ = [
    "NEIGHBOURS",
    "PLACES",
    "RULE_CONTENT",
    "RULE_CUE",
    "RULE_SOURCE",
    "Places",
    "Sentence",
    "Word",
    "build_word",
    "places",
    "sentence_features",
    "word_features",
]

RULE_CUE, RULE_SOURCE, RULE_CONTENT = 1, 2, 4  # bits of a character in the rules' mask

_PRONOUNS = words("he she they we i you it who him her them us me")
_PLATFORM_WORDS = words(
    """x twitter bluesky threads mastodon linkedin facebook instagram tiktok youtube reddit
    truth social substack telegram"""
)
_QUOTE_MARKS = frozenset("“”\"‘’'«»„")
NEIGHBOURS = ((-2, "-2"), (-1, "-1"), (1, "+1"), (2, "+2"))


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


class Word(NamedTuple):
    """The strings a word contributes, built once per distinct word."""

    own: tuple[str, ...]  # lower case, shape, suffix, lexicon class, clusters
    near: tuple[tuple[str, ...], ...]  # as seen from each neighbour (NEIGHBOURS' order)


CACHE_WORDS = 50_000  # about 70 MB of feature strings at most (training; tagging keeps sums)
_CACHE: dict[str, Word] = {}


def word_features(text: str, lower: str) -> Word:
    """The features of a word, its own and as its neighbours see it (cached)."""
    known = _CACHE.get(text)
    if known is None:
        known = build_word(text, lower)
        if len(_CACHE) >= CACHE_WORDS:  # bounded: a corpus's vocabulary never ends
            _CACHE.clear()
        _CACHE[text] = known
    return known


def build_word(text: str, lower: str) -> Word:
    """The features of a word, built anew (the tagger keeps its own sums of them)."""
    lexicon = _lexicon(lower)
    coarse, fine = cluster_of(lower)
    own = ("w=" + lower, "s=" + _shape(text), "x=" + lower[-3:], "l=" + lexicon,
           "c=" + fine, "k=" + coarse)  # fmt: skip
    near = tuple(
        ("w" + name + "=" + lower, "c" + name + "=" + fine)
        if step in (-1, 1)
        else ("c" + name + "=" + fine,)
        for step, name in NEIGHBOURS
    )
    return Word(own, near)


def _rule_names(suffix: str) -> tuple[str, ...]:
    return tuple(f"r={bits}{suffix}" for bits in range(8))


# What a token's place in its sentence says, kind by kind: the feature string of each
# value (value -1: no feature). `places` gives each token's value of every kind.
PLACES: dict[str, tuple[str, ...]] = {
    "quote": ("q0", "q1"),  # inside a quotation
    "date": ("d0", "d1"),  # inside a date expression
    # the rules' bits (value: bits * 2, + 1 where a rule span starts)
    "rule": tuple(f"r={bits // 2}{'b' if bits % 2 else ''}" for bits in range(16)),
    "position": tuple(f"pos={index}" for index in range(7)),  # 6: further on
    "first": ("BOS",),
    "paragraph": ("BOP",),  # first token of a paragraph's first sentence
    "last": ("EOS",),
    **{f"rule{name}": _rule_names(name) for _, name in NEIGHBOURS},  # the neighbours' bits
}
Sentence = tuple[list[Token], list[int], bool]  # tokens, the rules' bits, first in paragraph
Ints = NDArray[np.int64]


class Places(NamedTuple):
    """What the tokens of some sentences (all in order) say by their place."""

    values: dict[str, Ints]  # each token's value of every kind of PLACES (-1: none)
    near: Ints  # (tokens, NEIGHBOURS): the index of each neighbour in the same sentence, or -1


def places(sentences: list[Sentence]) -> Places:
    """The places of the tokens of all `sentences`, in order."""
    lengths = np.array([len(tokens) for tokens, _, _ in sentences], dtype=np.int64)
    count = int(lengths.sum())
    sentence = np.repeat(np.arange(len(sentences)), lengths)
    position = np.arange(count) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    bits = np.fromiter((b for _, rules, _ in sentences for b in rules), np.int64, count)
    flags = np.fromiter(
        (flag for tokens, _, _ in sentences for t in tokens for flag in (t.in_quote, t.in_date)),
        np.int64, 2 * count,
    ).reshape(count, 2)  # fmt: skip
    first, last = position == 0, position == lengths[sentence] - 1
    opens = np.array([opening for _, _, opening in sentences], dtype=bool)
    begin = (bits > 0) & (first | (bits != np.concatenate(([0], bits[:-1]))))
    other = np.arange(count)[:, None] + np.array([step for step, _ in NEIGHBOURS])
    known = np.clip(other, 0, max(count - 1, 0))
    near = np.where((other == known) & (sentence[known] == sentence[:, None]), other, -1)
    near_bits = np.where(near >= 0, bits[known], -1)
    values = {
        "quote": flags[:, 0],
        "date": flags[:, 1],
        "rule": bits * 2 + begin,
        "position": np.minimum(position, 6),
        "first": np.where(first, 0, -1),
        "paragraph": np.where(first & opens[sentence], 0, -1),
        "last": np.where(last, 0, -1),
    }
    for slot, (_, name) in enumerate(NEIGHBOURS):
        values["rule" + name] = near_bits[:, slot]
    return Places(values, near)


def sentence_features(
    tokens: list[Token], rules: list[int], first_in_paragraph: bool
) -> list[list[str]]:
    """The crfsuite items of one sentence (training): `rules` holds the rules' bits per
    token."""
    count = len(tokens)
    known = [word_features(token.text, token.lower) for token in tokens]
    place = places([(tokens, rules, first_in_paragraph)])
    columns = [(PLACES[kind], values.tolist()) for kind, values in place.values.items()]
    items: list[list[str]] = []
    for index in range(count):
        item = [*known[index].own]
        item += [names[values[index]] for names, values in columns if values[index] >= 0]
        for slot, (step, _) in enumerate(NEIGHBOURS):
            if 0 <= index + step < count:
                item.extend(known[index + step].near[slot])
        items.append(item)
    return items
