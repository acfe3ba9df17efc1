"""Contradiction checks, the content checked, unreadable pages, and the verdicts they give."""

from __future__ import annotations

import json
from functools import cache

import pytest
from typer.testing import CliRunner

from provenance.cli import app
from provenance.match import check_claim, decide
from provenance.match.contradict import find_contradictions, quantities
from provenance.match.verdict import claim_from_text, content_to_check, unreadable
from provenance.models import Document, Resolution
from provenance.read import inspect_html, read_body
from tests.match_support import ORIGINALS

BRIEFING = ORIGINALS / "citydesk-briefing.html"
RESOLVED = Resolution(claim_id="c", status="resolved")


@cache
def briefing() -> Document:
    return inspect_html(BRIEFING.read_bytes(), url="https://citydesk.example/briefing")


def verdict(text: str, document: Document | None = None) -> tuple[str, list[str]]:
    claim = claim_from_text(text)
    result = decide(claim, RESOLVED, check_claim(claim, document or briefing()))
    return result.verdict, result.reasons


@pytest.mark.parametrize(
    ("claim", "kind", "claimed", "found"),
    [
        ("Acme shares rose 10% on Tuesday", "number", "rose 10% on", "fell 4% on"),
        ("Acme shares rose on Tuesday", "direction", "rose", "fell"),
        ("the city council rejected the bike lanes", "direction", "rejected", "approved"),
        ("Acme will raise prices before the summer", "negation", "raise", "not raise"),
        (
            "Initech sued Globex over a patent",
            "entity",
            "Initech sued Globex",
            "Globex sued Initech",
        ),
        (
            "Globex sued Initech over a patent on November 5",
            "date",
            "on November 5",
            "on November 3",
        ),
        (
            "Revenue reached $2.1 billion in the third quarter",
            "number",
            "reached $2.1 billion in",
            "reached $1.2 billion in",
        ),
        (
            "recyclers will have to recover 70% of the lithium by 2035",
            "number",
            "by 2035",
            "by 2030",
        ),
    ],
)
def test_each_contradiction_names_both_sides_and_the_sentence(
    claim: str, kind: str, claimed: str, found: str
) -> None:
    text = briefing().text
    result = find_contradictions(claim, text)
    assert [(c.kind, c.claimed, c.found) for c in result][:1] == [(kind, claimed, found)]
    assert result[0].sentence in text


@pytest.mark.parametrize(
    "claim",
    [
        "Acme shares fell 4% on Tuesday",
        "the city council approved the bike lanes",
        "Acme will not raise prices before the summer",
        "Globex sued Initech over a patent on November 3",
        "Revenue reached 1.2 billion dollars in the third quarter",
        "Revenue reached $1,200 million in the third quarter",
        "recyclers will have to recover 70 percent of the lithium by 2030",
    ],
)
def test_the_same_facts_in_other_words_are_not_contradicted(claim: str) -> None:
    assert find_contradictions(claim, briefing().text) == []


def test_quantities_know_money_percentages_years_ordinals_and_days() -> None:
    found = quantities("On March 3 the 2nd bid of €4.5m rose 12 percent, up from 1,200 in 2019.")
    assert [(q.kind, q.value) for q in found] == [
        ("day", 303),
        ("ordinal", 2),
        ("money", 4.5e6),
        ("percent", 12),
        ("count", 1200),
        ("year", 2019),
    ]


def test_correct_paraphrase_with_a_verbatim_quote_is_verified() -> None:
    quote = "put Europe ahead of every other market on recycling"
    name, reasons = verdict(
        "Ana Ruiz said the law will require recyclers to recover 70% of lithium by 2030 "
        f"and will “{quote}”"
    )
    assert name in ("verified", "minor_discrepancy"), reasons
    assert not any(reason.startswith("contradiction") for reason in reasons)


def test_a_contradicted_claim_is_flagged_contradicted_with_the_evidence() -> None:
    name, reasons = verdict("Reuters reported that Acme shares rose 10% on Tuesday.")
    assert name == "contradicted"
    assert reasons[0].startswith("contradiction (")
    assert "Acme shares fell 4% on Tuesday" in reasons[0]
    assert (
        verdict("The Courier reported that the city council rejected the bike lanes.")[0]
        == "contradicted"
    )
    assert (
        verdict("The Courier reported that the city council approved the bike lanes.")[0]
        != "contradicted"
    )


