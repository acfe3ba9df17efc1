"""Text normalisation for matching, with a map back to the original offsets.

`fold(text)` returns a `Folded` text: quote marks made straight, dashes made
hyphens, every kind of space made one plain space, runs of spaces collapsed and
letters lower-cased. `Folded.origin(i)` gives the offset in the original text of
the folded character `i`, so that a match found in folded text is reported in
the text the editor reads.

`split_quote(quote)` cuts a quote at its ellipses and [bracketed insertions],
the places where a writer says "words were left out or put in here".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

_SINGLE = "‘’‚‛′`´ʼ"
_DOUBLE = "“”„‟″«»‹›"
_DASHES = "‐‑‒–—―−"
_SPACES = (
    "\t\n\r\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
)

_TABLE = str.maketrans(
    {
        **dict.fromkeys(_SINGLE, "'"),
        **dict.fromkeys(_DOUBLE, '"'),
        **dict.fromkeys(_DASHES, "-"),
        **dict.fromkeys(_SPACES, " "),
    }
)
_PAIRS = tuple((chr(code), str(mark)) for code, mark in _TABLE.items())
_ASCII_PAIRS = tuple((old, new) for old, new in _PAIRS if old.isascii())
_RUNS = re.compile(r" {2,}")
_ELLIPSIS = re.compile(r"\s*(?:…|\.\s?\.\s?\.)\s*")
_DOTS = re.compile(r"\.\s?\.")  # a cheap test before the costlier _ELLIPSIS
_BRACKET = re.compile(r"\s*\[[^\]]{0,80}\]\s*")
WORD = re.compile(r"\w+(?:'\w+)*")


@dataclass(frozen=True, slots=True)
class Folded:
    """A folded text and the breakpoints that map it back to the original."""

    text: str
    marks: tuple[int, ...]  # folded offsets where the shift changes
    shifts: tuple[int, ...]  # original - folded offset from that mark on

    def origin(self, index: int) -> int:
        """Return the original offset of folded offset `index`."""
        slot = bisect_right(self.marks, index) - 1
        return index + (self.shifts[slot] if slot >= 0 else 0)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original span of the folded span `[start, end)`."""
        if end <= start:
            first = self.origin(start)
            return first, first
        return self.origin(start), self.origin(end - 1) + 1


def fold_chars(text: str) -> str:
    """Straighten quote marks, unify dashes and spaces, lower-case: same length."""
    for old, new in _ASCII_PAIRS if text.isascii() else _PAIRS:
        if old in text:  # `str.replace` per mark present: far faster than `str.translate`
            text = text.replace(old, new)
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@lru_cache(maxsize=16)
def fold(text: str) -> Folded:
    """Fold a document for matching (see the module docstring); cached per text."""
    return fold_text(text)


def fold_text(text: str) -> Folded:
    """Fold `text` for matching, without the cache (for quotes and sentences)."""
    plain = fold_chars(text)
    marks: list[int] = []
    shifts: list[int] = []
    pieces: list[str] = []
    last = 0
    shift = 0
    for run in _RUNS.finditer(plain):
        pieces.append(plain[last : run.start() + 1])
        marks.append(run.start() + 1 - shift)
        shift += run.end() - run.start() - 1
        shifts.append(shift)
        last = run.end()
    pieces.append(plain[last:])
    return Folded("".join(pieces), tuple(marks), tuple(shifts))


def fold_quote(quote: str) -> str:
    """Fold a quote and strip the quote marks and spaces around it."""
    return fold_text(quote).text.strip(" \"'")


def split_quote(quote: str) -> list[str]:
    """Cut a folded quote at ellipses and bracketed insertions; drop empty parts."""
    text = fold_chars(quote)
    if "[" in text:
        text = _BRACKET.sub(" \x00 ", text)
    if "…" in text or _DOTS.search(text):
        text = _ELLIPSIS.sub(" \x00 ", text)
    parts = (fold_quote(part) for part in text.split("\x00"))
    return [part.strip(" ,;:.") for part in parts if part.strip(" ,;:.\"'")]


def words(text: str) -> list[str]:
    """Return the words of a folded text, punctuation dropped."""
    return WORD.findall(text)


STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "s",
        "t",
        "said",
        "says",
        "say",
        "one",
        "many",
        "much",
        "may",
        "might",
        "must",
        "shall",
        "us",
        "via",
        "per",
    ]
)
NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "none",
        "nobody",
        "nothing",
        "neither",
        "nor",
        "without",
        "cannot",
        "can't",
        "won't",
        "don't",
        "doesn't",
        "didn't",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "hasn't",
        "haven't",
        "hadn't",
        "shouldn't",
        "wouldn't",
        "couldn't",
        "n't",
    ]
)


def content_words(text: str) -> list[str]:
    """Return the words of a folded text that carry meaning (no stop words)."""
    return [w for w in WORD.findall(text) if w not in STOPWORDS or w in NEGATIONS]


@lru_cache(maxsize=16)
def word_index(folded: str) -> dict[str, list[int]]:
    """Map each word of a folded document to its start offsets; cached per document."""
    index: defaultdict[str, list[int]] = defaultdict(list)
    for found in WORD.finditer(folded):
        index[found.group()].append(found.start())
    return dict(index)
