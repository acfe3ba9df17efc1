"""Contradiction check: does the source say otherwise than the claim?

The claim is compared with the source sentences that are about the same thing
(the best few by BM25 that hold at least `ALIGNED` of the claim's content
terms). Five checks, each giving the claim's words, the source's words and the
sentence that holds them:

- `number`: a quantity of the claim (a count, a percentage, money with its
  currency and scale word, a year, an ordinal, in figures or words) that the
  source never gives, where an aligned sentence gives another of the same kind
  in the same context ("rose 10%" against "fell 4%", "$1.2 billion" against
  "$2.1 billion"); or two of its numbers given the other way round;
- `date`: a day or a month of the claim's content ("on March 3", "in
  September") that the source never gives, where an aligned sentence gives
  another in the same context; or a number the claim dates ("4.1% in March")
  that an aligned sentence gives with another date ("4.1% in April from 4.3% in
  March"), when no sentence gives it with the claim's;
- `direction`: a change or decision word of the claim whose opposite an aligned
  sentence uses about the same subject and numbers (rose/fell,
  approved/rejected, won/lost, confirmed/denied; up/down, more/fewer and
  added/shed only next to a number; each word by its own numbers), unless a
  sentence about the claim uses the claim's side as close to what the word is
  about;
- `negation`: a content word, in any of its forms, that one side negates ("will
  not require", "found no") and the other does not, when no sentence as close
  to the claim has it the claim's way;
- `entity`: two names of the claim around the same verb, in the opposite order
  in the source (who did what to whom); or, in a sentence close to the claim, a
  name the source never gives in the place of another ("funded by the Wellcome
  Trust" against "funded by the Research Council"; "a federal grant" against "a
  state grant"; "on Tuesday" against "on Thursday").

A claim that joins facts (`support.part_texts`) has each part's numbers, dates
and change words checked too, against the sentences holding `PART_ALIGNED` of
the part's terms.

A claim with no aligned sentence is not contradicted: it is unsupported, which
the support check says.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Literal, NamedTuple

from provenance.extract.lexicon import IRREGULAR_PASTS
from provenance.match.normalize import NEGATIONS, STOPWORDS, fold_chars, words
from provenance.match.support import (
    PART_SENTENCES,
    Sentence,
    inverse_frequencies,
    part_texts,
    prepared,
    rank,
    stem,
    terms,
)
from provenance.models import Record

ContradictionKind = Literal["number", "date", "direction", "negation", "entity"]

ALIGNED = 0.4  # share of the claim's terms a sentence must hold to be compared
PART_ALIGNED = 0.6  # the same for one part of a claim that joins facts, among the
# claim's `PART_SENTENCES` best-ranked sentences
STRONG = 0.6  # an aligned sentence this close needs no shared context around a number
CANDIDATES = 5
OWN_NUMBER = 5  # words after a change word that may hold its numbers
WINDOW = 5  # words either side of a number that make its context
NEAR_NUMBER = 3
ACTOR = 6  # words before a change word that name who or what changed
ENTITY_GAP = 6  # at most this many words between two names around a verb
NUMBER_GAP = 10  # the same for two numbers given the other way round
_PASSED = frozenset(["be", "been", "being", "yet", "also", "ever", "always", "even", "still"])

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH})\b)",
    re.IGNORECASE,
)
_MONTH_ALONE = re.compile(  # a month named on its own ("in September", "June 2025")
    r"(?P<lead>\b(?:in|since|until|till|from|through|of|last|next|early|late|mid-?|"
    r"before|after|during)\s+)?\b(?P<month>January|February|March|April|May|June|July|"
    r"August|September|October|November|December)\b(?P<year>,?\s+\d{4})?"
    r"(?!\s+[A-Z])"  # "April Ryan", "March Madness": a name
)
_QUANTITY = re.compile(
    r"(?P<currency>us\$|[$€£¥]|\b(?:usd|eur|gbp)\s?)?"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<ordinal>st|nd|rd|th)?"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|mn|m|k)\b)?"
    r"(?:\s?(?P<unit>%|percent\b|per\s?cent\b|percentage points?\b"
    r"|dollars\b|euros\b|pounds\b|usd\b|eur\b|gbp\b))?",
    re.IGNORECASE,
)
_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}
_NAME = re.compile(r"\b[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")

# Opposites: each group has two sides; a word of one side against a word of the other.
_OPPOSITES: tuple[tuple[str, str], ...] = (
    (
        "rose rise rises rising risen increase increased increases increasing grew grow grows"
        " growing grown climbed climb climbs jumped jump jumps gained gain gains surged surge"
        " soared soar higher highest raised raise raises gained",
        "fell fall falls falling fallen decrease decreased decreases decreasing shrank shrink"
        " shrinks shrunk declined decline declines declining dropped drop drops plunged plunge"
        " slumped slump lower lowest lowered lowers lowering cut cuts reduced reduce reduces"
        " slashed",
    ),
    (
        "approved approve approves approving accepted accept accepts passed backed endorsed"
        " allowed allow allows permitted legalised legalized upheld supported support supports"
        " praised praise praises"
        " signed sign signs signing",
        "rejected reject rejects rejecting refused refuse refuses blocked block blocks vetoed"
        " veto opposed oppose opposes banned ban bans denied overturned struck dismissed"
        " dismiss dismisses criticised criticized criticises criticizes",
    ),
    ("won win wins winning victory defeated beat", "lost lose loses losing"),
    ("confirmed confirm confirms confirming admitted admit", "denied deny denies denying"),
    ("hired hire hires hiring", "fired fire fires firing laid layoffs"),
    ("opened open opens opening", "closed close closes closing shut"),
    ("profit profits surplus", "loss losses deficit"),
    ("guilty convicted", "innocent acquitted"),
    ("legal lawful", "illegal unlawful"),
    ("above", "below"),
    ("east eastward eastwards", "west westward westwards"),
    ("north northward northwards", "south southward southwards"),
    ("before", "after"),
    ("best", "worst"),
    ("first earliest", "last latest"),
    ("largest biggest", "smallest"),
    ("success successful succeeded", "failure failed fails unsuccessful"),
)
_NEAR_NUMBER_OPPOSITES: tuple[tuple[str, str], ...] = (
    ("up more", "down fewer less"),
    (
        "added add adds adding gained gain gains created",
        "shed sheds shedding lost lose loses losing eliminated cut cuts slashed",
    ),
)


def _sides(groups: tuple[tuple[str, str], ...], ids: tuple[int, ...]) -> dict[str, tuple[int, int]]:
    """Each word's (group id, side)."""
    table: dict[str, tuple[int, int]] = {}
    for group, (first, second) in zip(ids, groups, strict=True):
        for side, listed in enumerate((first, second)):
            for word in listed.split():
                table[word] = (group, side)
    return table


