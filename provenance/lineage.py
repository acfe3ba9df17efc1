"""Claim lineage: which claim of an edited article continues which claim of its earlier version.

    match_versions(earlier, later) -> {later id: earlier id}
    word_changes(before, after) -> '"rose" → "fell"; added "sharply"'

Claim ids hash the article text, so every id changes when an article is edited.
A claim of the new version continues one of the earlier version when it has the
same source and cue and nearly the same words (its content and quotes, or its
sentence when it has neither); it may have moved. Each earlier claim is
continued by one later claim at most: the closest words first, then the nearest
position. The ledger keeps the link, and reviews follow it.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

MIN_SIMILARITY = 60.0  # rapidfuzz ratio (0..100) of the claims' words
MAX_CHANGES = 6  # word changes listed before "and N more"


@dataclass(frozen=True, slots=True)
class Version:
    """What identifies a claim across versions of its article."""

    id: str
    source: str
    cue: str
    words: str  # content and quotes, or the sentence
    position: float  # 0..1 through the article

    @classmethod
    def of(
        cls, id: str, *, source: str | None, cue: str | None, content: str | None,
        quotes: Sequence[str], sentence: str | None, position: float,
    ) -> Version:  # fmt: skip
        """A claim's identity from its ledger columns."""
        words = " ".join([content or "", *quotes]).strip() or (sentence or "")
        return cls(id, _norm(source), _norm(cue), _norm(words), position)


def match_versions(earlier: Sequence[Version], later: Sequence[Version]) -> dict[str, str]:
    """The earlier claim that each later claim continues, by id (unmatched ones absent)."""
    by_key: dict[tuple[str, str], list[Version]] = {}
    for claim in earlier:
        by_key.setdefault((claim.source, claim.cue), []).append(claim)
    pairs = []
    for new in later:
        for old in by_key.get((new.source, new.cue), []):
            similarity = 100.0 if old.words == new.words else fuzz.ratio(old.words, new.words)
            if similarity >= MIN_SIMILARITY:
                pairs.append((-similarity, abs(old.position - new.position), new.id, old.id))
    pairs.sort()
    links: dict[str, str] = {}
    taken: set[str] = set()
    for _, _, new_id, old_id in pairs:
        if new_id not in links and old_id not in taken:
            links[new_id] = old_id
            taken.add(old_id)
    return links


def word_changes(before: str | None, after: str | None) -> str | None:
    """The words that changed from `before` to `after`, as a short line; None if none did."""
    old, new = (before or "").split(), (after or "").split()
    if old == new:
        return None
    changes = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = " ".join(old[i1:i2]), " ".join(new[j1:j2])
        if op == "replace":
            changes.append(f"“{removed}” → “{added}”")
        elif op == "delete":
            changes.append(f"removed “{removed}”")
        elif op == "insert":
            changes.append(f"added “{added}”")
    more = len(changes) - MAX_CHANGES
    return "; ".join(changes[:MAX_CHANGES]) + (f"; and {more} more" if more > 0 else "")


def _norm(text: str | None) -> str:
    return " ".join((text or "").casefold().split())
