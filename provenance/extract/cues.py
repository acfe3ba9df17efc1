"""Attribution cues in a sentence and the subject phrase each one belongs to.

A cue is a reporting verb in any tense or voice ("said", "has warned",
"elaborated", "quoted ... stating"), "according to", "as X noted", a verb of
any kind after a subject that is plainly a source ("Eurasia Review (link) on
October 10, 2025, discusses"), a speaker label ("PENCE: ...") or a dash that
attributes a quote ("“...” ― Sonya Herridge"). `find_cues` returns, for each
cue, the span of its subject phrase (before or after the verb) and whether the
content lies after or before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from provenance.extract.lexicon import (
    ARTICLE_NOUNS,
    AUXILIARIES,
    CUE_VERBS,
    DOCUMENT_NOUNS,
    GROUP_NOUNS,
    SPEECH_VERBS,
    STANCE_VERBS,
    TITLES,
    words,
)
from provenance.extract.sources import can_speak
from provenance.extract.tokens import Token
from provenance.extract.venues import platform_named

__all__ = ["Cue", "find_cues"]

_BOUNDARY_WORDS = words(
    """that which who whom whose because but while as when if since although though so where
    after before whereas until unless than what how why whether or nor yet and"""
)
_NP_JOINERS = words("of at for from on in with like by to and & such as including")
_LEADING_JUNK = words(
    """but and yet however meanwhile still so finally indeed now also instead conversely then
    thus moreover furthermore later earlier recently previously separately worse better
    first second today yesterday again"""
)
_DETERMINERS = words("a an the this these those his her its their our my your one another")
_PARENTHETICAL_OPENERS = words(
    """in on at dated published posted speaking writing who which according during after before
    from citing quoting for with as under"""
)
_NOUN_LIKE = words(
    """report reports post posts call calls claim claims question questions charge charges
    attack attacks issue issues comment comments tweet tweets quote quotes note notes hope
    hopes fear fears want wants doubt doubts demand demands promise promises pledge pledges
    estimate estimates forecast forecasts outline detail details document documents
    reference references point points show shows signal signals answer answers reply release
    statement review study find finds dispute disputes concern concerns praise echo echoes
    counter brief share shares rule rules issue joke jokes label labels remarks support
    supports plan plans champion champions trust trusts favor favors favour favours love
    loves hate hates fear wish wishes view views advocate advocates lobby welcome welcomes
    decline declines endorsement rail rails fault faults talk talks speech plea pleas
    defense defence promotion blame blames mock mocks consider"""
)
_VERB_CONTEXT_NEXT = words(
    """that the a an his her their its this these it he she they we how why what whether to i
    you our my him them us more"""
)
_MODIFIERS = words(
    "quoted cited published posted written issued mentioned released shared described dated"
)
_MODIFIER_NEXT = words("in by on at as from to")
_PARTICIPLES = words(
    """saying adding arguing citing claiming noting warning writing explaining insisting
    stating telling asking suggesting promising calling declaring"""
)
_PARTICIPLE_VERBS = SPEECH_VERBS | words(
    """emphasize emphasise highlight underscore reference speak talk sing chant shout recite
    encourage paint portray urge demand suggest point"""
)
_PREPOSITIONS = words("to in on at of for with by from about into over under between against among")
_INVERTING = SPEECH_VERBS | words("observe remark quip joke")  # "..., reported Reuters"
_NAME_BLOCKERS = words("the a an his her its their our this that these those new own same")
_NAME_PRONOUNS = words("he she they we i")
_BROAD_VERB = re.compile(r"^[a-z]{3,}(?:s|ed|ing)$")
_BROAD_STOP = words(
    """is was has does its this thus less us yes plus across always perhaps news was series
    species status analysis basis crisis process access success business focus bus gas ideas
    models firms rivals efforts offerings sectors systems tools states laws times years days
    weeks months hours users posts others during morning evening nothing something anything
    everything"""
)


_NOUN_ENDINGS = (
    "ions", "ics", "ss", "us", "is", "ness", "ings", "ments", "ities", "ships", "ances",
    "ences", "ists", "ers", "ors", "ants", "ents", "als",
)  # fmt: skip
_BROAD_KEEP = words("uncovers covers answers considers offers delivers")


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue found in a sentence: token indices of the cue and of its subject."""

    first: int  # first token of the cue (auxiliaries included)
    last: int  # last token of the cue
    subject: tuple[int, int] | None  # token range [start, end) of the source phrase
    content_after: bool  # the content follows the cue (else it precedes the subject)
    kind: str = "verb"  # verb | stance | according | as | broad | passive | opening | noun
    appositive_end: int | None = None  # end token of an appositive after the subject
    pronoun: int | None = None  # "Trump, who says": the relative pronoun standing for the subject


def find_cues(tokens: list[Token]) -> list[Cue]:
    """Return the cues of one sentence, in order."""
    cues: list[Cue] = []
    taken: set[int] = set()
    for index, token in enumerate(tokens):
        if index in taken or token.in_quote or token.in_date or not token.is_word:
            continue
        cue = _cue_at(tokens, index)
        if cue is not None and cue.kind == "broad" and _inside_earlier(cue, cues):
            cue = None
        trailing = token.text.endswith("ing") and _previous(tokens, index) == ","
        if (cue is None or trailing) and cues and token.text in CUE_VERBS:
            verbal = [cue for cue in cues if _shares_subject(tokens, cue)]
            continued = _continued_cue(tokens, index, verbal[-1]) if verbal else None
            cue = continued or cue  # "McConnell said in June, citing": McConnell's
        if cue is not None:
            cues.append(cue)
            taken.update(range(cue.first, cue.last + 1))
    return cues


