"""Assemble claims: cue + sources + content + quotes + date + link, then relate them.

For each sentence, every cue (see `cues`) becomes a draft claim: its subject
phrase is classified into sources, its content is the clause the cue
introduces (after it, or before the subject for "“...,” he said"), its quotes
are the quotations inside the content, its date is the first date expression
between the source and the content (or a "five days ago" just inside the
content), and its link is a stripped "(link)" or an article hyperlink next to
the source. Speaker labels ("PENCE: ...") and dash-attributed quotes are
claims too. Then, across the article:

- an anaphoric source ("The piece, published on November 19, 2025,
  highlights", "the article states", "he said") takes the name, kind, channel
  and link of the claim it continues; that claim takes its date if it had none;
- a claim whose cue lies inside another claim's content gets that claim as
  `parent` (and "experts quoted in the article" the claim it refers to);
- a follow-on sentence about the same published piece ("The piece ...
  highlights", "the article states") and a participle of the same sources
  inside a claim's content (", noting ...") are merged into the claim they
  continue: one claim, whose content runs on to the follow-on's content;
- "X promised ... and said ...": the first content ends before "and said";
- “A,” said X. “B.”: the quote after the attribution continues the content;
- "Stein said she plans to ...": a stance reported by its own speaker is the
  content of the report, not a claim of its own;
- a claim repeated by a summary box is reported once (same cue and sources,
  sentences equal once normalised, or one a prefix of the other).
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from itertools import pairwise

from provenance.extract.cues import Cue, find_cues
from provenance.extract.dates import find_dates
from provenance.extract.features import RULE_CONTENT, RULE_CUE, RULE_SOURCE
from provenance.extract.lexicon import CUE_VERBS, SPEECH_VERBS, words
from provenance.extract.quotes import Quote, find_quotes, paragraphs
from provenance.extract.sentences import split_sentences
from provenance.extract.sources import Attribution, can_speak, classify_source, is_anaphor, place
from provenance.extract.tagger import Sentence, tag_sentences
from provenance.extract.tokens import Token, mask, tokenize
from provenance.extract.venues import platform_named, setting
from provenance.models import (
    ArticleLink,
    Claim,
    ClaimDate,
    Link,
    Span,
    stable_id,
)
from provenance.registry import Registry, load_registry

__all__ = ["extract_claims"]

_LABEL = re.compile(r"[\"“]?(?P<name>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}):\s+(?=\S)")
_LABEL_STOP = words(
    """note update editor editors photo source sources related read watch summary why what how
    correction disclosure warning caption credit image video listen subscribe advertisement
    tags topics share contact q a clarification clarifications corrections latest breaking
    exclusive updated takeaway takeaways"""
)
_DASH = re.compile(
    r"(?P<content>[“\"”].*\S)\s*(?P<dash>―|—|–|--)\s*"
    r"(?P<name>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,4})\s*(?:,[^\n]{0,100})?\s*$"
)
_CIRCUMSTANCE = words("in at on during via through before after while from")
_TELL = words("tell inform assure remind advise brief warn ask urge notify")
_NORMALISE = re.compile(r"[^a-z0-9]+")
_LIST_MARKER = re.compile(r"^(?:[-•*]\s*)?\d{0,2}(?=[A-Z])")


@dataclass(slots=True)
class _Draft:
    """A claim being assembled, before ids and relations are final."""

    sentence: Span
    attribution: Attribution
    cue: Span | None
    content: Span | None
    region: tuple[int, int]  # where the attribution's own words lie (source .. content)
    phrase: str = ""
    quotes: list[Span] = field(default_factory=list)
    date: ClaimDate | None = None
    link: Link = field(default_factory=Link)
    parent: _Draft | None = None
    antecedent: _Draft | None = None
    kind: str = "verb"  # the cue's kind (see `cues.Cue`)
    setting: tuple[int, int] = (0, 0)  # the claim's own words around it (see `venues`)

    @property
    def id(self) -> str:
        """Stable id from the sentence, cue and source offsets."""
        offsets = [source.start for source in self.attribution.sources]
        cue_start = self.cue.start if self.cue else -1
        return stable_id(self.sentence.start, cue_start, *offsets)


@dataclass(slots=True)
class _Article:
    """What every rule needs to know about the article."""

    text: str
    article_date: date | None
    links: list[ArticleLink]
    registry: Registry
    quotes: list[Quote]
    dates: list[ClaimDate]
    sentences: list[Span] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    quote_starts: list[int] = field(default_factory=list)
    date_starts: list[int] = field(default_factory=list)
    link_starts: list[int] = field(default_factory=list)
    tokens: list[list[Token]] = field(default_factory=list)  # per sentence

    def __post_init__(self) -> None:
        """Sort quotes, dates and links by start, so that a region's are found by bisection."""
        self.quotes.sort(key=lambda quote: quote.inner_start)
        self.dates.sort(key=lambda item: item.start)
        self.links = sorted(self.links, key=lambda link: link.start)
        self.quote_starts = [quote.inner_start for quote in self.quotes]
        self.date_starts = [item.start for item in self.dates]
        self.link_starts = [link.start for link in self.links]


_REGISTRY: list[Registry] = []


def _default_registry() -> Registry:
    if not _REGISTRY:
        _REGISTRY.append(load_registry())
    return _REGISTRY[0]


def extract_claims(
    text: str,
    *,
    article_date: date | None = None,
    links: list[ArticleLink] | None = None,
    article: str = "",
    registry: Registry | None = None,
    tagger: bool = True,
) -> list[Claim]:
    """Return the attributed claims of `text`, to the claim contract (DESIGN.md section 2).

    `tagger=False` gives the rules' claims alone, without the trained tagger."""
    context, drafts = _rule_drafts(text, article_date, links, registry)
    if tagger:
        drafts = _with_tagger(context, drafts)
    key = text_key(text)
    return [_claim(draft, article, key) for draft in drafts]


def tagger_input(text: str, article_date: date | None = None) -> list[Sentence]:
    """The tagger's input for each sentence of `text`: its tokens, the rules' bits per
    token and whether it opens a paragraph, as training and tagging both see them."""
    context, drafts = _rule_drafts(text, article_date, None, None)
    return _sentences(context, drafts)


