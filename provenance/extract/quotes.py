"""Quoted spans: straight and curly, double and single quote marks.

A curly single quote is also the apostrophe (`China’s`, `‘ruining the AI
market’`), so a single mark opens a quote only when it follows the start of a
paragraph, a space, an opening bracket or a dash and precedes a non-space; and
it closes one only when it follows a non-space and precedes a non-letter. A mark
between two letters is an apostrophe. Quotes never cross a paragraph (a line
break): an opening mark left open runs to the end of its paragraph, the
convention of quotes that continue over several paragraphs. Text scraped from
the web mixes straight and curly marks ("...” or “..."): a straight opening mark
closes at either, a curly one at a curly one, else at a straight one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

__all__ = ["Quote", "find_quotes", "paragraphs"]

_PARAGRAPH = re.compile(r"[^\n]+")
_MARK = re.compile("[“„«\"‘']")
_DOUBLE_OPEN = "“„«"
_CURLY_CLOSE = re.compile("[”»]")
_STRAIGHT_CLOSE = re.compile('["”]')  # scraped text mixes them: "Oz has a pulpit,” said
_OPEN_BEFORE = ' \t([{—–-/"“«'


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted span: `start`/`end` include the marks, `inner_*` exclude them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool = True


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of the non-empty lines of `text`."""
    return [(match.start(), match.end()) for match in _PARAGRAPH.finditer(text)]


def find_quotes(text: str) -> list[Quote]:
    """Return the outermost quoted spans of `text`, in order."""
    found: list[Quote] = []
    for start, end in paragraphs(text):
        found.extend(_paragraph_quotes(text, start, end))
    return found


def _paragraph_quotes(text: str, start: int, end: int) -> list[Quote]:
    quotes: list[Quote] = []
    closers = _SingleClosers(text, start, end)
    position = start
    while (mark := _MARK.search(text, position, end)) is not None:
        quote = _quote_at(text, mark.start(), start, end, closers)
        if quote is None:
            position = mark.start() + 1
            continue
        quotes.append(quote)
        position = max(quote.end, mark.start() + 1)
    return quotes


def _quote_at(
    text: str, index: int, para_start: int, para_end: int, closers: _SingleClosers
) -> Quote | None:
    char = text[index]
    if char in _DOUBLE_OPEN:
        return _close(text, index, para_end, _CURLY_CLOSE)
    if char == '"' and _opens(text, index, para_start, para_end):
        return _close(text, index, para_end, _STRAIGHT_CLOSE)
    if char in "‘'" and _opens(text, index, para_start, para_end):
        closing = closers.after("’" if char == "‘" else "'", index + 2)
        return None if closing is None else Quote(index, closing + 1, index + 1, closing)
    return None


def _opens(text: str, index: int, para_start: int, para_end: int) -> bool:
    before = text[index - 1] if index > para_start else " "
    after = text[index + 1] if index + 1 < para_end else " "
    return (before in _OPEN_BEFORE or before.isspace()) and not after.isspace()


def _close(text: str, index: int, para_end: int, closer: re.Pattern[str]) -> Quote:
    match = closer.search(text, index + 1, para_end)
    if match is None and closer is _CURLY_CLOSE:
        match = _STRAIGHT_CLOSE.search(text, index + 1, para_end)  # “Mostly True."
    if match is None:
        return Quote(index, para_end, index + 1, para_end, closed=False)
    return Quote(index, match.end(), index + 1, match.start())


class _SingleClosers:
    """The marks of one paragraph that can close a single quote, found once per mark.

    An opening mark left unclosed must not scan the rest of its paragraph again
    for each later opening mark (100,000 marks would take quadratic time): the
    closing positions are listed once, and each opening mark bisects the list.
    """

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        self.positions: dict[str, list[int]] = {}

    def after(self, mark: str, index: int) -> int | None:
        """The first position >= `index` where `mark` closes a single quote, or None."""
        positions = self.positions.get(mark)
        if positions is None:
            positions = self.positions[mark] = self._find(mark)
        found = bisect_left(positions, index)
        return positions[found] if found < len(positions) else None

    def _find(self, mark: str) -> list[int]:
        positions = []
        position = self.text.find(mark, self.start + 1, self.end)
        while position != -1:
            if _closes_single(self.text, position, self.end):
                positions.append(position)
            position = self.text.find(mark, position + 1, self.end)
        return positions


def _closes_single(text: str, index: int, para_end: int) -> bool:
    before = text[index - 1]
    after = text[index + 1] if index + 1 < para_end else " "
    return not before.isspace() and not after.isalnum()
