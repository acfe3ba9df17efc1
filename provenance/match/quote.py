"""Quote check: is a quote in the source, verbatim, nearly, altered or not at all?

Both sides are folded first (`normalize.fold`: quote marks, dashes, spaces,
case), and the quote is cut at its ellipses and [bracketed insertions]. Each part,
and each chunk of a long part (`CHUNK_WORDS` words), is then located:

1. exactly, with `str.find`, just after the previous chunk and then anywhere;
2. else in the best of a few candidate windows: the one just after the previous
   chunk, and (unless that one already holds `NEAR_ENOUGH` of the chunk's words
   in order) a few voted for by the chunk's rarest words (their places in the
   document's word index, built once per document; runs of words found with
   `str.find` when even the rarest words are common). The windows are ranked by
   the share of the chunk's words they hold in order (a word-level alignment,
   cheap); only the best is aligned character by character with
   `rapidfuzz.fuzz.partial_ratio_alignment`, and only when it holds at least
   `PROMISING` of them. A chunk whose best window holds fewer (a fabricated or
   reshuffled chunk) gets the plain `fuzz.ratio` against that window as its
   score (usually well below `MISS`). No alignment ever runs over the
   whole document and voting never loops over all places of a common word, so
   the cost grows linearly with the quote's length and no faster than linearly
   with the document's. After `GIVE_UP` chunks in a row found nowhere, later
   chunks skip the voted search.

`QuoteMatch.score` is in 0..1 (the length-weighted alignment score of the
chunks). The status:

- `verbatim`: every part found exactly, in order;
- `minor_variation`: the words differ only in punctuation, spelling, or a
  stop word or so (never a negation or a number);
- `altered`: a closest passage exists but differs materially (shown);
- `not_found`: nothing in the source comes close.

A quote that no passage aligns with but whose content words mostly appear in
one sentence (a paraphrase presented as a quote) is `altered`, with that
sentence as the closest passage.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise, repeat

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein, MatchingBlock

from provenance.match.normalize import (
    NEGATIONS,
    STOPWORDS,
    WORD,
    Folded,
    content_words,
    fold,
    split_quote,
    word_index,
    words,
)
from provenance.models import QuoteMatch, QuoteStatus

CHUNK_WORDS = 24
ANCHORS = 6
MIN_ANCHORS = 3
COMMON = 30  # a rarest word seen more often than this calls for phrase anchors
PHRASE_WORDS = 3
PHRASE_PLACES = 20
MAX_OCCURRENCES = 240
NEAR_ENOUGH = 0.8  # the window after the cursor holding this share is not searched past
PROMISING = 0.5  # share of a chunk's words, in order, that earns a full alignment
WINDOWS = 3
MISS = 60.0  # a chunk scoring less is found nowhere
GIVE_UP = 2  # chunks in a row found nowhere, after which the voted search stops
MINOR_MIN = 0.85
OUT_OF_ORDER = 0.9  # the score of a quote whose parts are all there, but reordered
ALTERED_MIN = 0.6
PARAPHRASE_MIN = 0.6
PARAPHRASE_PLACES = 120
SENTENCE_ENDS = (". ", "! ", "? ")
_SENTENCE_END = re.compile(r"[.!?] ")
_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~…"
_NUMBER = re.compile(r"\d")
NUMBER_WORDS = frozenset(
    [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "hundred",
        "thousand",
        "million",
        "billion",
        "trillion",
        "percent",
        "half",
        "quarter",
        "dozen",
        "first",
        "second",
        "third",
        "last",
        "most",
        "least",
        "all",
        "none",
        "more",
        "less",
        "fewer",
    ]
)


@dataclass(slots=True)
class Hit:
    """Where one chunk of the quote was found in the folded document."""

    chunk: str
    start: int
    end: int
    score: float  # 0..100
    exact: bool


def check_quote(quote: str, text: str) -> QuoteMatch:
    """Check `quote` against `text` (see the module docstring for the statuses)."""
    chunks = quote_chunks(quote)
    if not chunks or not text.strip():
        return QuoteMatch(quote=quote, status="not_found", score=0.0)
    doc = fold(text)
    hits = locate_chunks(chunks, doc.text)
    found = [hit for hit in hits if hit is not None]
    if found and all(hit is not None and hit.exact for hit in hits):
        if _in_order(found):
            return _result(quote, "verbatim", 1.0, found, doc, text)
        return _result(quote, "altered", OUT_OF_ORDER, found, doc, text)
    score = _weighted_score(chunks, hits)
    if found and _is_minor(chunks, found, doc.text):
        return _result(quote, "minor_variation", score, found, doc, text)
    if found and score >= ALTERED_MIN and _shares_content(chunks, found, doc.text):
        return _result(quote, "altered", score, found, doc, text)
    return paraphrase_match(quote, chunks, text) or QuoteMatch(
        quote=quote, status="not_found", score=round(score, 3)
    )


def quote_chunks(quote: str) -> list[str]:
    """Cut a quote into parts (ellipses, brackets) and chunks of `CHUNK_WORDS` words."""
    chunks: list[str] = []
    for part in split_quote(quote):
        tokens = part.split(" ")
        for first in range(0, len(tokens), CHUNK_WORDS):
            piece = tokens[first : first + CHUNK_WORDS]
            if first and len(piece) < CHUNK_WORDS // 3:
                chunks[-1] += " " + " ".join(piece)
            else:
                chunks.append(" ".join(piece))
    return [chunk for chunk in chunks if chunk.strip()]


def locate_chunks(chunks: list[str], doc: str) -> list[Hit | None]:
    """Locate each chunk in the folded document, preferring the place after the last."""
    hits: list[Hit | None] = []
    cursor: int | None = None
    misses = 0
    voted: dict[str, list[tuple[int, int]]] = {}  # a repeated chunk is voted for once
    for chunk in chunks:
        hit = locate(chunk, doc, cursor, search=misses < GIVE_UP, voted=voted)
        hits.append(hit)
        misses = misses + 1 if hit is None or hit.score < MISS else 0
        if hit is not None:
            cursor = hit.end
    return hits


def locate(
    chunk: str,
    doc: str,
    cursor: int | None,
    *,
    search: bool = True,
    voted: dict[str, list[tuple[int, int]]] | None = None,
) -> Hit | None:
    """Find one chunk: exact near the cursor, exact anywhere, else the best window.

    The windows are the one just after the cursor and, with `search`, a few voted
    for by the chunk's rarest words (`search` is False after `GIVE_UP` chunks in a
    row found nowhere: a long quote that matches nothing is not searched for chunk
    by chunk; `voted` keeps the voted windows of the chunks seen before). They are
    ranked by how many of the chunk's words they hold in order; only the best is
    aligned character by character, and only when it holds at least `PROMISING`
    of them: otherwise the chunk is found nowhere, and its score is the plain
    ratio against the middle of that window (`_rough`).
    """
    exact = _find_exact(chunk, doc, cursor)
    if exact is not None:
        return exact
    best = max(_scored_windows(chunk, doc, cursor, search, voted), default=None)
    if best is None or best[0] == 0:
        return None
    share, lo, hi = best
    if share < PROMISING:
        return _rough(chunk, doc, lo, hi)
    hit = _align(chunk, doc, lo, hi)
    return refine(hit, doc) if hit is not None else None


def _scored_windows(
    chunk: str,
    doc: str,
    cursor: int | None,
    search: bool,
    voted: dict[str, list[tuple[int, int]]] | None,
) -> list[tuple[float, int, int]]:
    """The windows after the cursor and (if it is not near enough) voted, with their share."""
    quoted = tokens(chunk)
    scored = [(_in_sequence(quoted, doc, lo, hi), lo, hi) for lo, hi in _near_window(chunk, cursor)]
    if search and not (scored and scored[0][0] >= NEAR_ENOUGH):
        voted = {} if voted is None else voted
        if chunk not in voted:
            voted[chunk] = candidate_windows(chunk, doc)
        scored += [(_in_sequence(quoted, doc, lo, hi), lo, hi) for lo, hi in voted[chunk]]
    return scored


def refine(hit: Hit, doc: str) -> Hit:
    """Trim a fuzzy hit to the words that align with the chunk's words."""
    span = _word_span(words(hit.chunk), doc, hit.start - 40, hit.end + 40)
    if span is None:
        return hit
    return Hit(hit.chunk, span[0], span[1], hit.score, False)