def _sentences(context: _Article, drafts: list[_Draft]) -> list[Sentence]:
    cues, sources, contents = _rule_masks(len(context.text), drafts)
    starts = {start for start, _ in context.paragraphs}
    found: list[Sentence] = []
    for sentence, tokens in zip(context.sentences, context.tokens, strict=True):
        bits = [
            cues[t.start] * RULE_CUE
            | sources[t.start] * RULE_SOURCE
            | contents[t.start] * RULE_CONTENT
            for t in tokens
        ]
        found.append((tokens, bits, sentence.start in starts))
    return found


def _rule_masks(length: int, drafts: list[_Draft]) -> tuple[bytearray, bytearray, bytearray]:
    """Masks of the characters the rules made cues, sources and contents."""
    cues = [(d.cue.start, d.cue.end) for d in drafts if d.cue is not None]
    sources = [(s.start, s.end) for d in drafts for s in d.attribution.sources]
    contents = [(d.content.start, d.content.end) for d in drafts if d.content is not None]
    return mask(length, cues), mask(length, sources), mask(length, contents)


def _rule_drafts(
    text: str,
    article_date: date | None,
    links: list[ArticleLink] | None,
    registry: Registry | None,
) -> tuple[_Article, list[_Draft]]:
    context = _Article(
        text,
        article_date,
        links or [],
        registry or _default_registry(),
        find_quotes(text),
        find_dates(text, article_date),
    )
    drafts = _drafts(context)
    _continue_quotes(context, drafts)
    drafts = _dedupe(drafts)
    _resolve_anaphora(drafts)
    drafts = _merge_continuations(context, drafts)
    _split_coordinated(context, drafts)
    _nest(drafts)
    drafts = _drop_reported_stances(drafts)
    return context, drafts


def _drafts(context: _Article) -> list[_Draft]:
    length = len(context.text)
    quote_spans = mask(length, [(quote.inner_start, quote.inner_end) for quote in context.quotes])
    date_spans = mask(length, [(item.start, item.end) for item in context.dates])
    drafts: list[_Draft] = []
    context.paragraphs = paragraphs(context.text)
    for start, end in context.paragraphs:
        drafts.extend(_paragraph_drafts(context, start, end))
    context.sentences = split_sentences(context.text, context.quotes)
    for sentence in context.sentences:
        tokens = _headline_verb(tokenize(sentence, quote_spans, date_spans))
        context.tokens.append(tokens)
        for cue in find_cues(tokens):
            draft = _draft(context, sentence, tokens, cue)
            if draft is not None and _restates(drafts, draft):
                drafts[-1] = draft  # the cue nearer the content stands for both
            elif draft is not None:
                drafts.append(draft)
    drafts.sort(key=lambda draft: (draft.sentence.start, draft.cue.start if draft.cue else 0))
    return [_finish(context, draft) for draft in drafts]


def _restates(drafts: list[_Draft], draft: _Draft) -> bool:
    """Whether `draft` repeats the claim before it in its sentence: the same source and
    content ("NAME posted a video on TikTok saying that ...": "posted", then "saying")."""
    if not drafts or drafts[-1].sentence.start != draft.sentence.start:
        return False
    last = drafts[-1]
    names = [source.name for source in last.attribution.sources]
    same_source = names == [source.name for source in draft.attribution.sources]
    return same_source and last.content is not None and last.content == draft.content


def _headline_verb(tokens: list[Token]) -> list[Token]:
    """In a title-case headline ("Obama Says Museum Will Tell ..."), read its first
    present-tense reporting verb in lower case, so that the cue rules see a verb."""
    if len(tokens) > 30:
        return tokens  # a headline is short
    words = [token for token in tokens if token.is_word and len(token.text) > 3]
    if len(words) < 3 or sum(token.capitalised for token in words) < 0.7 * len(words):
        return tokens
    for index, token in enumerate(tokens[1:], start=1):
        lower = token.lower
        if token.capitalised and lower.endswith("s") and lower in CUE_VERBS:
            verb = token._replace(text=lower, capitalised=False)
            return [*tokens[:index], verb, *tokens[index + 1 :]]
    return tokens


# --- paragraph-level shapes: speaker labels, dash attributions -------------------


def _paragraph_drafts(context: _Article, start: int, end: int) -> list[_Draft]:
    paragraph = Span(context.text[start:end], start, end)
    for shape in (_label_draft, _dash_draft):
        draft = shape(context, paragraph)
        if draft is not None:
            return [draft]
    return []


def _label_draft(context: _Article, paragraph: Span) -> _Draft | None:
    match = _LABEL.match(paragraph.text)
    if match is None or _editorial_label(match.group("name")):
        return None
    name_start = paragraph.start + match.start("name")
    colon = paragraph.start + match.end("name")
    content = _span(context.text, paragraph.start + match.end(), paragraph.end)
    return _named_draft(context, paragraph, match.group("name"), name_start, colon, content)


def _editorial_label(name: str) -> bool:
    """ "CLARIFICATION:", "The Latest:", "Related:": a label of the page, not a speaker."""
    words = name.lower().split()
    head = words[1] if len(words) > 1 and words[0] == "the" else words[0]
    return head in _LABEL_STOP


def _dash_draft(context: _Article, paragraph: Span) -> _Draft | None:
    match = _DASH.match(paragraph.text)
    if match is None:
        return None
    content = _span(context.text, paragraph.start, paragraph.start + match.end("content"))
    name_start = paragraph.start + match.start("name")
    dash = paragraph.start + match.start("dash")
    draft = _named_draft(context, paragraph, match.group("name"), name_start, dash, content)
    if draft is not None:
        draft.cue = _span(context.text, dash, paragraph.start + match.end("dash"))
    return draft


def _named_draft(
    context: _Article, paragraph: Span, name: str, name_start: int, cue_at: int, content: Span
) -> _Draft | None:
    attribution = classify_source(name, name_start, context.registry)
    if not attribution.sources:
        return None
    cue = _span(context.text, cue_at, cue_at + 1)
    region = (name_start, name_start + len(name))
    return _Draft(paragraph, attribution, cue, content, region, phrase=name, kind="label")


# --- sentence-level cues ------------------------------------------------------------


def _draft(context: _Article, sentence: Span, tokens: list[Token], cue: Cue) -> _Draft | None:
    cue_span = _span(context.text, tokens[cue.first].start, tokens[cue.last].end)
    if cue.kind == "according":
        cue_span = _span(context.text, tokens[cue.first].start, tokens[cue.first + 1].end)
    attribution, phrase, subject = _attribution(context, tokens, cue)
    if attribution is None or (cue.kind == "broad" and not _plainly_a_source(attribution)):
        return None
    if cue.kind == "stance" and not _can_hold_views(attribution):
        return None
    if not _speaks(tokens, cue, attribution, phrase):
        return None
    if not _plausible(cue, attribution, phrase):
        attribution = Attribution([], "unknown", None, False)  # "In 1986, ... said": no source
    content = _content(context, sentence, tokens, cue)
    region = _region(subject, cue_span, content)
    return _Draft(sentence, attribution, cue_span, content, region, phrase=phrase, kind=cue.kind)


