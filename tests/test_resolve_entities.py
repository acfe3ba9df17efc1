"""People and organisations through a Wikidata API stub: accounts, websites, roles, documents."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from devweb.captures import Archive, Capture
from devweb.loopback import Hosts
from devweb.pdf import DocumentSite, text_pdf
from devweb.wikidata import Wikidata, item
from devweb.x import XService, busy_day, status_captures

from provenance.archive import Archive as WarcArchive
from provenance.config import Settings
from provenance.fetch import Fetcher
from provenance.models import Claim, ClaimDate, Resolution, Source, Span
from provenance.pipeline import scorer
from provenance.resolve import plan, resolve
from provenance.resolve.entities import owner_of, parse_entity, role_of

MOMENT = datetime(2025, 3, 13, 16, 5, tzinfo=UTC)
POST = "OpenAI's proposal: If China continues to have free access to data, the race is over"
POSTS = busy_day("AndrewCurran_", "Andrew Curran", MOMENT, POST, "AI policy")
PROPOSAL = [
    "OpenAI Response to OSTP/NSF RFI on the AI Action Plan. March 13, 2025.",
    "If the PRC's developers have unfettered access to data and American companies are left "
    "without fair use access, the race for AI is effectively over.",
]
ITEMS = [
    item("Q100", "Andrew Curran", "AI commentator and writer", claims={"P31": ["Q5"],
         "P2002": ["AndrewCurran_"], "P12361": ["andrewcurran.bsky.social"]}),
    item("Q101", "Andrew Curran", "Irish hurler", claims={"P31": ["Q5"]}),
    item("Q200", "OpenAI", "American artificial intelligence research organization",
         claims={"P31": ["Q4830453"], "P856": ["{org}"], "P169": ["Q201"], "P2002": ["OpenAI"]}),
    item("Q201", "Sam Altman", "American entrepreneur, CEO of OpenAI",
         claims={"P31": ["Q5"], "P2002": ["sama"]}, deprecated={"P856": ["http://old.example"]}),
    item("Q300", "Marc Example", "American venture capitalist", claims={"P31": ["Q5"],
         "P2002": ["marcexample"]}),
    item("Q301", "Marc Example", "Belgian footballer", claims={"P31": ["Q5"]}),
]  # fmt: skip


@pytest.fixture(scope="module")
def hosts() -> Iterator[Hosts]:
    archive = Archive(status_captures(POSTS))
    wikidata = Wikidata()
    pdf = text_pdf(PROPOSAL, created=MOMENT, title="OpenAI Response to OSTP")
    site = DocumentSite({"/global-affairs/openai-response-ostp-ai-action-plan.pdf": pdf})
    services = {"archive": archive, "x": XService(POSTS), "wikidata": wikidata, "org": site}
    with Hosts(services) as running:  # type: ignore[arg-type]
        org = running.base("org")
        for entry in ITEMS:
            if entry["claims"].get("P856"):
                value = entry["claims"]["P856"][0]["mainsnak"]["datavalue"]
                value["value"] = value["value"].replace("{org}", org + "/")
            wikidata.items[entry["id"]] = entry
        url = f"{org}/global-affairs/openai-response-ostp-ai-action-plan.pdf"
        archive.captures.append(Capture("20250314080000", url, pdf, "application/pdf"))
        archive.captures.append(Capture("20250314080000", f"{org}/about", b"<html></html>"))
        yield running


@pytest.fixture()
def settings(hosts: Hosts, tmp_path: Path) -> Settings:
    return Settings(
        ledger=tmp_path / "ledger.db", cache=tmp_path / "cache",
        wayback_url=hosts.base("archive"), cdx_url=hosts.base("archive") + "/cdx/search/cdx",
        x_embed_url=hosts.base("x") + "/oembed",
        x_syndication_url=hosts.base("x") + "/tweet-result",
        wikidata_url=hosts.base("wikidata") + "/w/api.php",
        allow_private_network=True, host_delay=0.0, wayback_delay=0.0, retries=0, deadline=10.0,
    )  # fmt: skip


def claim(name: str, kind: str, sentence: str, *, quote: str, platform: str | None) -> Claim:
    return Claim(
        id=name.replace(" ", "-"), article="a.txt", sentence=Span(sentence, 0, len(sentence)),
        sources=[Source(name, kind, 0, len(name))],  # type: ignore[arg-type]
        channel="social_post" if platform else "document", platform=platform,
        content=Span(sentence, 0, len(sentence)), quotes=[Span(quote, 0, len(quote))],
        date=ClaimDate("March 13, 2025", 0, 0, "2025-03-13"),
    )  # fmt: skip


def run(item_claim: Claim, settings: Settings) -> Resolution:
    with Fetcher(settings, WarcArchive(settings.cache)) as fetcher:
        resolution, _ = resolve(
            item_claim, fetcher=fetcher, settings=settings, registry=None, rules=[],
            score=scorer(settings),
        )  # fmt: skip
    return resolution


CURRAN = claim(
    "Andrew Curran", "social_account",
    "An X post by Andrew Curran, the AI commentator, reveals OpenAI's policy proposal",
    quote="If China continues to have free access to data", platform="x",
)  # fmt: skip


def test_a_post_author_is_found_through_wikidata(settings: Settings, hosts: Hosts) -> None:
    resolution = run(CURRAN, settings)
    assert resolution.status == "resolved", resolution.reason
    assert resolution.chosen is not None
    assert resolution.chosen.url == f"https://x.com/AndrewCurran_/status/{POSTS[0].id}"
    looked = next(q for q in resolution.queries if q.method == "wikidata")
    assert looked.outcome == "found" and looked.detail is not None
    assert (
        "Q100 Andrew Curran" in looked.detail
        and "bluesky andrewcurran.bsky.social" in looked.detail
    )
    assert "posts on bluesky are not searched (no adapter yet)" in looked.detail
    asked = hosts.asked("wikidata")
    api = [r for r in asked if r.path == "/w/api.php"]
    assert api and all(r.query["maxlag"] == "5" for r in api)  # robots.txt's /w/ is not obeyed
    assert all("provenance" in r.headers["user-agent"] for r in api)


def test_answers_are_cached_on_disk(settings: Settings, hosts: Hosts) -> None:
    run(CURRAN, settings)
    before = len(hosts.asked("wikidata"))
    again = run(CURRAN, settings)
    assert again.status == "resolved"
    assert len(hosts.asked("wikidata")) == before


def test_role_words_choose_between_namesakes(settings: Settings) -> None:
    vc = claim("Marc Example", "person", "Venture capitalist Marc Example posted on X that "
               "open models are a gift", quote="open models are a gift", platform="x")  # fmt: skip
    looked = next(q for q in run(vc, settings).queries if q.method == "wikidata")
    assert looked.outcome == "found" and "Q300" in (looked.detail or "")
    bare = claim("Marc Example", "person", "Marc Example posted on X that open models are a gift",
                 quote="open models are a gift", platform="x")  # fmt: skip
    resolution = run(bare, settings)
    looked = next(q for q in resolution.queries if q.method == "wikidata")
    assert looked.outcome == "ambiguous" and "Q300" in (looked.detail or "")
    assert resolution.status == "not_found"
    assert any(q.detail == "no handle or subreddit known" for q in resolution.queries)


def test_a_role_is_followed_to_its_holder(settings: Settings) -> None:
    ceo = claim("OpenAI’s CEO", "person", "OpenAI’s CEO wrote on X that the compute is coming",
                quote="the compute is coming", platform="x")  # fmt: skip
    looked = [q for q in run(ceo, settings).queries if q.method == "wikidata"]
    assert [q.target for q in looked] == ["OpenAI", "OpenAI’s CEO"]
    assert looked[1].outcome == "found" and "P169 of Q200: Q201 Sam Altman" in (
        looked[1].detail or ""
    )
    assert "x sama" in (looked[1].detail or "")
    assert "old.example" not in (looked[1].detail or "")  # a deprecated website is left out


def test_a_document_is_found_on_its_owners_website(settings: Settings, hosts: Hosts) -> None:
    proposal = claim(
        "OpenAI’s policy proposal", "document",
        "OpenAI’s policy proposal links fair use to national security",
        quote="the race for AI is effectively over", platform=None,
    )  # fmt: skip
    resolution = run(proposal, settings)
    assert resolution.status == "resolved", resolution.reason
    assert resolution.chosen is not None and resolution.chosen.method == "document"
    assert resolution.chosen.url.endswith("/openai-response-ostp-ai-action-plan.pdf")
    documents = next(q for q in resolution.queries if q.method == "documents")
    assert documents.window == "2024-09-11..2025-09-12" and documents.candidates == 1


def test_a_lagging_wikidata_is_reported(settings: Settings, hosts: Hosts) -> None:
    wikidata: Wikidata = hosts.services["wikidata"]  # type: ignore[assignment]
    wikidata.lagging = True
    try:
        resolution = run(claim("Sam Altman", "person", "Sam Altman wrote on X that it is late",
                               quote="it is late", platform="x"), settings)  # fmt: skip
    finally:
        wikidata.lagging = False
    looked = next(q for q in resolution.queries if q.method == "wikidata")
    assert looked.outcome == "error" and "maxlag" in (looked.detail or "")


def test_plan_lists_the_lookup(settings: Settings) -> None:
    planned = plan(CURRAN, settings=settings, registry=None, rules=[])
    assert [(q.method, q.target) for q in planned.queries][:1] == [("wikidata", "Andrew Curran")]


def test_names_roles_and_owners() -> None:
    assert role_of("Nvidia’s CEO") == ("Nvidia", "P169")
    assert role_of("the founder of OpenAI") == ("OpenAI", "P112")
    assert role_of("Jensen Huang") is None
    assert owner_of("OpenAI’s policy proposal") == "OpenAI"
    assert owner_of("a leaked memo") is None
    entity = parse_entity(ITEMS[3])
    assert entity.accounts == {"x": "sama"} and entity.website is None and entity.human
