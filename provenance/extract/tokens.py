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

_TOKEN = re.compile(r"\(link\)|(?:[A-Za-z]\.){2,}|[@#]?\w(?:[\w’'./&@-]*\w)?|[^\w\s]")


class Token(NamedTuple):
    """One word or punctuation mark of the article."""

    text: str
    start: int
    end: int
    in_quote: bool = False
    in_date: bool = False
    lower: str = ""  # the text in lower case, with a curly apostrophe made straight

    @property
    def is_word(self) -> bool:
        """Whether the token is a word (not punctuation)."""
        return self.text[0].isalnum() or self.text[0] in "@#"

    @property
    def capitalised(self) -> bool:
        """Whether the token starts with a capital letter or a digit."""
        return self.text[0].isupper() or self.text[0].isdigit()


def mask(length: int, spans: list[tuple[int, int]]) -> bytearray:
    """A byte per character of the article: 1 inside one of `spans`, else 0."""
    marks = bytearray(length)
    for start, end in spans:
        marks[start:end] = b"\x01" * (end - start)
    return marks


def tokenize(sentence: Span, quotes: bytearray, dates: bytearray) -> list[Token]:
    """Return the tokens of `sentence`, flagged when inside a quote or a date."""
    offset = sentence.start
    tokens = []
    for match in _TOKEN.finditer(sentence.text):
        start = offset + match.start()
        text = match.group(0)
        lower = text.lower().replace("’", "'")
        tokens.append(
            Token(text, start, start + len(text), quotes[start] == 1, dates[start] == 1, lower)
        )
    return tokens