def _cue_at(tokens: list[Token], index: int) -> Cue | None:
    token = tokens[index]
    if token.lower == "according" and _next(tokens, index) == "to":
        return _according(tokens, index)
    if index == 0 and token.capitalised and _participle(token._replace(text=token.lower)):
        return _opening_participle(tokens)
    if token.lower in _CLAIM_NOUNS and _next(tokens, index) == "that":
        noun = _noun_cue(tokens, index)
        if noun is not None:
            return noun
    if token.lower in ("put", "puts") and _next(tokens, index) == "it":
        return _put_it(tokens, index)
    if token.text in CUE_VERBS:
        return _verb_cue(tokens, index) if _is_verb(tokens, index) else None
    if token.text.endswith("ing") and _broad_verb(token.text):
        return _broad_cue(tokens, index)  # "a policy proposal linking X to Y: ‘...’"
    if (_broad_verb(token.text) or _finite(token)) and _colon_quote(tokens, index) is not None:
        return _colon_cue(tokens, index)  # "NAME summed up the mood: “...”"
    return None


_COLON_STOP = words("that which who because but and or if when while")


def _colon_quote(tokens: list[Token], index: int) -> int | None:
    """The colon that ends a verb's short predicate and opens a quote ("summed up the
    mood: “...”", "put it bluntly: “...”"): its index, or None."""
    for position in range(index + 1, min(index + 8, len(tokens) - 1)):
        token = tokens[position]
        if token.text == ":":
            return position if tokens[position + 1].text in '“"‘' else None
        if not token.is_word or token.in_quote or token.lower in _COLON_STOP:
            return None
    return None


def _colon_cue(tokens: list[Token], index: int) -> Cue | None:
    """Any verb whose predicate ends in a colon and a quote reports that quote, when
    its subject is plainly someone (a name, a handle, a post by someone)."""
    if index == 0 or _previous(tokens, index) in _NOT_VERB_AFTER | _PREPOSITIONS:
        return None
    colon = _colon_quote(tokens, index)
    subject = _subject_before(tokens, index)
    if colon is None or subject is None:
        return None
    words = tokens[subject[0] : subject[1]]
    if not any(token.capitalised or token.text.startswith("@") for token in words):
        return None
    return Cue(index, colon - 1, subject, True)


_CLAIM_NOUNS = words(
    """claim claims assertion assertions contention allegation allegations argument insistence
    suggestion statement warning promise pledge prediction remark remarks comment comments
    charge accusation accusations"""
)
_POSSESSIVE_PRONOUNS = words("his her their its")


def _noun_cue(tokens: list[Token], index: int) -> Cue | None:
    """ "Trump’s claim that ...", "his assertion that ...", "Tulsa police’s earlier claim
    that ...": a speech noun whose owner is the source and whose "that" clause the content."""
    if not _that_clause(tokens, index + 1):
        return None
    owner = index - 1
    if owner > 0 and _modifier_word(tokens[owner]):
        owner -= 1  # one modifier: "earlier", "repeated", "false"
    if owner < 0 or tokens[owner].in_quote:
        return None
    word = tokens[owner].lower
    if word in _POSSESSIVE_PRONOUNS:
        return Cue(index, index, (owner, owner + 1), True, "noun")
    if not _possessive(word):
        return None
    start = owner
    while start > max(0, owner - 3) and _owner_name(tokens[start - 1]):
        start -= 1  # "Donald Trump’s", "Tulsa police’s"; not "In Trump’s"
    return Cue(index, index, (start, owner + 1), True, "noun")


_TIME_NOUNS = words("day night evening morning afternoon week month year time weekend")


def _that_clause(tokens: list[Token], that: int) -> bool:
    """Whether "that" opens what was claimed ("claim that the vote was rigged"), not a
    time ("his remarks that evening") or a relative clause ("comments that drew fire")."""
    if that + 2 >= len(tokens):
        return False
    following = tokens[that + 1]
    return following.lower not in _TIME_NOUNS and not _finite(following)


def _owner_name(token: Token) -> bool:
    word = token.lower
    opener = word in _OPENING_PREPOSITIONS or word in _LEADING_JUNK or word in _BOUNDARY_WORDS
    return token.is_word and token.capitalised and not opener


def _modifier_word(token: Token) -> bool:
    word = token.lower
    owner = _possessive(word) or word in _POSSESSIVE_PRONOUNS
    return token.is_word and not token.capitalised and not owner


_ANSWERS = words("respond reply comment return answer")
_WITHHELD = words("comment elaborate say discuss answer respond speculate confirm be")
_NEGATIONS = words("not n't never")


def _no_comment(tokens: list[Token], first: int, index: int) -> bool:
    """Whether a cue says that someone said nothing: "did not immediately respond", "has
    not returned calls", "declined to comment", "refused to say whether"."""
    verb = CUE_VERBS.get(tokens[index].text, "")
    if verb in _ANSWERS:
        return any(token.lower in _NEGATIONS for token in tokens[first:index])
    if verb in ("decline", "refuse") and _next(tokens, index) == "to":
        return _next(tokens, index + 1) in _WITHHELD
    return False


def _owner_only(tokens: list[Token], subject: tuple[int, int]) -> bool:
    return subject[1] - subject[0] == 1 and tokens[subject[0]].lower in _POSSESSIVE_PRONOUNS


def _put_it(tokens: list[Token], index: int) -> Cue | None:
    """ "as a Homeland Security memo put it", "As Ms. Simonyan put it in a statement, ..." """
    if _next(tokens, index + 1) in _PUT_PARTICLES:
        return None  # "As the company put it up for sale"
    subject = _subject_before(tokens, index)
    if subject is None or subject[0] == 0 or tokens[subject[0] - 1].lower != "as":
        return None
    leading = subject[0] == 1
    if leading and index + 2 >= len(tokens) - 1:
        return None  # "As he put it.": nothing said
    return Cue(index, index + 1, subject, leading, "as")


_PUT_PARTICLES = words("up into down back off out away aside together forward through over under")


def _opening_participle(tokens: list[Token]) -> Cue | None:
    """ "Citing a theory, Trump said ...": the participle's subject follows its clause."""
    for index in range(1, min(len(tokens) - 1, 30)):
        token = tokens[index]
        if token.text in ";:.!?" or token.in_quote:
            return None
        if token.text == "," and not _date_comma(tokens, index):
            subject = _subject_after(tokens, index + 1)
            return Cue(0, 0, subject, True, "opening", appositive_end=index) if subject else None
    return None