def test_contradiction_checks_carry_offsets_into_the_source() -> None:
    claim = claim_from_text("Acme shares rose 10% on Tuesday")
    checks = [c for c in check_claim(claim, briefing()) if c.kind == "contradiction"]
    assert checks and all(c.status == "contradicted" for c in checks)
    first = checks[0]
    assert first.start is not None and first.end is not None
    assert briefing().text[first.start : first.end] == first.evidence
    assert len({c.id for c in checks}) == len(checks)


def test_attribution_words_are_not_content() -> None:
    text = (
        "The piece, published on November 19, 2025, highlights that Acme shares fell 4% on Tuesday"
    )
    content = content_to_check(claim_from_text(text))
    assert content == "Acme shares fell 4% on Tuesday"
    assert "published" not in content_to_check(
        claim_from_text("According to City Desk, Acme shares fell 4%, as published on Monday")
    )


@pytest.mark.parametrize(
    ("text", "content"),
    [  # "reported" as content; a source before the content blanks none of it
        (
            "The storm flooded six coastal towns, and no deaths were reported.",
            "The storm flooded six coastal towns, and no deaths were reported.",
        ),
        (
            "He claimed the fire was set before the shop opened on campus.",
            "the fire was set before the shop opened on campus",
        ),
    ],
)
def test_content_words_are_kept(text: str, content: str) -> None:
    assert content_to_check(claim_from_text(text)) == content


def test_unreadable_pages_are_not_checked_never_misquoted() -> None:
    quote = "put Europe ahead of every other market on recycling"
    claim = claim_from_text(f"Ruiz said the rules “{quote}”")
    pages = {
        "empty": read_body(b"", content_type="text/html", url="https://x.example/a"),
        "binary": read_body(bytes(range(256)) * 40, content_type="text/html", url=None),
        "garbled": Document(text="\x00\x01\x02\ufffd\ufffd" * 50),
        "too short": Document(text="Subscribe now"),
        "paywall": Document(
            text="Europe's battery law: what changes for recyclers. The new rules set targets "
            "for lithium. Subscribe now to continue reading. Already a subscriber? Log in."
        ),
    }
    for name, page in pages.items():
        checks = check_claim(claim, page)
        assert [(c.kind, c.status) for c in checks] == [("page", "unreadable")], name
        result = decide(claim, RESOLVED, checks)
        assert result.verdict == "not_checked", name
        assert result.reasons[0].startswith("page not readable"), name
    assert unreadable(briefing()) is None
    post = "Open weights are the only way to earn public trust in AI. Subscribe to my newsletter."
    assert unreadable(Document(text=post)) is None
    assert unreadable(Document(text="", error="the page is too deeply nested to read")) == (
        "the page is too deeply nested to read"
    )


