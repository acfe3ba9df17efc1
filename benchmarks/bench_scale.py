"""Scale: `--engine dask` against `--jobs 2`, per-worker memory, and a large corpus.

Budgets (DESIGN.md section 8, issue "Beyond one machine"):
- 10,000 articles offline (about 10 claims each, originals in the archive):
  `--engine dask` on a 2-worker local cluster >= 0.9x the throughput of `--jobs 2`
  in the same run; peak RSS per worker <= 500 MB;
- a JSON Lines corpus of 1,000,000 articles extracted in partitions on the
  cluster with flat memory: RSS of the client and of each worker printed at 10%,
  50% and 100%; per-stage costs (ingest + extraction per article, ledger rows a
  second) for docs/scale.md.

Each measure runs in a fresh process (so peak RSS is its own), on the articles
and archive that `bench_verify.build` writes, on the local cluster the engine
itself starts (`provenance.engine.local_cluster`: its workers' configuration).

Run alone: `python benchmarks/bench_scale.py [--quick] [--corpus N]`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
for entry in (str(ROOT), str(HERE)):
    if entry not in sys.path:
        sys.path.insert(0, entry)

from bench_verify import build  # noqa: E402

VERIFY = """
import json, resource, sys, time
from pathlib import Path
from provenance.config import Settings
from provenance.pipeline import verify
folder, engine = Path(sys.argv[1]), sys.argv[2]
settings = Settings(ledger=folder / f"{engine}.db", cache=folder / "cache", offline=True)
options = {"jobs": 2} if engine == "local" else {"engine": "dask"}
worker_rss = []
if engine == "dask":
    from distributed import Client
    from provenance.engine import local_cluster
    cluster = local_cluster(2)
    client = Client(cluster)
    options["scheduler"] = cluster.scheduler_address
started = time.perf_counter()
summary = verify([folder / "articles"], settings=settings, **options)
elapsed = time.perf_counter() - started
if engine == "dask":
    peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_rss = list(client.run(peak).values())
    client.close(); cluster.close()
else:
    worker_rss = [resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]
print(json.dumps({"elapsed": elapsed, "claims": sum(a.claims for a in summary.articles),
    "articles": len(summary.articles), "worker_rss_mb": worker_rss,
    "client_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

CORPUS = """
import json, resource, sys, time
from pathlib import Path
from distributed import Client
from provenance.config import Settings
from provenance.corpus import partitions, read_partition
from provenance.engine import dask_map, local_cluster
from provenance.extract import extract_claims

def extract_partition(partition, settings):
    import resource, time
    started, articles, claims = time.process_time(), 0, 0
    for item in read_partition(partition, settings):
        if hasattr(item, "text"):
            articles += 1
            claims += len(extract_claims(item.text, article_date=item.published))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return articles, claims, time.process_time() - started, rss

def rss_now():
    import os
    pages = int(open(f"/proc/{os.getpid()}/statm").read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024**2

corpus, total = Path(sys.argv[1]), int(sys.argv[2])
with local_cluster(2) as cluster, Client(cluster) as client:
    settings = Settings()
    parts = partitions(corpus, block=256 * 1024)
    done = claims = 0
    cpu = 0.0
    marks, started = [], time.perf_counter()
    for articles, found, seconds, _ in dask_map(client, extract_partition, parts, settings):
        done, claims, cpu = done + articles, claims + found, cpu + seconds
        for share in (0.1, 0.5, 1.0):
            if done >= share * total and share not in [m["share"] for m in marks]:
                workers = list(client.run(rss_now).values())
                marks.append({"share": share, "articles": done, "client_rss_mb": rss_now(),
                              "worker_rss_mb": workers,
                              "seconds": time.perf_counter() - started})
                print(json.dumps(marks[-1]), file=sys.stderr, flush=True)
print(json.dumps({"articles": done, "claims": claims, "cpu_seconds": cpu, "marks": marks,
                  "elapsed": time.perf_counter() - started}))
"""


def corpus_line(number: int) -> str:
    """One short news record of a corpus: two attributed claims."""
    text = (
        f"Reuters reported on Monday that the council of town {number} approved a new "
        f"budget. “We will build {number % 90 + 10} new homes,” the mayor said. "
        "Residents were divided over the plan."
    )
    return json.dumps({"id": f"n{number}", "text": text, "published": "2025-11-19"})


def write_corpus(path: Path, articles: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for number in range(articles):
            out.write(corpus_line(number) + "\n")


def child(script: str, *args: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                          text=True, cwd=ROOT)  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def engines(articles: int) -> dict[str, Any]:
    """Throughput and memory of --jobs 2 and --engine dask over the same archive."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        build(folder, articles)
        runs = {}
        for engine in ("local", "dask"):
            for answers in (folder / "cache").glob("model-*.sqlite*"):
                answers.unlink()  # each engine's run starts with the model's cache empty
            runs[engine] = child(VERIFY, str(folder), engine)
    for engine, data in runs.items():
        data["articles_per_minute"] = round(data["articles"] / data["elapsed"] * 60)
        print(
            f"{articles:,} articles ({data['claims']:,} claims), "
            f"{'--jobs 2' if engine == 'local' else '--engine dask (2 workers)'}: "
            f"{data['articles_per_minute']:,} articles/min; worker peak RSS "
            f"{', '.join(f'{r:.0f}' for r in data['worker_rss_mb'])} MB; "
            f"client {data['client_rss_mb']:.0f} MB"
        )
    ratio = runs["dask"]["articles_per_minute"] / runs["local"]["articles_per_minute"]
    print(f"dask / --jobs 2 throughput: {ratio:.2f}x (budget >= 0.9x)")
    return {"runs": runs, "ratio": round(ratio, 3)}


def corpus(articles: int) -> dict[str, Any]:
    """Extraction over a JSON Lines corpus in partitions on a 2-worker cluster."""
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "corpus.jsonl"
        started = time.perf_counter()
        write_corpus(path, articles)
        size = path.stat().st_size
        print(f"corpus: {articles:,} articles, {size / 1024**2:.0f} MB "
              f"(written in {time.perf_counter() - started:.0f} s)")  # fmt: skip
        data = child(CORPUS, str(path), str(articles))
    for mark in data["marks"]:
        workers = ", ".join(f"{r:.0f}" for r in mark["worker_rss_mb"])
        print(
            f"  {mark['share']:.0%} ({mark['articles']:,} articles, {mark['seconds']:.0f} s): "
            f"client RSS {mark['client_rss_mb']:.0f} MB, workers {workers} MB"
        )
    per_article = data["cpu_seconds"] / max(1, data["articles"]) * 1000
    print(f"  {data['articles']:,} articles, {data['claims']:,} claims in {data['elapsed']:.0f} s; "
          f"ingest + extraction {per_article:.2f} ms CPU an article")  # fmt: skip
    data["ms_per_article"] = round(per_article, 3)
    return data


def run(quick: bool = False, corpus_articles: int | None = None) -> dict[str, Any]:
    """Both measures; smaller with `quick`."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("skipped: Dask distributed is not installed (pip install 'provenance[scale]')")
        return {"skipped": "distributed not installed"}
    size = 1000 if quick else 10_000
    large = corpus_articles or (20_000 if quick else 1_000_000)
    return {"engines": engines(size), "corpus": corpus(large)}


if __name__ == "__main__":
    count = None
    if "--corpus" in sys.argv:
        count = int(sys.argv[sys.argv.index("--corpus") + 1])
    run(quick="--quick" in sys.argv, corpus_articles=count)
