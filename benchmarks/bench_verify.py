"""Offline re-verification from the archive: articles a minute, per-article cost, memory.

Budgets (DESIGN.md section 8): >= 3,000 articles a minute on 2 cores with about
10 claims each; per-article p99 under 500 ms; peak RSS under 500 MB on 10,000
articles.

The benchmark writes synthetic articles (Markdown, ten linked claims each, some
quotes altered) and their originals straight into a WARC archive, then runs
`provenance.pipeline.verify(..., offline=True)` in a fresh process for each
size, so that peak RSS is the run's own. Scaling: the same run at two sizes.

Run alone: `python benchmarks/bench_verify.py [--quick]`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ORIGINALS = 200
WORDS = [
    "officials",
    "economy",
    "growth",
    "market",
    "energy",
    "policy",
    "rates",
    "inflation",
    "budget",
    "trade",
    "minister",
    "exports",
    "factory",
    "workers",
    "union",
    "housing",
    "prices",
    "election",
    "court",
    "ruling",
    "climate",
    "council",
]


def original_page(index: int) -> str:
    """An original article page: a dated HTML story with sentences that claims quote."""
    sentences = [sentence(index, n) for n in range(12)]
    body = "".join(f"<p>{s}</p>" for s in sentences)
    return (
        f"<html><head><title>Story {index}</title>"
        f'<meta property="article:published_time" content="2025-10-{1 + index % 28:02d}">'
        f"</head><body><article><h1>Story {index} on {WORDS[index % len(WORDS)]}</h1>"
        f"{body}</article></body></html>"
    )


def sentence(index: int, n: int) -> str:
    words = [WORDS[(index * 7 + n * 3 + k) % len(WORDS)] for k in range(14)]
    return f"The {' '.join(words)} figure {index}-{n} rose sharply this quarter."


def article_text(number: int) -> str:
    """An article of ten claims, each linking one original and quoting it."""
    lines = [f"# Article {number}", ""]
    for claim in range(10):
        index = (number * 10 + claim) % ORIGINALS
        quote = " ".join(sentence(index, claim).split()[1:9])
        if claim % 4 == 3:
            quote = quote.replace(WORDS[0], "ministers").replace("economy", "economics")
        day = 1 + index % 28
        lines.append(
            f"[Outlet {index % 9}](https://news{index % 9}.example.com/story-{index}) "
            f"reported on October {day}, 2025, that “{quote}” in a statement."
        )
    return "\n".join(lines) + "\n"


def build(folder: Path, articles: int) -> None:
    """Write the articles and archive their originals under folder/cache."""
    from provenance.archive import Archive

    (folder / "articles").mkdir(parents=True)
    for number in range(articles):
        (folder / "articles" / f"{number:05d}.md").write_text(article_text(number))
    with Archive(folder / "cache") as archive:
        for index in range(ORIGINALS):
            url = f"https://news{index % 9}.example.com/story-{index}"
            headers = [("Content-Type", "text/html; charset=utf-8")]
            archive.write(url, "GET", [], 200, headers, original_page(index).encode())


CHILD = """
import json, resource, sys, time
from pathlib import Path
from provenance.config import Settings
from provenance.pipeline import verify
folder = Path(sys.argv[1])
jobs = int(sys.argv[2])
times = []
last = [time.perf_counter()]
def tick(path):
    now = time.perf_counter(); times.append(now - last[0]); last[0] = now
settings = Settings(ledger=folder / "ledger.db", cache=folder / "cache", offline=True)
started = time.perf_counter()
summary = verify([folder / "articles"], settings=settings, progress=tick, jobs=jobs)
elapsed = time.perf_counter() - started
times = times[1:] + [time.perf_counter() - last[0]]
claims = sum(a.claims for a in summary.articles)
print(json.dumps({"elapsed": elapsed, "times": times, "claims": claims,
    "verdicts": summary.verdicts,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def measure(articles: int, jobs: int) -> dict[str, Any]:
    """Build and re-verify `articles` articles in a child process; return its figures."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        build(folder, articles)
        output = subprocess.run(
            [sys.executable, "-c", CHILD, str(folder), str(jobs)],
            capture_output=True, text=True, check=True, cwd=ROOT,
        )  # fmt: skip
    data = json.loads(output.stdout.strip().splitlines()[-1])
    times = sorted(data.pop("times"))
    return {
        "articles": articles,
        "jobs": jobs,
        "claims": data["claims"],
        "articles_per_minute": round(articles / data["elapsed"] * 60),
        "median_ms": round(times[len(times) // 2] * 1000, 2),
        "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))] * 1000, 2),
        "peak_rss_mb": round(data["peak_rss_mb"], 1),
        "worker_rss_mb": round(data["worker_rss_mb"], 1),
        "verdicts": data["verdicts"],
    }


def run(quick: bool = False) -> dict[str, Any]:
    """Re-verify: one process for per-article cost, two for throughput, at two sizes."""
    small, large = (100, 400) if quick else (1000, 10000)
    results = [measure(small, 1), measure(small, 2), measure(large, 2)]
    for result in results:
        cost = (
            f", per article median {result['median_ms']} ms, p99 {result['p99_ms']} ms"
            if result["jobs"] == 1
            else ""  # with workers, results arrive in batches: only throughput means much
        )
        print(
            f"{result['articles']} articles ({result['claims']} claims), {result['jobs']} jobs: "
            f"{result['articles_per_minute']:,} articles/min{cost}, "
            f"peak RSS {result['peak_rss_mb']} MB (largest worker {result['worker_rss_mb']} MB)"
        )
    one, two_small, two_large = results
    scaling = (two_large["articles"] / two_large["articles_per_minute"]) / (
        two_small["articles"] / two_small["articles_per_minute"]
    )
    print(f"time ratio for {large // small}x the articles (2 jobs): {scaling:.2f}")
    print(f"per-article cost, one process: median {one['median_ms']} ms, p99 {one['p99_ms']} ms")
    return {
        "runs": results,
        "time_ratio": round(scaling, 2),
        "budget_articles_per_minute": 3000,
        "budget_p99_ms": 500,
        "budget_peak_rss_mb": 500,
    }


if __name__ == "__main__":
    run(quick="--quick" in sys.argv)
