"""Posts, threads, videos, memos, filings and calls: recall and field accuracy.

`benchmarks/data/posts.jsonl` holds sentences written for the project in the
many ways news cites a post or a document ("NAME replied on X: '...'", "An X
post by NAME (@handle) on DATE, summed up the mood: '...'", "Writing on
LinkedIn last week, NAME said ...", "u/name wrote on r/Teachers", "In a memo
to staff on Tuesday, ... wrote"), each with the claim expected: source name
and kind, handle, platform, channel, date (value and precision) and quotes.
Every sentence is read as an article dated 2026-03-02 (a Monday).

Two halves: `dev` (the rules were tuned while looking at it) and `held` (never
looked at while tuning: scored only). A claim is found when an extracted
claim's content overlaps the expected content; each field is right or wrong
over all sentences (a claim not found has every field wrong). A date is right
when it names the same day, ISO week, month or year at the same precision.

Run alone: `python benchmarks/bench_posts.py [--show]` (`--show` lists the
misses of the dev half only).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from provenance.extract import extract_claims  # noqa: E402
from provenance.models import Claim  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "posts.jsonl"
FIELDS = ("source", "kind", "handle", "platform", "channel", "date", "quotes")


def load(split: str | None = None) -> list[dict[str, Any]]:
    """The rows of the post set (of one half when `split` is "dev" or "held")."""
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
    return [row for row in rows if split is None or row["split"] == split]


def claim_for(row: dict[str, Any]) -> Claim | None:
    """The extracted claim whose content overlaps the row's expected content, if any."""
    text = row["text"]
    start = text.index(row["content"])
    end = start + len(row["content"])
    claims = extract_claims(text, article_date=date.fromisoformat(row["article_date"]))
    best, best_overlap = None, 0
    for claim in claims:
        if claim.content is None:
            continue
        overlap = min(end, claim.content.end) - max(start, claim.content.start)
        if overlap > best_overlap:
            best, best_overlap = claim, overlap
    return best


def judge(row: dict[str, Any], claim: Claim | None) -> dict[str, bool]:
    """Which fields of the row the claim gets right (all wrong when no claim was found)."""
    if claim is None or not claim.sources:
        return {"found": claim is not None, **dict.fromkeys(FIELDS, False)}
    source = claim.sources[0]
    return {
        "found": True,
        "source": _same_name(row["source"], source.name, row["kind"]),
        "kind": source.kind == row["kind"],
        "handle": source.handle == row["handle"],
        "platform": claim.platform == row["platform"],
        "channel": claim.channel == row["channel"],
        "date": _same_date(row["date"], claim),
        "quotes": [quote.text for quote in claim.quotes] == row["quotes"],
    }


def _plain(name: str) -> str:
    name = name.replace("’", "'").strip().lower()
    for prefix in ("the ", "a ", "an ", "@", "u/"):
        name = name.removeprefix(prefix)
    return name


def _same_name(expected: str, found: str, kind: str) -> bool:
    """The same name, or the name after a title or description ("Sen. Carla Mendes",
    "Football pundit Gary Holt": the project's names keep them, as in "Retired Lt. Gen.
    Michael Flynn"); a document may be named by its whole phrase ("report by the X")."""
    wanted, got = _plain(expected), _plain(found)
    if wanted == got or (kind == "document" and wanted in got):
        return True
    described = got.endswith(" " + wanted)
    return described and not (set(got[: -len(wanted)].split()) & _NOT_DESCRIPTION)


_NOT_DESCRIPTION = frozenset(
    [
        "post",
        "posts",
        "tweet",
        "thread",
        "video",
        "by",
        "from",
        "on",
        "in",
        "of",
        "to",
        "at",
        "(",
        "@",
        "user",
        "commenter",
        "account",
    ]
)


def _same_date(expected: dict[str, str] | None, claim: Claim) -> bool:
    if expected is None or claim.date is None:
        return expected is None and claim.date is None
    if claim.date.value is None or claim.date.precision != expected["precision"]:
        return False
    one, two = date.fromisoformat(expected["value"]), date.fromisoformat(str(claim.date.value))
    period = {
        "day": lambda day: day,
        "week": lambda day: day.isocalendar()[:2],
        "month": lambda day: (day.year, day.month),
        "year": lambda day: day.year,
    }[expected["precision"]]
    return bool(period(one) == period(two))


def score(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Recall and field accuracy over `rows`, and the misses (row id -> wrong fields)."""
    totals = dict.fromkeys(("found", *FIELDS), 0)
    misses: dict[str, list[str]] = {}
    for row in rows:
        verdict = judge(row, claim_for(row))
        for name, right in verdict.items():
            totals[name] += right
        wrong = [name for name, right in verdict.items() if not right]
        if wrong:
            misses[row["id"]] = wrong
    count = len(rows)
    figures = {name: round(value / count, 3) if count else 0.0 for name, value in totals.items()}
    return {"sentences": count, **figures, "misses": misses}


def run(quick: bool = False) -> dict[str, Any]:
    """Print and return the figures of both halves."""
    results = {split: score(load(split)) for split in ("dev", "held")}
    for split, figures in results.items():
        fields = ", ".join(f"{name} {figures[name]:.1%}" for name in FIELDS)
        print(
            f"posts: {split} ({figures['sentences']} sentences): found {figures['found']:.1%};"
            f" {fields}"
        )
    return results


def _show() -> None:
    rows = {row["id"]: row for row in load("dev")}
    for key, wrong in score(list(rows.values()))["misses"].items():
        row = rows[key]
        claim = claim_for(row)
        got = None
        if claim is not None:
            source = claim.sources[0] if claim.sources else None
            got = (
                source and (source.name, source.kind, source.handle),
                claim.platform,
                claim.channel,
                claim.date and (claim.date.value, claim.date.precision),
                [quote.text for quote in claim.quotes],
            )
        print(f"{key} {wrong}\n  {row['text']}\n  got {got}")


if __name__ == "__main__":
    if "--show" in sys.argv:
        _show()
    run(quick="--quick" in sys.argv)