def test_check_claim_command_prints_contradicted() -> None:
    result = CliRunner().invoke(
        app, ["check-claim", "Acme shares rose 10% on Tuesday", str(BRIEFING), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["verdict"] == "contradicted"
    assert "contradiction" in [check["kind"] for check in data["checks"]]


def test_the_claims_own_date_and_outlet_do_not_sink_the_right_page() -> None:
    from provenance.match import score_candidate

    text = (
        "The piece, published on November 19, 2025, highlights that Acme shares fell 4% "
        "on Tuesday after the company cut its sales forecast"
    )
    claim = claim_from_text(text)
    assert claim.date is not None and claim.date.text in text
    assert score_candidate(claim, briefing()) >= 0.7


@pytest.mark.parametrize(
    ("claim", "source", "kind", "claimed", "found"),
    [
        (  # a negation found whatever the verb's form on each side
            "The inspectors concluded that the dam met safety standards.",
            "The inspectors concluded that the dam did not meet safety standards in 2024.",
            "negation",
            "met",
            "not meet",
        ),
        (
            "The court decided the law violated the constitution.",
            "The court decided the law does not violate the constitution, ending the case.",
            "negation",
            "violated",
            "not violate",
        ),
        (  # the closest sentence says otherwise; a looser one does not outweigh it
            "The survey found a gain from the new diet alone.",
            "The survey found that people slept better. It did not find any gain from the new "
            "diet alone.",
            "negation",
            "found",
            "not find",
        ),
        (  # jobs added or shed, next to their number
            "Retailers added 15,000 workers in the quarter.",
            "Retailers shed 15,000 workers in the quarter, the survey showed.",
            "direction",
            "added",
            "shed",
        ),
        (  # each number keeps its own change word
            "Exports gained 4,000 tonnes in May.",
            "Exports lost 4,000 tonnes in May, while imports gained 9,000.",
            "direction",
            "gained",
            "lost",
        ),
        (  # a name the page never gives, in the place of another
            "The survey was paid for by the Hartley Foundation.",
            "The survey, run in spring, was paid for by the Ocean Science Fund, its authors said.",
            "entity",
            "Hartley Foundation",
            "Ocean Science Fund",
        ),
        (
            "The school is being rebuilt with a county loan.",
            "The school is being rebuilt with a federal loan and private gifts.",
            "entity",
            "county",
            "federal",
        ),
        (  # a month of the content the page gives otherwise
            "The stadium will reopen in October after repairs.",
            "The stadium will reopen in August after repairs, the club said.",
            "date",
            "in October after",
            "in August after",
        ),
        (  # a name in another's place, in a sentence holding less of the claim
            "The new harbour dredging survey last spring was funded by the Hartley Foundation.",
            "The harbour dredging survey was funded by the Ocean Science Fund, its authors said.",
            "entity",
            "Hartley Foundation",
            "Ocean Science Fund",
        ),
        (  # a day of the week the page gives otherwise ("T" is no initial of it)
            "The summit was held in Lisbon on Thursday.",
            "The summit was held in Lisbon on Tuesday, officials said.",
            "entity",
            "Thursday",
            "Tuesday",
        ),
        (  # a level word before the same noun, the rest of the sentence put otherwise
            "The $8 million harbour upgrade is paid for by a county bond.",
            "The harbour upgrade will cost $8 million and is financed by a federal bond.",
            "entity",
            "county",
            "federal",
        ),
        (  # signing against a veto
            "The governor said she would sign the water bill.",
            "The governor has threatened to veto the water bill.",
            "direction",
            "sign",
            "veto",
        ),
        (  # each change word by its own number, in a sentence holding both
            "Exports to Asia grew 9% in the year, while exports to Africa grew 3%.",
            "Exports to Asia grew 9% in the year, while exports to Africa shrank 3%.",
            "direction",
            "grew",
            "shrank",
        ),
        (  # "up" by a number is a rise
            "Attendance fell to 48,000 from 41,000.",
            "Attendance reached 48,000, up from 41,000, the club said.",
            "direction",
            "fell",
            "up",
        ),
        (  # a passive with no agent is about what the claim's word is about
            "Turnout was high, and residents approved expanding the old harbour wall.",
            "Turnout was high. A plan to expand the old harbour wall was rejected.",
            "direction",
            "approved",
            "rejected",
        ),
        (
            "The firm lowered its profit forecast for the year.",
            "The firm raised its profit forecast for the year.",
            "direction",
            "lowered",
            "raised",
        ),
        (  # roles swapped around a month
            "The club fired coach Ana Lima in May and replaced her with Raul Soto.",
            "The club fired coach Raul Soto in May and replaced him with Ana Lima.",
            "entity",
            "Ana Lima in May and replaced her with Raul Soto",
            "Raul Soto in May and replaced him with Ana Lima",
        ),
        (  # a count with a comma is no year, so its month is compared
            "Applications were 2,150 in March.",
            "Applications rose to 2,150 in April from 1,900 in March.",
            "date",
            "2,150 in March",
            "2,150 in April",
        ),
        (  # a month alone, and a number dated otherwise where the page gives the claim's
            # date to another fact
            "The festival returns in July.",
            "The festival returns in August, organisers said.",
            "date",
            "in July",
            "in August",
        ),
        (
            "Rents were raised by 30% in 2021.",
            "The suit was filed in 2021. Rents were raised by 30% in 2020, tenants said.",
            "date",
            "30% in 2021",
            "30% in 2020",
        ),
        (  # ordinals and counts in words
            "Rita, the fifth storm of the season, hit the coast.",
            "Rita, the fourth storm of the season, hit the coast on Monday.",
            "number",
            "the fifth storm",
            "the fourth storm",
        ),
        (  # two numbers given the other way round
            "The league counted 340 injuries this year, up from 280 last year.",
            "The league counted 280 injuries this year, up from 340 last year.",
            "number",
            "340 injuries this year, up from 280",
            "280 injuries this year, up from 340",
        ),
        (  # a count in a compound word
            "The club said the striker signed a four-year contract on Monday.",
            "The club said the striker signed a five-year contract on Monday.",
            "number",
            "a four-year contract",
            "a five-year contract",
        ),
        (  # points of the compass
            "Strong winds pushed the smoke west toward the valley.",
            "Strong winds pushed the smoke east toward the valley overnight.",
            "direction",
            "west",
            "east",
        ),
        (
            "Councillor Tom Lane supported the harbour plan.",
            "Councillor Tom Lane criticised the harbour plan at the meeting.",
            "direction",
            "supported",
            "criticised",
        ),
        (  # a passive with no agent, its object after it
            "Kerr served as treasurer from 2010 to 2018 and was convicted of tax fraud.",
            "Kerr served as treasurer from 2010 to 2018. He was acquitted of tax fraud.",
            "direction",
            "convicted",
            "acquitted",
        ),
        (  # one fact of a claim that joins several, against the sentence about it
            "The family bakery on Elm Street opened a second shop downtown with help from a "
            "city grant, while its sales fell to $3 million.",
            "The family bakery on Elm Street opened a second shop downtown with help from a "
            "city grant. Its sales rose to $3.4 million from $3 million.",
            "direction",
            "fell",
            "rose",
        ),
        (  # a number dated otherwise: the claim's date belongs to another number
            "Output at the mill reached 640 tonnes in June.",
            "Output at the mill reached 640 tonnes in July, up from 590 tonnes in June.",
            "date",
            "640 tonnes in June",
            "640 tonnes in July",
        ),
        (
            "The charity raised $2 million in 2023.",
            "The charity raised $2 million in 2024, after $1.5 million in 2023.",
            "date",
            "$2 million in 2023",
            "$2 million in 2024",
        ),
    ],
)
def test_contradictions_across_word_forms_jobs_and_months(
    claim: str, source: str, kind: str, claimed: str, found: str
) -> None:
    result = find_contradictions(claim, source)
    assert [(c.kind, c.claimed, c.found) for c in result][:1] == [(kind, claimed, found)]


@pytest.mark.parametrize(
    ("claim", "source"),
    [
        # a score or range gives both its numbers
        ("The board passed the measure 6 to 3.", "The board passed the measure in a 6-3 vote."),
        (
            "The board passed the measure 6-3.",
            "The board passed the measure by six votes to three.",
        ),
        # a change word of another actor is no contradiction of this one (nor of a part
        # that does not name its subject: "... and supported the library plan")
        (
            "Parents' groups welcomed and supported the library plan.",
            "City council rejects library plan after a long hearing.",
        ),
        # the month is given by a day of it; "may" the verb is no month
        ("The new line will open in March 2027.", "The new line will open on March 9, 2027."),
        ("Fares may rise next year.", "Fares are set to rise next year, starting in June."),
        ("Imports gained 9,000 tonnes.", "Exports lost 4,000 tonnes, while imports gained 9,000."),
        # a verb both negated and not: the claim's fact is the one affirmed
        (
            "The auditors found errors in the 2023 accounts.",
            "The auditors did not find errors in the 2022 accounts, but found errors in the 2023 "
            "accounts.",
        ),
        # a page that has it both ways, in sentences as close to the claim
        (
            "The mayor never signed the petition.",
            "The mayor did not sign the petition. The mayor signed the petition's rival letter.",
        ),
        ("Inspectors found no leaks in the tank.", "Inspectors did not find leaks in the tank."),
        # names the page gives otherwise: initials, a shorter form, a title's other bearer
        (
            "The grant came from the National Science Foundation.",
            "The grant came from the NSF, which funds basic research.",
        ),
        ("The talks were hosted by the United States.", "The talks were hosted by the U.S."),
        ("The school is a public university.", "The school is a state university."),
        # months: a name, a verb, or another month the claim gives itself
        ("Reporter June Alvarez asked the question.", "Reporter June Alvarez asked in July."),
        (
            "The strike that began in March ended in June.",
            "The strike ended in June, three months after it began.",
        ),
        # each fact of the claim keeps its own number
        (
            "The region added 40,000 jobs in May while mining lost 2,000.",
            "The region added 40,000 jobs in May. Mining lost 2,000 jobs in the month.",
        ),
        # a number dated the claim's way somewhere, or dated by the claim alone
        (
            "Output reached 640 tonnes in June.",
            "Output reached 640 tonnes in July. It had also reached 640 tonnes in June.",
        ),
        ("Output reached 640 tonnes in June.", "Output reached 640 tonnes, the mill said."),
        (
            "Output reached 640 tonnes in June.",
            "Output reached 640 tonnes, in July as in June, the mill said.",
        ),
        # a bill signed after it was opposed; a bond of both levels
        ("The mayor signed the parking bill.", "The mayor signed the parking bill she opposed."),
        (
            "The upgrade is paid for by a county bond.",
            "The upgrade is financed by a federal grant and a county bond.",
        ),
        # "B lost to A" is "A beat B"; a pair of names in the claim's order elsewhere
        (
            "Leeds beat York 2-0 in May but lost the final to them 3-1.",
            "York beat Leeds 3-1 in the final. Leeds had beaten York 2-0 in May.",
        ),
        (
            "Leeds beat York 2-0 in May.",
            "York beat Leeds 3-1 in the final. Leeds had beaten York 2-0 in May.",
        ),
        # a change word of another number; a sentence closer to the claim's thing says it
        (
            "The board rejected the 5% raise and approved a 2% raise instead.",
            "Staff asked for a 5% raise, but the board rejected it. Instead, the board approved "
            "a 2% raise.",
        ),
        (
            "Voters backed the school levy but rejected a plan to merge two districts.",
            "Voters approved the school levy. A plan to merge two districts was rejected.",
        ),
        # the claim's own words of both sides
        (
            "Officials credited lower fares for the rise in riders.",
            "Officials said the rise in riders came from lower fares.",
        ),
        # the passive gives the names the other way round
        ("Lima was replaced by Raul Soto as coach.", "Raul Soto has replaced Lima as coach."),
        # "mayor of Dunmore" is "Dunmore mayor"; two parties' shares in the other order;
        # a count in words against a figure of millions
        (
            "Ana Ruiz, a former mayor of Dunmore, was fined.",
            "Former Dunmore mayor Ana Ruiz was fined.",
        ),
        (
            "Orion holders will keep 35% of the group, with Vega holders holding the other 65%.",
            "Vega holders will own 65% of the group and Orion holders 35%.",
        ),
        (
            "Membership rose 4% over ten years, from 2.5 million to 2.6 million.",
            "Membership reached 2.6 million last year, up 4% from 2.5 million a decade before.",
        ),
        # found by a review: paraphrases that reorder facts, numbers in words at a
        # sentence's start, a date repeated, an object that ends at "after"
        ("The team scored 3 goals and conceded 1.", "The team conceded 1 goal and scored 3 goals."),
        ("Two people died and five were injured.", "Five people were injured and two died."),
        (
            "The two firms agreed to merge their 12 stores.",
            "Alder and Birch agreed to merge their 12 stores.",
        ),
        (
            "Output reached 640 tonnes in June.",
            "Output reached 640 tonnes in July, as it had in June.",
        ),
        (
            "The board approved the merger after rejecting an earlier offer.",
            "An earlier offer was rejected; the board then approved the merger.",
        ),
        (
            "Kestrel holds 40% of the market and Altura 60%.",
            "Altura holds 60% of the market, Kestrel 40%.",
        ),
        # a score either way round; "a third of" is a share, "Three Lions" a name
        ("Riverside beat Leeds 3-1.", "Leeds lost 1-3 to Riverside."),
        ("A third of the homes lost power.", "About 2 in 5 homes lost power in the storm."),
        ("Three Lions fans filled the square.", "Fans of the team filled the square, all 5,000."),
        # "added" as speech, not as jobs
        ("Hiring rose 3% in the spring.", "Hiring rose 3% in the spring, she added."),
        # a name the page gives in part, or in full elsewhere, is no substitution
        (
            "The merger was cleared by the Federal Trade Commission.",
            "The merger was cleared by the FTC, the Commission said on Monday.",
        ),
        (
            "Governor Ana Ruiz signed the bill on Friday.",
            "Ruiz signed the bill on Friday. Governor Ana Ruiz later praised it.",
        ),
    ],
)
def test_ranges_other_actors_months_and_speech_are_not_contradictions(
    claim: str, source: str
) -> None:
    assert find_contradictions(claim, source) == []


@pytest.mark.parametrize(
    ("html", "wall"),
    [
        (
            "<title>Privacy choices</title><p>We use cookies to improve your experience. "
            "Accept all cookies or manage preferences.</p>",
            "cookie or consent wall",
        ),
        (
            "<title>Not here | The Ledger</title><h1>Error 404</h1><p>The page you requested "
            "does not exist.</p>",
            "'page not found' notice",
        ),
        (
            "<title>Loading</title><div id='app'></div><noscript>This site requires "
            "JavaScript to run.</noscript>",
            "notice that the page needs JavaScript",
        ),
    ],
)
def test_walls_and_error_pages_are_not_checked(html: str, wall: str) -> None:
    page = read_body(
        f"<html><head>{html}</body></html>".encode(), content_type="text/html", url=None
    )
    claim = claim_from_text("The mayor said the tram line would open in 2027.")
    result = decide(claim, RESOLVED, check_claim(claim, page))
    assert result.verdict == "not_checked"
    assert wall in result.reasons[0]


@pytest.mark.parametrize(
    "text",
    [
        "Regulators in Brussels said sites must ask before they use cookies, and fined three "
        "firms that did not.",
        "Under the plan each site's cookie policy would be checked, and sites must make it as "
        "easy to refuse as to accept all cookies, regulators said on Tuesday.",
        "The browser will let users enable JavaScript per site from next month, its makers said.",
        "Broken links that lead to a page not found error cost shops sales, a study found.",
    ],
)
def test_short_articles_about_cookies_or_errors_are_no_walls(text: str) -> None:
    assert unreadable(Document(text=text, title="Tech brief")) is None


def test_single_quotes_around_words_are_quotes_apostrophes_are_not() -> None:
    said = "The coach's verdict: the squad had been 'sharp from start to finish', he said."
    assert [q.text for q in claim_from_text(said).quotes] == ["sharp from start to finish"]
    curly = "Ms. Diaz called it ‘a fair deal for riders’ on Friday."
    assert [q.text for q in claim_from_text(curly).quotes] == ["a fair deal for riders"]
    assert claim_from_text("The drivers’ union isn’t happy with the riders' plan.").quotes == []
    assert claim_from_text("Sales peaked in the '90s, record firms' data show.").quotes == []


def test_a_verified_claim_says_only_what_was_checked() -> None:
    result = verdict("Acme shares fell 4% on Tuesday")
    assert result[0] == "verified"
    assert result[1][0] == "content agrees with the original"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check-claim", "  ", str(BRIEFING)], "empty"),
        (["check-claim", "Acme shares fell", "no-such-page.html"], "no such file"),
        (["check-quote", "Acme shares fell", "no-such-page.html"], "no such file"),
    ],
)
def test_an_empty_claim_or_a_missing_page_is_a_usage_error(args: list[str], message: str) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr
