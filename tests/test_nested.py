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


class Outlet:
    def respond(self, request: Request) -> Response:
        if request.path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nAllow: /\n"
        if request.path == "/2025/11/06/nvidia-ceo-china.html":
            return 200, "text/html; charset=utf-8", PAGE.encode()
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
