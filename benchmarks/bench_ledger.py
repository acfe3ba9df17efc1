"""Ledger write throughput: rows a second, one transaction per article batch.

Budget (DESIGN.md section 8): >= 100,000 rows a second.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from provenance.ledger import Ledger
from provenance.models import RunSummary
from tests.ledger_support import article, outcome


def run(quick: bool = False) -> dict[str, Any]:
    """Write N articles of 10 claims each, one transaction per article and per batch of 100."""
    articles = 200 if quick else 2000
    batches = [make_batch(i) for i in range(articles)]
    result: dict[str, Any] = {"articles": articles, "budget_rows_per_second": 100_000}
    for label, size in (("per_article", 1), ("batch_100", 100)):
        rows, elapsed = write(batches, size)
        result[label] = {
            "rows": rows,
            "rows_per_second": round(rows / elapsed),
            "ms_per_article": round(elapsed / articles * 1000, 3),
        }
        print(
            f"{label}: {rows} rows in {elapsed:.2f}s: {round(rows / elapsed):,} rows/s, "
            f"{elapsed / articles * 1000:.3f} ms per article of 10 claims"
        )
    return result


def write(batches: list[tuple[Any, list[Any]]], size: int) -> tuple[int, float]:
    """Write the batches into a new ledger, `size` articles a transaction."""
    with tempfile.TemporaryDirectory() as folder, Ledger(Path(folder) / "l.db") as ledger:
        ledger.start_run("bench", inputs=[], options={})
        started = time.perf_counter()
        for index in range(0, len(batches), size):
            ledger.record_articles(batches[index : index + size], run_id="bench")
        elapsed = time.perf_counter() - started
        ledger.finish_run(RunSummary(run_id="bench", started="now"))
        return sum(ledger.counts().values()), elapsed


def make_batch(index: int) -> tuple[Any, list[Any]]:
    art = article(path=f"bench/{index}.txt", text=f"{index} " + "x" * 400)
    return art, [outcome(art, i, "misquoted") for i in range(10)]


if __name__ == "__main__":
    run()
