"""Checks of one claim against one source, and the claim's verdict.

`check_claim` runs the quote, date, support and contradiction checks of a claim
against a source's Document and words each result for an editor (a page that
cannot be read gets one `page` check instead, and no quote verdict); `decide`
turns the checks (and what the resolver found) into the claim's verdict with
its reasons, the deciding check's first; `score_candidate` tells the resolver
how well a candidate page fits a claim.

The content checked for support and contradiction is `content_to_check`: the
claim's content without its own attribution (source, cue, claimed date, and
words such as "according to" or "published on"), since the claimed date is the
date check's and an outlet's name is no evidence; words inside quotes found
verbatim are left to the quote check.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from dataclasses import dataclass

from provenance import dating
from provenance.extract import extract_claims
from provenance.match.contradict import DIRECTIONS, find_contradictions
from provenance.match.dates import check_date
from provenance.match.normalize import words
from provenance.match.quote import check_quote
from provenance.match.support import check_support, terms
from provenance.models import (
    Capture,
    Check,
    Claim,
    DateCheck,
    Document,
    QuoteMatch,
    Resolution,
    Source,
    Span,
    Support,
    Verdict,
    VerdictName,
    stable_id,
)

QUOTE_SCORES = {"verbatim": 1.0, "minor_variation": 0.85, "altered": 0.4, "not_found": 0.0}
SEVERITY: tuple[VerdictName, ...] = (
    "verified",
    "minor_discrepancy",
    "not_checked",
    "unsupported",
    "date_mismatch",
    "contradicted",
    "misquoted",
)
MIN_WORDS = 3  # a page with fewer words than this cannot be checked
MAX_GARBLED = 0.02  # share of control or replacement characters that marks binary
MIN_LETTERS = 0.3  # share of letters among a page's visible characters


@dataclass(frozen=True, slots=True)
class Wall:
    """What a page shows instead of its article, and how to tell: on a page of fewer than
    `words` words, `cues` different phrases of `pattern`; when `alone`, in the title or
    with fewer than `ALONE` other words (a short news brief may mention the same words)."""

    name: str
    pattern: re.Pattern[str]
    words: int
    cues: int = 1
    alone: bool = False


ALONE = 12  # words besides a notice that leave it the page's only content
_WALLS = (
    Wall(
        "a paywall or a login wall",
        re.compile(
            r"\b(?:subscribe (?:now |today )?to (?:continue|read|keep)|to continue reading"
            r"|already a subscriber|subscribers only|for subscribers|sign in to (?:continue|read)"
            r"|log in to (?:continue|read)|create a free account|this (?:article|content) is "
            r"(?:for|available to|reserved for) (?:subscribers|members)"
            r"|start your (?:free )?trial)",
            re.IGNORECASE,
        ),
        150,
    ),
    Wall(
        "a cookie or consent wall",
        re.compile(
            r"\b(?:(?:we|our partners) (?:and our partners )?use cookies|accept all cookies"
            r"|accept all|reject all|manage (?:options|preferences|cookies|settings)"
            r"|cookie (?:settings|preferences|policy)|we value your privacy|before you continue"
            r"|your consent|consent to (?:the use of )?cookies)",
            re.IGNORECASE,
        ),
        100,
        cues=3,  # a brief on cookie rules may name two of them
    ),
    Wall(
        "a 'page not found' notice",
        re.compile(
            r"\b(?:page not found|404 not found|error 404|(?:could ?n[o']t|cannot|can't) find "
            r"(?:that|the|this) page|page (?:you (?:were looking for|requested) )?(?:does ?n[o']t|"
            r"no longer) exists?|(?:article|page|story) (?:is )?no longer available)",
            re.IGNORECASE,
        ),
        80,
        alone=True,
    ),
    Wall(
        "a notice that the page needs JavaScript",
        re.compile(
            r"\b(?:(?:please )?enable javascript|javascript is (?:required|disabled|turned off)"
            r"|requires javascript|turn on javascript)",
            re.IGNORECASE,
        ),
        80,
        alone=True,
    ),
)
_QUOTED = re.compile(  # double quotes; single ones around words with a space between
    r"“([^”]{3,})”|\"([^\"]{3,})\""
    r"|(?<!\w)‘(?!\d)([^‘’\n]{1,300}?\w\s+\w[^‘’\n]{0,300}?)’(?!\w)"
    r"|(?<!\w)'(?!\d)([^'\n]{1,300}?\w\s+\w[^'\n]{0,300}?)'(?!\w)"
)
_ATTRIBUTION = re.compile(
    r"\b(?:according to|(?:first )?(?:published|posted|reported|dated|written|updated)"
    r" (?:on|in|at|by)(?= (?-i:[A-Z0-9]))"  # "reported on Monday", not "reported in three"
    r"|in an? (?:post|tweet|statement|article|piece|interview|report"
    r"|blog post|video|thread)(?: on [A-Z]\w+)?)\b",
    re.IGNORECASE,
)
REPORTING = frozenset(
    [
        "said",
        "says",
        "say",
        "told",
        "tells",
        "reported",
        "reports",
        "wrote",
        "writes",
        "according",
        "posted",
        "posts",
        "tweeted",
        "tweets",
        "announced",
        "announces",
        "stated",
        "states",
        "noted",
        "notes",
        "added",
        "adds",
        "explained",
        "explains",
        "claimed",
        "claims",
        "highlighted",
        "highlights",
        "argued",
        "argues",
        "published",
        "suggested",
        "suggests",
        "warned",
        "warns",
        "revealed",
        "reveals",
    ]
)
_EMPTY_QUOTES = re.compile(r"[“\"‘']\s*[”\"’']")
_LEADING_THAT = re.compile(r"^\W*that\s+", re.IGNORECASE)


def check_claim(
    claim: Claim,
    document: Document,
    *,
    capture: Capture | None = None,
    listed: str | None = None,
    fast: bool = False,
    cache: MutableMapping[str, float] | None = None,
) -> list[Check]:
    """One Check per quote, one for the date, one for the content of `claim`, and one per
    contradiction found; a single `page` check when the page cannot be read.

    `listed` is the date a sitemap or feed gave for the capture's URL, if any; `fast`
    judges support without the model, `cache` keeps the model's answers.
    """
    capture_id = capture.id if capture else None
    problem = unreadable(document)
    if problem is not None:
        detail = f"page not readable, nothing checked: {problem}"
        return [Check(claim.id, capture_id, "page", "unreadable", None, detail)]
    checks = [
        quote_check(claim.id, capture_id, q.text, document, position=index)
        for index, q in enumerate(claim.quotes)
    ]
    verbatim = [q.text for q, c in zip(claim.quotes, checks, strict=True) if c.status == "verbatim"]
    captured = dating.capture_time(capture) if capture else None
    first = captured.isoformat() if captured else None
    checks.append(
        date_check(
            claim, capture_id, check_date(claim.date, document, first_capture=first, listed=listed)
        )
    )
    content = content_to_check(claim, verbatim=verbatim)
    judged = support_check(claim, capture_id, document, content=content, fast=fast, cache=cache)
    checks.append(judged)
    checks += contradiction_checks(claim.id, capture_id, content, document)
    return checks


def unreadable(document: Document) -> str | None:
    """Why a page cannot be checked (empty, binary, too little text, a short page that
    shows a paywall, a consent wall, a "not found" notice or a JavaScript notice), or None."""
    if document.error:
        return document.error
    text = document.text
    if not text.strip():
        return "the page has no text (an empty body, or nothing readable in it)"
    visible = [c for c in text if not c.isspace()]
    garbled = sum(1 for c in visible if c == "\ufffd" or (ord(c) < 32 or 127 <= ord(c) < 160))
    letters = sum(1 for c in visible if c.isalpha())
    if garbled > MAX_GARBLED * len(visible) or letters < MIN_LETTERS * len(visible):
        return "the page is binary or garbled, not text"
    count = len(words(text))
    if count < MIN_WORDS:
        return f"the page has too little text to check ({count} word{'s' if count != 1 else ''})"
    for wall in _WALLS:
        if count < wall.words and _shows(wall, document.title or "", text, count):
            return f"the page shows {wall.name}, with {count} words of text"
    return None


def _shows(wall: Wall, title: str, text: str, count: int) -> bool:
    found = [match.group() for match in wall.pattern.finditer(f"{title}\n{text}")]
    if len({phrase.lower() for phrase in found}) < wall.cues:
        return False
    if not wall.alone or wall.pattern.search(title):
        return True
    return count - sum(len(words(phrase)) for phrase in found) < ALONE


def content_to_check(claim: Claim, *, verbatim: list[str] | tuple[str, ...] = ()) -> str:
    """The claim's content without its attribution, and without quotes found verbatim."""
    span = claim.content or claim.sentence
    chars = list(span.text)
    own: list[tuple[int, int, str | None]] = [(s.start, s.end, s.name) for s in claim.sources]
    for part in (claim.cue, claim.date):
        if part is not None:
            own.append((part.start, part.end, part.text))
    for start, end, expected in own:
        if end <= span.start or start >= span.end:
            continue  # outside the content ("He" before "claimed the act ...")
        first, last = max(start - span.start, 0), min(end - span.start, len(chars))
        piece = "".join(chars[first:last]).lower()
        if piece.strip() and expected and (piece in expected.lower() or expected.lower() in piece):
            chars[first:last] = " " * (last - first)
    text = "".join(chars)
    for quote in verbatim:
        if quote:
            text = _EMPTY_QUOTES.sub(" ", text.replace(quote, " "))
    text = _LEADING_THAT.sub("", _ATTRIBUTION.sub(" ", text))
    return " ".join(text.split())


