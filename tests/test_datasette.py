"""The ledger in Datasette as an editor reads it: in-process (no server), with the shipped
metadata and the project's render plugin."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from provenance.ledger import Ledger
from provenance.report import datasette_metadata
from tests.test_ledger import fill

datasette_app = pytest.importorskip("datasette.app")


def serve(path: Path) -> Any:
    return datasette_app.Datasette([str(path)], metadata=datasette_metadata(path))


def get(ds: Any, url: str) -> Any:
    async def fetch() -> Any:
        return await ds.client.get(url)

    response = asyncio.run(fetch())
    assert response.status_code == 200, (url, response.status_code)
    return response


@pytest.fixture
def ds(tmp_path: Path) -> Any:
    path = tmp_path / "ledger.db"
    fill(path)
    with Ledger(path) as ledger:
        claim = next(ledger.query("select claim_id from flagged_claims"))["claim_id"]
        ledger.add_review(claim, status="confirmed", note="altered in print", reviewer="ed")
    return serve(path)


def test_flagged_claims_come_first_on_the_index_page(ds: Any) -> None:
    for url in ("/", "/ledger"):
        page = get(ds, url).text
        start = page.index('href="ledger/flagged_claims"')  # linked first, before any table
        assert start < page.index('href="/ledger/claims"')
    assert get(ds, "/ledger/flagged_claims").status_code == 200


def test_views_have_flat_columns_for_an_editor(ds: Any) -> None:
    rows = get(ds, "/ledger/flagged_claims.json?_shape=array").json()
    assert len(rows) == 1
    row = rows[0]
    assert row["reasons"] == "because" and row["quotes"] == "“open models”"
    assert row["evidence"] == "quote altered: open mode"
    assert row["source"] == "The Washington Post" and row["outlet"] == "washingtonpost.com"
    assert row["archived_copy"].startswith("/-/provenance/capture/")
    assert (row["review_status"], row["review_note"], row["reviewer"]) == (
        "confirmed", "altered in print", "ed"
    )  # fmt: skip
    assert row["reviewed_version"] == "this version" and "altered in print" in row["review_history"]


def test_cells_render_readably(ds: Any) -> None:
    page = get(ds, "/ledger/flagged_claims").text
    assert ">archived copy</a>" in page and 'href="/-/provenance/capture/' in page
    claims = get(ds, "/ledger/claims").text
    assert "<li>because</li>" in claims  # the JSON list of reasons, as a list
    assert "[&#34;because&#34;]" not in claims and '["because"]' not in claims
    data = get(ds, "/ledger/claims?_col=data").text
    assert '<pre style="white-space: pre-wrap">' in data and "Washington Post" in data


def test_canned_queries_have_descriptions(ds: Any) -> None:
    metadata = get(ds, "/-/metadata.json").json()
    queries = metadata["databases"]["ledger"]["queries"]
    assert {"unreviewed_flagged", "claim_history", "not_found"} <= set(queries)
    assert all(query.get("title") and query.get("description") for query in queries.values())
    for name in queries:
        page = get(ds, f"/ledger/{name}").text
        assert queries[name]["description"].split(".")[0] in page.replace("&#39;", "'")


def test_claim_history_follows_a_claim_across_versions(tmp_path: Path) -> None:
    from tests.ledger_support import TEXT, article, outcome

    path = tmp_path / "ledger.db"
    with Ledger(path) as ledger:
        ledger.start_run("run1", inputs=[], options={})
        first = article()
        ledger.record_article(first, [outcome(first, 0, "misquoted")], run_id="run1")
        claim = next(ledger.query("select id from claims"))["id"]
        ledger.add_review(claim, status="confirmed", note="first", reviewer="ed")
        second = article(text=TEXT.replace("reported", "wrote"))
        ledger.record_article(second, [outcome(second, 0, "misquoted")], run_id="run1")
    ds = serve(path)
    rows = get(ds, f"/ledger/claim_history.json?_shape=array&claim_id={claim}").json()
    assert [row["version"] for row in rows] == ["earlier version", "current version"]
    assert rows[1]["changes"].startswith("“reported” → “wrote”")
    assert "confirmed (first)" in rows[0]["reviews"]
    latest = get(ds, "/ledger/flagged_claims.json?_shape=array").json()
    assert json.dumps(latest[0]["review_note"]) == '"first"'
    assert latest[0]["reviewed_version"] == "an earlier version"
