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

from provenance.ledger import WRITE_ORDER, Ledger, Row, article_rows
from provenance.models import RunSummary
from tests.ledger_support import article, outcome


def run(quick: bool = False) -> dict[str, Any]:
    """Write N articles of 10 claims each, one transaction per article and per batch of 100.

    Two figures each: the whole write (rows built from the claims, then upserted) and
    the SQLite upserts alone (rows already built), which is what the budget is about.
    """
    articles = 200 if quick else 2000
    batches = [make_batch(i) for i in range(articles)]
    result: dict[str, Any] = {"articles": articles, "budget_rows_per_second": 100_000}
    for label, size in (("per_article", 1), ("batch_100", 100)):
        rows, whole, sql = write(batches, size)
        result[label] = {
            "rows": rows,
            "rows_per_second": round(rows / whole),
            "sql_rows_per_second": round(rows / sql),
            "ms_per_article": round(whole / articles * 1000, 3),
        }
        print(
            f"{label}: {rows} rows; whole write {round(rows / whole):,} rows/s "
            f"({whole / articles * 1000:.3f} ms per article of 10 claims); "
            f"SQLite upserts alone {round(rows / sql):,} rows/s"
        )
    return result


def write(batches: list[tuple[Any, list[Any]]], size: int) -> tuple[int, float, float]:
    """Write the batches twice into new ledgers, `size` articles a transaction:
    once whole (rows built and written), once from rows built beforehand."""
    with tempfile.TemporaryDirectory() as folder:
        with Ledger(Path(folder) / "a.db") as ledger:
            ledger.start_run("bench", inputs=[], options={})
            started = time.perf_counter()
            for index in range(0, len(batches), size):
                ledger.record_articles(batches[index : index + size], run_id="bench")
            whole = time.perf_counter() - started
            ledger.finish_run(RunSummary(run_id="bench", started="now"))
            rows = sum(ledger.counts().values())
        prepared = [rows_of(batches[i : i + size]) for i in range(0, len(batches), size)]
        with Ledger(Path(folder) / "b.db") as ledger:
            ledger.start_run("bench", inputs=[], options={})
            started = time.perf_counter()
            for table_rows in prepared:
                ledger.write_rows(table_rows)
            sql = time.perf_counter() - started
    return rows, whole, sql


def rows_of(batch: list[tuple[Any, list[Any]]]) -> dict[str, list[Row]]:
    rows: dict[str, list[Row]] = {table: [] for table in WRITE_ORDER}
    for art, outcomes in batch:
        for table, table_rows in article_rows(art, outcomes, "bench").items():
            rows[table].extend(table_rows)
    return rows


def make_batch(index: int) -> tuple[Any, list[Any]]:
    art = article(path=f"bench/{index}.txt", text=f"{index} " + "x" * 400)
    return art, [outcome(art, i, "misquoted") for i in range(10)]


if __name__ == "__main__":
    run()