def _plainly_a_source(attribution: Attribution) -> bool:
    """Whether a subject is a source whatever its verb ("Eurasia Review discusses")."""
    kinds = {source.kind for source in attribution.sources}
    named = kinds & {"outlet", "social_account", "forum", "document"}
    return bool(named) or attribution.anaphor or attribution.channel == "social_post"


def _speaks(tokens: list[Token], cue: Cue, attribution: Attribution, phrase: str) -> bool:
    """Whether the subject can be the source of this cue.

    Speech verbs ("said", "told") take any subject; other cues ("shows",
    "signals", "wants") need a subject that can speak: a name, a word for
    people, a document ("Recent developments show" is no attribution).
    """
    verb = CUE_VERBS.get(tokens[_verb(tokens, cue)].text, "")
    return verb in SPEECH_VERBS or _can_be_source(cue, attribution, phrase, _NAMED)


def _plausible(cue: Cue, attribution: Attribution, phrase: str) -> bool:
    """Whether the subject found before a speech verb can be its source. A phrase with
    neither a name nor a word for people ("worth", "many cases", "the mine") is what
    the rules picked up from a clause they could not parse: the claim stays, unsourced."""
    return _can_be_source(cue, attribution, phrase, _NAMED_OR_GROUP)


_NAMED = frozenset({"organization", "person"})  # kinds that are any capitalised phrase
_NAMED_OR_GROUP = _NAMED | {"group"}


def _can_be_source(
    cue: Cue, attribution: Attribution, phrase: str, guessed: frozenset[str]
) -> bool:
    """Whether a subject speaks: a cue without one, a pronoun, a source of a kind the
    registry or the wording settled (an outlet, a document), or a phrase that can speak
    when its kind is only `guessed`."""
    if cue.kind in ("according", "passive") or not phrase or attribution.anaphor:
        return True
    kinds = {source.kind for source in attribution.sources}
    return bool(kinds - guessed) or can_speak(phrase)


def _can_hold_views(attribution: Attribution) -> bool:
    """Whether a subject can want, believe or support ("Trump wants", not "the poll wants")."""
    return any(source.kind != "document" for source in attribution.sources)


def _attribution(
    context: _Article, tokens: list[Token], cue: Cue
) -> tuple[Attribution | None, str, tuple[int, int] | None]:
    if cue.subject is None:
        return Attribution([], "unknown", None, False), "", None
    phrase_start = tokens[cue.subject[0]].start
    phrase_end = tokens[cue.subject[1] - 1].end
    words = [token for token in tokens[cue.subject[0] : cue.subject[1]] if not token.in_date]
    phrase = _phrase(context.text, phrase_start, phrase_end, words)
    attribution = classify_source(phrase, phrase_start, context.registry)
    if not attribution.sources:
        return None, phrase, None
    attribution.anaphor = is_anaphor(phrase)
    if cue.kind == "opening":
        pass  # the clause end is stored in appositive_end: not an appositive of the subject
    elif cue.pronoun is not None and len(attribution.sources) == 1:
        who = tokens[cue.pronoun]
        attribution.sources[0] = replace(attribution.sources[0], start=who.start, end=who.end)
    elif cue.appositive_end is not None and len(attribution.sources) == 1:
        phrase_end = tokens[cue.appositive_end - 1].end
        attribution.sources[0] = replace(attribution.sources[0], end=phrase_end)
    return attribution, phrase, (phrase_start, phrase_end)


def _phrase(text: str, start: int, end: int, words: list[Token]) -> str:
    """The subject phrase with "(link)" and dates blanked out (offsets kept)."""
    chars = list(text[start:end])
    kept = {
        index for word in words if word.text != "(link)" for index in range(word.start, word.end)
    }
    for index in range(start, end):
        if index not in kept and not text[index].isspace():
            chars[index - start] = " "
    return "".join(chars).rstrip(" ,")


def _content(context: _Article, sentence: Span, tokens: list[Token], cue: Cue) -> Span | None:
    if cue.kind == "as" and not cue.content_after:
        return _before(
            context.text, sentence, tokens[cue.subject[0] - 1].start if cue.subject else 0
        )
    if cue.kind == "opening" and cue.appositive_end is not None:
        return _span(context.text, tokens[1].start, tokens[cue.appositive_end - 1].end)
    after_index = _content_start(tokens, cue)
    if cue.kind == "as" or (cue.kind == "according" and cue.content_after):
        after_index = _after_comma(tokens, cue)
    if cue.kind == "according" and not cue.content_after:
        return _before(context.text, sentence, tokens[cue.first].start)
    after_index = _skip_circumstance(tokens, after_index)
    after = _after(context.text, sentence, tokens, after_index)
    if after is not None and cue.kind == "noun":
        return _claimed_span(context.text, tokens, after_index, after)
    if after is not None:
        return after
    if tokens[-1].text == ":" and after_index >= len(tokens) - 1:
        return _next_paragraph(context, sentence.end)  # "The New York Times reports:" + quote
    first = cue.subject[0] if cue.subject and cue.subject[0] < cue.first else cue.first
    if cue.appositive_end is None and _parenthetical(tokens, first, after_index):
        return _before(context.text, sentence, sentence.end)
    return _before(context.text, sentence, tokens[first].start)


_COPULAS = words("is was are were remains remained proved seems seemed appears appeared")


def _claimed_span(text: str, tokens: list[Token], start: int, after: Span) -> Span:
    """The "that" clause of "Trump’s claim that the vote was rigged is false": up to a
    comma, or to a second verb ("is false") once the clause has its own."""
    has_verb = False
    for token in tokens[start + 1 :]:
        if token.in_quote:
            continue
        if token.text in ",;:—–" or (has_verb and token.lower in _COPULAS):
            return _before(text, after, token.start) or after
        has_verb = has_verb or _clause_verb(token)
    return after


def _clause_verb(token: Token) -> bool:
    word = token.lower
    return (
        word in _COPULAS
        or word in ("has", "have", "had", "would", "will", "could", "did")
        or (len(word) > 4 and word.endswith("ed"))
    )