def _inside_earlier(cue: Cue, cues: list[Cue]) -> bool:
    """Whether a broad cue's subject reaches back over an earlier cue: then the word is
    part of what that cue reports ("Reuters reported that prices rose": no cue "prices")."""
    return bool(cues) and cue.subject is not None and cue.subject[0] <= cues[-1].last


def _broad_verb(word: str) -> bool:
    known = _BROAD_VERBS.get(word)
    if known is None:
        known = (
            _BROAD_VERB.match(word) is not None
            and word not in _BROAD_STOP
            and (word in _BROAD_KEEP or not word.endswith(_NOUN_ENDINGS))
        )
        if len(_BROAD_VERBS) >= 50_000:  # bounded, and kept fresh on a long corpus
            _BROAD_VERBS.clear()
        _BROAD_VERBS[word] = known
    return known


_BROAD_VERBS: dict[str, bool] = {}  # word -> whether it looks like a verb (memo: per token)


def _next(tokens: list[Token], index: int) -> str:
    return tokens[index + 1].lower if index + 1 < len(tokens) else ""


def _previous(tokens: list[Token], index: int) -> str:
    return tokens[index - 1].lower if index > 0 else ""


def _is_verb(tokens: list[Token], index: int) -> bool:
    before, after = _previous(tokens, index), _next(tokens, index)
    if before in _NOT_VERB_AFTER or _possessive(before):
        return False
    word = tokens[index].lower
    if before in ("having", "worth"):
        return False  # "Having said that,", "It is worth noting that": no one is cited
    if word in DOCUMENT_NOUNS and _next_is_cue(tokens, index):
        return False  # "independent analyses agree", "studies show": the noun before the verb
    if before in _PREPOSITIONS and CUE_VERBS[tokens[index].text] == tokens[index].text:
        return before == "to" and _catenative(tokens, index - 1) is not None
    if CUE_VERBS[tokens[index].text] in ("continue", "read"):
        return after in (":", ",", ".", "“", '"') and _previous(tokens, index) != "to"
    if word in ("state", "states", "stated"):
        before_word = tokens[index - 1] if index > 0 else None
        speaker = (
            before_word is not None
            and not before_word.text[0].isdigit()
            and before_word.lower not in _COUNTS
            and can_speak(before_word.text)
        )  # "the article states," but not "two states, Ohio and Iowa,"
        return after in ("that", ":") or before in AUXILIARIES or (after == "," and speaker)
    if word in _NOUN_LIKE and before.endswith("ing") and len(before) > 4:
        return False  # "prompting calls for", "raising questions": the object of a verb
    if word in _NOUN_LIKE and index > 0 and platform_named(f"{tokens[index - 1].text} {word}"):
        return False  # "a Threads post by", "an X thread": the platform's post, a noun
    if _credit_or_label(word, before, after):
        return False
    if word in _AMBIGUOUS_NOUNS:
        return _verb_not_noun(tokens, index)
    if CUE_VERBS[tokens[index].text] in ("appear", "seem"):
        return after == "that" or (after == "to" and _next(tokens, index + 1) != "be")
    if CUE_VERBS[tokens[index].text] in ("speak", "talk"):
        return _reports_speech(tokens, index)
    if word in _MODIFIERS and _modifier_next(tokens, index) and before not in AUXILIARIES:
        return before in ("", ",") or _finite_post(tokens, index)
    if word in _NOUN_LIKE:
        if before in ("also", "he", "she", "it", "they", "who", "which"):
            return True  # "It also points out", "he reports"
        if _plural_subject(tokens, index):
            return True  # "Democrats want", "Polling averages show"
        if after == ",":
            return any(token.lower == "as" for token in tokens[max(0, index - 6) : index])
        if after in (".", "!", "?") and index + 2 >= len(tokens):
            named = index > 0 and tokens[index - 1].capitalised  # "..., The Journal reports."
            return named and not tokens[index - 1].text[0].isdigit()  # not "2.1 points."
        return (
            after in _VERB_CONTEXT_NEXT
            or after == ":"
            or (index + 1 < len(tokens) and tokens[index + 1].capitalised)
        )
    return True


_AMBIGUOUS_NOUNS = words("rule rules ruling plan plans support supports call calls")
_NOUN_MARKERS = words("latest recent new no every each basic")  # "no question", "every question"
_NOT_VERB_AFTER = _DETERMINERS | _NOUN_MARKERS
_COUNTS = words("two three four five six seven eight nine ten several many both all")
_SPEECH_MARKERS = words("""about of out against that : “ " ‘""")


def _credit_or_label(word: str, before: str, after: str) -> bool:
    """A byline credit ("Additional reporting by", "reported from Midway Atoll",
    "contributed reporting") or a label ("a group known as Fancy Bear"), not a cue."""
    if word == "reporting" and (after in ("by", "from") or before in ("additional", "contributed")):
        return True
    return (word == "reported" and after == "from") or (word == "known" and after == "as")


def _verb_not_noun(tokens: list[Token], index: int) -> bool:
    """Whether "support", "plans", "ruling" is a verb here ("1 percent support the Green
    Party") and not a noun ("Republican support was", "the McKinley plan")."""
    before, after = tokens[index - 1] if index else None, _next(tokens, index)
    if before is not None and (
        before.lower in _NAME_BLOCKERS | _PREPOSITIONS or _possessive(before.lower)
    ):
        return False
    if before is not None and _finite(before) and before.lower not in _CLAUSE_VERBS:
        return False  # "He enacted rules to cut", "unveiled plans to": the object of a verb
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    named = following is not None and following.capitalised
    return after in _VERB_CONTEXT_NEXT or after in ("against", ":") or named


def _reports_speech(tokens: list[Token], index: int) -> bool:
    """Whether "spoke" has reported content ("spoke of", "spoke out against", "spoke: ...")
    and is not just an appearance ("spoke to reporters Friday", "spoke at a rally")."""
    return any(token.lower in _SPEECH_MARKERS for token in tokens[index + 1 : index + 4])