def quote_check(
    claim_id: str, capture_id: str | None, quote: str, document: Document, *, position: int = 0
) -> Check:
    """The quote check of one quote, worded."""
    found = check_quote(quote, document.text)
    return Check(
        claim_id=claim_id,
        capture_id=capture_id,
        kind="quote",
        status=found.status,
        score=found.score,
        detail=describe_quote(found) + _page(document, found.start),
        evidence=found.passage,
        start=found.start,
        end=found.end,
        position=position,
    )


def _page(document: Document, start: int | None) -> str:
    """Where in a PDF the evidence is: "; page 3, character 120 of the page"."""
    where = document.page_at(start) if start is not None else None
    return f"; page {where[0]}, character {where[1]} of the page" if where else ""


def describe_quote(found: QuoteMatch) -> str:
    """One sentence on a quote check: "quote ‘X’ found altered: closest passage ‘Y’ …"."""
    quote = _clip(found.quote)
    if found.status == "verbatim":
        return f"quote ‘{quote}’ found verbatim (score {found.score:.2f})"
    if found.status == "not_found":
        return f"quote ‘{quote}’ not found in the source (best score {found.score:.2f})"
    words = "found with a minor variation" if found.status == "minor_variation" else "found altered"
    passage = _clip(found.passage or "")
    return f"quote ‘{quote}’ {words}: closest passage ‘{passage}’ (score {found.score:.2f})"


