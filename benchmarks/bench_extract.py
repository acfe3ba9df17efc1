"""Claim extraction: accuracy on PolNeAR (dev), the seed articles, and cost.

Figures:
- PolNeAR dev (real annotated news, `../shared/eval/polnear-dev`): cue, source
  and content precision / recall / F1, exact-span and overlap (a predicted span
  counts when it overlaps a gold span of the same role), and content token F1
  (tokens covered by predicted vs gold content spans). One annotator file per
  article (the first in name order).
- Seeds: how many claims each seed article yields.
- Cost: median and p95 milliseconds to extract a 1,000-word article; scaling on
  hostile input (runs of initials, 100,000 quote marks, 5,000 similar Markdown links):
  the ratio of CPU seconds at 2n and n (linear is 2).

Run alone: `python benchmarks/bench_extract.py [--quick]`.
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from evaldata import eval_dir  # noqa: E402

from provenance.extract import extract_claims, infer_article_date  # noqa: E402
from provenance.extract.brat import ROLES, Span, read_spans  # noqa: E402
from provenance.ingest import parse_markdown  # noqa: E402
from provenance.models import Claim  # noqa: E402

Spans = list[Span]
_TOKEN = re.compile(r"\w+")


def predicted(claims: Iterable[Claim]) -> dict[str, Spans]:
    """Predicted spans per role."""
    spans: dict[str, Spans] = {role: [] for role in ROLES}
    for claim in claims:
        if claim.cue is not None:
            spans["cue"].append(((claim.cue.start, claim.cue.end),))
        spans["source"].extend(((source.start, source.end),) for source in claim.sources)
        if claim.content is not None:
            spans["content"].append(((claim.content.start, claim.content.end),))
    return {role: sorted(set(found)) for role, found in spans.items()}


def _overlap(one: Span, two: Span) -> int:
    """Characters shared by two spans (fragments counted apart)."""
    return sum(
        max(0, min(end, other_end) - max(start, other_start))
        for start, end in one
        for other_start, other_end in two
    )


def matched_pairs(found: Spans, gold: Spans) -> int:
    """Pairs of overlapping predicted and gold spans, each span used at most once.

    Greedy one-to-one matching, largest overlap first: a long predicted span
    that covers three gold spans counts once, not three times.
    """
    pairs = sorted(
        (
            (_overlap(one, two), index, other)
            for index, one in enumerate(found)
            for other, two in enumerate(gold)
            if _overlap(one, two) > 0
        ),
        reverse=True,
    )
    used_found: set[int] = set()
    used_gold: set[int] = set()
    for _, index, other in pairs:
        if index not in used_found and other not in used_gold:
            used_found.add(index)
            used_gold.add(other)
    return len(used_found)


def _tokens(text: str, spans: Spans) -> set[int]:
    covered: set[int] = set()
    for fragments in spans:
        for start, end in fragments:
            covered.update(match.start() for match in _TOKEN.finditer(text, start, end))
    return covered


def _prf(hits_p: int, total_p: int, hits_r: int, total_r: int) -> dict[str, float]:
    precision = hits_p / total_p if total_p else 0.0
    recall = hits_r / total_r if total_r else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def score_polnear(
    folder: Path, limit: int | None = None, *, half: int | None = None
) -> dict[str, Any]:
    """Score extraction on the PolNeAR dev split (or on the even or odd half of its
    articles: rules written while looking at one half should hold on the other)."""
    dates = _publication_dates(folder / "metadata.tsv")
    counts: dict[str, list[int]] = {}
    files = _one_file_per_article(folder, limit)
    for ann in files if half is None else files[half::2]:
        name = ann.stem.rsplit("_", 1)[0]
        text = (folder / "text" / f"{name}.txt").read_text(encoding="utf-8")
        gold = read_spans(ann)
        found = predicted(extract_claims(text, article_date=dates.get(name), article=name))
        _count(counts, text, gold, found)
    return _figures(counts)


def score_agreement(folder: Path) -> dict[str, Any]:
    """The same figures for each annotator against each other one, pooled over the
    articles that several people marked: how far people agree, the ceiling that a bar
    can be read against."""
    by_article: dict[str, list[Path]] = {}
    for path in sorted((folder / "attributions").glob("*.ann")):
        by_article.setdefault(path.stem.rsplit("_", 1)[0], []).append(path)
    counts: dict[str, list[int]] = {}
    articles = pairs = 0
    for name, files in by_article.items():
        if len(files) < 2:
            continue
        text = (folder / "text" / f"{name}.txt").read_text(encoding="utf-8")
        marked = [read_spans(path) for path in files]
        for index, first in enumerate(marked):
            for second in marked[index + 1 :]:
                _count(counts, text, first, second)
                pairs += 1
        articles += 1
    if not articles:
        return {"articles": 0}
    return {"articles": articles, "pairs": pairs, **_figures(counts)}


def _f1s(figures: dict[str, Any]) -> dict[str, float]:
    overlap = {role: figures[role]["overlap"]["f1"] for role in ROLES}
    return {**overlap, "content_tokens": figures["content_tokens"]["f1"]}


def _one_file_per_article(folder: Path, limit: int | None) -> list[Path]:
    chosen: dict[str, Path] = {}
    for path in sorted((folder / "attributions").glob("*.ann")):
        chosen.setdefault(path.stem.rsplit("_", 1)[0], path)
    files = list(chosen.values())
    return files[:limit] if limit else files


def _publication_dates(path: Path) -> dict[str, date]:
    dates: dict[str, date] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t"), strict=False))
        try:
            dates[row["filename"]] = date.fromisoformat(row["publication_date"])
        except (KeyError, ValueError):
            continue
    return dates


def _count(
    counts: dict[str, list[int]], text: str, gold: dict[str, Spans], found: dict[str, Spans]
) -> None:
    for role in ROLES:
        exact = len(set(found[role]) & set(gold[role]))
        overlap = matched_pairs(found[role], gold[role])
        row = [exact, exact, overlap, overlap, len(found[role]), len(gold[role])]
        counts[role] = [a + b for a, b in zip(counts.get(role, [0] * 6), row, strict=True)]
    gold_tokens, found_tokens = _tokens(text, gold["content"]), _tokens(text, found["content"])
    both = len(gold_tokens & found_tokens)
    row = [both, len(found_tokens), len(gold_tokens)]
    counts["tokens"] = [a + b for a, b in zip(counts.get("tokens", [0] * 3), row, strict=True)]


def _figures(counts: dict[str, list[int]]) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for role in ROLES:
        exact_p, exact_r, over_p, over_r, total_p, total_r = counts[role]
        figures[role] = {
            "exact": _prf(exact_p, total_p, exact_r, total_r),
            "overlap": _prf(over_p, total_p, over_r, total_r),
            "predicted": total_p,
            "gold": total_r,
        }
    both, total_p, total_r = counts["tokens"]
    figures["content_tokens"] = _prf(both, total_p, both, total_r)
    return figures


def seed_counts() -> dict[str, int]:
    """Claims found in each seed article."""
    counts: dict[str, int] = {}
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        claims = extract_claims(text, article_date=infer_article_date(text), article=path.name)
        counts[path.name] = len(claims)
    return counts


def timing(repeat: int) -> dict[str, float]:
    """Milliseconds (wall and CPU) to extract a 1,000-word article built from a seed, and
    the tagger's share: the same with the rules alone, subtracted (CPU medians)."""
    text = _thousand_words()
    extract_claims(text, article_date=date(2025, 11, 19))
    wall, cpu, rules_cpu = [], [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        extract_claims(text, article_date=date(2025, 11, 19))
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        started_cpu = time.process_time()
        extract_claims(text, article_date=date(2025, 11, 19), tagger=False)
        rules_cpu.append((time.process_time() - started_cpu) * 1000)
    wall.sort()
    return {
        "words": len(text.split()),
        "median_ms": round(statistics.median(wall), 2),
        "p95_ms": round(wall[int(len(wall) * 0.95) - 1], 2),
        "min_ms": round(wall[0], 2),
        "cpu_median_ms": round(statistics.median(cpu), 2),
        "tagger_cpu_ms": round(statistics.median(cpu) - statistics.median(rules_cpu), 2),
        "load_average": round(os.getloadavg()[0], 2),
    }


def scaling() -> dict[str, float]:
    """Seconds to extract runs of initials and abbreviations ("Laurence H. Tribe, ")
    2,000 and 4,000 times over: linear cost doubles, quadratic quadruples."""
    seconds = []
    for count in (2000, 4000):
        text = "Laurence H. Tribe, Mr. J. R. Doe, " * count + "said it."
        started = time.process_time()
        extract_claims(text)
        seconds.append(time.process_time() - started)
    return {"seconds_2000": round(seconds[0], 3), "seconds_4000": round(seconds[1], 3),
            "ratio": round(seconds[1] / seconds[0], 2) if seconds[0] else 0.0}  # fmt: skip


def _ratio(build: Callable[[int], str], sizes: tuple[int, int]) -> dict[str, float]:
    """CPU seconds to extract `build(n)` for the two sizes, and their ratio (linear is 2)."""
    seconds = []
    for size in sizes:
        article = parse_markdown(build(size), "hostile.md")
        started = time.process_time()
        extract_claims(article.text, links=article.links)
        seconds.append(time.process_time() - started)
    ratio = round(seconds[1] / seconds[0], 2) if seconds[0] else 0.0
    small, large = (round(value, 3) for value in seconds)
    return {f"seconds_{sizes[0]}": small, f"seconds_{sizes[1]}": large, "ratio": ratio}


def quote_marks(count: int) -> str:
    """A paragraph of `count` mixed quote marks that open and never close (hostile input:
    each unclosed single quote once scanned the rest of its paragraph)."""
    return "He said: " + " ‘x 'y it’s “z”" * (count // 5) + " in the end.\n"


def similar_links(count: int) -> str:
    """A Markdown file of `count` links in sentences that open alike and differ at their
    end (hostile input: de-duplication once compared each claim with every other)."""
    return "".join(
        f"- [Reuters](https://example.com/a/{index}) reported that the company sold units"
        f" in the quarter that ended, item {index}.\n"
        for index in range(count)
    )


def hostile_scaling(quick: bool = False) -> dict[str, dict[str, float]]:
    """Linear cost on hostile input: quote marks and similar links, at n and 2n."""
    marks = (25_000, 50_000) if quick else (50_000, 100_000)
    links = (1_250, 2_500) if quick else (2_500, 5_000)
    return {"quote_marks": _ratio(quote_marks, marks), "links": _ratio(similar_links, links)}


def _thousand_words() -> str:
    text = (ROOT / "seeds" / "china-open-source-ai.txt").read_text(encoding="utf-8")
    words = text.split(" ")
    while len(" ".join(words).split()) < 1000:
        words += words
    return " ".join(words[: len(words)])[: _cut(words)]


def _cut(words: list[str]) -> int:
    return len(" ".join(words[:1000]))


def run(quick: bool = False) -> dict[str, Any]:
    """Print and return the extraction figures."""
    results: dict[str, Any] = {"seeds": seed_counts(), "timing": timing(20 if quick else 100)}
    results["initials_scaling"] = scaling()
    results["hostile_scaling"] = hostile_scaling(quick)
    folder = eval_dir() / "polnear-dev"
    if folder.is_dir():
        results["polnear_dev"] = score_polnear(folder, limit=20 if quick else None)
        results["polnear_dev"]["annotator_agreement"] = score_agreement(folder)
        limit = 20 if quick else None
        halves = [_f1s(score_polnear(folder, limit, half=half)) for half in (0, 1)]
        results["polnear_dev"]["halves"] = halves
    else:
        results["polnear_dev"] = {"skipped": f"no PolNeAR data in {folder.name}/ (see README)"}
    _print(results)
    return results


def _print(results: dict[str, Any]) -> None:
    print("extract: seeds", results["seeds"])
    timing_ = results["timing"]
    words, median, p95 = timing_["words"], timing_["median_ms"], timing_["p95_ms"]
    print(f"extract: {words} words: median {median} ms, p95 {p95} ms, min {timing_['min_ms']} ms")
    print(
        f"extract: (CPU median {timing_['cpu_median_ms']} ms, of which the tagger"
        f" {timing_['tagger_cpu_ms']} ms; load {timing_['load_average']})"
    )
    scale = results["initials_scaling"]
    print(
        f"extract: runs of initials x2000 {scale['seconds_2000']} s, x4000"
        f" {scale['seconds_4000']} s (ratio {scale['ratio']}; linear is 2)"
    )
    for name, scale in results["hostile_scaling"].items():
        small, large = (value for key, value in scale.items() if key != "ratio")
        print(f"extract: {name} n {small} s, 2n {large} s (ratio {scale['ratio']}; linear is 2)")
    polnear = results["polnear_dev"]
    if "skipped" in polnear:
        print("extract: PolNeAR skipped:", polnear["skipped"])
        return
    for role in ROLES:
        figures = polnear[role]
        print(
            f"extract: PolNeAR {role:7s} exact P/R/F1 {_triple(figures['exact'])}"
            f"  overlap P/R/F1 {_triple(figures['overlap'])}"
            f"  ({figures['predicted']} predicted, {figures['gold']} gold)"
        )
    print(f"extract: PolNeAR content token P/R/F1 {_triple(polnear['content_tokens'])}")
    for name, half in zip(("even", "odd"), polnear["halves"], strict=True):
        print(
            f"extract: PolNeAR {name} articles, overlap F1: cue {half['cue']:.3f},"
            f" source {half['source']:.3f}, content tokens {half['content_tokens']:.3f}"
        )
    agreement = polnear["annotator_agreement"]
    if agreement["articles"]:
        print(
            f"extract: PolNeAR annotators against each other ({agreement['articles']} articles,"
            f" {agreement['pairs']} pairs), overlap F1:"
            f" cue {agreement['cue']['overlap']['f1']:.3f},"
            f" source {agreement['source']['overlap']['f1']:.3f},"
            f" content tokens {agreement['content_tokens']['f1']:.3f}"
        )


def _triple(figures: dict[str, float]) -> str:
    return f"{figures['precision']:.3f}/{figures['recall']:.3f}/{figures['f1']:.3f}"


if __name__ == "__main__":
    run(quick="--quick" in sys.argv)