def _plural_subject(tokens: list[Token], index: int) -> bool:
    """Whether a plain verb form follows a plural subject ("Democrats want", "they plan")."""
    word = tokens[index].lower
    if word.endswith("s") or index == 0 or CUE_VERBS.get(tokens[index].text) != word:
        return False
    before = tokens[index - 1]
    if before.lower in ("they", "we", "i", "you"):
        return True
    plural = before.lower.endswith("s") and not before.lower.endswith(("ss", "us", "is", "'s"))
    return plural and before.is_word and before.lower not in AUXILIARIES


def _finite_post(tokens: list[Token], index: int) -> bool:
    """ "The Teamsters posted on Facebook that ...": a verb, not the participle of "a video
    posted on YouTube shows": after a name, or with no other verb before the clause ends."""
    before = tokens[index - 1]
    named = before.is_word and before.capitalised and index > 1
    if named and tokens[index - 2].text != "," and tokens[index - 2].lower not in _DETERMINERS:
        return True
    for token in tokens[index + 1 :]:
        if token.in_quote or token.lower == "that" or token.text in ":;":
            return True
        if token.text in CUE_VERBS and not token.in_date:
            return False
    return True


def _modifier_next(tokens: list[Token], index: int) -> bool:
    return _next(tokens, index) in _MODIFIER_NEXT or (
        index + 1 < len(tokens) and tokens[index + 1].in_date
    )


def _according(tokens: list[Token], index: int) -> Cue | None:
    start = index + 2
    end = start
    while end < len(tokens) and _np_token(tokens, end, forward=True):
        end += 1
    if end == start:
        return None
    content_after = index == 0 or _previous(tokens, index) in ("", "but", "and", "yet", "however")
    return Cue(index, index + 1, (start, end), content_after, "according")


def _verb_cue(tokens: list[Token], index: int) -> Cue | None:
    if _adds_a_thing(tokens, index):
        return None  # "Manufacturing added 12,000 jobs", "the firm added a shift"
    first = _auxiliaries_start(tokens, index)
    if _previous(tokens, first) == "to":
        catenative = _catenative(tokens, first - 1)
        first = first if catenative is None else catenative
    if _passive(tokens, first, index):
        return _passive_cue(tokens, first, index)
    last = _particle_end(tokens, index)
    if _previous(tokens, first) in ("by", ",") and tokens[index].text.endswith("ing"):
        subject = _clause_subject(tokens, first)  # "She started off by saying", ", saying"
        if subject is None and _previous(tokens, first) == ",":
            subject = _subject_before(tokens, first)
    elif _participle(tokens[index]) and _published_before(tokens, first) and first > 2:
        main = _main_subject(tokens, first)
        published = main is not None and _publishes(tokens, main[1], first)
        subject = main if published else _subject_before(tokens, first)
    else:
        subject = _subject_before(tokens, first) or _clause_subject(tokens, first)
    if subject is not None and _naming(tokens, index, subject):
        return None
    if _no_comment(tokens, first, index):
        return None  # "did not respond to requests for comment", "declined to comment"
    if subject is not None and _owner_only(tokens, subject):
        return None  # "his recently revealed strategies": a modifier, not a verb
    if subject is not None:
        cue = _as_cue(tokens, first, last, subject)
        kind, content_after = cue.kind, cue.content_after
        if CUE_VERBS[tokens[index].text] in STANCE_VERBS and kind == "verb":
            kind, content_after = "stance", True
        appositive = _appositive_before(tokens, subject, first)
        return Cue(first, last, subject, content_after, kind, appositive, _relative(tokens, first))
    if _participle(tokens[index]) and _previous(tokens, index) == ",":
        opening = _subject_after(tokens, _main_clause(tokens, first))
        return Cue(first, last, opening, True) if opening else None
    inverting = CUE_VERBS[tokens[index].text] in _INVERTING and not tokens[index].text.endswith(
        "ing"
    )
    if inverting and _inverted_context(tokens, first):
        after = _subject_after(tokens, last + 1)
        if after is not None and _clause_ends(tokens, after[1]):
            return Cue(first, last, after, False, appositive_end=_appositive_end(tokens, after[1]))
        if after is not None:
            return Cue(first, last, None, True)  # "..., said the event brought": no subject here
    return None


_OBJECT_START = words("a an another the its their his her our some more nearly about almost new")


def _adds_a_thing(tokens: list[Token], index: int) -> bool:
    """Whether "add" has an object (a number, or a determiner's noun phrase) and no words
    reported after it: no quote, colon or "that" within the next few words."""
    if CUE_VERBS[tokens[index].text] != "add" or index + 1 >= len(tokens) or index == 0:
        return False
    if not tokens[index - 1].is_word or tokens[index - 1].in_quote:
        return False  # "“...,” added the minister": the subject follows
    following = tokens[index + 1 : index + 7]
    if not (following[0].lower[0].isdigit() or following[0].lower in _OBJECT_START):
        return False
    return not any(t.in_quote or t.text == ":" or t.lower == "that" for t in following)


def _clause_ends(tokens: list[Token], end: int) -> bool:
    """Whether an inverted subject closes its clause ("..., said Mr. Burman (a view ...)",
    "..., said an official speaking on condition of anonymity") and is not the subject of
    a clause of its own, followed by its verb ("..., said the event brought back memories")."""
    return end >= len(tokens) or tokens[end].lower.endswith("ing") or not _finite(tokens[end])


_NAMING_VERBS = words("call dub label term nickname")
_CATENATIVES = words(
    """continue continues continued continuing try tries tried trying attempt attempts attempted
    fail fails failed begin begins began start starts started seem seems seemed appear appears
    appeared tend tends tended need needs needed use used come comes came move moves moved
    rush rushed manage managed struggle struggled dare dared choose chose yet able unable likely
    quick slow eager willing reluctant expected set poised ready going"""
)
_GOING_ON = words("go goes went gone going")
_CLAUSE_VERBS = words("is was are were has have had will would could can may might did does do")
_MODALS = words("will would could can may might should must shall")


