"""Quote matching cost against document length and quote length.

Synthetic documents (a Zipf-like vocabulary, sentences of 8-30 words, seeded)
of 1k to 1M characters; quotes of 60, 250 and 1,000 characters cut from them,
verbatim, with a changed word, and with their words shuffled (fabricated). For
each size the median and p99
cost of `provenance.match.check_quote` per quote, and of plain
`rapidfuzz.fuzz.partial_ratio_alignment(quote, document)` in the same run.
The document's folding and word index (built once per document, cached) are
timed apart.
Then the pathological case: a 5,000-character quote against a 50,000-character
repetitive document.

Run alone: python benchmarks/bench_quote.py [--quick]
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from provenance.match.normalize import fold, fold_text, word_index
from provenance.match.quote import check_quote

DOC_SIZES = (1_000, 10_000, 100_000, 1_000_000)
QUOTE_SIZES = (60, 250, 1_000)
KINDS = ("verbatim", "changed_word", "shuffled")


def make_vocabulary(rng: random.Random, size: int = 5000) -> list[str]:
    """Random pronounceable words."""
    letters = "etaoinshrdlucmfwypvbgkjqxz"
    return ["".join(rng.choices(letters, k=rng.randint(2, 11))) for _ in range(size)]


def make_document(rng: random.Random, vocabulary: list[str], length: int) -> str:
    """Sentences drawn with Zipf-like word frequencies, `length` characters."""
    weights = [1.0 / (rank + 1) for rank in range(len(vocabulary))]
    parts: list[str] = []
    total = 0
    while total < length:
        sentence = " ".join(rng.choices(vocabulary, weights, k=rng.randint(8, 30)))
        sentence = sentence.capitalize() + ". "
        parts.append(sentence)
        total += len(sentence)
    return "".join(parts)[:length]


def make_quotes(rng: random.Random, doc: str, size: int, count: int) -> list[str]:
    """Verbatim, one-word-changed and fabricated quotes of about `size` characters."""
    quotes: list[str] = []
    for index in range(count):
        start = rng.randrange(0, max(1, len(doc) - size))
        start = doc.find(" ", start) + 1
        quote = doc[start : start + size].rsplit(" ", 1)[0]
        kind = index % 3
        if kind == 1:
            tokens = quote.split(" ")
            tokens[len(tokens) // 2] = "zzqx"
            quote = " ".join(tokens)
        elif kind == 2:
            tokens = quote.split(" ")
            rng.shuffle(tokens)
            quote = " ".join(tokens)
        quotes.append(quote)
    return quotes


def timings(function: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds (wall clock) for each of `repeat` calls."""
    return [wall for wall, _ in both_timings(function, repeat)]


def both_timings(function: Callable[[], object], repeat: int) -> list[tuple[float, float]]:
    """Milliseconds of wall clock and of this process's CPU for each of `repeat` calls.

    The CPU time is shown beside the wall time because the machine is shared:
    a wall-clock tail can be another process's work.
    """
    costs: list[tuple[float, float]] = []
    for _ in range(repeat):
        began, cpu = time.perf_counter(), time.process_time()
        function()
        costs.append(((time.perf_counter() - began) * 1000, (time.process_time() - cpu) * 1000))
    return costs


def summary(costs: list[float]) -> dict[str, float]:
    """Median and p99 in milliseconds."""
    ordered = sorted(costs)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return {"median_ms": round(statistics.median(ordered), 4), "p99_ms": round(p99, 4)}


def measure(doc: str, quotes: list[str], baseline_quotes: int) -> dict[str, Any]:
    """Our matcher and the plain baseline on the same quotes and document."""
    fold.cache_clear()
    word_index.cache_clear()
    folding = timings(lambda: word_index(fold(doc).text), 1)[0]
    both = [both_timings(lambda q=q: check_quote(q, doc), 1)[0] for q in quotes]  # type: ignore[misc]
    ours = [wall for wall, _ in both]
    cpu = [spent for _, spent in both]
    kinds = {name: summary(ours[index::3]) for index, name in enumerate(KINDS)}
    kinds_cpu = {name: summary(cpu[index::3]) for index, name in enumerate(KINDS)}
    plain = fold(doc).text
    base = [
        timings(lambda q=q: fuzz.partial_ratio_alignment(q.lower(), plain), 1)[0]  # type: ignore[misc]
        for q in quotes[:baseline_quotes]
    ]
    row: dict[str, Any] = {"fold_ms": round(folding, 3), "quotes": len(quotes)}
    row["check_quote"] = summary(ours)
    row["check_quote_by_kind"] = kinds
    row["check_quote_cpu"] = summary(cpu)
    row["check_quote_cpu_by_kind"] = kinds_cpu
    row["partial_ratio_alignment"] = summary(base) if base else None
    return row


def pathological() -> dict[str, Any]:
    """A 5,000-character quote against a 50,000-character repetitive document."""
    unit = "the cat sat on the mat and the dog sat on the log while the bird sang. "
    doc = (unit * (50_000 // len(unit) + 1))[:50_000]
    quote = (unit * 80)[:5_000].replace("dog", "fox", 3)
    fabricated = ("the mat sang on the bird while the log sat. " * 120)[:5_000]
    ours = timings(lambda: check_quote(quote, doc), 20)
    other = timings(lambda: check_quote(fabricated, doc), 20)
    base = timings(lambda: fuzz.partial_ratio_alignment(quote, doc), 1)
    return {
        "check_quote_ms": summary(ours),
        "check_quote_fabricated_ms": summary(other),
        "partial_ratio_alignment_ms": round(base[0], 1),
        "status": check_quote(quote, doc).status,
    }


def seed_folding() -> dict[str, Any]:
    """Folding and indexing real news text (the seed articles, repeated to 100,000 chars).

    The synthetic documents are plain ASCII; real pages have curly quotes, dashes
    and no-break spaces, which are what folding replaces.
    """
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    text = "\n\n".join(path.read_text() for path in sorted(seeds.glob("*.txt")))
    if not text:
        return {"skipped": "no seed articles"}
    doc = (text * (100_000 // len(text) + 1))[:100_000]
    folding = [wall for wall, _ in both_timings(lambda: fold_text(doc), 5)]
    indexing = [wall for wall, _ in both_timings(lambda: word_index.__wrapped__(doc), 5)]
    return {
        "chars": len(doc),
        "fold_ms": round(statistics.median(folding), 2),
        "word_index_ms": round(statistics.median(indexing), 2),
    }


def run(quick: bool = False) -> dict[str, Any]:
    """Measure, print the figures, and return them."""
    rng = random.Random(20251119)
    vocabulary = make_vocabulary(rng)
    count = 30 if quick else 300
    results: dict[str, Any] = {"sizes": {}}
    print("quote matching: per-quote cost, check_quote vs plain partial_ratio_alignment")
    for doc_size in DOC_SIZES:
        doc = make_document(rng, vocabulary, doc_size)
        for quote_size in QUOTE_SIZES:
            quotes = make_quotes(rng, doc, quote_size, count)
            base_n = count if doc_size <= 10_000 else (3 if doc_size >= 1_000_000 else 15)
            row = measure(doc, quotes, 0 if quick and doc_size >= 1_000_000 else base_n)
            results["sizes"][f"{doc_size}x{quote_size}"] = row
            _print_row(doc_size, quote_size, row)
    results["seed_folding"] = seed_folding()
    print("fold / word index of 100,000 chars of real news text (ms):", results["seed_folding"])
    results["pathological"] = pathological()
    print("pathological 5,000-char quote vs 50,000-char repetitive doc:", results["pathological"])
    return results


def _print_row(doc_size: int, quote_size: int, row: dict[str, Any]) -> None:
    ours = row["check_quote"]
    base = row["partial_ratio_alignment"]
    kinds = ", ".join(
        f"{name} {cost['median_ms']:.2f}/{cost['p99_ms']:.2f}"
        for name, cost in row["check_quote_by_kind"].items()
    )
    base_text = f"{base['median_ms']:.3f} / {base['p99_ms']:.3f} ms" if base else "skipped"
    print(
        f"doc {doc_size:>9,} quote {quote_size:>5}: check_quote median/p99 "
        f"{ours['median_ms']:.3f} / {ours['p99_ms']:.3f} ms; plain {base_text}; "
        f"fold + word index {row['fold_ms']:.2f} ms once per document"
    )
    cpu = ", ".join(
        f"{name} {cost['median_ms']:.2f}/{cost['p99_ms']:.2f}"
        for name, cost in row["check_quote_cpu_by_kind"].items()
    )
    print(f"    by kind, wall (median/p99 ms): {kinds}")
    print(f"    by kind, CPU  (median/p99 ms): {cpu}")


if __name__ == "__main__":
    run(quick="--quick" in sys.argv)