DIRECTIONS = _sides(_OPPOSITES, tuple(range(len(_OPPOSITES))))
# "up" and "down" by a number are rise and fall ("reached 61%, up from 55%")
NEAR_NUMBER_DIRECTIONS = _sides(_NEAR_NUMBER_OPPOSITES, (0, len(_OPPOSITES)))
_WON = DIRECTIONS["won"][0]
_CHANGES = frozenset(DIRECTIONS) | frozenset(NEAR_NUMBER_DIRECTIONS)


@dataclass(slots=True)
class Contradiction(Record):
    """The source saying otherwise than the claim: what each says, and where."""

    kind: ContradictionKind
    claimed: str  # the claim's words
    found: str  # the source's words
    sentence: str  # the source sentence that holds them
    index: int  # that sentence's place among the source's sentences

    def describe(self) -> str:
        """One sentence for an editor."""
        return (
            f"contradiction ({self.kind}): the claim says ‘{self.claimed}’, "
            f"the source says ‘{self.found}’"
        )


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number of a text with its kind, value and place."""

    kind: str  # "percent" | "money" | "year" | "ordinal" | "count" | "day" | "month"
    value: float
    text: str
    start: int
    end: int


def find_contradictions(claim: str, evidence: str) -> list[Contradiction]:
    """Every contradiction between `claim` and the sentences of `evidence` about it; a
    claim that joins facts has each part's numbers, dates and change words checked too,
    against the sentences about that part."""
    corpus = prepared(evidence)
    wanted = terms(claim)
    if not wanted or not corpus.sentences:
        return []
    ranked = rank(corpus, wanted, inverse_frequencies(corpus, wanted))
    aligned = _aligned(wanted, ranked[:CANDIDATES], ALIGNED)
    parts = part_texts(claim)
    near = {
        part: sorted(
            _aligned(terms(part), ranked[:PART_SENTENCES], PART_ALIGNED),
            key=lambda item: -item[2],  # the sentences most about the part first
        )[:CANDIDATES]
        for part in (parts if len(parts) > 1 else ())
        if _has_facts(part)
    }
    texts = dict.fromkeys(text for _, text, _ in [*aligned, *(s for n in near.values() for s in n)])
    about = [_changed(_tokens(text)) for text in texts]
    everywhere = _quantities(evidence) if texts and quantities(claim) else ()
    page = Page(everywhere, _dated(evidence, everywhere))
    found = _facts(claim, aligned, about, page, whole=True)
    if aligned:
        found += _wording(claim, evidence, aligned)
    for part, sentences in near.items():
        found += _facts(part, sentences, about, page, whole=False)
    return _unique(found)


class Page(NamedTuple):
    """The numbers of the whole evidence, and those of them it dates."""

    quantities: tuple[Quantity, ...]
    dated: tuple[tuple[Quantity, Quantity], ...]


About = list[tuple[list[str], list[int]]]  # a sentence's tokens, where its change words are


def _changed(tokens: list[str]) -> tuple[list[str], list[int]]:
    """The tokens of a sentence about the claim, with the positions of its change words."""
    return tokens, [p for p, token in enumerate(tokens) if token in _CHANGES]


def _has_facts(text: str) -> bool:
    """Whether a text has a number, a date or a change word to check."""
    return bool(quantities(text)) or not _CHANGES.isdisjoint(_tokens(text))


Aligned = list[tuple[int, str, float]]  # a sentence's index, text, share of the claim's terms


def _aligned(wanted: list[str], ranked: list[Sentence], floor: float) -> Aligned:
    """The sentences holding `floor` of the terms (two at least), in rank order."""
    claim_terms = set(wanted)
    aligned = []
    for sentence in ranked:
        held = len(claim_terms & sentence.terms.keys())
        if held >= 2 and held / len(claim_terms) >= floor:
            aligned.append((sentence.index, sentence.text, held / len(claim_terms)))
    return aligned


def _facts(
    claim: str, aligned: Aligned, about: About, page: Page, *, whole: bool
) -> list[Contradiction]:
    """The checks of numbers, dates and change words against the aligned sentences (`about`:
    the tokens of every sentence about the claim)."""
    found: list[Contradiction] = []
    claimed = quantities(claim)
    dated = _dated(claim, claimed)
    said_so: dict[tuple[int, int, int], int] = {}  # the claim's words, as the sentences say them
    for index, text, share in aligned:
        there = quantities(text) if claimed else []
        found += _numbers(claimed, claim, text, there, index, share, page.quantities)
        found += _dated_otherwise(dated, claim, text, there, index, page.dated)
        found += _swapped_numbers(claimed, claim, text, there, index)
        found += _directions(claim, text, index, whole=whole, about=about, said_so=said_so)
    return found


def _wording(claim: str, evidence: str, aligned: Aligned) -> list[Contradiction]:
    """The negation, swapped-name and substituted-name checks of the whole claim."""
    found: list[Contradiction] = []
    given = _source_words(evidence) if _slots(_WORD.findall(claim)) else frozenset()
    texts = [text for _, text, _ in aligned]
    ways = [_polarities(text) for text in texts]
    bases = set(_polarity(claim))
    close = [len(bases & found.keys()) for found in ways]  # claim words, in any form
    for (index, text, _), there, closeness in zip(aligned, ways, close, strict=True):
        found += _negations(claim, there, text, index, _seen(ways, close, closeness))
        found += _entities(claim, text, index, texts)
        found += _substitutions(claim, text, index, given)
    return found


@lru_cache(maxsize=64)
def _quantities(evidence: str) -> tuple[Quantity, ...]:
    """The numbers of a whole evidence text, kept for the next claims checked against it."""
    return tuple(quantities(evidence))


def quantities(text: str) -> list[Quantity]:
    """The days, then the other numbers of a text, with their kinds and values."""
    found = []
    taken: set[int] = set()  # the characters of the days found
    for match in _DAY.finditer(text):
        month = _MONTHS[(match.group("m1") or match.group("m2")).lower()]
        day = int(match.group("d1") or match.group("d2"))
        if 1 <= day <= 31:
            found.append(Quantity("day", month * 100 + day, match.group(), *match.span()))
            taken.update(range(*match.span()))
    for match in _MONTH_ALONE.finditer(text):
        if match.start() in taken:
            continue
        name = match.group("month")
        if not match.group("lead") and not match.group("year"):
            continue  # "by May" may be Theresa May, "Thousands March" a verb
        if _capitalised_before(text, match.start("month")):
            continue  # "Protesters March on London"
        found.append(Quantity("month", _MONTHS[name.lower()], name, *match.span("month")))
    for match in _QUANTITY.finditer(text):
        start = match.start("number")
        if start in taken or _inside_word(text, match):
            continue
        found.append(_quantity(match))
    for match in _NUMBER_WORD.finditer(text):
        word = match.group().lower()
        if word in _ORDINAL_WORDS and text[: match.start()].endswith(("a ", "one ")):
            continue  # "a third of" is a share
        kind = "ordinal" if word in _ORDINAL_WORDS else "count"
        value = _ORDINAL_WORDS.get(word) or _COUNT_WORDS[word]
        found.append(Quantity(kind, value, word, *match.span()))
    return found


_COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_COUNT_WORDS |= {"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twice": 2}
_ORDINAL_WORDS = {"third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8}
_ORDINAL_WORDS |= {"ninth": 9, "tenth": 10}
_WORDS = "|".join(_COUNT_WORDS.keys() | _ORDINAL_WORDS.keys())
_NUMBER_WORD = re.compile(  # in lower case, or capitalised where a sentence starts ("Three
    # Lions" is a name); "four-year", but not "two-thirds" or "twenty-two"
    rf"(?:(?<![\w-])(?:{_WORDS})|(?:^|(?<=[.!?;]\s)|(?<=\n))"
    rf"(?:{_WORDS.title()}))(?!\w|-(?:third|half|halves|quarter|fifth|sixth|eighth|tenth))"
)


def _capitalised_before(text: str, start: int) -> bool:
    before = text[max(0, start - 40) : start].split()
    return bool(before) and before[-1][0].isupper() and before[-1].lower() not in _MONTH_LEADS


_MONTH_LEADS = frozenset({"in", "since", "until", "from", "through", "of", "last", "next"})


def _inside_word(text: str, match: re.Match[str]) -> bool:
    """Whether a number is part of a word or code ("A4", "COVID-19", "3/4"); the second
    number of a range or score ("18-22", "2–1") is a number of its own."""
    start = match.start("number")
    if start > 1 and text[start - 1] in "-–" and text[start - 2].isdigit():
        return False
    return start > 0 and (text[start - 1].isalpha() or text[start - 1] in "-/.")


def _quantity(match: re.Match[str]) -> Quantity:
    number = match.group("number").replace(",", "")
    value = float(number) * _SCALES.get((match.group("scale") or "").lower(), 1.0)
    unit = (match.group("unit") or "").lower()
    text = match.group().strip()
    if "percent" in unit.replace(" ", "") or unit == "%":
        kind = "percent"
    elif match.group("currency") or unit in ("dollars", "euros", "pounds", "usd", "eur", "gbp"):
        kind = "money"
    elif match.group("ordinal"):
        kind = "ordinal"
    elif (  # "1,850" is a count
        "." not in number
        and "," not in match.group("number")
        and 1800 <= value <= 2100
        and not match.group("scale")
    ):
        kind = "year"
    else:
        kind = "count"
    return Quantity(kind, value, text, match.start(), match.end())


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


def _numbers(
    claimed: list[Quantity],
    claim: str,
    sentence: str,
    there: list[Quantity],
    index: int,
    share: float,
    everywhere: tuple[Quantity, ...],
) -> list[Contradiction]:
    found = []
    for wanted in claimed:
        if any(_gives(q, wanted) for q in everywhere):
            continue
        context = _context(claim, wanted)
        for other in there:
            if other.kind != wanted.kind or (
                wanted.kind in ("count", "ordinal")
                and wanted.text.isalpha()
                and _counted(claim, wanted) != _counted(sentence, other)
            ):
                continue  # a number in words counts the same thing ("two terms", not "8 years")
            dated = wanted.kind in ("day", "month")
            if dated and any(_gives(other, q) for q in claimed):
                continue  # a date the claim gives itself, to another of its facts
            strong = share >= STRONG and wanted.kind != "month"  # months need their context
            if strong or context & _context(sentence, other):
                kind: ContradictionKind = "date" if dated else "number"
                found.append(
                    Contradiction(
                        kind, _around(claim, wanted), _around(sentence, other), sentence, index
                    )
                )
                break
    return found


_DATED = ("day", "month", "year")
_DATING = frozenset({"in", "on", "as", "of", "for", "during", "by", "the"})


def _swapped_numbers(
    claimed: list[Quantity], claim: str, sentence: str, there: list[Quantity], index: int
) -> list[Contradiction]:
    """Two numbers of the claim that the sentence gives the other way round, around the
    same words ("290 deaths, down from 210" against "210 deaths, down from 290"; not
    "scored 3 and conceded 1" against "conceded 1 goal and scored 3")."""
    ordered = sorted((q for q in claimed if q.kind not in _DATED), key=lambda q: q.start)
    for first, second in pairwise(ordered):
        between = _bases(claim[first.end : second.start])
        if not between or len(claim[first.end : second.start].split()) > NUMBER_GAP:
            continue
        names = _names_before(claim, first)
        ones = [q for q in there if _gives(q, second)]
        others = [q for q in there if _gives(q, first)] if ones else []
        for one, other in ((a, b) for a in ones for b in others if a.start < b.start):
            if names != _names_before(sentence, one):
                continue  # "Kestrel holds 40%, Altura 60%" is "Altura holds 60%, Kestrel 40%"
            gap = sentence[one.end : other.start]
            if len(gap.split()) <= NUMBER_GAP and between == _bases(gap):
                said, found = claim[first.start : second.end], sentence[one.start : other.end]
                return [Contradiction("number", said, found, sentence, index)]
    return []


def _names_before(text: str, quantity: Quantity) -> set[str]:
    """The capitalised words among the `WINDOW` words before a quantity, stop words aside
    ("The")."""
    before = text[: quantity.start].split()[-WINDOW:]
    return {word.strip(",;:").lower() for word in before if word[:1].isupper()} - STOPWORDS


def _dated(text: str, numbers: Sequence[Quantity]) -> tuple[tuple[Quantity, Quantity], ...]:
    """Each of a text's `numbers` with the date that follows it: at most three words
    between, all but one of `_DATING` ("4.1% in April", "$3 billion in 2024", "640 tonnes
    in June")."""
    found = sorted(numbers, key=lambda quantity: quantity.start)
    pairs = []
    for number, after in pairwise(found):
        between = words(text[number.end : after.start].lower())
        if (
            number.kind not in _DATED
            and after.kind in _DATED
            and 0 < len(between) <= 3
            and between[-1] in _DATING
            and sum(word not in _DATING for word in between) <= 1
            and not re.search(r"[,;:()]", text[number.end : after.start])
        ):
            pairs.append((number, after))
    return tuple(pairs)


def _dated_otherwise(
    wanted: tuple[tuple[Quantity, Quantity], ...],
    claim: str,
    sentence: str,
    there: list[Quantity],
    index: int,
    given: tuple[tuple[Quantity, Quantity], ...],
) -> list[Contradiction]:
    """A number the claim dates, that the sentence dates otherwise (giving the claim's date,
    if at all, to another number), when no sentence of the evidence dates it the claim's
    way ("fell to 4.1% in March" against "fell to 4.1% in April from 4.3% in March";
    `wanted`: the claim's dated numbers, `given`: the whole evidence's)."""
    found = []
    pairs = _dated(sentence, there) if wanted else ()
    for number, date in wanted:
        if any(_gives(n, number) and _gives(d, date) for n, d in given):
            continue
        named = [q for q in there if _gives(q, date)]
        if named and not any(_gives(d, date) and not _gives(n, number) for n, d in pairs):
            continue  # the sentence gives the claim's date, to no other number ("as in June")
        for other, when in pairs:
            if _gives(other, number) and when.kind == date.kind:
                said, instead = claim[number.start : date.end], sentence[other.start : when.end]
                found.append(Contradiction("date", said, instead, sentence, index))
                break
    return found


def _counted(text: str, quantity: Quantity) -> str:
    """The word after a number, stemmed: what it counts ("three people", "four-year")."""
    after = words(fold_chars(text[quantity.end :].lstrip("-").lower()))[:1]
    return stem(after[0]) if after else ""


def _gives(there: Quantity, wanted: Quantity) -> bool:
    """Whether a quantity of the source gives the claim's (a day gives its month)."""
    if wanted.kind == "month" and there.kind == "day":
        return there.value // 100 == wanted.value
    return there.kind == wanted.kind and _same(there.value, wanted.value)


def _context(text: str, quantity: Quantity) -> set[str]:
    before = words(fold_chars(text[: quantity.start]))[-WINDOW:]
    after = words(fold_chars(text[quantity.end :]))[:WINDOW]
    return {stem(w) for w in before + after if w not in STOPWORDS and not w.isdigit()}


def _around(text: str, quantity: Quantity) -> str:
    """The quantity with the word before and after it, for an editor."""
    before = text[: quantity.start].split()[-1:]
    after = text[quantity.end :].split()[:2]
    if text[quantity.end : quantity.end + 1] == "-" and after:  # "four-year contract"
        return " ".join([*before, quantity.text + after[0], *after[1:]]).strip(" ,;:.")
    return " ".join([*before, quantity.text, *after[:1]]).strip(" ,;:.")


def _directions(
    claim: str,
    sentence: str,
    index: int,
    *,
    whole: bool,
    about: About,
    said_so: dict[tuple[int, int, int], int],
) -> list[Contradiction]:
    """A change word of the claim whose opposite the sentence uses about the same subject
    and number, closer to what the claim's word is about than any use of the claim's side
    in the sentences about the claim (`about`; `said_so` keeps that closeness for each word
    of the claim). A part of a claim must name its subject ("..., and supported the plan"
    does not)."""
    said, there = _tokens(claim), _tokens(sentence)
    changes = [p for p, token in enumerate(there) if token in _CHANGES]
    bases = {_base(token) for token in said}
    found = []
    for position in range(len(said)):
        for (group, own), near in _changes(said, position) if changes else ():
            numbers = _own_numbers(said, position)
            others = _numbers_near(said, None) - numbers  # the claim's other facts
            thing = _object(said, position) or _subject(said, position)
            given = numbers & _numbers_near(there, None)
            opposite = [  # those holding the claim's number first, then the closest
                (bool(given & _own_numbers(there, p)), _closeness(thing, there, p), -p)
                for p in changes
                if any(side == (group, 1 - own) for side, _ in _changes(there, p))
                and _base(there[p]) not in bases  # "credited higher vaccination for the decline"
                and _same_numbers(numbers, given, _own_numbers(there, p))
                and not (near and _numbers_near(there, p) & others)
            ]
            if not opposite:
                continue
            key = (position, group, own)
            if key not in said_so:
                said_so[key] = max(
                    (_closeness(thing, tokens, p, numbers, (group, own)) for tokens, at in about
                     for p in at),
                    default=-1,
                )  # fmt: skip
            if max(opposite)[1] <= said_so[key]:
                continue  # a sentence as close to the claim says it the claim's way
            at = -max(opposite)[2]
            converse = group == _WON  # "A beat B" is "B lost to A": the subject must lead
            if _same_actor(said, position, there, at, needed=converse or not whole, leads=converse):
                found.append(Contradiction("direction", said[position], there[at], sentence, index))
    return found


def _closeness(
    thing: set[str],
    tokens: list[str],
    p: int,
    numbers: set[str] | None = None,
    side: tuple[int, int] | None = None,
) -> int:
    """How many words of what a change word is about (`thing`) stand around the word at
    `p`; with a `side`, -1 unless that word is of the side, is no word of the thing
    ("legalised") and owns no number but the claim's ("grew 15%" does not say "grew 2%")."""
    if side is not None:
        if not any(found == side for found, _ in _changes(tokens, p)) or stem(tokens[p]) in thing:
            return -1
        own = _own_numbers(tokens, p)
        if numbers and own and not numbers & own:
            return -1
    return len(thing & _content_terms(tokens[max(0, p - ACTOR) : p + ACTOR + 1]))


def _same_numbers(claimed: set[str], given: set[str], own: set[str]) -> bool:
    """Whether a source's change word, with its own numbers, may be about the claim's: when
    both have numbers, it must own one the sentence gives of the claim's (`given`);
    "approved a 1.5% increase" is not about "rejected a 3% increase"."""
    if not claimed or not own:
        return True  # "rejected it": the word may point back to the claim's number
    return bool(given & own)


def _changes(tokens: list[str], position: int) -> list[tuple[tuple[int, int], bool]]:
    """The (group, side) of the change word at `position`, each with whether it counts
    only next to a number ("up", "added")."""
    word = tokens[position]
    found = []
    if word in DIRECTIONS:
        found.append((DIRECTIONS[word], False))
    if word in NEAR_NUMBER_DIRECTIONS and _numbers_near(tokens, position):
        found.append((NEAR_NUMBER_DIRECTIONS[word], True))
    return found


def _same_actor(
    said: list[str],
    position: int,
    there: list[str],
    at: int,
    *,
    needed: bool = False,
    leads: bool = False,
) -> bool:
    """Whether the claim's change word and the source's opposite word are about the same
    subject: the words before the claim's (up to "while", "but", "and") among those around
    the source's (before it when the subject `leads`); when the source's word is passive
    with no agent ("a measure ... was rejected", "was acquitted of fraud"), the claim's
    object or subject among the words around it. "The unions endorsed the bill" is no
    contradiction of "the Senate rejects the bill". A claim with no subject passes unless
    one is `needed`."""
    if _passive(there, at):
        wanted = _object(said, position) | _subject(said, position)
        if wanted:
            return bool(wanted & _content_terms(there[max(0, at - ACTOR) : at + ACTOR + 1]))
        return not needed
    subject = _subject(said, position)
    if not subject:
        return not needed
    around = there[max(0, at - ACTOR) : at if leads else at + ACTOR + 1]
    return bool(subject & _content_terms(around))


def _subject(tokens: list[str], position: int) -> set[str]:
    """The content words before a change word, back to a clause break."""
    start = max(0, position - ACTOR)
    for cut in range(position - 1, start - 1, -1):
        if tokens[cut] in _CLAUSE_BREAKS:  # "... in March while manufacturing lost"
            start = cut + 1
            break
    return _content_terms(tokens[start:position])


def _object(tokens: list[str], position: int) -> set[str]:
    """The content words after a change word, up to a clause break."""
    end = min(len(tokens), position + ACTOR + 1)
    for cut in range(position + 1, end):
        if tokens[cut] in _OBJECT_ENDS:  # "approved the merger after rejecting an offer"
            end = cut
            break
    return _content_terms(tokens[position + 1 : end])


def _passive(tokens: list[str], at: int) -> bool:
    """Whether the word at `at` is passive with no agent ("was rejected", not "was
    rejected by voters")."""
    return (
        at > 0
        and tokens[at - 1] in _BE
        and "by" not in tokens[at + 1 : at + 4]
        and tokens[at].endswith(("ed", "en"))
    )


_BE = frozenset({"is", "are", "was", "were", "be", "been", "being"})
_CLAUSE_BREAKS = frozenset({"while", "but", "whereas", "and", "although", "though", "as"})
_OBJECT_ENDS = _CLAUSE_BREAKS | {"after", "before", "then", "when", "until"}


def _content_terms(tokens: list[str]) -> set[str]:
    return {stem(t) for t in tokens if t not in STOPWORDS and len(t) > 1 and not t[0].isdigit()}


_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:'[^\W\d_]+)*")


def _tokens(text: str) -> list[str]:
    """Lower-case words and whole numbers ("12,000" one token, not "12" and "000")."""
    return _TOKEN.findall(fold_chars(text).lower().replace("’", "'"))


def _numbers_near(tokens: list[str], position: int | None) -> set[str]:
    """The numbers within `NEAR_NUMBER` words of `position` (all of them for None)."""
    near = (
        tokens
        if position is None
        else tokens[max(0, position - NEAR_NUMBER) : position + NEAR_NUMBER + 1]
    )
    return {token for token in near if token[0].isdigit()}


def _own_numbers(tokens: list[str], position: int) -> set[str]:
    """The numbers a change word is about: those after it within `OWN_NUMBER` words
    ("cuts library funding by $2 million", "fell to 61% from 55%"), else the nearest
    before it ("12,000 jobs were added"); never past a clause break."""
    after = []
    for token in tokens[position + 1 : position + OWN_NUMBER + 1]:
        if token in _CLAUSE_BREAKS:
            break
        if token[0].isdigit():
            after.append(token)
    if after:
        return set(after)
    for token in reversed(tokens[max(0, position - NEAR_NUMBER) : position]):
        if token in _CLAUSE_BREAKS:
            break
        if token[0].isdigit():
            return {token}
    return set()


def _seen(
    ways: list[dict[str, dict[bool, str]]], close: list[int], closeness: int
) -> dict[str, set[bool]]:
    """Each term's ways (negated or not) in the aligned sentences that hold as many of the
    claim's words as the one at `closeness`, or more: a sentence less about the claim does
    not outweigh it."""
    seen: dict[str, set[bool]] = {}
    for found, other in zip(ways, close, strict=True):
        if other >= closeness:
            for term, both in found.items():
                seen.setdefault(term, set()).update(both)
    return seen


def _negations(
    claim: str,
    there: dict[str, dict[bool, str]],
    sentence: str,
    index: int,
    seen: dict[str, set[bool]],
) -> list[Contradiction]:
    """A term the claim negates that the sentence (its `_polarities`: `there`) affirms, or
    the reverse, when no sentence about the claim (`seen`) has it the claim's way ("did not
    find X, but found Y" affirms "found" too: no contradiction of "found Y")."""
    said = _polarity(claim)
    for term, (negated, word) in said.items():
        found = there.get(term, {})
        if found and negated not in seen.get(term, set()):
            other = found[not negated]
            claimed = f"not {word}" if negated else word
            source = f"not {other}" if not negated else other
            return [Contradiction("negation", claimed, source, sentence, index)]
    return []


_IRREGULAR = {past: base for base, pasts in IRREGULAR_PASTS.items() for past in pasts}
_IRREGULAR |= {"saw": "see", "seen": "see"}  # the cue lexicon inflects "see" as regular


def _base(word: str) -> str:
    """A word's base for comparing polarity across forms: "violated" and "violate", "found"
    and "find", "denied" and "denies" meet."""
    word = _IRREGULAR.get(word, word)
    if word.endswith(("ies", "ied")) and len(word) > 4:
        return word[:-3] + "i"
    term = stem(word)
    if term.endswith("e") and len(term) > 3:
        term = term[:-1]
    return term[:-1] + "i" if term.endswith("y") and len(term) > 3 else term


def _polarity(text: str) -> dict[str, tuple[bool, str]]:
    """Each content term of a text: is it negated, and its word (negated wins when a term
    occurs both ways)?"""
    polarity: dict[str, tuple[bool, str]] = {}
    for term, negated, token in _occurrences(text):
        if term not in polarity or negated:
            polarity[term] = (negated, token)
    return polarity


def _polarities(text: str) -> dict[str, dict[bool, str]]:
    """Each content term of a text, with a word for each way it occurs (negated or not)."""
    found: dict[str, dict[bool, str]] = {}
    for term, negated, token in _occurrences(text):
        found.setdefault(term, {}).setdefault(negated, token)
    return found


_NO = frozenset({"no", "none", "nothing", "nobody", "nowhere"})


def _occurrences(text: str) -> Iterator[tuple[str, bool, str]]:
    """Each content word of a text as (term, negated, word): negated is the first content
    word after a negation, past auxiliaries and adverbs such as "be", "yet", "been" ("not
    only" negates nothing), or a word right before "no" ("found no link" is "did not find
    a link", and the link is not negated)."""
    found: list[tuple[str, bool, str]] = []
    pending = False
    last = -2  # the place of the last content word
    tokens = words(fold_chars(text))
    for place, token in enumerate(tokens):
        if token in _NO and last == place - 1 and not found[-1][1]:
            found[-1] = (found[-1][0], True, found[-1][2])  # "found no link": not found
            continue
        if token in NEGATIONS or token.endswith("n't"):
            pending = True
            continue
        if token in _PASSED or token[0].isdigit():
            continue
        if token == "only" or token in STOPWORDS or len(token) < 3:
            pending = pending and token != "only" and token in STOPWORDS
            continue
        found.append((_base(token), pending, token))
        last = place
        pending = False
    return iter(found)


def _entities(claim: str, sentence: str, index: int, about: list[str]) -> list[Contradiction]:
    """Two names of the claim around the same verb, in the opposite order in the sentence,
    when no sentence about the claim (`about`) has them in the claim's order. Months and
    weekdays are no names here ("fired Voss in January and replaced her with Grady")."""
    names = [
        name
        for name in _names(claim)
        if name.lower() in sentence.lower() and name.lower() not in _MONTHS.keys() | _LEVELS
    ]
    if len(names) < 2:
        return []
    low_claim, low_sentence = claim.lower(), sentence.lower()
    for first, second in pairwise(names):
        a, b = low_claim.find(first.lower()), low_claim.find(second.lower())
        gap = claim[a + len(first) : b] if a < b else ""
        x, y = low_sentence.find(first.lower()), low_sentence.find(second.lower())
        swapped = sentence[y + len(second) : x] if y < x else ""
        if not gap or not swapped or max(len(gap.split()), len(swapped.split())) > ENTITY_GAP:
            continue
        if ("by" in gap.lower().split()) != ("by" in swapped.lower().split()):
            continue  # "B was replaced by A" is "A replaced B"
        if _numbers_near(_tokens(gap), None) != _numbers_near(_tokens(swapped), None):
            continue  # "K holds 40% and A 60%" against "A holds 60%, K 40%": two facts
        verb = _bases(gap) - _TITLES
        if gap.rstrip().lower().endswith(" of"):
            continue  # "mayor of Lindford" is "Lindford mayor"
        if any(_in_order(text.lower(), first.lower(), second.lower(), verb) for text in about):
            continue  # "Castleford had beaten Riverside" as well as "Riverside beat Castleford"
        if verb & _bases(swapped):
            said = claim[a : b + len(second)]
            return [Contradiction("entity", said, sentence[y : x + len(first)], sentence, index)]
    return []


def _in_order(text: str, first: str, second: str, verb: set[str]) -> bool:
    """Whether `first` comes before `second` in a text, within `ENTITY_GAP` words and
    around a word of `verb` (word bases)."""
    a = text.find(first)
    b = text.find(second, a + len(first)) if a >= 0 else -1
    between = text[a + len(first) : b]
    return b >= 0 and len(between.split()) <= ENTITY_GAP and bool(verb & _bases(between))


def _bases(text: str) -> set[str]:
    """The bases of a text's content words ("beaten" and "beat" meet)."""
    return {_base(word) for word in words(fold_chars(text)) if word not in STOPWORDS}


_LEVELS = frozenset(  # words with no synonym among them ("public" may be "state")
    {
        *("federal", "state", "county", "municipal", "provincial", "private"),
        *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    }
)
_TITLES = frozenset(  # a title names no one: "Governor Hochul" is not "Governor Cuomo"
    {
        *("president", "governor", "senator", "minister", "mayor", "judge", "justice"),
        *("secretary", "chancellor", "premier", "king", "queen", "prince", "princess"),
        *("general", "chief", "director", "chair", "chairman", "chairwoman", "professor"),
        *("dr", "mr", "mrs", "ms", "sir", "lord", "lady", "rep", "sen", "gov", "pope"),
    }
)
_WORD = re.compile(r"[\w'’.-]*\w")


def _substitutions(
    claim: str, sentence: str, index: int, source: frozenset[str]
) -> list[Contradiction]:
    """A name of the claim, or a word such as "federal" or "Tuesday", that the source never
    gives, where a sentence holding `ALIGNED` of the rest of the claim gives another in its
    place: after
    the same words, with the word it depends on ("funded by the Wellcome Trust" against
    "funded by the Research Council"), or before that word ("a federal grant" against "a
    state grant")."""
    said, there = _WORD.findall(claim), _WORD.findall(sentence)
    low_there = [w.lower() for w in there]
    claim_terms, held = set(terms(claim)), set(terms(sentence))
    for start, end in _slots(said):
        wanted = " ".join(said[start:end])
        rest = claim_terms - set(terms(wanted))
        level = end - start == 1 and said[start].lower() in _LEVELS
        named = _named_in(said[start:end], _source_words(sentence) if level else source)
        if named or len(rest & held) < ALIGNED * len(rest):
            continue  # given, even in part, or the sentence is not about the rest of the claim
        for other_start, other_end in _slots(there):
            other = " ".join(there[other_start:other_end])
            if _same_name(said[start:end], there[other_start:other_end]):
                continue
            before = (
                start >= 2
                and other_start >= 2
                and [w.lower() for w in said[start - 2 : start]]
                == low_there[other_start - 2 : other_start]
                and bool(
                    _leading(said[max(0, start - 4) : start])
                    & _leading(there[max(0, other_start - 4) : other_start])
                )
            )
            after = (  # only for the words of `_LEVELS`: "China said" may be "Beijing said"
                level
                and end < len(said)
                and other_end < len(there)
                and said[end].lower() == low_there[other_end]
                and bool(_leading([said[end]]))
                and level == (other_end - other_start == 1 and low_there[other_start] in _LEVELS)
            )
            if before or after:
                return [Contradiction("entity", wanted, other, sentence, index)]
    return []


def _leading(tokens: list[str]) -> set[str]:
    """The lower-case content words among `tokens`: the verb or noun a name depends on
    ("funded by the", "a federal grant"; none in "Duke of" or "Iraq, Libya and")."""
    return {stem(t) for t in tokens if t.islower() and t.isalpha() and t not in STOPWORDS}


@lru_cache(maxsize=64)
def _source_words(text: str) -> frozenset[str]:
    """The lower-case words of a text, and the initials of its runs of capitalised words
    ("nih" for "National Institutes of Health")."""
    found = set(_WORD.findall(text.lower()))
    found |= {w[:-2] for w in found if w.endswith(("'s", "’s"))}
    for run in _NAME.finditer(text):
        found.add(_initials(run.group().split()))
    return frozenset(found)


def _named_in(name: list[str], source: frozenset[str]) -> bool:
    """Whether the source gives the name, one of its own words ("the Commission" for "the
    European Commission", titles aside), or its initials ("NIH")."""
    own = [
        w.lower()
        for w in name
        if w.lower() not in STOPWORDS and w.lower().strip(".") not in _TITLES and len(w) > 2
    ]
    initials = _initials(name)  # one letter is no one's initials: "T" is not "Thursday"
    return any(word in source for word in own) or (len(initials) > 1 and initials in source)


def _initials(name: list[str]) -> str:
    """ "nih" for "National Institutes of Health", "us" for "United States" or "U.S."."""
    letters = [w[0] for w in name if w.lower() not in STOPWORDS and w[0].isalpha()]
    if len(name) == 1 and "." in name[0]:
        letters = [c for c in name[0] if c.isalpha()]
    return "".join(letters).lower()


def _same_name(one: list[str], other: list[str]) -> bool:
    """Whether two names may be one: one holds the other, or one is the other's initials."""
    a, b = " ".join(one).lower(), " ".join(other).lower()
    if a in b or b in a:
        return True
    if len(other) == 1 and _initials(one) == b.replace(".", ""):
        return True  # "National Institutes of Health" and "NIH"
    return len(one) == 1 and _initials(other) == a.replace(".", "")


_JOINING = frozenset({"of", "for", "de"})


def _slots(tokens: list[str]) -> list[tuple[int, int]]:
    """Where a text names something: runs of two or more capitalised words past its first
    word ("Wellcome Trust", "Bank of England"), and the words of `_LEVELS`."""
    slots = []
    position = 1
    while position < len(tokens):
        word = tokens[position]
        if word.lower() in _MONTHS:
            position += 1  # a month is the month check's
        elif word[0].isupper() and word.lower() not in STOPWORDS:
            end = position + 1
            while end < len(tokens) and (
                tokens[end][0].isupper()  # "Bank of England", "Institutes of Health"
                or (
                    tokens[end] in _JOINING
                    and end + 1 < len(tokens)
                    and tokens[end + 1][0].isupper()
                )
            ):
                end += 1
            if end - position > 1 or word.lower() in _LEVELS:  # "Beijing" may be "China"
                slots.append((position, end))
            position = end
        else:
            if word in _LEVELS:
                slots.append((position, position + 1))
            position += 1
    return slots


def _names(text: str) -> list[str]:
    """Capitalised names of a text, in order, without leading stop words ("The")."""
    names = []
    for match in _NAME.finditer(text):
        parts = [p for p in match.group().split() if p.lower() not in STOPWORDS]
        if parts:
            names.append(" ".join(parts))
    return list(dict.fromkeys(names))


def _unique(found: list[Contradiction]) -> list[Contradiction]:
    seen = set()
    kept = []
    for item in found:
        key = (item.kind, item.found, item.index)  # a part's finding repeats the claim's
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept
