"""Lineage and the editors' views: what following claims across edits costs.

Writes N articles of ten claims (one transaction an article), then an edited
version of every article (a word changed in each claim's sentence: every claim is
matched to its earlier version), and compares the two writes' cost per article.
Then reviews 5% of the claims and times the editors' reads on that ledger:
`flagged_claims` whole, `Ledger.report_claims()` (the reports) and
`Ledger.claim_detail()` (`provenance show`).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from provenance.ledger import Ledger
from tests.ledger_support import article, outcome


def make_batch(index: int, edited: bool) -> tuple[Any, list[Any]]:
    words = " ".join(f"w{index}x{k}" for k in range(120))
    text = ("Edited. " if edited else "") + words
    art = article(path=f"bench/{index}.txt", text=text)
    return art, [outcome(art, i, "misquoted") for i in range(10)]


def timed_writes(ledger: Ledger, batches: list[tuple[Any, list[Any]]]) -> float:
    started = time.perf_counter()
    for batch in batches:
        ledger.record_articles([batch], run_id="bench")
    return time.perf_counter() - started


def run(quick: bool = False) -> dict[str, Any]:
    articles = 200 if quick else 2000
    first = [make_batch(i, edited=False) for i in range(articles)]
    second = [make_batch(i, edited=True) for i in range(articles)]
    with tempfile.TemporaryDirectory() as folder, Ledger(Path(folder) / "l.db") as ledger:
        ledger.start_run("bench", inputs=[], options={})
        new = timed_writes(ledger, first)
        edited = timed_writes(ledger, second)
        linked = next(
            ledger.query("select count(*) as n from claims where previous_id is not null")
        )
        ids = [row["id"] for row in ledger.query("select id from claims")]
        for claim_id in ids[::20]:
            ledger.add_review(claim_id, status="confirmed", note="bench", reviewer="bench")
        started = time.perf_counter()
        flagged = len(list(ledger.query("select * from flagged_claims")))
        view = time.perf_counter() - started
        started = time.perf_counter()
        reported = len(ledger.report_claims())
        report = time.perf_counter() - started
        started = time.perf_counter()
        for claim_id in ids[:50]:
            ledger.claim_detail(claim_id)
        show = (time.perf_counter() - started) / 50
    result = {
        "articles": articles,
        "claims_linked": linked["n"],
        "ms_per_new_article": round(new / articles * 1000, 3),
        "ms_per_edited_article": round(edited / articles * 1000, 3),
        "edited_over_new": round(edited / new, 2),
        "flagged_claims_rows": flagged,
        "flagged_claims_ms": round(view * 1000, 1),
        "report_claims": reported,
        "report_claims_ms": round(report * 1000, 1),
        "show_ms": round(show * 1000, 2),
    }
    print(
        f"{articles} articles x 10 claims: new {result['ms_per_new_article']} ms an article, "
        f"edited {result['ms_per_edited_article']} ms ({result['edited_over_new']}x; "
        f"{linked['n']} claims linked); flagged_claims {flagged} rows in "
        f"{result['flagged_claims_ms']} ms; report_claims {reported} in "
        f"{result['report_claims_ms']} ms; show {result['show_ms']} ms a claim"
    )
    return result


if __name__ == "__main__":
    run()
