"""Reader: exact-day accuracy of the original publication date on htmldate-dev.

Reads every page of `../shared/eval/htmldate-dev` (gzipped HTML and gold dates)
with `provenance.read.inspect_html` and counts the pages whose
`Document.published` is the gold day; also the accuracy of each date method
alone (htmldate, JSON-LD, meta tags, URL) and the cost per page.

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

from provenance.read import inspect_html

BAR = 0.90


def run(quick: bool = False) -> dict[str, Any]:
    """Measure, print the figures, and return them."""
    folder = eval_dir() / "htmldate-dev"
    if not (folder / "gold.json").is_file():
        print(f"bench_read: skipped, no htmldate-dev data in {folder}")
        return {"skipped": f"htmldate-dev not found in {folder}"}
    gold: dict[str, dict[str, str]] = json.loads((folder / "gold.json").read_text())
    pages = list(gold.items())[: 40 if quick else None]
    right, costs, methods = 0, [], {}  # type: ignore[var-annotated]
    for url, entry in pages:
        html = gzip.decompress((folder / "html" / f"{entry['file']}.gz").read_bytes())
        began = time.perf_counter()
        document = inspect_html(html, url=url)
        costs.append((time.perf_counter() - began) * 1000)
        right += document.published == entry["date"]
        for method, value in document.date_sources.items():
            hits = methods.setdefault(method, [0, 0])
            hits[0] += value == entry["date"]
            hits[1] += 1
    accuracy = right / len(pages)
    results = {
        "pages": len(pages),
        "published_exact_day_accuracy": round(accuracy, 4),
        "bar": BAR,
        "meets_bar": accuracy >= BAR,
        "ms_per_page_median": round(statistics.median(costs), 1),
        "ms_per_page_p99": round(sorted(costs)[int(0.99 * (len(costs) - 1))], 1),
        "methods": {m: {"given": n, "right": r} for m, (r, n) in sorted(methods.items())},
    }
    print(
        f"reader on htmldate-dev: {right}/{len(pages)} pages dated to the exact day "
        f"({accuracy:.3f}, bar {BAR}); median {results['ms_per_page_median']} ms/page, "
        f"p99 {results['ms_per_page_p99']} ms"
    )
    for method, counts in results["methods"].items():  # type: ignore[attr-defined]
        print(
            f"  {method:18} gave a date on {counts['given']:3} pages, right on {counts['right']:3}"
        )
    return results


if __name__ == "__main__":
    run(quick="--quick" in sys.argv)