def date_check(claim: Claim, capture_id: str | None, result: DateCheck) -> Check:
    """The date check, worded, with the dates compared as evidence."""
    compared = "; ".join(f"{kind} {value}" for kind, value in result.compared.items())
    return Check(
        claim_id=claim.id,
        capture_id=capture_id,
        kind="date",
        status=result.status,
        score=None if result.difference_days is None else float(result.difference_days),
        detail=f"date {result.status}: {result.reason}" if result.reason else None,
        evidence=compared or None,
    )


def support_check(
    claim: Claim,
    capture_id: str | None,
    document: Document,
    *,
    content: str | None = None,
    fast: bool = False,
    cache: MutableMapping[str, float] | None = None,
) -> Check:
    """The support check of the claim's content (`content_to_check`) against the source
    (`check_support`: with the model unless `fast`)."""
    content = content_to_check(claim) if content is None else content
    if len(terms(content)) < 2 and claim.quotes:
        return Check(
            claim_id=claim.id,
            capture_id=capture_id,
            kind="support",
            status="supported",
            score=1.0,
            detail="support: the content is its quotes, found verbatim",
        )
    result = check_support(content, document.text, fast=fast, cache=cache)
    start, end = _locate(result, document.text)
    return Check(
        claim_id=claim.id,
        capture_id=capture_id,
        kind="support",
        status=result.label,
        score=result.score,
        detail=describe_support(content, result),
        evidence=" … ".join(result.sentences) or None,
        start=start,
        end=end,
    )