def _skip_circumstance(tokens: list[Token], index: int) -> int:
    """Step over "in a statement" after a cue: to its "that", or past the end when the
    phrase ends the clause (then the content is the quote before the source)."""
    if index >= len(tokens):
        return index
    onto = tokens[index].lower == "to" and _past_platform(tokens, index) > index
    if tokens[index].lower not in _CIRCUMSTANCE and not onto:
        return index  # "posted to Facebook on Sunday that": a circumstance too
    for position in range(index + 1, min(index + 16, len(tokens))):
        token = tokens[position]
        if token.in_quote or token.text in '“"‘':
            return _past_platform(tokens, index)
        if token.lower == "that" or token.text == ":":
            return position + (token.text == ":")
        if token.text in ",.;" and not _date_or_aside(tokens, position):
            return len(tokens)
    after = _past_platform(tokens, index)
    return after if after > index or index + 16 < len(tokens) else len(tokens)


def _date_or_aside(tokens: list[Token], index: int) -> bool:
    """A comma or full stop of a date or of a parenthesised date ("Thursday (Feb. 26)")."""
    token = tokens[index]
    inside = any(t.text == "(" for t in tokens[max(0, index - 4) : index])
    return token.in_date or tokens[index - 1].in_date or inside


def _past_platform(tokens: list[Token], index: int) -> int:
    """ "said on X last week the audit was ...": the content starts after the platform
    and its date; other circumstances stay in the content."""
    end = index + 1
    while end < len(tokens) and end - index <= 3 and tokens[end].capitalised:
        end += 1
    if end == index + 1 or platform_named(" ".join(t.text for t in tokens[index:end])) is None:
        return index
    while end < len(tokens) and (tokens[end].in_date or tokens[end].text == ","):
        end += 1
    return end


def _next_paragraph(context: _Article, end: int) -> Span | None:
    """The paragraph after a colon that ends its own paragraph (the quoted passage)."""
    index = bisect_left(context.paragraphs, (end, end))
    if index >= len(context.paragraphs) or "\n" not in context.text[end : end + 3]:
        return None
    start, stop = context.paragraphs[index]
    return _span(context.text, start, stop)


def _parenthetical(tokens: list[Token], first: int, after: int) -> bool:
    """Whether the attribution sits between commas inside its content ("X, they argue, Y")."""
    inside = first > 0 and tokens[first - 1].text == ","
    return inside and after < len(tokens) - 2 and tokens[after].text == ","


def _content_start(tokens: list[Token], cue: Cue) -> int:
    index = cue.last + 1
    if cue.subject is not None and cue.subject[0] > cue.last:
        index = cue.subject[1]
    skipped = index
    while index < len(tokens) and (
        tokens[index].in_date
        or tokens[index].text in ("(link)", ":")
        or _date_bracket(tokens, index)
    ):
        index += 1
    if skipped < index < len(tokens) and tokens[index].text == ",":
        index += 1
    if _telling(tokens, cue):
        that = _find_that(tokens, index)
        subject = cue.subject[0] if cue.subject is not None else 0
        if that is None and subject > 0 and _after_quote(tokens, subject):
            return len(tokens)  # "“...,” he told reporters": the content is before
        index = that if that is not None else _past_listeners(tokens, index)
    return _past_lead_in(tokens, index)


def _opens_quote(tokens: list[Token], index: int) -> bool:
    return index < len(tokens) and tokens[index].text in '“"‘'


def _date_bracket(tokens: list[Token], index: int) -> bool:
    """A bracket around a date ("Thursday (Feb. 26) that"): stepped over with the date."""
    token = tokens[index]
    if token.text == "(":
        return index + 1 < len(tokens) and tokens[index + 1].in_date
    return token.text == ")" and index > 0 and tokens[index - 1].in_date


def _after_quote(tokens: list[Token], subject: int) -> bool:
    """Whether a subject follows a quote it reports ("“...,” he told", "“...”, he told")."""
    before = tokens[subject - 1]
    if before.text in "”\"’'" or before.in_quote:
        return True
    return before.text == "," and subject > 1 and tokens[subject - 2].text in "”\"’'"


_LISTENERS = words("me him her us them you")


def _past_listeners(tokens: list[Token], index: int) -> int:
    """ "told viewers the tournament was ...": the clause starts after the listeners (a
    pronoun or one plural word) when a clause follows them without "that"."""
    if index + 1 >= len(tokens):
        return index
    word, after = tokens[index], tokens[index + 1]
    plural = word.lower.endswith("s") and word.is_word and not word.capitalised
    if (word.lower in _LISTENERS or plural) and after.is_word and after.lower not in _NOT_CLAUSE:
        return index + 1
    return index


_WHERE = words("to on in at via during across")  # "posted to Facebook on Sunday that"
_NOT_CLAUSE = words("of to in on at for from with about by and or who which that during")
_LEAD_PARTICIPLES = words(
    "arguing saying claiming noting writing warning adding insisting alleging suggesting asking"
)


def _past_lead_in(tokens: list[Token], index: int) -> int:
    """ "posted a thread on X on Wednesday arguing that ...": a short lead-in (the
    thing posted, where and when) closed by a date or a participle of speech before
    "that"; the content starts at that "that"."""
    lead: list[Token] = []
    for position in range(index, min(index + 12, len(tokens))):
        token = tokens[position]
        lead.append(token)
        if token.text == ":" and _opens_quote(tokens, position + 1):
            short = position - index <= 5 and not any(t.lower.endswith("ing") for t in lead)
            return position + 1 if short else index  # "drew one conclusion: “...”"
        if token.in_quote or (token.text in ',;:“"‘' and not token.in_date):
            return index
        if token.lower == "that" and position > index:
            before = tokens[position - 1]
            where = tokens[index].in_date or tokens[index].lower in _WHERE
            lead_in = (before.in_date and where) or before.lower in _LEAD_PARTICIPLES
            return position if lead_in else index
        if token.lower == "that" or (_clause_verb(token) and not token.in_date):
            return index
    return index


def _telling(tokens: list[Token], cue: Cue) -> bool:
    word = tokens[_verb(tokens, cue)].lower
    return word.startswith(tuple(_TELL)) or word == "told"


def _verb(tokens: list[Token], cue: Cue) -> int:
    """The index of the cue's verb ("called" in "has called for")."""
    for index in range(cue.last, cue.first, -1):
        if tokens[index].text in CUE_VERBS:
            return index
    return cue.first