def _word_span(quoted: list[str], doc: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The span of `doc[lo:hi]` whose words align with `quoted` (stray ends dropped)."""
    spans = [m.span() for m in WORD.finditer(doc, max(0, lo), min(len(doc), hi))]
    opcodes = Indel.opcodes(quoted, [doc[a:b] for a, b in spans])
    blocks = _coherent([block for block in opcodes.as_matching_blocks() if block.size])
    if not blocks:
        return None
    first = max(0, blocks[0].b - blocks[0].a)
    tail = len(quoted) - blocks[-1].a - blocks[-1].size
    last = min(len(spans) - 1, blocks[-1].b + blocks[-1].size - 1 + tail)
    return spans[first][0], spans[last][1]


def _in_sequence(quoted: list[str], doc: str, lo: int, hi: int) -> float:
    """The share of the chunk's tokens that `doc[lo:hi]` holds in the same order."""
    if not quoted:
        return 0.0
    held = tokens(doc[max(0, lo) : hi])
    return Indel.similarity(quoted, held) / 2 / len(quoted)


def tokens(folded: str) -> list[str]:
    """The space-separated tokens of a folded text, punctuation stripped.

    Coarser than `words` ("open-source" is one token) but twice as fast; used
    only to rank windows, on both sides alike.
    """
    return list(filter(None, map(str.strip, folded.split(" "), repeat(_PUNCTUATION))))


def _rough(chunk: str, doc: str, lo: int, hi: int) -> Hit:
    """A cheap hit for a window that cannot hold the chunk: the chunk's length
    in the window's middle, scored with the plain ratio."""
    lo, hi = max(0, lo), min(len(doc), hi)
    start = max(lo, (lo + hi - len(chunk)) // 2)
    start, end = _snap(doc, start, min(hi, start + len(chunk)))
    return Hit(chunk, start, end, fuzz.ratio(chunk, doc[start:end]), False)


def _find_exact(chunk: str, doc: str, cursor: int | None) -> Hit | None:
    start = -1
    if cursor is not None:
        start = doc.find(chunk, cursor, cursor + len(chunk) + 2000)
    if start < 0:
        start = doc.find(chunk)
    if start < 0:
        return None
    return Hit(chunk, start, start + len(chunk), 100.0, True)


def _near_window(chunk: str, cursor: int | None) -> list[tuple[int, int]]:
    if cursor is None:
        return []
    return [(cursor, cursor + len(chunk) + len(chunk) // 2 + 20)]


def _align(chunk: str, doc: str, lo: int, hi: int) -> Hit | None:
    lo, hi = max(0, lo), min(len(doc), hi)
    if hi - lo < len(chunk) // 2:
        return None
    found = fuzz.partial_ratio_alignment(chunk, doc[lo:hi])
    if found is None or found.score <= 0:
        return None
    start, end = _snap(doc, lo + found.dest_start, lo + found.dest_end)
    return Hit(chunk, start, end, found.score, False)


def _snap(doc: str, start: int, end: int) -> tuple[int, int]:
    """Widen an alignment to whole words."""
    while 0 < start < len(doc) and doc[start - 1].isalnum() and doc[start].isalnum():
        start -= 1
    while end < len(doc) and end > 0 and doc[end - 1].isalnum() and doc[end].isalnum():
        end += 1
    return start, end


def _coherent(blocks: list[MatchingBlock]) -> list[MatchingBlock]:
    """Drop stray blocks at either end whose gap in the document outruns the quote's."""
    while len(blocks) > 1 and _stray(blocks[0], blocks[1]):
        blocks = blocks[1:]
    while len(blocks) > 1 and _stray(blocks[-2], blocks[-1]):
        blocks = blocks[:-1]
    return blocks


def _stray(left: MatchingBlock, right: MatchingBlock) -> bool:
    gap_quote = right.a - (left.a + left.size)
    gap_doc = right.b - (left.b + left.size)
    return gap_doc > gap_quote + 3


def candidate_windows(chunk: str, doc: str) -> list[tuple[int, int]]:
    """Windows of `doc` that may hold the chunk, voted for by its rarest words.

    Each anchor votes, once per pair of neighbouring slots, for the pairs holding
    the place where the chunk would start if that occurrence were its (pairs, so
    that a start near a slot's edge is not split). The best `WINDOWS` pairs,
    apart from each other, become windows with room for insertions.
    """
    width = max(16, len(chunk) // 4)
    votes: dict[int, int] = {}
    for offset, positions in anchor_positions(chunk, doc):
        slots = {(position - offset) // width for position in positions}
        for pair in slots | {slot - 1 for slot in slots}:
            votes[pair] = votes.get(pair, 0) + 1
    top = max(votes.values(), default=0)
    ranked = sorted(slot for slot, count in votes.items() if count >= top - 1)
    ranked.sort(key=votes.__getitem__, reverse=True)  # stable: earlier first among equals
    chosen: list[int] = []
    for slot in ranked:
        if len(chosen) == WINDOWS:
            break
        if all(abs(slot - other) > 1 for other in chosen):
            chosen.append(slot)
    slack = len(chunk) // 6 + 10
    return [(slot * width - slack, (slot + 2) * width + len(chunk) + slack) for slot in chosen]


def anchor_positions(chunk: str, doc: str) -> list[tuple[int, list[int]]]:
    """The chunk's rarest words in `doc`: their offsets in the chunk and places in `doc`.

    At least `MIN_ANCHORS` and at most `ANCHORS` words, and no more than
    `MAX_OCCURRENCES` places in all (the first places of each when the rarest words
    are common), so that common words never cost a loop over the document. When
    even the rarest word is common, runs of words are the anchors instead (if
    any is found).
    """
    index = word_index(doc)
    offsets: dict[str, int] = {}
    for found in WORD.finditer(chunk):
        offsets.setdefault(found.group(), found.start())
    present = sorted((len(index[w]), w) for w in offsets if w in index)
    taken = present[:MIN_ANCHORS]
    spent = sum(count for count, _ in taken)
    for count, word in present[MIN_ANCHORS:ANCHORS]:
        if spent + count > MAX_OCCURRENCES:
            break
        taken.append((count, word))
        spent += count
    share = max(MAX_OCCURRENCES // len(taken), 1) if taken else 0
    if not taken or taken[0][0] > COMMON:
        phrases = phrase_positions(chunk, doc)
        if any(places for _, places in phrases):
            return phrases
    return [(offsets[word], index[word][:share]) for _, word in taken]


def phrase_positions(chunk: str, doc: str) -> list[tuple[int, list[int]]]:
    """The chunk's runs of `PHRASE_WORDS` words, their offsets and (first) places in `doc`.

    Used when even the chunk's rarest words are common: a run of words is rare
    where its words are not, and `str.find` scans for it at C speed.
    """
    spans = [found.span() for found in WORD.finditer(chunk)]
    anchors = []
    for first in range(0, len(spans) - PHRASE_WORDS + 1, PHRASE_WORDS):
        start, end = spans[first][0], spans[first + PHRASE_WORDS - 1][1]
        anchors.append((start, _find_all(doc, chunk[start:end], PHRASE_PLACES)))
    return anchors


def _find_all(doc: str, phrase: str, limit: int) -> list[int]:
    places: list[int] = []
    found = doc.find(phrase)
    while found >= 0 and len(places) < limit:
        places.append(found)
        found = doc.find(phrase, found + 1)
    return places


def _in_order(hits: list[Hit]) -> bool:
    """True when the parts of the quote come in the source in the quote's order."""
    return all(left.start <= right.start for left, right in pairwise(hits))


def _weighted_score(chunks: list[str], hits: list[Hit | None]) -> float:
    total = sum(len(chunk) for chunk in chunks)
    got = sum(len(c) * (h.score if h else 0.0) for c, h in zip(chunks, hits, strict=True))
    return got / total / 100.0 if total else 0.0


def _is_minor(chunks: list[str], hits: list[Hit], doc: str) -> bool:
    """True when the words differ by punctuation, spelling or a stop word or two."""
    if len(hits) < len(chunks) or _weighted_score(chunks, list(hits)) < MINOR_MIN:
        return False
    changes = 0
    for hit in hits:
        if hit.exact:  # an exact chunk has the quote's very words
            continue
        quoted, found = words(hit.chunk), words(doc[hit.start : hit.end])
        for op in Levenshtein.opcodes(quoted, found):
            if op.tag == "equal":
                continue
            old, new = quoted[op.src_start : op.src_end], found[op.dest_start : op.dest_end]
            if not _minor_change(old, new):
                return False
            changes += max(len(old), len(new))
    return changes <= max(1, len(words(" ".join(chunks))) // 12)


def _shares_content(chunks: list[str], hits: list[Hit], doc: str) -> bool:
    """True when the passage holds at least half of the quote's content words."""
    wanted = set(content_words(" ".join(chunks)))
    have = set(content_words(" ".join(_found_text(hit, doc) for hit in hits)))
    return not wanted or len(wanted & have) >= len(wanted) / 2


def _found_text(hit: Hit, doc: str) -> str:
    """The text a hit covers (an exact hit's chunk is that text, already at hand)."""
    return hit.chunk if hit.exact else doc[hit.start : hit.end]


def _minor_change(old: list[str], new: list[str]) -> bool:
    changed = old + new
    if any(w in NEGATIONS or w in NUMBER_WORDS or _NUMBER.search(w) for w in changed):
        return False
    if len(old) == len(new) == 1 and fuzz.ratio(old[0], new[0]) >= 80:
        return True
    return all(w in STOPWORDS for w in changed)


def paraphrase_match(quote: str, chunks: list[str], text: str) -> QuoteMatch | None:
    """The sentence holding most of the quote's content words, when it holds enough.

    The sentences are voted for by the places of the quote's rarest words, no
    more than `PARAPHRASE_PLACES` places in all.
    """
    wanted = set(content_words(" ".join(chunks)))
    doc = fold(text)
    index = word_index(doc.text)
    present = sorted((len(index[w]), w) for w in wanted if w in index)
    if len(wanted) < 3 or len(present) < PARAPHRASE_MIN * len(wanted):
        return None
    cuts = sentence_cuts(doc.text)
    votes: dict[int, int] = {}
    budget = PARAPHRASE_PLACES
    for _, word in present[: ANCHORS + 2]:
        for position in index[word][: min(50, budget)]:
            start = _sentence_start(cuts, position)
            votes[start] = votes.get(start, 0) + 1
        budget -= min(50, len(index[word]))
        if budget <= 0:
            break
    ranked = sorted(votes, key=lambda start: (-votes[start], start))[:WINDOWS]
    scored = [(_share(wanted, doc.text, start), start) for start in ranked]
    share, best = max(scored, default=(0.0, 0))
    if share < PARAPHRASE_MIN:
        return None
    start, end = _trim(text, *doc.span(best, _sentence_end(doc.text, best)))
    return QuoteMatch(quote, "altered", round(share * ALTERED_MIN, 3), start, end, text[start:end])


def _share(wanted: set[str], doc: str, start: int) -> float:
    """The share of `wanted` words in the sentence that begins at `start`."""
    have = set(content_words(doc[start : _sentence_end(doc, start)]))
    return len(wanted & have) / len(wanted)


@lru_cache(maxsize=16)
def sentence_cuts(doc: str) -> list[int]:
    """The offsets of the sentence ends ("." "!" "?" and a space) of a folded document."""
    return [found.start() for found in _SENTENCE_END.finditer(doc)]


def _sentence_start(cuts: list[int], position: int) -> int:
    """The offset where the sentence holding `position` begins (looking back 500)."""
    low = max(0, position - 500)
    slot = bisect_right(cuts, position - 2) - 1
    return cuts[slot] + 1 if slot >= 0 and cuts[slot] >= low else low


def _sentence_end(doc: str, start: int) -> int:
    """The offset just after the sentence that begins at `start` (looking on 1,000)."""
    high = min(len(doc), start + 1000)
    ends = [doc.find(mark, start + 1, high) for mark in SENTENCE_ENDS]
    return min((end + 1 for end in ends if end >= 0), default=high)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _result(
    quote: str, status: QuoteStatus, score: float, hits: list[Hit], doc: Folded, text: str
) -> QuoteMatch:
    start, end = _passage_span(hits)
    first, last = doc.span(start, end)
    return QuoteMatch(
        quote=quote,
        status=status,
        score=round(score, 3),
        start=first,
        end=last,
        passage=text[first:last],
    )


def _passage_span(hits: list[Hit]) -> tuple[int, int]:
    """The span from the first to the last hit that lie together around the best one."""
    best = max(hits, key=lambda hit: (hit.score, len(hit.chunk)))
    reach = sum(len(hit.chunk) for hit in hits) * 2 + 2000
    near = [hit for hit in hits if abs(hit.start - best.start) <= reach]
    return min(hit.start for hit in near), max(hit.end for hit in near)