def _catenative(tokens: list[Token], to: int) -> int | None:
    """The first token of "continued to", "went on to", "had to", "has yet to" before an
    infinitive (at `to`), or None when the "to" is no such verb's ("a chance to say")."""
    if to < 1:
        return None
    word = tokens[to - 1].lower
    if word == "on" and to > 1 and tokens[to - 2].lower in _GOING_ON:
        return _auxiliaries_start(tokens, to - 2)
    if word in _CATENATIVES or (word in ("had", "has", "have") and to > 1):
        return _auxiliaries_start(tokens, to - 1)
    return None


def _clause_subject(tokens: list[Token], first: int) -> tuple[int, int] | None:
    """The subject of the sentence's main clause, for a verb coordinated with its verb
    ("A reporter spotted Stein and reported her presence", "Trump agreed, but also
    contended") or a participle after it ("She started off by emphasizing", "Trump
    attacked Clinton, saying")."""
    before = _previous(tokens, first)
    gerund = before in ("by", ",") and tokens[first].text.endswith("ing")
    if not (before in ("and", "but", "yet") or gerund) or first < 3:
        return None
    return _main_subject(tokens, first)


_PUBLISHED_NOUNS = (
    DOCUMENT_NOUNS | ARTICLE_NOUNS | words("tweets posts videos ad ads message messages statements")
)


def _published_before(tokens: list[Token], first: int) -> bool:
    """Whether a participle follows what someone published: "Trump unleashed a series of
    tweets early Friday saying", "the Council issued a statement calling" (then the
    source is whoever published it, the main clause's subject)."""
    index = _skip_when(tokens, first - 1)
    on = index > 1 and tokens[index - 1].lower in ("on", "to", "via")
    posted = on and platform_named(f"{tokens[index - 1].text} {tokens[index].text}") is not None
    if posted:
        index = _skip_when(tokens, index - 2)  # "a reel on Instagram on Monday saying"
    if index < 0 or not (posted or tokens[index].lower in _PUBLISHED_NOUNS):
        return False
    owner = index - 1  # "a Donald Trump tweet attacking": the tweet names its author
    while owner >= 0 and tokens[owner].is_word and tokens[owner].lower not in _DETERMINERS:
        platform = platform_named(f"{tokens[owner].text} {tokens[index].lower}") is not None
        if (tokens[owner].capitalised and not platform) or _possessive(tokens[owner].lower):
            return False  # (but "a Facebook post claiming" names where it was posted)
        owner -= 1
    return True


def _skip_when(tokens: list[Token], index: int) -> int:
    while index > 0 and (tokens[index].in_date or tokens[index].lower in _WHEN_WORDS):
        index -= 1
    return index


_PUBLISHING = words(
    """issued issues issue posted posts post released releases release published publishes
    sent sends send tweeted tweets unleashed unleashes fired shared shares wrote writes
    penned pens put puts ran runs aired airs distributed circulated delivered filed files"""
)


def _publishes(tokens: list[Token], start: int, stop: int) -> bool:
    """Whether the main clause's verb publishes what the participle follows ("Trump
    unleashed a series of tweets saying"), not reads or receives it ("She read a report
    saying")."""
    return any(token.lower in _PUBLISHING for token in tokens[start:stop])


_WHEN_WORDS = words("early late earlier later overnight today yesterday this last on")


def _main_subject(tokens: list[Token], first: int) -> tuple[int, int] | None:
    """The subject of the main clause before `first`: the words up to its first verb."""
    start = _main_clause(tokens, first)
    for verb in range(start + 1, min(first - 1, start + 12)):
        token = tokens[verb]
        if token.in_quote or token.text in ',;:()“”"':
            return None
        if _finite(token):
            end = _auxiliaries_start(tokens, verb)
            return (start, end) if end > start else None
    return None


_OPENING_PREPOSITIONS = words("in on at during after before since under with for from by despite")


def _main_clause(tokens: list[Token], stop: int) -> int:
    """Where the main clause starts: after "However," or "In 1986," (before `stop`)."""
    if len(tokens) > 2 and tokens[0].lower in _LEADING_JUNK and tokens[1].text == ",":
        return 2
    first = tokens[0].lower if tokens else ""
    if first in _OPENING_PREPOSITIONS or first.endswith(("ed", "ing")):  # "Chastened by it,"
        for index in range(1, min(stop, 15)):
            if tokens[index].text == "," and not _date_comma(tokens, index):
                return index + 1
            if tokens[index].in_quote or tokens[index].text in ";:":
                break
    return 0


def _finite(token: Token) -> bool:
    """Whether a word after a subject looks like its verb ("spotted", "says", "has")."""
    word = token.lower
    if not token.is_word or token.capitalised:
        return False
    return (
        word in _CLAUSE_VERBS
        or word in _IRREGULAR_PAST
        or token.text in CUE_VERBS
        or (len(word) > 4 and word.endswith("ed"))
    )


_IRREGULAR_PAST = words(
    """began went came took made gave got left stood ran spent kept held brought became sat
    won lost met sent fought"""
)


def _naming(tokens: list[Token], index: int, subject: tuple[int, int]) -> bool:
    """Whether a verb names rather than reports: "condemned what he called a breach",
    "a group called Lashkar-e-Taiba", "she called into a radio show"."""
    if CUE_VERBS[tokens[index].text] not in _NAMING_VERBS:
        return False
    if subject[0] > 0 and tokens[subject[0] - 1].lower == "what":
        return True
    return _next(tokens, index) in ("into", "in")


def _relative(tokens: list[Token], first: int) -> int | None:
    """The token of "who" in "Trump, who says" (the source as the sentence writes it)."""
    end = _skip_back(tokens, first)
    return end - 1 if end > 0 and tokens[end - 1].lower in ("who", "which") else None


def _appositive_end(tokens: list[Token], end: int) -> int | None:
    """The end of ", the assistant leader of the caucus" closing a sentence after a subject."""
    if end + 1 >= len(tokens) or tokens[end].text != ",":
        return None
    stop = end + 1
    while (
        stop < len(tokens) and tokens[stop].text not in ',;:.!?“”"—–' and not tokens[stop].in_quote
    ):
        stop += 1
    if stop - end > 25 or stop == end + 1 or tokens[stop - 1].in_quote:
        return None
    closing = stop >= len(tokens) - 1 or tokens[stop].text in ".!?"
    verb = tokens[end + 1].lower in AUXILIARIES  # "Prices, said Baker, will rise."
    return stop if closing and not verb and not _clause_start(tokens[end + 1]) else None