def _find_that(tokens: list[Token], index: int) -> int | None:
    for position in range(index, min(index + 12, len(tokens))):
        if tokens[position].lower == "that":
            return position
        if tokens[position].text in ",;:" and not tokens[position].in_date:
            return None
    return None


def _after_comma(tokens: list[Token], cue: Cue) -> int:
    end = cue.subject[1] if cue.subject else cue.last + 1
    start = max(end, cue.last + 1)
    if cue.kind == "as" and start < len(tokens) and tokens[start].lower in _CIRCUMSTANCE:
        comma = _clause_comma(tokens, start)  # "As Ms. Simonyan put it in a statement, RT is"
        start = comma if comma is not None else start
    while start < len(tokens) and tokens[start].text in ",:":
        start += 1
    return start


def _clause_comma(tokens: list[Token], start: int) -> int | None:
    """The comma that closes an opening "As X put it in a statement to Y," (within 15 words)."""
    for index in range(start, min(start + 15, len(tokens))):
        if tokens[index].in_quote or tokens[index].text in ";:":
            return None
        if tokens[index].text == ",":
            return index
    return None


def _after(text: str, sentence: Span, tokens: list[Token], index: int) -> Span | None:
    if index >= len(tokens) or tokens[index].text in (",", ";", ".", "(", ")", "—", "–"):
        return None
    end = sentence.end
    if text[end - 1] in ".!?" and end - 1 > tokens[index].start:
        end -= 1
    return _span(text, tokens[index].start, end) if end > tokens[index].start else None


def _before(text: str, sentence: Span, stop: int) -> Span | None:
    end = stop
    while end > sentence.start and (text[end - 1].isspace() or text[end - 1] in ",—–-."):
        end -= 1
    return _span(text, sentence.start, end) if end > sentence.start else None


def _region(subject: tuple[int, int] | None, cue: Span, content: Span | None) -> tuple[int, int]:
    start = min(subject[0], cue.start) if subject else cue.start
    end = max(subject[1], cue.end) if subject else cue.end
    if content is not None and content.start >= end:
        end = content.start
    return start, end


def _span(text: str, start: int, end: int) -> Span:
    return Span(text[start:end], start, end)


# --- quotes, date, link -------------------------------------------------------------


def _finish(context: _Article, draft: _Draft) -> _Draft:
    draft.quotes = _quotes(context, draft.content)
    content = (draft.content.start, draft.content.end) if draft.content else None
    sentence = (draft.sentence.start, draft.sentence.end)
    draft.setting = setting(context.text, sentence, draft.region, content)
    draft.attribution = place(draft.attribution, context.text[slice(*draft.setting)])
    draft.date = _date(context, draft)
    draft.link = _link(context, draft)
    return draft


def _quotes(context: _Article, content: Span | None) -> list[Span]:
    if content is None:
        return []
    first = bisect_left(context.quote_starts, content.start)
    last = bisect_right(context.quote_starts, content.end + 1)
    inside = [quote for quote in context.quotes[first:last] if quote.inner_end <= content.end + 1]
    return [_span(context.text, quote.inner_start, quote.inner_end) for quote in inside]


def _date(context: _Article, draft: _Draft) -> ClaimDate | None:
    start, end = draft.region
    first, last = bisect_left(context.date_starts, start), bisect_right(context.date_starts, end)
    for item in context.dates[first:last]:
        if start <= item.start and item.end <= end:
            return item
    return _date_in_content(context, draft.content) or _date_in(context, *draft.setting)


def _date_in(context: _Article, start: int, end: int) -> ClaimDate | None:
    """The first date of the claim's setting ("In a memo on Tuesday, ... wrote")."""
    first = bisect_left(context.date_starts, start)
    inside = (item for item in context.dates[first:] if item.start < end)
    return next((item for item in inside if item.end <= end), None)


def _date_in_content(context: _Article, content: Span | None) -> ClaimDate | None:
    if content is None or content.text.lower().startswith("that"):
        return None
    first = bisect_left(context.date_starts, content.start)
    last = bisect_left(context.date_starts, content.start + 60)
    for item in context.dates[first:last]:
        near = content.start <= item.start < content.start + 60
        if near and item.relative and not re.search(r"day$", item.text, re.I):
            return item
    return None


def _link(context: _Article, draft: _Draft) -> Link:
    start, end = draft.region
    first = max(0, bisect_left(context.link_starts, start - 2) - 8)  # anchors are short
    last = bisect_right(context.link_starts, end + 2)
    for link in context.links[first:last]:
        if link.start < end + 2 and link.end > start - 2:
            return Link(url=link.url)
    if "(link)" in context.text[start : end + 8]:
        return Link(placeholder=True)
    return Link()


# --- relations across the article ---------------------------------------------------


def _continue_quotes(context: _Article, drafts: list[_Draft]) -> None:
    """“A,” said Caddell. “B.”: the quote after the attribution continues the content.

    When a claim's content is a quotation before its source and cue, the
    following sentences of the paragraph that open with a quote mark and hold
    no cue of their own belong to the same quotation.
    """
    with_cues = {draft.sentence.start for draft in drafts}
    starts = [sentence.start for sentence in context.sentences]
    for draft in drafts:
        if not _quote_first(context.text, draft):
            continue
        index, end = bisect_left(starts, draft.sentence.end), None
        while index < len(starts) and _continues(context, draft, end, index, with_cues):
            end, index = context.sentences[index].end, index + 1
        if end is not None and draft.content is not None:
            draft.content = _span(context.text, draft.content.start, end)
            draft.quotes = _quotes(context, draft.content)


def _quote_first(text: str, draft: _Draft) -> bool:
    content, cue = draft.content, draft.cue
    if content is None or cue is None or content.end > cue.start:
        return False
    return content.text[:1] in "“\"‘'" and draft.region[1] >= draft.sentence.end - 2


def _continues(
    context: _Article, draft: _Draft, end: int | None, index: int, with_cues: set[int]
) -> bool:
    sentence = context.sentences[index]
    between = context.text[end or draft.sentence.end : sentence.start]
    return "\n" not in between and sentence.text[:1] in "“\"‘'" and sentence.start not in with_cues