def describe_support(content: str, result: Support) -> str:
    """One sentence on a support check."""
    label = result.label.replace("_", " ")
    count = len(result.sentences)
    model = "" if result.soft is None else f", model {result.soft:.2f}"
    said = f"support: content ‘{_clip(content)}’ {label} (score {result.score:.2f}{model})"
    if not count:
        return f"{said}: no sentence of the source shares its words"
    best = _clip(result.sentences[0])
    return f"{said}, on {count} sentence{'s' if count > 1 else ''}; best: ‘{best}’"


def contradiction_checks(
    claim_id: str, capture_id: str | None, content: str, document: Document
) -> list[Check]:
    """One Check per contradiction between the content and the source, with its sentence."""
    checks = []
    for position, found in enumerate(find_contradictions(content, document.text)):
        start, end = _locate_sentence(found.sentence, document.text)
        checks.append(
            Check(
                claim_id=claim_id,
                capture_id=capture_id,
                kind="contradiction",
                status="contradicted",
                detail=f"{found.describe()}, in ‘{_clip(found.sentence)}’",
                evidence=found.sentence,
                start=start,
                end=end,
                position=position,
            )
        )
    return checks


def _locate(result: Support, text: str) -> tuple[int | None, int | None]:
    if not result.sentences:
        return None, None
    return _locate_sentence(result.sentences[0], text)


def _locate_sentence(sentence: str, text: str) -> tuple[int | None, int | None]:
    start = text.find(sentence)
    return (start, start + len(sentence)) if start >= 0 else (None, None)


def _clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- candidates -------------------------------------------------------------------------


def score_candidate(claim: Claim, document: Document) -> float:
    """How well a candidate page fits a claim, 0..1: quotes found, content support (of the
    content without its attribution), title."""
    content = content_to_check(claim) or (claim.content or claim.sentence).text
    support = check_support(content, document.text, fast=True).score  # a ranking: words do
    title = _title_overlap(content, document.title)
    if not claim.quotes:
        return round(0.8 * support + 0.2 * title, 3)
    found = [QUOTE_SCORES[check_quote(q.text, document.text).status] for q in claim.quotes]
    quotes = sum(found) / len(found)
    return round(0.5 * quotes + 0.35 * support + 0.15 * title, 3)


def _title_overlap(content: str, title: str | None) -> float:
    wanted, have = set(terms(content)), set(terms(title or ""))
    return len(wanted & have) / len(have) if have and wanted else 0.0


# --- verdict ----------------------------------------------------------------------------


def decide(claim: Claim, resolution: Resolution | None, checks: list[Check]) -> Verdict:
    """The claim's verdict, with the reasons an editor reads. Precedence, first wins:

    1. `unattributed`: the claim is not checkable (anonymous or vague source);
    2. `source_not_found`: no resolution, or it is not_found / planned;
    3. `unreachable`: the original was found but not fetched (offline, fetch failed);
    4. `not_checked`: resolved but no check was run;
    5. from the checks (of the capture that fares best when there are several):
       `not_checked` (the page could not be read: empty, binary, too little
       text), `misquoted` (a quote altered or not found), `contradicted` (the
       source says otherwise), `date_mismatch`, `unsupported` (the content not
       supported, or only in part), `minor_discrepancy` (a quote with a minor
       variation, a date only near, or a claimed date the source cannot
       confirm), else `verified`.
    """
    early = _before_checks(claim, resolution, checks)
    if early is not None:
        return early
    groups: dict[str | None, list[Check]] = {}
    for check in checks:
        groups.setdefault(check.capture_id, []).append(check)
    verdicts = [_from_checks(claim, group) for group in groups.values()]
    return min(verdicts, key=lambda verdict: SEVERITY.index(verdict.verdict))


def _before_checks(
    claim: Claim, resolution: Resolution | None, checks: list[Check]
) -> Verdict | None:
    if not claim.checkable or (resolution and resolution.status == "not_checkable"):
        reason = f"the source ({claim.source_name}) is anonymous or too vague to be checked"
        return Verdict(claim.id, "unattributed", [reason])
    if resolution is None or resolution.status in ("not_found", "planned"):
        return Verdict(claim.id, "source_not_found", _search_reasons(resolution))
    if resolution.status == "not_fetched":
        reason = resolution.reason or "the original could not be fetched"
        return Verdict(claim.id, "unreachable", [f"original not fetched: {reason}"])
    if not checks:
        return Verdict(claim.id, "not_checked", ["the original was found but not checked"])
    return None


