"""PolNeAR's annotations: brat standoff `.ann` files, read for training and scoring.

A `T` line is one span (`T5\\tSource 64 86\\tPresident Barack Obama`); a
discontinuous span lists its fragments separated by semicolons
(`T7\\tContent 10 20;30 40\\t...`). `read_spans` keeps each span's fragments
together (the scorer matches spans); `fragments` lays them out one by one
(the tagger's labels mark tokens).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["ROLES", "Span", "fragments", "read_spans"]

ROLES = ("cue", "source", "content")
Span = tuple[tuple[int, int], ...]  # a span's fragments, in order


def read_spans(path: Path) -> dict[str, list[Span]]:
    """The annotated spans of a brat .ann file per role, each with its fragments, sorted."""
    spans: dict[str, list[Span]] = {role: [] for role in ROLES}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if not parts[0].startswith("T") or len(parts) < 2:
            continue
        label, _, offsets = parts[1].partition(" ")
        if label.lower() in spans:
            pairs = (fragment.split() for fragment in offsets.split(";"))
            spans[label.lower()].append(tuple(sorted((int(a), int(b)) for a, b in pairs)))
    return {role: sorted(set(found)) for role, found in spans.items()}


def fragments(spans: list[Span]) -> list[tuple[int, int]]:
    """Every fragment of `spans`, sorted, each once."""
    return sorted({fragment for span in spans for fragment in span})