def _drop_reported_stances(drafts: list[_Draft]) -> list[_Draft]:
    """ "Stein said she plans to ...": the stance is the content of the report, not a claim;
    so is a verb with no source inside it ("He said it is worth noting that ..."), and any
    verb that reports no words ("Clinton said the videos show that ...")."""
    dropped = {id(draft) for draft in drafts if _reported_stance(draft)}
    for draft in drafts:
        while draft.parent is not None and id(draft.parent) in dropped:
            draft.parent = draft.parent.parent
    return [draft for draft in drafts if id(draft) not in dropped]


def _speech(draft: _Draft) -> bool:
    """Whether a claim's cue reports words: a speech verb, "according to", "as X put it"."""
    if draft.kind not in ("verb", "stance", "broad") or draft.cue is None:
        return True
    verbs = [CUE_VERBS[word] for word in draft.cue.text.split() if word in CUE_VERBS]
    return bool(verbs) and verbs[-1] in _WORDS_REPORTED  # "talked about": talk


_WORDS_REPORTED = SPEECH_VERBS | words(
    "emphasize emphasise highlight underscore stress predict suggest propose recommend insist"
)


def _reported_stance(draft: _Draft) -> bool:
    parent = draft.parent
    if parent is not None and not draft.attribution.sources and draft.kind != "passive":
        return True  # a verb inside a report with no subject that speaks: part of the report
    if parent is not None and not _speech(draft) and not _plainly_a_source(draft.attribution):
        return True  # "Reuters reported that Trump wants ...": what the report says he wants
    if draft.kind != "stance" or parent is None or parent.content is None:
        return False
    if draft.phrase.lower() not in ("he", "she", "they", "we", "i", "it"):
        return False
    head = parent.content.text[: draft.attribution.sources[0].start - parent.content.start]
    return head.strip().lower() in ("", "that")


def _dedupe(drafts: list[_Draft]) -> list[_Draft]:
    """Keep one claim of each set of twins (see `_same_claim`), the one with the longer
    sentence, in linear time: twins are looked up by key, never compared pairwise."""
    kept: list[_Draft] = []
    at_cue: dict[tuple[int, int], int] = {}  # (sentence start, cue start) -> kept index
    groups: dict[tuple[str, str], _Prefixes] = {}  # (cue, opening) -> sentences of the group
    for draft in drafts:
        text = _normalised(draft.sentence.text)
        group = groups.setdefault((_cue_text(draft), text[:_PREFIX]), _Prefixes())
        twin = _twin(kept, draft, text, at_cue, group)
        if twin is None:
            twin = len(kept)
            kept.append(draft)
        elif len(text) > len(_normalised(kept[twin].sentence.text)):
            kept[twin] = draft
        else:
            continue
        if draft.cue is not None:
            at_cue.setdefault((draft.sentence.start, draft.cue.start), twin)
        if len(text) >= _PREFIX:
            group.add(text, twin)
    return kept


_PREFIX = 40  # the shortest normalised sentence that a longer one can repeat as its prefix


def _twin(
    kept: list[_Draft], draft: _Draft, text: str, at_cue: dict[tuple[int, int], int],
    group: _Prefixes,
) -> int | None:  # fmt: skip
    """The first kept claim that `draft` repeats, if any."""
    candidates = group.related(text) if len(text) >= _PREFIX else []
    if draft.cue is not None and (draft.sentence.start, draft.cue.start) in at_cue:
        candidates.append(at_cue[draft.sentence.start, draft.cue.start])
    return min((index for index in candidates if _same_claim(kept[index], draft)), default=None)