def _appositive_before(tokens: list[Token], subject: tuple[int, int], first: int) -> int | None:
    """The end of "Brian Fallon, the campaign’s press secretary," before the cue."""
    end = _skip_back(tokens, first)
    if not (subject[1] < end - 1 and tokens[subject[1]].text == "," == tokens[end - 1].text):
        return None
    inside = tokens[subject[1] + 1 : end - 1]
    plain = not any(token.in_date or token.text == "(link)" or _verbal(token) for token in inside)
    return end if plain and inside and not _clause_start(inside[0]) else None


def _verbal(token: Token) -> bool:
    """Whether a word of an appositive looks like a verb (then it is a clause, not a title)."""
    return token.text in CUE_VERBS or (_broad_verb(token.text) and not token.text.endswith("ing"))


def _participle(token: Token) -> bool:
    """Whether a word is the -ing form of a reporting verb (", saying", ", emphasizing")."""
    return token.lower in _PARTICIPLES or (
        token.text.endswith("ing") and CUE_VERBS.get(token.text, "") in _PARTICIPLE_VERBS
    )


def _clause_start(token: Token) -> bool:
    return token.lower in _BOUNDARY_WORDS or _participle(token) or token.in_date


def _shares_subject(tokens: list[Token], cue: Cue) -> bool:
    """Whether a later "and said" may take this cue's subject (a name or pronoun for stances)."""
    if cue.kind == "verb":
        return True
    if cue.kind != "stance" or cue.subject is None:
        return False
    head = tokens[cue.subject[1] - 1]
    return head.capitalised or head.lower in _NAME_PRONOUNS


def _continued_cue(tokens: list[Token], index: int, previous: Cue) -> Cue | None:
    """A second cue sharing the subject of the one before ("said ... and added", ", adding")."""
    if previous.subject is None or not _is_verb(tokens, index):
        return None
    first = _auxiliaries_start(tokens, index)
    before = _previous(tokens, first)
    participle = _participle(tokens[index]) and before == ","
    coordinated = before == "and" or (before == "," and _previous(tokens, first - 1) == "and")
    if not (participle or coordinated) or first <= previous.last:
        return None
    last = _particle_end(tokens, index)
    return Cue(first, last, previous.subject, True, appositive_end=previous.appositive_end)


def _as_cue(tokens: list[Token], first: int, last: int, subject: tuple[int, int]) -> Cue:
    start = subject[0]
    if start > 0 and tokens[start - 1].lower == "as":
        leading = start - 1 == 0 or tokens[start - 2].text in ",;"
        if leading:
            return Cue(first, last, subject, start - 1 == 0, "as")
    return Cue(first, last, subject, True)


def _broad_cue(tokens: list[Token], index: int) -> Cue | None:
    before = _previous(tokens, index)
    if before in _DETERMINERS | _PREPOSITIONS or _possessive(before) or tokens[index].in_quote:
        return None
    if _next(tokens, index) in AUXILIARIES or _next(tokens, index) in (".", ")"):
        return None
    subject = _subject_before(tokens, index)
    if subject is None:
        return None
    return Cue(index, index, subject, True, "broad")


def _auxiliaries_start(tokens: list[Token], index: int) -> int:
    """The first of the auxiliaries and adverbs before a verb ("has steadfastly refused")."""
    first = index
    while first > 0 and not tokens[first - 1].in_quote and _auxiliary(tokens[first - 1]):
        first -= 1
    return first


def _auxiliary(token: Token) -> bool:
    word = token.lower
    if word in AUXILIARIES:
        return True
    return len(word) > 4 and word.endswith("ly") and word == token.text and word not in _NOT_ADVERBS


_NOT_ADVERBS = words("family supply rally reply apply early daily weekly monthly elderly italy")


def _possessive(word: str) -> bool:
    """ "trump's" (a possessive), not "'s" alone ("he’s claiming": a verb)."""
    return len(word) > 2 and word.endswith("'s")


_PARTICLES = {
    "about": words(
        """talk speak ask complain worry brag boast question comment joke write tweet post muse
        speculate testify wonder warn care think"""
    ),
    "of": words("speak accuse warn"),
    "for": words("call advocate plead apologize lobby push press blame criticize praise fault"),
    "against": words("warn rail decide caution speak argue lash"),
    "on": words("call comment"),
    "with": words("agree disagree"),
    "as": words("describe dub label characterize characterise portray"),
    "to": words("point refer"),
    "out": words("point spell lash speak call"),
}


def _particle_end(tokens: list[Token], index: int) -> int:
    """The last token of a verb's particle ("talked about", "called for", "pointed to")."""
    base = CUE_VERBS.get(tokens[index].text, "")
    after = _next(tokens, index)
    if base in _PARTICLES.get(after, ()):
        if after in ("out",) and _next(tokens, index + 1) in _PARTICLE_AFTER_OUT:
            return index + 2  # "spoke out against", "called out for"
        return index + 1
    return index


_PARTICLE_AFTER_OUT = words("against for about on")


def _passive(tokens: list[Token], first: int, index: int) -> bool:
    words = {token.lower for token in tokens[first:index]}
    if first > 0 and tokens[first - 1].lower == "it" and "'s" in words:
        words.add("is")  # "It’s said that": "it is", not "it has"
    participle = tokens[index].text.endswith("ed") or tokens[index].text in _PAST_PARTICIPLES
    return participle and bool(words & {"is", "was", "were", "are", "been", "be", "being"})


_PAST_PARTICIPLES = words("told said written shown known found thought heard seen sent given")


def _passive_cue(tokens: list[Token], first: int, last: int) -> Cue | None:
    if _next(tokens, last) == "by":
        after = _subject_after(tokens, last + 2)
        return Cue(first, last, after, False, "passive") if after else None
    if first > 0 and tokens[first - 1].lower == "it" and _next(tokens, last) == "that":
        return Cue(first, last, None, True, "passive")
    return None


