"""Sentences with their offsets, aware of paragraphs, abbreviations and quotes.

A sentence ends at `.`, `!` or `?` (with any closing quote or bracket) before
whitespace and a capital, a digit or an opening quote, unless the word before
is an abbreviation ("Mr.", "U.S.", "Sept.") or an initial, or the point lies
inside a quotation: a quote of several sentences stays in one sentence with
the words that attribute it. Paragraphs (lines) always end a sentence.

A "sentence" longer than MAX_SENTENCE characters (run-on text, a page with no
punctuation, a hostile input) is cut at the last space before the limit, so
that the cost and memory of extraction stay linear in the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from provenance.extract.lexicon import words
from provenance.extract.quotes import Quote, paragraphs
from provenance.models import Span

__all__ = ["split_sentences"]

_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")
_ABBREVIATIONS = words(
    """mr mrs ms dr sen rep gov gen lt col sgt st jr sr inc corp co ltd u.s u.k u.n e.u jan feb
    mar apr jun jul aug sept sep oct nov dec no vs prof rev ft mt gov atty supt d.c n.y l.a
    pres adm capt cmdr maj messrs"""
)
_WORD_BEFORE = re.compile(r"([\w.]+)$")
MAX_SENTENCE = 3000
_LONGEST_WORD = 64  # an abbreviation or a run of initials is shorter than this


def split_sentences(text: str, quotes: list[Quote]) -> list[Span]:
    """Return the sentences of `text`, trimmed, in order."""
    inside = _quote_ranges(quotes)
    spans: list[Span] = []
    for start, end in paragraphs(text):
        spans.extend(_paragraph_sentences(text, start, end, inside))
    return spans


def _quote_ranges(quotes: list[Quote]) -> tuple[list[int], list[int]]:
    long_quotes = [quote for quote in quotes if quote.closed]
    return [quote.start for quote in long_quotes], [quote.end for quote in long_quotes]


def _paragraph_sentences(
    text: str, start: int, end: int, inside: tuple[list[int], list[int]]
) -> list[Span]:
    spans: list[Span] = []
    begin = start
    for match in _END.finditer(text, start, end):
        stop = match.end()
        if _abbreviation(text, match.start(), begin) or _in_quote(stop, inside):
            continue
        spans.extend(_trimmed(text, begin, stop))
        begin = stop
    spans.extend(_trimmed(text, begin, end))
    return spans


def _abbreviation(text: str, dot: int, begin: int) -> bool:
    if text[dot] != ".":
        return False
    word = _WORD_BEFORE.search(text, max(begin, dot - _LONGEST_WORD), dot)  # not quadratic
    if word is None:
        return False
    token = word.group(1).lower().rstrip(".")
    return token in _ABBREVIATIONS or _INITIALS.fullmatch(token) is not None


_INITIALS = re.compile(r"(?:[a-z]\.)*[a-z]")  # "J", "G.K": initials of a name


def _in_quote(position: int, inside: tuple[list[int], list[int]]) -> bool:
    starts, ends = inside
    index = bisect_right(starts, position) - 1
    return index >= 0 and ends[index] > position


def _trimmed(text: str, start: int, end: int) -> list[Span]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        return _trimmed(text, start, cut) + _trimmed(text, cut, end)
    return [Span(text[start:end], start, end)] if start < end else []