class _Prefixes:
    """Sorted normalised sentences of one group (same cue, same opening words), each with
    the index of its claim: the sentences that extend a text, or that it extends, are
    found by bisection instead of a scan of the group."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.indices: list[list[int]] = []

    def add(self, text: str, index: int) -> None:
        """Record that kept claim `index` has the sentence `text`."""
        at = bisect_left(self.texts, text)
        if at < len(self.texts) and self.texts[at] == text:
            self.indices[at].append(index)
        else:
            self.texts.insert(at, text)
            self.indices.insert(at, [index])

    def related(self, text: str) -> list[int]:
        """Claims whose sentence starts with `text`, and claims whose sentence `text`
        starts with (the nearest of each, which is all a twin needs)."""
        found: list[int] = []
        at = bisect_left(self.texts, text)
        if at < len(self.texts) and self.texts[at].startswith(text):
            found.extend(self.indices[at])  # `text` or a sentence that extends it
        prefix = text
        while at > 0 and len(prefix) >= _PREFIX:
            before = self.texts[at - 1]  # every prefix of `text` sorts at or before this
            if prefix.startswith(before):
                found.extend(self.indices[at - 1])
                break
            prefix = prefix[: _common_length(prefix, before)]
            at = bisect_left(self.texts, prefix)
            if at < len(self.texts) and self.texts[at] == prefix:
                found.extend(self.indices[at])
                break
        return found


def _common_length(one: str, two: str) -> int:
    """How many opening characters two strings share."""
    length = min(len(one), len(two))
    return next((index for index in range(length) if one[index] != two[index]), length)


def _same_claim(first: _Draft, second: _Draft) -> bool:
    if first.sentence.start == second.sentence.start:
        return (
            first.cue is not None and second.cue is not None and first.cue.start == second.cue.start
        )
    if _cue_text(first) != _cue_text(second):
        return False
    one, two = _normalised(first.sentence.text), _normalised(second.sentence.text)
    shorter, longer = sorted((one, two), key=len)
    return len(shorter) >= _PREFIX and longer.startswith(shorter)


def _cue_text(draft: _Draft) -> str:
    return draft.cue.text.lower() if draft.cue else ""


@lru_cache(maxsize=4096)
def _normalised(text: str) -> str:
    return _NORMALISE.sub(" ", _LIST_MARKER.sub("", text.strip()).lower()).strip()


def _resolve_anaphora(drafts: list[_Draft]) -> None:
    nested = {id(inner) for index, inner in enumerate(drafts) if _containers(drafts, index)}
    for index, draft in enumerate(drafts):
        refers = draft.attribution.anaphor or "in the article" in draft.phrase.lower()
        if not refers:
            continue
        antecedent = _antecedent(drafts[:index], draft, nested)
        if antecedent is None:
            continue
        if draft.attribution.anaphor:
            _continue_claim(draft, antecedent)
        else:
            draft.antecedent = antecedent


def _antecedent(earlier: list[_Draft], draft: _Draft, nested: set[int]) -> _Draft | None:
    personal = draft.phrase.lower() in ("he", "she")
    wanted = _ANTECEDENT_KINDS.get(draft.phrase.lower(), _ANTECEDENT_KINDS["article"])
    for candidate in reversed(earlier):
        if candidate.attribution.anaphor or not candidate.attribution.sources:
            continue
        if id(candidate) in nested:
            continue
        if (
            candidate.sentence.start == draft.sentence.start
            and candidate.region[0] >= draft.region[0]
        ):
            continue
        kinds = {source.kind for source in candidate.attribution.sources}
        if kinds & wanted:
            return candidate
        if personal and candidate.sentence.start < draft.sentence.start:
            return None
    return None


_ANTECEDENT_KINDS = {
    "he": {"person", "social_account"},
    "she": {"person", "social_account"},
    "they": {"group", "organization", "outlet"},
    "it": {"organization", "outlet", "document"},
    "article": {"outlet", "document", "social_account", "forum", "organization"},
}


_PUBLISHED = ("article", "social_post", "forum_post", "document", "broadcast")
_MERGE_REACH = 600  # characters between a claim and a follow-on sentence merged into it


def _merge_continuations(context: _Article, drafts: list[_Draft]) -> list[_Draft]:
    """Fold follow-on claims into the claim they continue (one claim, one verdict).

    Two shapes: a following sentence about the same published piece ("The piece,
    published on November 19, 2025, highlights ...", "the article states", "He
    highlights" after an X post), and a second cue of the same sources inside
    the first one's content (", noting ..."). The host claim keeps its cue;
    its content runs on to the end of the follow-on's content, and it takes
    the follow-on's quotes, and its date or link when it had none.
    """
    kept: list[_Draft] = []
    for draft in drafts:
        host = _host(kept, draft)
        if host is None:
            kept.append(draft)
        else:
            _absorb(context, host, draft)
    return kept


def _host(kept: list[_Draft], draft: _Draft) -> _Draft | None:
    antecedent = draft.antecedent
    if (
        draft.attribution.anaphor
        and antecedent is not None
        and any(antecedent is other for other in kept)
        and antecedent.attribution.channel in _PUBLISHED
        and draft.sentence.start - antecedent.sentence.end < _MERGE_REACH
    ):
        return antecedent
    if draft.cue is None or not draft.cue.text.endswith("ing"):
        return None
    for other in reversed(kept[-4:]):
        if other.attribution.channel not in _PUBLISHED:
            continue
        same = other.sentence.start == draft.sentence.start and _spans(other) == _spans(draft)
        inside = other.content is not None and (
            other.content.start <= draft.cue.start < other.content.end
        )
        if same and inside:
            return other
    return None


def _split_coordinated(context: _Article, drafts: list[_Draft]) -> None:
    """End a claim's content before "and said ...", a second cue of the same sources."""
    for first, second in pairwise(drafts):
        content, cue = first.content, second.cue
        if content is None or cue is None or _spans(first) != _spans(second):
            continue
        if not content.start < cue.start < content.end:
            continue
        head = context.text[content.start : cue.start]
        joined = re.search(r",?\s+and\s+(?:\w+\s+)?$|\s*,\s*$", head)
        if joined is not None and joined.start() > 0:
            first.content = _span(context.text, content.start, content.start + joined.start())
            first.quotes = _quotes(context, first.content)


def _spans(draft: _Draft) -> list[tuple[int, int]]:
    return [(source.start, source.end) for source in draft.attribution.sources]


def _absorb(context: _Article, host: _Draft, draft: _Draft) -> None:
    if draft.content is not None:
        spans = [span for span in (host.content, draft.content) if span is not None]
        start, end = min(span.start for span in spans), max(span.end for span in spans)
        host.content = _span(context.text, start, end)
        host.quotes = _quotes(context, host.content)
    if host.date is None:
        host.date = draft.date
    if not host.link.url and not host.link.placeholder:
        host.link = draft.link


def _continue_claim(draft: _Draft, antecedent: _Draft) -> None:
    own = draft.attribution.sources[0]
    draft.attribution = replace(
        antecedent.attribution,
        sources=[
            replace(source, start=own.start, end=own.end)
            for source in antecedent.attribution.sources[:1]
        ],
        anaphor=True,
    )
    draft.antecedent = antecedent
    if antecedent.date is None and draft.date is not None:
        antecedent.date = draft.date
    if draft.date is None:
        draft.date = antecedent.date
    if not draft.link.url and not draft.link.placeholder:
        draft.link = antecedent.link


def _nest(drafts: list[_Draft]) -> None:
    for index, draft in enumerate(drafts):
        containers = _containers(drafts, index)
        if containers:
            draft.parent = min(containers, key=lambda other: _length(other.content))
        elif draft.antecedent is not None and not draft.attribution.anaphor:
            draft.parent = draft.antecedent
    for draft in drafts:
        if _in_cycle(draft):
            draft.parent = None  # claims inside each other's content: the first found is a root


def _in_cycle(draft: _Draft) -> bool:
    """Whether following parents from `draft` comes back to it."""
    seen: set[int] = set()
    parent = draft.parent
    while parent is not None and id(parent) not in seen:
        if parent is draft:
            return True
        seen.add(id(parent))
        parent = parent.parent
    return False


def _containers(drafts: list[_Draft], index: int) -> list[_Draft]:
    """The nearby drafts whose content holds the attribution of `drafts[index]` (in order)."""
    inner = drafts[index]
    if inner.cue is None:
        return []
    start = min([inner.cue.start, *(source.start for source in inner.attribution.sources)])
    end = inner.cue.end
    nearby = drafts[max(0, index - 8) : index + 8]
    return [
        other for other in nearby if other is not inner and _contains(other.content, start, end)
    ]


def _contains(content: Span | None, start: int, end: int) -> bool:
    return content is not None and content.start <= start and end <= content.end


def _length(span: Span | None) -> int:
    return span.end - span.start if span else 0


def text_key(text: str) -> str:
    """The article part of claim ids: a hash of the text, so that the same article
    read from another path (or a copy) gives the same ids, and two articles never
    share one."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _claim(draft: _Draft, article: str, key: str) -> Claim:
    attribution = draft.attribution
    return Claim(
        id=stable_id(key, draft.id),
        article=article,
        sentence=draft.sentence,
        sources=attribution.sources,
        channel=attribution.channel,
        platform=attribution.platform,
        cue=draft.cue,
        content=draft.content,
        quotes=draft.quotes,
        date=draft.date,
        link=draft.link,
        parent=stable_id(key, draft.parent.id) if draft.parent else None,
        checkable=attribution.checkable and bool(attribution.sources),
    )


# --- the tagger's spans with the rules' claims ----------------------------------------


def _with_tagger(context: _Article, drafts: list[_Draft]) -> list[_Draft]:
    """Combine the tagger's spans with the rules' claims (docs/decisions.md).

    Every rule claim stays; when the tagger tagged its cue too, the claim takes
    the tagger's source boundaries (a source with its appositive, "The senator,
    who faces a tough race,"). A cue the tagger found where the rules found
    none becomes a claim of its own, its source and content the nearest tagged
    ones of the sentence, when it has both, when its cue holds no reporting
    verb of the lexicon (such verbs the rules judged in context: "declined to
    comment", "continued to campaign"), when its source is not a document
    ("The plan listed three goals") and when it is not a follow-on sentence
    the rules merged into an earlier claim.
    """
    by_sentence: dict[int, list[_Draft]] = {}
    for draft in drafts:
        by_sentence.setdefault(draft.sentence.start, []).append(draft)
    merged = [
        (draft.sentence.end, draft.content.end)
        for draft in drafts
        if draft.content is not None
        and draft.content.start < draft.sentence.end < draft.content.end
    ]  # claims the rules ran on over follow-on sentences (rare)
    added: list[_Draft] = []
    sentences = _sentences(context, drafts)
    for (tokens, _, _), sentence, spans in zip(
        sentences, context.sentences, tag_sentences(sentences), strict=True
    ):
        cues = [(first, last) for role, first, last in spans if role == "cue"]
        sources = [(first, last) for role, first, last in spans if role == "source"]
        contents = [(first, last) for role, first, last in spans if role == "content"]
        used: set[tuple[int, int]] = set()
        for draft in by_sentence.get(sentence.start, []):
            match = _tagged_cue(tokens, cues, draft.cue)
            if match is not None:
                used.add(match)
                _adopt_source(tokens, draft, _nearest_source(match, sources))
        for cue in cues:
            start = tokens[cue[0]].start
            if cue in used or any(begin <= start < end for begin, end in merged):
                continue
            if _known_cue(_token_span(context, tokens, *cue)):
                continue
            draft = _tagged_draft(context, sentence, tokens, cue, sources, contents)
            if draft.content and _speaker(draft.attribution):
                added.append(draft)
    if not added:
        return drafts
    kept = sorted(
        [*drafts, *added],
        key=lambda draft: (draft.sentence.start, draft.cue.start if draft.cue else 0),
    )
    _place_tagged(kept, added)
    return kept


def _place_tagged(drafts: list[_Draft], added: list[_Draft]) -> None:
    """Resolve the pronouns of the tagger's own claims and nest them (the rules' claims
    keep the antecedents and parents the rules gave them)."""
    new = {id(draft) for draft in added}
    for index, draft in enumerate(drafts):
        if id(draft) not in new:
            continue
        if draft.attribution.anaphor:
            antecedent = _antecedent(drafts[:index], draft, set())
            if antecedent is not None:
                _continue_claim(draft, antecedent)
        containers = _containers(drafts, index)
        if containers:
            draft.parent = min(containers, key=lambda other: _length(other.content))


def _speaker(attribution: Attribution) -> bool:
    """Whether a tagged source can be the source of a cue the rules do not know: a
    person, group or organisation, not a document ("The plan listed three goals")."""
    kinds = {source.kind for source in attribution.sources}
    return bool(kinds) and "document" not in kinds


def _known_cue(cue: Span) -> bool:
    """Whether a cue holds a reporting verb of the lexicon: the rules judged it in context."""
    return any(word in CUE_VERBS for word in cue.text.lower().replace("’", "'").split())


def _tagged_cue(
    tokens: list[Token], cues: list[tuple[int, int]], cue: Span | None
) -> tuple[int, int] | None:
    if cue is None:
        return None
    for first, last in cues:
        if tokens[first].start < cue.end and cue.start < tokens[last].end:
            return first, last
    return None


def _token_span(context: _Article, tokens: list[Token], first: int, last: int) -> Span:
    return _span(context.text, tokens[first].start, tokens[last].end)


def _nearest_source(cue: tuple[int, int], sources: list[tuple[int, int]]) -> tuple[int, int] | None:
    best, distance = None, 1_000_000.0
    for first, last in sources:
        gap = cue[0] - last if last < cue[0] else first - cue[1] + 0.5
        if 0 < gap < distance:
            best, distance = (first, last), gap
    return best


def _nearest_content(
    cue: tuple[int, int], source: tuple[int, int] | None, contents: list[tuple[int, int]]
) -> tuple[int, int] | None:
    end = max(cue[1], source[1]) if source else cue[1]
    start = min(cue[0], source[0]) if source else cue[0]
    best, distance = None, 1_000_000.0
    for first, last in contents:
        gap = first - end if first > end else (start - last + 0.5 if last < start else 0.25)
        if gap < distance:
            best, distance = (first, last), gap
    return best


def _adopt_source(tokens: list[Token], draft: _Draft, source: tuple[int, int] | None) -> None:
    """Give a rule claim's one source the tagger's boundaries."""
    if source is not None and len(draft.attribution.sources) == 1:
        start, end = tokens[source[0]].start, tokens[source[1]].end
        draft.attribution.sources[0] = replace(draft.attribution.sources[0], start=start, end=end)


def _tagged_draft(
    context: _Article,
    sentence: Span,
    tokens: list[Token],
    cue: tuple[int, int],
    sources: list[tuple[int, int]],
    contents: list[tuple[int, int]],
) -> _Draft:
    cue_span = _token_span(context, tokens, *cue)
    source = _nearest_source(cue, sources)
    attribution, phrase, subject = Attribution([], "unknown", None, False), "", None
    if source is not None:
        span = _token_span(context, tokens, *source)
        phrase, subject = span.text, (span.start, span.end)
        attribution = classify_source(phrase, span.start, context.registry)
        if len(attribution.sources) == 1:
            attribution.sources[0] = replace(attribution.sources[0], start=span.start, end=span.end)
        attribution.anaphor = is_anaphor(phrase)
    content_tokens = _nearest_content(cue, source, contents)
    content = _token_span(context, tokens, *content_tokens) if content_tokens else None
    region = _region(subject, cue_span, content)
    draft = _Draft(sentence, attribution, cue_span, content, region, phrase=phrase, kind="tagged")
    return _finish(context, draft)