def _inverted_context(tokens: list[Token], first: int) -> bool:
    if first == 0:
        return False
    before = tokens[first - 1]
    return before.text in ",”\"’'—–―" or (before.text == "," and first > 1)


def _subject_after(tokens: list[Token], start: int) -> tuple[int, int] | None:
    end = start
    while end < len(tokens) and end - start < 12 and _np_token(tokens, end, forward=True):
        if end > start and _finite(tokens[end]) and tokens[end - 1].lower not in _DETERMINERS:
            break  # "the court blocked the sale": the subject ends at its verb
        if tokens[end].text == "(" and not _label(tokens, end):
            break  # "Mr. Burman (a view echoed by ...)": an aside, not the name
        end += 1
    return (start, end) if end > start else None


def _label(tokens: list[Token], opening: int) -> bool:
    """Whether "(" opens a short label of a name: "(R-Ga.)", "(D)", "(link)"."""
    return any(token.text == ")" for token in tokens[opening + 1 : opening + 5])


def _subject_before(tokens: list[Token], first: int, depth: int = 0) -> tuple[int, int] | None:
    end = _skip_back(tokens, first)
    if end > 2 and tokens[end - 1].lower in ("whom", "which") and tokens[end - 2].lower == "of":
        return (end - 3, end)  # "families, many of whom say"
    if end > 2 and tokens[end - 1].text.isdigit() and tokens[end - 2].text == ",":
        end -= 2  # "Schiff, 56, who has served ..., told": the name before the age
    if end > 1 and tokens[end - 1].text == ",":
        return _appositive_subject(tokens, end - 1)
    who = end > 0 and tokens[end - 1].lower == "who"
    if end > 0 and tokens[end - 1].lower in ("that", "which", "who"):
        end = _skip_back(tokens, end - 1)
        if end > 1 and tokens[end - 1].text in ",—–(" and tokens[end - 2].is_word:
            end -= 1  # "Trump, who says", "Clinton — who’s called for": the name before
    start = end
    while start > 0 and end - start < 14 and _np_token(tokens, start - 1, forward=False):
        start -= 1
    start = _trim_leading(tokens, start, end)
    end = _trim_trailing(tokens, start, end)
    if end <= start:
        return None
    start = _speaking_tail(tokens, start, end) if who else start
    return _noun_phrase(tokens, start, end, depth) if depth < 3 else (start, end)


_TAIL_JOINERS = words("for to at from with by on about")


def _speaking_tail(tokens: list[Token], start: int, end: int) -> int:
    """Where the antecedent of "who" starts when the words before a preposition cannot
    speak but those after it can: "The decision is politically risky for Cruz, who
    refused": Cruz; "a blow to the mayor of Phoenix, who said": the mayor of Phoenix."""
    joiners = [i for i in range(start + 1, end - 1) if tokens[i].lower in _TAIL_JOINERS]
    if not joiners or _can_speak(tokens, start, joiners[0]):
        return start
    for joiner in reversed(joiners):  # "sent to Congress by the inspector general, who"
        if _can_speak(tokens, joiner + 1, end):
            return joiner + 1
    return start


def _noun_phrase(tokens: list[Token], start: int, end: int, depth: int) -> tuple[int, int] | None:
    """The subject in the words before a verb, once the clause around it is read
    (`depth`: how many clauses back it has stepped, at most three)."""
    before = tokens[start - 1].lower if start > 0 else ""
    if before == "," and tokens[start].text.endswith("ing") and start > 1:
        name = _name_before(tokens, start - 1)  # "President Obama, dedicating the museum, said"
        return (name, start - 1) if name is not None else None
    if end - start > 1 and tokens[end - 1].lower in _NAME_PRONOUNS:
        return (end - 1, end)  # "the $18 million he says he raised": the pronoun
    relative = _auxiliaries_start(tokens, start) - 1  # "A study that (had) appeared in it found"
    clause = relative < start - 1 or _finite(tokens[start])
    if relative > 0 and tokens[relative].lower in ("that", "which", "who") and clause:
        return _subject_before(tokens, relative, depth + 1)
    if before in _MODALS and not any(token.capitalised for token in tokens[start:end]):
        return None  # "ad could start this week, said Baker": a verb, not a subject
    if before in ("and", "or") and start > 2:
        return _joined(tokens, start, end, depth)
    return (start, end)


def _joined(tokens: list[Token], start: int, end: int, depth: int) -> tuple[int, int]:
    """ "Experts on North Korea and nuclear nonproliferation said": the phrase before
    "and" belongs to the subject when only the whole of it can speak."""
    before = _subject_before(tokens, start - 1, depth + 1)
    if before is None or _can_speak(tokens, start, end):
        return (start, end)
    return (before[0], end) if _can_speak(tokens, before[0], end) else (start, end)


def _can_speak(tokens: list[Token], start: int, end: int) -> bool:
    """`can_speak` for the words of tokens[start:end]."""
    return can_speak(" ".join(token.text for token in tokens[start:end]))


def _appositive_subject(tokens: list[Token], comma: int) -> tuple[int, int] | None:
    """ "Richard Revesz, director of the institute, said": the name and its appositive."""
    index = comma - 1
    while index > 0 and comma - index < 30:
        token = tokens[index]
        if token.in_quote or (token.text in ';:!?“”"()' and not token.in_date):
            return None
        if token.text == "," and not _date_comma(tokens, index):
            if tokens[index + 1].lower in ("and", "but", "or", "yet", "so"):
                return None  # "..., and the meeting fell apart, said one source": a clause
            if _a_name(tokens[index + 1 : comma]):
                return (index + 1, comma)  # "Another critic, Laurence H. Tribe, likened"
            name = _name_before(tokens, index)
            if name is not None:
                return (name, index)
        index -= 1
    return None


def _a_name(tokens: list[Token]) -> bool:
    """Whether a few words are a name ("Indiana Gov. Mike Pence", "Tim Cook")."""
    words = [token for token in tokens if token.is_word]
    return (
        0 < len(words) <= 6
        and all(word.capitalised and not word.in_quote for word in words)
        and not words[0].text[0].isdigit()
    )