def _search_reasons(resolution: Resolution | None) -> list[str]:
    if resolution is None:
        return ["no search for the original was made"]
    reasons = [resolution.reason or "no candidate original matched the claim"]
    reasons += [f"tried {query.describe()}" for query in resolution.queries]
    return reasons


def _from_checks(claim: Claim, checks: list[Check]) -> Verdict:
    statuses: set[tuple[str, str]] = {(check.kind, check.status) for check in checks}
    has_date = claim.date is not None and claim.date.value is not None
    if ("page", "unreadable") in statuses:
        name: VerdictName = "not_checked"
    elif {("quote", "altered"), ("quote", "not_found")} & statuses:
        name = "misquoted"
    elif ("contradiction", "contradicted") in statuses:
        name = "contradicted"
    elif ("date", "mismatch") in statuses:
        name = "date_mismatch"
    elif {("support", "not_supported"), ("support", "partially_supported")} & statuses:
        name = "unsupported"
    elif _minor(statuses) or (has_date and ("date", "unknown") in statuses):
        name = "minor_discrepancy"
    else:
        name = "verified"
    return Verdict(claim.id, name, _reasons(checks, name))


def _minor(statuses: set[tuple[str, str]]) -> bool:
    return bool({("quote", "minor_variation"), ("date", "near")} & statuses)


DECIDING: dict[str, set[tuple[str, str]]] = {
    "not_checked": {("page", "unreadable")},
    "misquoted": {("quote", "altered"), ("quote", "not_found")},
    "contradicted": {("contradiction", "contradicted")},
    "date_mismatch": {("date", "mismatch")},
    "unsupported": {("support", "not_supported"), ("support", "partially_supported")},
    "minor_discrepancy": {("quote", "minor_variation"), ("date", "near"), ("date", "unknown")},
}


def _reasons(checks: list[Check], name: VerdictName) -> list[str]:
    """The check details: those of the checks that decided the verdict first, then the
    other failed checks, then those that passed."""
    good = {"verbatim", "match", "supported"}
    deciding = DECIDING.get(name, set())
    ordered = sorted(
        checks,
        key=lambda check: ((check.kind, check.status) not in deciding, check.status in good),
    )
    reasons = [check.detail for check in ordered if check.detail]
    if name == "verified":
        reasons.insert(0, _agreed(checks))
    return reasons


def _agreed(checks: list[Check]) -> str:
    """What a verified claim agrees with the original on: only what was checked."""
    statuses = {(check.kind, check.status) for check in checks}
    parts = ["quotes"] if any(check.kind == "quote" for check in checks) else []
    parts += ["date"] if ("date", "match") in statuses else []
    parts += ["content"]
    agreed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    return f"{agreed} agree{'s' if len(parts) == 1 else ''} with the original"


def _reports(claim: Claim) -> bool:
    """Whether an extracted claim is attributed to someone named with a reporting word ("said",
    "according to"); any other cue ("rejected", "is seeking", "were reported") is content."""
    cue = set(words(claim.cue.text.lower())) if claim.cue else set()
    return claim.checkable and bool(cue & REPORTING) and not cue & DIRECTIONS.keys()


def claim_from_text(text: str, *, source: str = "(given source)") -> Claim:
    """A claim made from an editor's text, “quoted” spans its quotes. When the extractor
    finds an attribution in it ("The piece, published on ..., highlights that ..."), the
    attribution's source, cue and date are kept apart from the content (the longest
    content found); else the whole text is the content."""
    quotes = []
    for found in _QUOTED.finditer(text):
        group = next(g for g in range(1, 5) if found.group(g) is not None)
        quotes.append(Span(found.group(group), found.start(group), found.end(group)))
    whole = Span(text, 0, len(text))
    claim = Claim(
        id=stable_id("check-claim", text),
        article="(command line)",
        sentence=whole,
        sources=[Source(name=source, kind="document", start=0, end=0)],
        content=whole,
        quotes=quotes,
    )
    extracted = [c for c in extract_claims(text) if c.content is not None and _reports(c)]
    if not extracted:
        return claim
    best = max(extracted, key=lambda c: len(c.content.text if c.content else ""))
    claim.sources, claim.cue, claim.date = best.sources, best.cue, best.date
    claim.content = best.content
    return claim
