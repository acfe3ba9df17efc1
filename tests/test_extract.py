"""Claim extraction: the seed articles pinned, and the rules one by one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from provenance.extract import extract_claims, infer_article_date
from provenance.extract.dates import find_dates
from provenance.extract.quotes import find_quotes
from provenance.extract.sentences import split_sentences
from provenance.models import ArticleLink, Claim

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def seed_claims(name: str) -> tuple[str, list[Claim]]:
    text = (SEEDS / name).read_text(encoding="utf-8")
    return text, extract_claims(text, article_date=infer_article_date(text), article=name)


def by_source(claims: list[Claim], name: str) -> list[Claim]:
    return [claim for claim in claims if any(source.name == name for source in claim.sources)]


def only(claims: list[Claim], name: str, cue: str | None = None) -> Claim:
    found = [c for c in by_source(claims, name) if cue is None or (c.cue and c.cue.text == cue)]
    assert found, f"no claim by {name} ({cue})"
    return found[0]


# --- seed 002: china-open-source-ai ------------------------------------------------

# (source, kind, channel, platform, cue, date value, precision, relative, placeholder link)
SEED_002 = [
    ("WIRED", "outlet", "article", None, "According to", "2025-11-19", "day", False, True),
    (
        "The Washington Post",
        "outlet",
        "article",
        None,
        "reported",
        "2025-10-13",
        "day",
        False,
        True,
    ),
    ("Fortune", "outlet", "article", None, "elaborated", "2025-11-17", "day", False, True),
    ("WIRED", "outlet", "article", None, "warns", None, "day", False, False),
    ("Asia Times", "outlet", "article", None, "references", "2025-11-10", "day", False, True),
    (
        "Vinod Khosla",
        "social_account",
        "social_post",
        "x",
        "draws",
        "2024-11-02",
        "day",
        False,
        False,
    ),
    ("The Economist", "outlet", "article", None, "questioned", "2025-08-21", "day", False, True),
    ("Fortune Asia", "outlet", "article", None, "noted", "2025-08-11", "day", False, True),
    ("DNYUZ", "outlet", "article", None, "reiterates", "2025-11-19", "day", False, True),
    ("The Information", "outlet", "article", None, "reported", "2025-11-12", "week", True, True),
    (
        "Andrew Curran",
        "social_account",
        "social_post",
        "x",
        "reveals",
        "2025-03-13",
        "day",
        False,
        False,
    ),
    ("Financial Sense", "outlet", "article", None, "contrasts", "2025-09-29", "day", False, True),
    ("Pravda USA", "outlet", "article", None, "quoted", "2025-11-05", "week", True, True),
    ("Eurasia Review", "outlet", "article", None, "discusses", "2025-10-10", "day", False, True),
    (
        "Programmable Psyche",
        "social_account",
        "social_post",
        "x",
        "advise",
        "2025-11-19",
        "day",
        False,
        False,
    ),
    ("WIRED", "outlet", "social_post", "x", "reinforces", "2025-11-19", "day", True, False),
    ("CryptoRank.io", "outlet", "article", None, "issued", "2025-11-14", "day", True, True),
    ("njgloyp4r", "social_account", "social_post", "x", "notes", "2025-11-14", "day", False, False),
    (
        "Mejid X",
        "social_account",
        "social_post",
        "x",
        "uncovers",
        "2025-11-14",
        "day",
        False,
        False,
    ),
]


def test_seed_002_article_date_is_inferred() -> None:
    text = (SEEDS / "china-open-source-ai.txt").read_text(encoding="utf-8")
    assert infer_article_date(text) == date(2025, 11, 19)


@pytest.mark.parametrize("row", SEED_002, ids=[f"{row[0]}-{row[4]}" for row in SEED_002])
def test_seed_002_attributions(row: tuple[object, ...]) -> None:
    name, kind, channel, platform, cue, value, precision, relative, placeholder = row
    _, claims = seed_claims("china-open-source-ai.txt")
    claim = only(claims, str(name), str(cue))
    assert claim.sources[0].kind == kind
    assert (claim.channel, claim.platform) == (channel, platform)
    assert (claim.date.value if claim.date else None) == value
    if claim.date is not None:
        assert (claim.date.precision, claim.date.relative) == (precision, relative)
    assert claim.link.placeholder is placeholder
    assert claim.checkable


def test_seed_002_two_sources_on_x() -> None:
    _, claims = seed_claims("china-open-source-ai.txt")
    claim = only(claims, "Ben Norton")
    assert [(s.name, s.kind) for s in claim.sources] == [
        ("Ben Norton", "social_account"),
        ("Ashok Kumar", "social_account"),
    ]
    assert claim.platform == "x"


def test_seed_002_nested_and_anonymous_claims() -> None:
    _, claims = seed_claims("china-open-source-ai.txt")
    ids = {claim.id: claim for claim in claims}
    memo = next(
        c for c in claims if c.sources[0].kind == "document" and "memo" in c.sources[0].name
    )
    assert ids[str(memo.parent)].sources[0].name == "Asia Times"
    assert memo.date is not None and memo.date.value is not None
    assert (memo.date.value[:4], memo.date.precision, memo.date.relative) == ("2023", "year", True)
    ceo = only(claims, "Nvidia’s CEO")
    assert ceo.sources[0].kind == "person"
    assert ids[str(ceo.parent)].sources[0].name == "Pravda USA"
    assert [q.text for q in ceo.quotes] == ["win the AI race with the US,"]
    proposal = next(c for c in claims if c.sources[0].name == "OpenAI’s policy proposal")
    assert proposal.sources[0].kind == "document"
    assert ids[str(proposal.parent)].sources[0].name == "Andrew Curran"
    experts = only(claims, "experts")
    assert experts.sources[0].kind == "group" and not experts.checkable
    assert ids[str(experts.parent)].sources[0].name == "WIRED"
    viral = only(claims, "one viral post")
    assert viral.sources[0].kind == "anonymous" and not viral.checkable
    assert [q.text for q in viral.quotes] == ["ruining the AI market"]


def test_seed_002_quotes() -> None:
    _, claims = seed_claims("china-open-source-ai.txt")
    quotes = {
        name: [q.text for c in by_source(claims, name) for q in c.quotes]
        for name in (
            "Asia Times",
            "CryptoRank.io",
            "Vinod Khosla",
            "WIRED",
            "Experts quoted in the article",
        )
    }
    assert "open-source AI tsunami," in quotes["Asia Times"]
    assert quotes["CryptoRank.io"] == ["urgent warning", "our only hope"]
    assert quotes["Vinod Khosla"] == [
        "Would we open source the Manhattan Project so innovation could happen faster?"
    ]
    assert any(
        q.startswith("Depending on foreign-made") and q.endswith("experts say,")
        for q in quotes["WIRED"]
    )
    assert quotes["Experts quoted in the article"] == ["perfection,"]


def test_seed_002_continuations_are_merged_into_the_claim_they_continue() -> None:
    text, claims = seed_claims("china-open-source-ai.txt")
    wired = [c for c in by_source(claims, "WIRED") if c.channel == "article"]
    assert sorted(c.cue.text for c in wired if c.cue) == ["According to", "warns"]
    according = only(claims, "WIRED", "According to")
    assert according.content is not None
    assert "highlights how Chinese models" in according.content.text
    warns = only(claims, "WIRED", "warns")
    assert warns.content is not None and warns.content.text.endswith("experts say,’")
    assert any(q.text.startswith("Depending on foreign-made") for q in warns.quotes)
    asia = only(claims, "Asia Times", "references")
    assert [q.text for q in asia.quotes] == ["open-source AI tsunami,"]
    for cue in ("highlights", "describes", "points to", "suggests", "calls for", "states"):
        assert not any(c.cue and c.cue.text == cue for c in claims), cue
    for claim in claims:
        assert claim.content is None or text[claim.content.start : claim.content.end] == (
            claim.content.text
        )


def test_seed_002_participle_of_the_same_sources_is_one_claim() -> None:
    _, claims = seed_claims("china-open-source-ai.txt")
    assert len(by_source(claims, "Ben Norton")) == 1
    assert len(by_source(claims, "Financial Sense")) == 1


def test_inanimate_subjects_are_no_sources() -> None:
    text = (
        "Recent developments show that the market is shifting. "
        "Alibaba’s recent decision to restrict access signals that openness can be reversed. "
        "A new poll shows that voters are split."
    )
    claims = extract_claims(text)
    assert [c.cue.text for c in claims if c.cue] == ["shows"]


def test_stance_verbs_and_appositive_sources() -> None:
    text = (
        "Richard Revesz, director of the Institute for Policy Integrity, said the states "
        "were wrong. Clinton wants to raise taxes, and she plans to visit Ohio."
    )
    claims = extract_claims(text)
    found = [(c.sources[0].name, c.cue.text) for c in claims if c.cue and c.sources]
    assert ("Richard Revesz", "said") in found
    assert ("Clinton", "wants") in found
    assert not any(cue == "states" for _, cue in found)


def test_seed_002_dnyuz_date_span_merges_relative_and_absolute() -> None:
    _, claims = seed_claims("china-open-source-ai.txt")
    claim = only(claims, "DNYUZ")
    assert claim.date is not None and claim.date.text == "just hours ago on November 19, 2025"


# --- seed 000: open-source-vs-closed-source ------------------------------------------


def test_seed_000_has_no_date_and_its_sources() -> None:
    text, claims = seed_claims("open-source-vs-closed-source.txt")
    assert infer_article_date(text) is None
    forum = [c for c in claims if c.sources and c.sources[0].kind == "forum"]
    assert len(forum) == 2
    assert all(c.platform == "reddit" and c.channel == "forum_post" for c in forum)
    assert {c.cue.text for c in forum if c.cue} == {"suggests", "According to"}
    contributor = only(claims, "one contributor")
    assert contributor.sources[0].kind == "anonymous" and not contributor.checkable
    researcher = only(claims, "one AI researcher at a leading U.S. university")
    assert researcher.sources[0].kind == "anonymous" and not researcher.checkable
    assert researcher.quotes[0].text.startswith("The code doesn’t care about passports.")
    for group in ("critics", "open-source advocates"):
        claim = only(claims, group)
        assert claim.sources[0].kind == "group" and not claim.checkable


def test_seed_000_summary_box_is_reported_once() -> None:
    _, claims = seed_claims("open-source-vs-closed-source.txt")
    suggests = [c for c in claims if c.cue and c.cue.text == "suggests"]
    assert len(suggests) == 1
    assert "not only misleading" in suggests[0].sentence.text


# --- the rules -----------------------------------------------------------------------


def test_every_span_is_consistent_in_the_seeds() -> None:
    for name in ("china-open-source-ai.txt", "open-source-vs-closed-source.txt"):
        text, claims = seed_claims(name)
        for claim in claims:
            for span in [claim.sentence, claim.cue, claim.content, *claim.quotes]:
                if span is not None:
                    assert text[span.start : span.end] == span.text
            if claim.date is not None:
                assert text[claim.date.start : claim.date.end] == claim.date.text


def test_ids_are_stable_and_unique() -> None:
    _, first = seed_claims("china-open-source-ai.txt")
    _, second = seed_claims("china-open-source-ai.txt")
    assert [c.id for c in first] == [c.id for c in second]
    assert len({c.id for c in first}) == len(first)


def test_said_with_quote_before_and_inverted() -> None:
    text = (
        "“We were there under legitimate pretenses,” Figueroa told USA Today.\n"
        "“It is over,” said the spokesman."
    )
    claims = extract_claims(text)
    figueroa = only(claims, "Figueroa")
    assert figueroa.cue is not None and figueroa.cue.text == "told"
    assert figueroa.quotes[0].text == "We were there under legitimate pretenses,"
    spokesman = only(claims, "spokesman")
    assert spokesman.sources[0].kind == "person"
    assert spokesman.content is not None and "It is over" in spokesman.content.text


def test_according_to_after_the_content() -> None:
    text = "Clinton leads by four points, according to the poll."
    claim = extract_claims(text)[0]
    assert claim.cue is not None and claim.cue.text == "according to"
    assert claim.content is not None and claim.content.text == "Clinton leads by four points"
    assert claim.sources[0].kind == "document"


def test_passive_it_was_reported_has_no_source() -> None:
    claims = extract_claims("It was reported that the talks failed.")
    assert claims and claims[0].sources == [] and not claims[0].checkable


def test_speaker_label_and_dash_attribution() -> None:
    text = "PENCE: Well, look, this is serious business.\n“He scares me.” ― Krystal Correa\n"
    claims = extract_claims(text)
    assert only(claims, "PENCE").cue.text == ":"  # type: ignore[union-attr]
    correa = only(claims, "Krystal Correa")
    assert correa.cue is not None and correa.cue.text == "―"
    assert correa.quotes[0].text == "He scares me."


def test_html_link_is_attached_to_the_source() -> None:
    text = "Reuters reported on Monday that prices rose."
    links = [ArticleLink(url="https://www.reuters.com/x", text="Reuters", start=0, end=7)]
    claim = extract_claims(text, article_date=date(2025, 11, 19), links=links)[0]
    assert claim.link.url == "https://www.reuters.com/x" and not claim.link.placeholder
    assert claim.sources[0].domain == "reuters.com"
    assert claim.date is not None and claim.date.value == "2025-11-17"


def test_relative_date_without_article_date_has_no_value() -> None:
    claim = extract_claims("The Information reported a week ago that prices rose.")[0]
    assert claim.date is not None and claim.date.value is None and claim.date.relative


def test_curly_apostrophes_are_not_quotes() -> None:
    text = (
        "China’s models are ‘ruining the AI market’ for U.S. firms’ margins, as one post claimed."
    )
    quotes = find_quotes(text)
    assert [text[q.inner_start : q.inner_end] for q in quotes] == ["ruining the AI market"]


def test_unbalanced_quote_stops_at_the_paragraph_end() -> None:
    text = "He said “this never closes.\nThe Guardian reported that prices rose."
    quotes = find_quotes(text)
    assert quotes[0].inner_end == text.index("\n")
    assert only(extract_claims(text), "The Guardian").cue.text == "reported"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("phrase", "value", "precision"),
    [
        ("five days ago", "2025-11-15", "day"),
        ("a week ago", "2025-11-13", "week"),
        ("two weeks ago", "2025-11-06", "week"),
        ("today", "2025-11-20", "day"),
        ("just hours ago", "2025-11-20", "day"),
        ("yesterday", "2025-11-19", "day"),
        ("last Tuesday", "2025-11-18", "day"),
        ("two years prior", "2023-11-20", "year"),
        ("last month", "2025-10-20", "month"),
        ("Nov. 3", "2025-11-03", "day"),
        ("3 November 2024", "2024-11-03", "day"),
        ("August 2025", "2025-08-01", "month"),
        ("2025-01-31", "2025-01-31", "day"),
    ],
)
def test_dates_resolve_against_the_article_date(phrase: str, value: str, precision: str) -> None:
    found = find_dates(f"It happened {phrase}.", date(2025, 11, 20))
    assert [(d.value, d.precision) for d in found] == [(value, precision)]


def test_coordinated_cue_takes_the_subject_and_ends_the_first_content() -> None:
    text = "Machado promised to keep supporting Clinton and said she would stand up to them."
    claims = extract_claims(text)
    said = next(c for c in claims if c.cue and c.cue.text == "said")
    assert [s.name for s in said.sources] == ["Machado"]
    promised = next(c for c in claims if c.cue and c.cue.text == "promised")
    assert promised.content is not None and promised.content.text == "to keep supporting Clinton"


def test_quote_after_the_attribution_continues_the_content() -> None:
    text = "“We will win,” said Rep. Jim Clyburn. “Nobody doubts it.”\nNext paragraph."
    (claim,) = extract_claims(text)
    assert claim.content is not None
    assert claim.content.text.endswith("“Nobody doubts it.”")
    assert [quote.text for quote in claim.quotes] == ["We will win,", "Nobody doubts it."]


def test_a_stance_reported_by_its_speaker_is_no_claim_of_its_own() -> None:
    claims = extract_claims("Stein said she plans to join the protest.")
    assert [claim.cue.text for claim in claims if claim.cue] == ["said"]


def test_source_spans_keep_determiners_and_appositives() -> None:
    text = (
        "The source added that the van left. Brian Fallon, the campaign’s press secretary, "
        "said it was over. “It is over,” said Jim Clyburn, the assistant leader of the caucus."
    )
    claims = extract_claims(text)
    spans = [text[source.start : source.end] for claim in claims for source in claim.sources]
    names = [source.name for claim in claims for source in claim.sources]
    assert spans == [
        "The source",
        "Brian Fallon, the campaign’s press secretary,",
        "Jim Clyburn, the assistant leader of the caucus",
    ]
    assert names == ["source", "Brian Fallon", "Jim Clyburn"]


def cues_and_sources(text: str) -> list[tuple[str, str]]:
    """(cue text, source span text) of each claim of `text`, in order."""
    return [
        (claim.cue.text if claim.cue else "", text[source.start : source.end])
        for claim in extract_claims(text)
        for source in claim.sources
    ]


def test_a_participle_after_a_non_reporting_verb_is_a_cue_of_its_own() -> None:
    text = "Hillary Clinton had mocked the complaint, saying anybody who complains is losing."
    claims = extract_claims(text)
    assert [claim.cue.text for claim in claims if claim.cue][:2] == ["had mocked", "saying"]
    mocked = claims[0]
    assert mocked.content is not None and mocked.content.text == "the complaint"
    saying = claims[1]
    assert saying.content is not None and saying.content.text.startswith("anybody who")


def test_a_participle_after_a_quote_first_attribution_keeps_its_speaker() -> None:
    text = "“You can’t talk about change,” DuVernay said, emphasizing why the past matters."
    assert cues_and_sources(text) == [("said", "DuVernay"), ("emphasizing", "DuVernay")]


def test_a_relative_clause_cue_has_the_pronoun_as_its_source_span() -> None:
    text = "Cruz endorsed Trump, who says he is honored."
    claims = extract_claims(text)
    says = next(claim for claim in claims if claim.cue and claim.cue.text == "says")
    assert [(source.name, text[source.start : source.end]) for source in says.sources] == [
        ("Trump", "who")
    ]


def test_plural_subjects_take_plain_verb_forms() -> None:
    assert cues_and_sources("Democrats want policies that raise revenue.") == [
        ("want", "Democrats")
    ]
    (claim,) = extract_claims("But environmentalists worry that the plan will fail.")
    assert claim.sources[0].kind == "group"


def test_a_prepositional_particle_belongs_to_the_cue() -> None:
    claims = extract_claims("Trump has called for a full repeal. She spoke about her ties.")
    assert [(claim.cue.text if claim.cue else "") for claim in claims] == [
        "has called for",
        "spoke about",
    ]
    assert [claim.content.text for claim in claims if claim.content] == [
        "a full repeal",
        "her ties",
    ]


def test_a_title_case_headline_has_a_cue() -> None:
    text = "Hid Past Health Problems From Public, Former White House Doctor Says.\nBody text."
    (claim,) = extract_claims(text)
    assert claim.cue is not None and claim.cue.text == "Says"
    assert claim.sources[0].name == "Former White House Doctor"


def test_a_colon_ending_its_paragraph_introduces_the_next_one() -> None:
    text = "The New York Times reports:\n\n“Nobody saw it coming.”\n\nMore."
    (claim,) = extract_claims(text)
    assert claim.content is not None and claim.content.text == "“Nobody saw it coming.”"
    assert [quote.text for quote in claim.quotes] == ["Nobody saw it coming."]


def test_a_circumstance_after_the_cue_is_not_the_content() -> None:
    (quoted,) = extract_claims("“We will win,” Smith said in a statement.")
    assert quoted.content is not None and quoted.content.text == "“We will win,”"
    (reported,) = extract_claims("Smith said in Ohio that he will win.")
    assert reported.content is not None and reported.content.text == "that he will win"


def test_continued_is_a_cue_only_before_what_is_said() -> None:
    assert cues_and_sources("Limbaugh continued: “They are demanding this.”") == [
        ("continued", "Limbaugh")
    ]
    assert extract_claims("He continued to campaign in Ohio.") == []


def test_an_opening_participle_takes_the_subject_after_its_clause() -> None:
    claims = extract_claims("Citing a conspiracy theory, Trump said the man was a spy.")
    citing = claims[0]
    assert citing.cue is not None and citing.cue.text == "Citing"
    assert citing.content is not None and citing.content.text == "a conspiracy theory"
    assert citing.sources[0].name == "Trump"


def cue_words(text: str) -> list[str]:
    """The cue texts extracted from `text`."""
    return [claim.cue.text for claim in extract_claims(text) if claim.cue is not None]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Ban Ki-moon condemned what he called a breach of the rules.", "called"),
        ("The hackers belong to a group known as Fancy Bear.", "known"),
        ("She called into a radio program on Friday.", "called"),
        ("Republican support was more solid than expected.", "support"),
        ("Trump has just 5 percent support of the black vote.", "support"),
        ("A quarter of that, per the McKinley plan, is $40,000.", "plan"),
        ("The eventual appeals court ruling could decide the case.", "ruling"),
        ("Clinton aide Jennifer Palmieri spoke to reporters on Friday.", "spoke"),
        ("In defeat, the president appeared cowed.", "appeared"),
        ("Julie Davis reported from Midway Atoll.", "reported"),
        ("(Reporting by Valerie Volcovici; Additional reporting by Lawrence Hurley.)", "eporting"),
    ],
)
def test_namings_nouns_and_appearances_are_no_cues(text: str, word: str) -> None:
    assert not any(found.endswith(word) for found in cue_words(text))


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Mr. Obama spoke emotionally of his many flights on Marine One.", "spoke"),
        ("Trump appeared to suggest that veterans were weak.", "appeared"),
        ("Only 1 percent support the Green Party's Jill Stein.", "support"),
        ("The registration issue was first reported by The Washington Post.", "reported"),
        ("Trump called Machado “disgusting” in a tweet.", "called"),
    ],
)
def test_the_verb_uses_of_the_same_words_stay_cues(text: str, cue: str) -> None:
    assert any(found.endswith(cue) for found in cue_words(text))


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        ("He’s claiming that the count was rigged.", "’s claiming", "He"),
        ("The senator boldly suggested that the plan would fail.", "boldly suggested", "senator"),
        ("Cruz has long said that he qualifies.", "has long said", "Cruz"),
        ("Protesters continued to call for the release of the tapes.", "continued to call for", ""),
        ("Sanders went on to say that voters deserve better.", "went on to say", "Sanders"),
        ("He was able to say nothing about it.", "was able to say", "He"),
        ("A reporter spotted the candidate and reported her arrival.", "reported", "reporter"),
        ("Fees rose by a third, The Wall Street Journal reports.", "reports", "Journal"),
        ("The plan is “roughly the same as last year’s,” reported Reuters.", "reported", "Reuters"),
    ],
)
def test_adverbs_contractions_infinitives_and_coordinated_verbs(
    text: str, cue: str, source: str
) -> None:
    claims = [claim for claim in extract_claims(text) if claim.cue and claim.cue.text == cue]
    assert len(claims) == 1, [claim.cue.text for claim in extract_claims(text) if claim.cue]
    assert source in claims[0].sources[0].name
    assert text[claims[0].cue.start : claims[0].cue.end] == cue


@pytest.mark.parametrize(
    "text",
    [
        "She said it was a chance to say thanks.",  # "to say" after a noun: no second cue
        "The family and the neighbours gathered and left.",  # coordinated, no reporting verb
    ],
)
def test_infinitives_after_nouns_are_no_cues(text: str) -> None:
    assert len(extract_claims(text)) <= 1


@pytest.mark.parametrize(
    ("text", "cue", "sources"),
    [
        ("He plans to spend the $18 million he says he raised.", "says", ["he"]),
        ("In 1986, the court blocked the sale, citing a threat to health.", "citing", ["court"]),
        ("During a speech, Trump attacked Clinton, saying she was weak.", "saying", ["Trump"]),
        ("The senators said the plan was dead.", "said", ["The senators"]),
    ],
)
def test_a_subject_that_cannot_speak_is_no_source(text: str, cue: str, sources: list[str]) -> None:
    claim = next(claim for claim in extract_claims(text) if claim.cue and claim.cue.text == cue)
    assert [source.name for source in claim.sources] == sources


def test_two_states_is_a_noun_and_the_article_states_a_verb() -> None:
    assert cue_words("Hackers hit two states, Illinois and Arizona, last month.") == []
    assert cue_words("‘Prices rose,’ the article states, citing analysts.")[0] == "states"


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        ("The Tax Policy Center", "organization"),
        ("a report by the Tax Policy Center", "document"),
        ("A Quinnipiac University poll released in late August", "document"),
        ("A 2014 study that appeared in a journal", "document"),
        ("a leaked Google memo", "document"),
    ],
)
def test_a_document_is_named_by_its_head_noun(phrase: str, kind: str) -> None:
    claims = extract_claims(f"{phrase} found that prices rose.")
    assert [source.kind for source in claims[0].sources] == [kind]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Another critic, Laurence H. Tribe, likened the rules to a fire.", "Laurence H. Tribe"),
        (
            "Trump's running mate, Indiana Gov. Mike Pence, said he agreed.",
            "Indiana Gov. Mike Pence",
        ),
        ("In a statement, one of the lawyers, Justin Bamberg, said it was over.", "Justin Bamberg"),
    ],
)
def test_a_name_in_apposition_to_a_role_is_the_source(text: str, name: str) -> None:
    assert extract_claims(text)[0].sources[0].name == name


def test_expressed_and_offered_are_cues() -> None:
    assert cue_words("The mayor expressed doubt that the count was right.") == ["expressed"]
    assert cue_words("He offered no proof that the vote was rigged.") == ["offered"]


@pytest.mark.parametrize(
    ("text", "cue", "name"),
    [
        ("It also points out that the penalties are light.", "also points out", "It"),
        ("Clinton — who’s called for higher taxes — spoke on Friday.", "’s called for", "Clinton"),
        ("The families, many of whom say the claims are false, met.", "say", "many of whom"),
        ("She started off by emphasizing economic fairness.", "emphasizing", "She"),
    ],
)
def test_relative_and_gerund_subjects(text: str, cue: str, name: str) -> None:
    claim = next(claim for claim in extract_claims(text) if claim.cue and claim.cue.text == cue)
    assert claim.sources[0].name == name


@pytest.mark.parametrize(
    ("text", "name", "content"),
    [
        (
            "Prices will rise next year, said Brian Baker, an adviser.",
            "Brian Baker",
            "Prices will rise next year",
        ),
        ("The ad could start this week, said Ann Lee.", "Ann Lee", "The ad could start this week"),
        (
            "Experts on Korea and nuclear arms said the test mattered.",
            "Experts on Korea and nuclear arms",
            "the test mattered",
        ),
        (
            "Nearly eight of 10 voters say they will watch.",
            "Nearly eight of 10 voters",
            "they will watch",
        ),
        ("Everyone I interviewed criticized the plan.", "Everyone I interviewed", "the plan"),
    ],
)
def test_inverted_joined_and_counted_subjects(text: str, name: str, content: str) -> None:
    claim = extract_claims(text)[0]
    assert claim.sources[0].name == name
    assert claim.content is not None and claim.content.text == content


@pytest.mark.parametrize(
    ("text", "cue", "name"),
    [
        ("Clinton now says she opposes the deal.", "now says", "Clinton"),
        ("The senator’s doctor is calling him fit.", "is calling", "The senator’s doctor"),
        ("Prices fell, McConnell said in June, citing the new rules.", "citing", "McConnell"),
        (
            "A different story was being told by The Daily Caller.",
            "was being told",
            "The Daily Caller",
        ),
        ("Jobs depend on exports to Mexico, one slide says.", "says", "one slide"),
        (
            "Hillary Clinton spoke out on Tuesday, arguing that the law failed.",
            "arguing",
            "Hillary Clinton",
        ),
    ],
)
def test_participles_passives_and_people_words(text: str, cue: str, name: str) -> None:
    claim = next(claim for claim in extract_claims(text) if claim.cue and claim.cue.text == cue)
    assert name in claim.sources[0].name or claim.sources[0].name in name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Schiff, 56, who has served for a decade, told reporters it is clear.", "Schiff"),
        ("Surety companies that had insured the mine agreed to pay.", "Surety companies"),
        ("Leaders who have been critics of the plan have embraced it.", "Leaders"),
    ],
)
def test_ages_and_relative_clauses_before_the_verb(text: str, name: str) -> None:
    assert extract_claims(text)[0].sources[0].name == name


def test_a_verb_without_a_source_inside_a_report_is_part_of_it() -> None:
    claims = extract_claims("He said it is worth noting that taxes rose.")
    assert [claim.cue.text for claim in claims if claim.cue] == ["said"]


def test_mixed_straight_and_curly_quote_marks_pair() -> None:
    text = '"Oz has a huge pulpit,” said David Gorski, a professor. “It was Mostly True."'
    quotes = [text[quote.inner_start : quote.inner_end] for quote in find_quotes(text)]
    assert quotes == ["Oz has a huge pulpit,", "It was Mostly True."]
    assert extract_claims(text)[0].sources[0].name == "David Gorski"


def test_participial_appositives_plural_heads_and_told_without_that() -> None:
    claims = extract_claims("President Obama, opening the museum on Saturday, said it would last.")
    assert claims[0].sources[0].name == "President Obama"
    claims = extract_claims("Other unions, including the AFL-CIO, have also endorsed Clinton.")
    assert claims[0].sources[0].name == "Other unions"
    claims = extract_claims("Officials said it would tell an American story.")
    told = next(claim for claim in claims if claim.cue and claim.cue.text == "would tell")
    assert told.content is not None and told.content.text == "an American story"


def test_a_clause_between_commas_is_no_appositive() -> None:
    text = "The talks went badly, and the meeting fell apart, said one GOP source."
    claim = extract_claims(text)[0]
    assert "GOP source" in claim.sources[0].name
    assert claim.content is not None and claim.content.text.startswith("The talks went badly")
    assert extract_claims("Those close to him say that he will run.")[0].sources


def test_claims_inside_each_other_do_not_nest_in_a_cycle() -> None:
    claims = extract_claims("An X post by said one contributor notes said")
    by_id = {claim.id: claim for claim in claims}
    for claim in claims:
        seen, parent = {claim.id}, claim.parent
        while parent is not None:
            assert parent not in seen
            seen.add(parent)
            parent = by_id[parent].parent


@pytest.mark.parametrize(
    "text",
    [
        "The " + "cats and " * 330 + "dogs said it was fine.",
        "A study " + "that a reader " * 200 + "found it.",
    ],
)
def test_long_chains_of_joined_phrases_and_relative_clauses_do_not_recurse_deeply(
    text: str,
) -> None:
    for claim in extract_claims(text):
        assert text[claim.cue.start : claim.cue.end] == claim.cue.text if claim.cue else True


def test_during_and_question_after_no_or_every_are_no_cues() -> None:
    assert cue_words("Trump made this statement during a portion of the debate.") == []
    assert cue_words("There is no question we are stronger for it.") == []


def test_review_regressions_surnames_openers_passives_and_counts() -> None:
    sanders = extract_claims("Sanders said the plan works.")[0]
    assert (sanders.sources[0].kind, sanders.checkable) == ("person", True)
    assert extract_claims("Continues to insist the vote was rigged.") == []
    assert extract_claims("It’s said that the vote was rigged.")[0].sources == []
    anyone = extract_claims("Anyone who has met him says he is kind.")[0]
    assert (anyone.sources[0].kind, anyone.checkable) == ("group", False)
    assert extract_claims("Two states, Ohio and Iowa, sued.") == []


def test_initials_and_abbreviations_do_not_end_a_sentence_in_a_long_run() -> None:
    text = "Laurence H. Tribe, Mr. J. R. Doe, " * 40 + "said it. Then Mr. Doe left."
    first, second = split_sentences(text, [])
    assert first.text.endswith("Doe, said it.") and second.text == "Then Mr. Doe left."


@pytest.mark.parametrize(
    ("text", "name", "kind", "content"),
    [
        (
            "Politifact checked Donald Trump’s claim that there were thousands of shootings.",
            "Donald Trump",
            "person",
            "that there were thousands of shootings",
        ),
        (
            "The video contradicts Tulsa police’s earlier claim that he had refused.",
            "Tulsa police",
            "organization",
            "that he had refused",
        ),
        (
            "Contrary to his assertion that taxes fell, they rose.",
            "his",
            "person",
            "that taxes fell",
        ),
    ],
)
def test_a_speech_noun_with_an_owner_and_that_is_a_cue(
    text: str, name: str, kind: str, content: str
) -> None:
    claims = extract_claims(text)  # the tagger may add the report around it ("checked")
    claim = next(c for c in claims if c.content is not None and c.content.text.startswith(content))
    assert (claim.sources[0].name, claim.sources[0].kind) == (name, kind)


def test_a_speech_noun_without_an_owner_stays_a_verb_or_nothing() -> None:
    assert cue_words("He made the claim that prices rose.") == []
    assert cue_words("Trump claims that he should be the exception.") == ["claims"]
    assert cue_words("Mr. Trump revealed his recently revealed strategies.") == ["revealed"]


@pytest.mark.parametrize(
    ("text", "name", "content"),
    [
        (
            'The rule requires a "lawful source of income," as a Homeland Security memo put it.',
            "Homeland Security memo",
            'The rule requires a "lawful source of income,"',
        ),
        (
            "As Ms. Simonyan put it in a statement to my colleague in July, RT is an alternative.",
            "Ms. Simonyan",
            "RT is an alternative",
        ),
    ],
)
def test_as_someone_put_it(text: str, name: str, content: str) -> None:
    claim = extract_claims(text)[0]
    assert claim.cue is not None and claim.cue.text == "put it"
    assert claim.sources[0].name == name
    assert claim.content is not None and claim.content.text == content


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        (
            "Mitt Romney -- the party's last nominee -- said the returns matter.",
            "Mitt Romney",
            "person",
        ),
        (
            "The transcript of the debate — published by The Washington Post — shows that she won.",
            "transcript of the debate",
            "document",
        ),
    ],
)
def test_a_phrase_between_dashes_is_stepped_over(text: str, name: str, kind: str) -> None:
    claim = extract_claims(text)[0]
    assert (claim.sources[0].name, claim.sources[0].kind) == (name, kind)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "New York Mayor Bill de Blasio said the blast was intentional.",
            "New York Mayor Bill de Blasio",
        ),
        ("New Jersey Gov. Chris Christie called her a disgrace.", "New Jersey Gov. Chris Christie"),
        ("Retired Lt. Gen. Michael Flynn said Trump was right.", "Retired Lt. Gen. Michael Flynn"),
    ],
)
def test_place_names_and_titles_make_a_person(text: str, name: str) -> None:
    source = extract_claims(text)[0].sources[0]
    assert (source.name, source.kind) == (name, "person")


def test_inverted_subjects_close_their_clause_and_dashes_are_no_name_joiners() -> None:
    burman = extract_claims("“It is misguided,” said Mr. Burman (a view echoed by everyone).")[0]
    assert burman.sources[0].name == "Mr. Burman"
    assert burman.content is not None and burman.content.text == "“It is misguided,”"
    event = extract_claims(
        "Ms. Rawlings, 59, of Ashton, Md., said the event brought back memories."
    )
    assert event[0].content is not None
    assert event[0].content.text == "the event brought back memories"
    critics = extract_claims(
        "It played to his ideals - critics would call them impulses - and won."
    )
    assert [source.name for source in critics[0].sources] == ["critics"]


def test_a_noun_after_a_verb_is_its_object_not_a_cue() -> None:
    assert cue_words("He enacted rules to cut emissions.") == []
    assert cue_words("The court rules that the law stands.") == ["rules"]


def test_a_participle_after_what_someone_published_is_theirs() -> None:
    text = "Trump unleashed a series of tweets early Friday saying that Clinton was wrong."
    saying = extract_claims(text)[0]
    assert saying.cue is not None and saying.cue.text == "saying"
    assert [source.name for source in saying.sources] == ["Trump"]
    named = extract_claims(
        "Clinton is describing as “unhinged” a Donald Trump tweet attacking her."
    )
    assert [source.name for source in named[-1].sources] == ["Donald Trump tweet"]
    footage = extract_claims("The ad concludes with footage of Trump saying, “I am smart.”")
    assert any(source.name == "footage of Trump" for claim in footage for source in claim.sources)


def test_a_word_describing_a_name_keeps_it_a_person() -> None:
    assert extract_claims("Then rival Hillary Clinton said no.")[0].sources[0].kind == "person"
    assert extract_claims("The White House said no.")[0].sources[0].kind == "organization"


def test_a_verb_that_reports_no_words_inside_a_claim_is_part_of_it() -> None:
    assert cue_words("Reuters reported that Trump wants a wall on the border.") == ["reported"]
    assert cue_words("Sen. Perdue said he didn't believe the ads hurt Romney.") == ["said"]
    nested = extract_claims("Flynn said Trump was right when he said that the army was weak.")
    assert [claim.cue.text for claim in nested if claim.cue] == ["said", "said"]
    assert nested[1].parent == nested[0].id


def test_a_document_noun_before_a_verb_is_the_subject() -> None:
    claim = extract_claims("Independent analyses agree the top 1 percent would benefit.")[0]
    assert claim.cue is not None and claim.cue.text == "agree"
    assert (claim.sources[0].name, claim.sources[0].kind) == ("Independent analyses", "document")


def test_institutions_speak_and_numbers_do_not_report() -> None:
    assert cue_words("The city of Phoenix is demanding that the campaign stop.") == ["is demanding"]
    assert cue_words("An arbitration panel found the United States was in breach.") == ["found"]
    assert cue_words("Polls show her ahead, and FiveThirtyEight 2.1 points.") == ["show"]


def test_who_stands_for_the_name_after_a_preposition_when_the_head_cannot_speak() -> None:
    text = "The decision is politically risky for Cruz, who pointedly refused to endorse Trump."
    assert [source.name for source in extract_claims(text)[0].sources] == ["Cruz"]
    mayor = extract_claims("It was a blow to the mayor of Phoenix, who said it was unfair.")[0]
    assert mayor.sources[0].name == "mayor of Phoenix"


@pytest.mark.parametrize(
    "text",
    [
        "Having said that, the plan has flaws.",
        "It is worth noting that Apple paid.",
        "An attorney for Mills did not immediately respond to requests for comment.",
        "The White House declined to comment.",
        "CLARIFICATION: The first sentence has been clarified.",
        "The Latest: Trump urges supporters to vote.",
    ],
)
def test_idioms_non_answers_and_page_labels_cite_no_one(text: str) -> None:
    assert all(
        claim.cue is None or claim.cue.text not in ("said", "noting", ":")
        for claim in extract_claims(text)
    )
    assert all(
        source.name
        not in ("Having", "CLARIFICATION", "Latest", "attorney for Mills", "White House")
        for claim in extract_claims(text)
        for source in claim.sources
    )


def test_answers_and_refusals_that_say_something_stay_claims() -> None:
    assert cue_words("She responded that it was false.") == ["responded"]
    assert cue_words("He declined to endorse Trump.") == ["declined"]


def test_a_relative_clause_of_up_to_fifteen_words_is_stepped_over() -> None:
    text = (
        "The Daybreak tracking poll, which tracks Americans’ support for the presidential"
        " candidates on a daily basis, showed that Trump is leading."
    )
    claim = extract_claims(text)[0]
    assert (claim.sources[0].name, claim.sources[0].kind) == ("Daybreak tracking poll", "document")


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Trump’s claim that the election was stolen is false.", "that the election was stolen"),
        ("Contrary to his assertion that taxes fell, they rose.", "that taxes fell"),
        (
            "In Trump’s claim that the vote was rigged, he cited nothing.",
            "that the vote was rigged",
        ),
    ],
)
def test_a_speech_noun_takes_its_that_clause_only(text: str, content: str) -> None:
    cues = ("claim", "assertion")
    noun = next(claim for claim in extract_claims(text) if claim.cue and claim.cue.text in cues)
    assert noun.content is not None and noun.content.text == content
    assert noun.sources[0].name in ("Trump", "his")


@pytest.mark.parametrize(
    "text",
    [
        "In his remarks that evening, the mayor spoke of taxes.",
        "Trump’s comments that drew criticism were about immigration.",
        "As the company put it up for sale, shares fell.",
        "As he put it.",
        "his claim that",
    ],
)
def test_that_as_a_time_or_relative_and_put_as_a_verb_are_no_cues(text: str) -> None:
    assert all(
        claim.cue is None or claim.cue.text not in ("remarks", "comments", "put it", "claim")
        for claim in extract_claims(text)
    )


def test_review_regressions_inverted_subjects_readers_and_describing_words() -> None:
    official = extract_claims("“It is bad,” said an official speaking on condition of anonymity.")
    assert official[0].sources[0].name == "an official"
    report = extract_claims("She read a report saying crime fell.")[0]
    assert [source.name for source in report.sources] == ["report"]
    best_buy = extract_claims("Shares fell after retailer Best Buy said sales fell.")[0]
    assert best_buy.sources[0].kind == "organization"
    nested = extract_claims("Smith said Jones suggested that taxes would rise.")
    assert [claim.cue.text for claim in nested if claim.cue] == ["said", "suggested"]
    board = extract_claims("The Editorial Board: The tax is bad.")
    assert board[0].sources[0].name == "Editorial Board"
    inspector = extract_claims(
        "It was sent to Congress by the inspector general, who said it was late."
    )
    assert inspector[0].sources[0].name == "inspector general"


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("The economist John Park told CNN that rates would fall.", "John Park", "person"),
        ("The Economist reported on Monday that rates would fall.", "The Economist", "outlet"),
        ("THE ECONOMIST reported on Monday that rates would fall.", "The Economist", "outlet"),
        ("The new york times reported that rates would fall.", None, None),
    ],
)
def test_an_outlet_is_named_as_the_outlet_writes_its_name(
    text: str, name: str | None, kind: str | None
) -> None:
    claims = extract_claims(text)
    sources = [(source.name, source.kind) for claim in claims for source in claim.sources]
    if name is None:
        assert all(kind != "outlet" for _, kind in sources)
    else:
        assert sources and sources[0][1] == kind and sources[0][0].endswith(name)


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("Hospitals added 2,400 nurses over the winter.", None),
        ("The bakery added a second oven and another shift.", None),
        ("The minister added that the talks would resume.", "that the talks would resume"),
        ("Lopez added a caveat: “Nothing is final.”", "“Nothing is final.”"),
        ("“Nothing is final,” added the minister.", "“Nothing is final,”"),
    ],
)
def test_add_with_an_object_reports_nothing(text: str, reported: str | None) -> None:
    contents = [c.content.text for c in extract_claims(text) if c.content is not None]
    assert contents == ([reported] if reported else [])