def _name_before(tokens: list[Token], comma: int) -> int | None:
    start = comma
    while start > 0 and comma - start < 8 and _np_token(tokens, start - 1, forward=False):
        start -= 1
    start = _trim_leading(tokens, start, comma)
    words = [token for token in tokens[start:comma] if token.is_word]
    if not words or not (
        words[-1].capitalised or _speakers(words[-1]) or words[-1].lower in _POSTERS
    ):
        return None
    if words[-1].text[0].isdigit() or words[0].lower in _OPENING_PREPOSITIONS:
        return None  # "In 1986, the court ..., citing": no name in apposition
    return start


_POSTERS = words("user commenter poster redditor")  # "A Reddit user, lina_9, wrote"


def _speakers(word: Token) -> bool:
    """A pronoun or a plural word for people ("Other major unions, including the
    AFL-CIO, have endorsed")."""
    return word.lower in _NAME_PRONOUNS or (word.lower.endswith("s") and can_speak(word.lower))


def _skip_back(tokens: list[Token], end: int) -> int:
    while end > 0:
        token = tokens[end - 1]
        skipped = _parenthetical_start(tokens, end - 1) if token.text == "," else None
        if token.text in _DASHES:
            skipped = _dashed_start(tokens, end - 1)  # "Mitt Romney -- the last nominee -- said"
        if skipped is not None:
            end = skipped
        elif token.in_date or token.text == "(link)" or _date_comma(tokens, end - 1):
            end -= 1
        else:
            return end
    return end


def _date_comma(tokens: list[Token], index: int) -> bool:
    token = tokens[index]
    return token.text == "," and (token.in_date or (index > 0 and tokens[index - 1].in_date))


def _parenthetical_start(tokens: list[Token], comma: int) -> int | None:
    index = comma - 1
    while index >= 0 and (tokens[index].text != "," or _date_comma(tokens, index)):
        if tokens[index].text in ';:.!?“”"' and not tokens[index].in_date:
            return None
        index -= 1
    if index < 1 or comma - index < 2 or _words_between(tokens, index, comma) > 15:
        return None
    opener = tokens[index + 1]
    if opener.lower in _PARENTHETICAL_OPENERS or opener.in_date or opener.text == "(link)":
        return index
    return None


_DASHES = frozenset("—–-")


def _dashed_start(tokens: list[Token], dash: int) -> int | None:
    """The first dash of a phrase set off by dashes that ends at `dash` (within 25 tokens)."""
    index = dash
    while index > 0 and tokens[index - 1].text in _DASHES:
        index -= 1  # "--"
    for opening in range(index - 2, max(-1, index - 27), -1):
        token = tokens[opening]
        if token.in_quote or token.text in ';:.!?“”"':
            return None
        if token.text in _DASHES:
            while opening > 0 and tokens[opening - 1].text in _DASHES:
                opening -= 1
            return opening if opening > 0 else None
    return None


def _words_between(tokens: list[Token], start: int, end: int) -> int:
    return sum(1 for token in tokens[start + 1 : end] if not token.in_date)


def _np_token(tokens: list[Token], index: int, *, forward: bool) -> bool:
    token = tokens[index]
    if token.in_quote or (token.text in ("’", "'") and forward):
        return False
    if token.text == "(link)" or token.in_date:
        return True
    if not token.is_word:
        return (
            token.text in ("&", "’", "'", "(", ")")
            or (token.text == "," and _list_comma(tokens, index))
            or (token.text == "." and _previous(tokens, index) in TITLES)
            or (token.text == "." and _next(tokens, index) == ")")
        )
    return _np_word(tokens, index)


def _np_word(tokens: list[Token], index: int) -> bool:
    word = tokens[index].lower
    if word in ("and", "such", "as", "including"):
        return _joins_names(tokens, index)
    if word in _BOUNDARY_WORDS or word in AUXILIARIES:
        return False
    if tokens[index].text in CUE_VERBS and tokens[index].text not in _NOUN_LIKE:
        if word in DOCUMENT_NOUNS and _next_is_cue(tokens, index):
            return True  # "independent analyses agree": the noun before the verb
        return word.endswith(("ed", "en")) and _modifier_next(tokens, index)
    if word in _NOUN_LIKE and word.endswith("s") and index > 0:
        if index + 1 < len(tokens) and tokens[index + 1].text in CUE_VERBS:
            return True  # "open-source advocates warn": the noun before the verb
        if _next(tokens, index) in _PREPOSITIONS:
            return True  # "documents from his tax return"
        before = tokens[index - 1]
        if before.text in (",", "(link)") or before.in_date:
            return False
        return not (before.is_word and before.text.islower() and before.lower not in _DETERMINERS)
    return True


def _next_is_cue(tokens: list[Token], index: int) -> bool:
    return index + 1 < len(tokens) and tokens[index + 1].text in CUE_VERBS


def _joins_names(tokens: list[Token], index: int) -> bool:
    word = tokens[index].lower
    if word == "as":
        return _previous(tokens, index) == "such"
    if word == "such":
        return _next(tokens, index) == "as"
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    return after is not None and (after.capitalised or after.lower in ("one", "other"))


def _list_comma(tokens: list[Token], index: int) -> bool:
    return _next(tokens, index) in ("such", "including")


def _trim_leading(tokens: list[Token], start: int, end: int) -> int:
    while start < end and (
        tokens[start].lower in _LEADING_JUNK
        or tokens[start].lower in _NP_JOINERS
        or (not tokens[start].is_word and tokens[start].text != "(link)")
    ):
        start += 1
    return start


def _trim_trailing(tokens: list[Token], start: int, end: int) -> int:
    while end > start and (
        tokens[end - 1].in_date
        or tokens[end - 1].text in ("(link)", ",", "-", "’", "'")
        or tokens[end - 1].lower in _NP_JOINERS
    ):
        end -= 1
    return end


def group_subject(words: list[Token]) -> bool:
    """Whether a subject phrase names a group ("experts", "critics")."""
    return any(word.lower in GROUP_NOUNS for word in words)
