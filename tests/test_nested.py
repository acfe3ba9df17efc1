"""Nested sources: a claim named inside another is checked against its parent's original first."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils
from devweb.loopback import Hosts, Request, Response, not_found

from provenance.config import Settings
from provenance.pipeline import verify

PAGE = (
    "<!doctype html><html><head><title>Nvidia CEO on China | Pravda USA</title>"
    '<meta property="article:published_time" content="2025-11-06T08:00:00Z"></head><body>'
    "<article><h1>Nvidia CEO says China is ahead</h1><p>Nvidia’s chief executive said on "
    "Wednesday that China is going to win the race for AI against the US, citing cheaper "
    "power and looser rules.</p><p>He spoke at a conference in London.</p></article></body></html>"
)


WATER = (
    "<!doctype html><html><head><title>City raises water rates | AP</title>"
    '<meta property="article:published_time" content="2025-11-18T08:00:00Z"></head><body>'
    "<article><h1>City raises water rates by 12 percent</h1><p>The city will raise water rates "
    "by 12 percent next year, officials said on Tuesday.</p><p>“We have no other option left,” "
    "the water director said at the meeting.</p></article></body></html>"
)


class Outlet:
    def respond(self, request: Request) -> Response:
        if request.path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nAllow: /\n"
        if request.path == "/2025/11/06/nvidia-ceo-china.html":
            return 200, "text/html; charset=utf-8", PAGE.encode()
        if request.path == "/2025/11/18/water-rates.html":
            return 200, "text/html; charset=utf-8", WATER.encode()
        return not_found()


@pytest.fixture(scope="module")
def hosts() -> Iterator[Hosts]:
    with Hosts({"pravda": Outlet()}) as running:
        yield running


def test_an_altered_quote_in_the_parents_original_is_a_misquote(
    hosts: Hosts, tmp_path: Path
) -> None:
    url = hosts.base("pravda") + "/2025/11/06/nvidia-ceo-china.html"
    article = tmp_path / "article.md"
    article.write_text(
        "# Open models\n\nPravda USA ([link](" + url + ")) quoted Nvidia’s CEO two weeks ago "
        "stating China will ‘win the AI race with the US,’ citing cheaper power.\n",
        encoding="utf-8",
    )
    settings = Settings(
        ledger=tmp_path / "ledger.db", cache=tmp_path / "cache", reports=tmp_path / "reports",
        wikidata_url="", allow_private_network=True, host_delay=0.0, retries=0, deadline=10.0,
    )  # fmt: skip
    verify([article], settings=settings, article_date=date(2025, 11, 20))
    rows = list(sqlite_utils.Database(settings.ledger)["claims"].rows)
    child = next(row for row in rows if json.loads(row["data"]).get("parent"))
    parent = next(row for row in rows if row["id"] == json.loads(child["data"])["parent"])
    assert parent["original_url"] == url
    assert child["original_url"] == url
    assert child["verdict"] == "misquoted", child["reasons"]
    assert "parent's original" in (child["resolution_reason"] or "")


def test_a_sentence_continuing_a_report_is_checked_in_the_report(
    hosts: Hosts, tmp_path: Path
) -> None:
    url = hosts.base("pravda") + "/2025/11/18/water-rates.html"
    article = tmp_path / "article.md"
    article.write_text(
        f"# Water\n\nThe Associated Press ([link]({url})) reported on Tuesday that the city will "
        "raise water rates by 12 percent. “We have no other choice,” said the water director.\n",
        encoding="utf-8",
    )
    settings = Settings(
        ledger=tmp_path / "ledger.db", cache=tmp_path / "cache", reports=tmp_path / "reports",
        wikidata_url="", allow_private_network=True, host_delay=0.0, retries=0, deadline=10.0,
    )  # fmt: skip
    verify([article], settings=settings, article_date=date(2025, 11, 20))
    rows = list(sqlite_utils.Database(settings.ledger)["claims"].rows)
    director = next(row for row in rows if "water director" in row["sentence"] and
                    "director" in json.dumps(json.loads(row["data"])["sources"]))  # fmt: skip
    assert director["original_url"] == url
    assert director["verdict"] == "misquoted", director["reasons"]
    assert "which this sentence continues" in (director["resolution_reason"] or "")


QUOTE = (
    "If China continues to have free access to data while American companies are left without "
    "fair use access, the race for AI is effectively over."
)
PDF_PAGES = [
    "OpenAI Response to OSTP/NSF RFI on the AI Action Plan. March 13, 2025. Our policy "
    "proposal links fair use to national security: the freedom to learn protects America.",
    QUOTE,
]


@pytest.mark.slow
def test_a_document_named_in_a_post_is_searched_for_itself(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from devweb.captures import Archive, Capture
    from devweb.pdf import DocumentSite, text_pdf
    from devweb.wikidata import Wikidata, item
    from devweb.x import XService, busy_day, status_captures

    moment = datetime(2025, 3, 13, 16, 5, tzinfo=UTC)
    posts = busy_day("AndrewCurran_", "Andrew Curran", moment, f"OpenAI's proposal: {QUOTE}", "AI")
    pdf = text_pdf(PDF_PAGES, created=moment, title="OpenAI Response to OSTP")
    path = "/global-affairs/openai-response-ostp-ai-action-plan.pdf"
    archive, wikidata = Archive(status_captures(posts)), Wikidata()
    services = {"archive": archive, "x": XService(posts), "wikidata": wikidata,
                "org": DocumentSite({path: pdf})}  # fmt: skip
    with Hosts(services) as running:  # type: ignore[arg-type]
        org = running.base("org")
        archive.captures.append(Capture("20250314080000", org + path, pdf, "application/pdf"))
        wikidata.items["Q1"] = item("Q1", "Andrew Curran", "AI commentator",
                                    claims={"P31": ["Q5"], "P2002": ["AndrewCurran_"]})  # fmt: skip
        wikidata.items["Q2"] = item("Q2", "OpenAI", "AI research organization",
                                    claims={"P856": [org + "/"]})  # fmt: skip
        article = tmp_path / "article.md"
        article.write_text(
            "# Open models\n\nAn X post by Andrew Curran from March 13, 2025, reveals OpenAI’s "
            f"policy proposal linking fair use to national security: ‘{QUOTE}’\n",
            encoding="utf-8",
        )
        archive_url = running.base("archive")
        settings = Settings(
            ledger=tmp_path / "ledger.db", cache=tmp_path / "cache", reports=tmp_path / "reports",
            wayback_url=archive_url, cdx_url=archive_url + "/cdx/search/cdx",
            x_embed_url=running.base("x") + "/oembed",
            x_syndication_url=running.base("x") + "/tweet-result",
            wikidata_url=running.base("wikidata") + "/w/api.php",
            allow_private_network=True, host_delay=0.0, wayback_delay=0.0, retries=0, deadline=10.0,
        )  # fmt: skip
        verify([article], settings=settings, article_date=date(2025, 11, 20))
    rows = list(sqlite_utils.Database(settings.ledger)["claims"].rows)
    child = next(row for row in rows if json.loads(row["data"]).get("parent"))
    parent = next(row for row in rows if row["id"] == json.loads(child["data"])["parent"])
    assert parent["original_url"] == f"https://x.com/AndrewCurran_/status/{posts[0].id}"
    assert child["original_url"] == org + path  # its own original, a different publication
    assert child["resolution"] == "resolved" and child["verdict"] != "source_not_found"
    queries = json.loads(child["queries"])
    assert queries[0].startswith(f"parent {parent['original_url']}: 1 candidates: found")
