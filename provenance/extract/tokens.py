"""Words of a sentence with their offsets, and what the article says about each.

A token knows whether it lies inside a quotation or a date expression, so that
the attribution rules can step over "(link)", "on October 13, 2025," and
quoted words as units.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from provenance.models import Span

__all__ = ["Token", "mask", "tokenize"]

_TOKEN = re.compile(r"\(link\)|(?:[A-Za-z]\.){2,}|[@#]?\w+(?:[’'./&@-]+\w+)*|[^\w\s]")
_CONTRACTION = re.compile(r"(?i:he|she|it|they|we|you|i|who|that)(?=[’'](?:s|re|ve|d|ll|m)$)")


class Token(NamedTuple):
    """One word or punctuation mark of the article, with what the rules ask of it.

    `is_word`: a word (not punctuation); `capitalised`: starts with a capital
    letter or a digit; `lower`: the text in lower case, with a curly apostrophe
    made straight. They are computed once, when the sentence is tokenised.
    """

    text: str
    start: int
    end: int
    in_quote: bool = False
    in_date: bool = False
    lower: str = ""
    is_word: bool = True
    capitalised: bool = False


def mask(length: int, spans: list[tuple[int, int]]) -> bytearray:
    """A byte per character of the article: 1 inside one of `spans`, else 0."""
    marks = bytearray(length)
    for start, end in spans:
        marks[start:end] = b"\x01" * (end - start)
    return marks


def tokenize(sentence: Span, quotes: bytearray, dates: bytearray) -> list[Token]:
    """Return the tokens of `sentence`, flagged when inside a quote or a date.

    A pronoun and its contracted verb are two tokens ("He’s claiming": "He", "’s").
    """
    offset = sentence.start
    tokens: list[Token] = []
    append = tokens.append
    for match in _TOKEN.finditer(sentence.text):
        text, start = match.group(), offset + match.start()
        if ("’" in text or "'" in text) and (pronoun := _CONTRACTION.match(text)):
            cut = pronoun.end()
            append(_token(text[:cut], start, quotes, dates))
            text, start = text[cut:], start + cut
        append(_token(text, start, quotes, dates))
    return tokens


def _token(text: str, start: int, quotes: bytearray, dates: bytearray) -> Token:
    first = text[0]
    fields = (
        text, start, start + len(text), quotes[start] == 1, dates[start] == 1,
        text.lower().replace("’", "'"), first.isalnum() or first in "@#",
        first.isupper() or first.isdigit(),
    )  # fmt: skip
    return _NEW(Token, fields)  # no NamedTuple constructor frame: runs per token


_NEW = tuple.__new__
