"""Reader: exact-day accuracy of the original publication date on htmldate-dev.

Reads every page of `../shared/eval/htmldate-dev` (gzipped HTML and gold dates)
with `provenance.read.inspect_html` and counts the pages whose
`Document.published` is the gold day, over all pages and over each half (even
and odd positions in gold.json: nothing in the reader is fitted to either, so
the halves show how much the figure moves with the pages). Beside it: htmldate
alone (its original date, as the reader calls it), each date signal alone (a
URL's month counts as right when the gold day is in it), how many pages have
signals that disagree (the date check reports those), and the CPU cost per
page (all of the reader, and the page's own date signals beside htmldate).

Run alone: python benchmarks/bench_read.py [--quick]
"""

from __future__ import annotations

import gzip
import json
import statistics
import sys
import time
from typing import Any

from evaldata import eval_dir

from provenance.dating import signals
from provenance.match.dates import disagreement, page_signals
from provenance.read import inspect_html

BAR = 0.95


def run(quick: bool = False) -> dict[str, Any]:
    """Measure, print the figures, and return them."""
    folder = eval_dir() / "htmldate-dev"
    if not (folder / "gold.json").is_file():
        print(f"bench_read: skipped, no htmldate-dev data in {folder}")
        return {"skipped": f"htmldate-dev not found in {folder}"}
    gold: dict[str, dict[str, str]] = json.loads((folder / "gold.json").read_text())
    pages = list(gold.items())[: 40 if quick else None]
    halves: dict[str, list[int]] = {"even": [0, 0, 0], "odd": [0, 0, 0]}  # right, htmldate, pages
    costs: list[float] = []
    signal_costs: list[float] = []  # the page's own signals (JSON-LD, meta, <time>, labels)
    methods: dict[str, list[int]] = {}
    disagreeing = either = 0
    for position, (url, entry) in enumerate(pages):
        html = gzip.decompress((folder / "html" / f"{entry['file']}.gz").read_bytes())
        began = time.process_time()
        document = inspect_html(html, url=url)
        costs.append((time.process_time() - began) * 1000)
        began = time.process_time()
        signals(html)
        signal_costs.append((time.process_time() - began) * 1000)
        half = halves["even" if position % 2 == 0 else "odd"]
        half[0] += document.published == entry["date"]
        half[1] += document.date_sources.get("htmldate") == entry["date"]
        half[2] += 1
        either += entry["date"] in (document.published, document.updated)
        disagreeing += disagreement(page_signals(document)) is not None
        for method, value in document.date_sources.items():
            hits = methods.setdefault(method, [0, 0])
            hits[0] += value == entry["date"] or (len(value) == 7 and entry["date"][:7] == value)
            hits[1] += 1
    right, alone, count = (sum(h[i] for h in halves.values()) for i in range(3))
    accuracy = right / count
    results: dict[str, Any] = {
        "pages": count,
        "published_exact_day_accuracy": round(accuracy, 4),
        "htmldate_alone_accuracy": round(alone / count, 4),
        "halves": {
            name: {
                "pages": n,
                "right": r,
                "htmldate_right": h,
                "published_exact_day_accuracy": round(r / n, 4),
                "htmldate_alone_accuracy": round(h / n, 4),
            }
            for name, (r, h, n) in halves.items()
            if n
        },
        "published_or_updated_accuracy": round(either / count, 4),
        "pages_with_disagreeing_dates": disagreeing,
        "bar": BAR,
        "meets_bar": accuracy >= BAR,
        "ms_per_page_median": round(statistics.median(costs), 1),
        "ms_per_page_p99": _p99(costs),
        "signals_ms_median": round(statistics.median(signal_costs), 1),
        "signals_ms_p99": _p99(signal_costs),
        "methods": {m: {"given": n, "right": r} for m, (r, n) in sorted(methods.items())},
    }
    _report(results, right, alone)
    return results


def _p99(values: list[float]) -> float:
    return round(sorted(values)[int(0.99 * (len(values) - 1))], 1)


def _report(results: dict[str, Any], right: int, alone: int) -> None:
    count = results["pages"]
    print(
        f"reader on htmldate-dev: {right}/{count} pages dated to the exact day "
        f"({results['published_exact_day_accuracy']:.3f}, bar {BAR}); htmldate alone {alone}/"
        f"{count} ({results['htmldate_alone_accuracy']:.3f}); CPU median "
        f"{results['ms_per_page_median']} ms/page, p99 {results['ms_per_page_p99']} ms, of which "
        f"the page's own signals {results['signals_ms_median']} / {results['signals_ms_p99']} ms"
    )
    for name, half in results["halves"].items():
        print(
            f"  {name:4} half: {half['right']}/{half['pages']} "
            f"({half['published_exact_day_accuracy']:.4f}); htmldate alone "
            f"{half['htmldate_right']}/{half['pages']} ({half['htmldate_alone_accuracy']:.4f})"
        )
    print(
        f"  published or updated is the gold day on {results['published_or_updated_accuracy']:.3f}"
        f" of pages; {results['pages_with_disagreeing_dates']} pages have disagreeing signals"
    )
    for method, counts in results["methods"].items():
        print(
            f"  {method:18} gave a date on {counts['given']:3} pages, right on {counts['right']:3}"
        )


if __name__ == "__main__":
    run(quick="--quick" in sys.argv)
