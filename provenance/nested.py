"""Nested sources: a claim named inside another claim is checked against its parent's original.

"Pravda USA quoted Nvidia's CEO stating ..." : the CEO's words are checked
first in the Pravda article the parent claim resolved to. When the parent's
original holds the claim (a quote found there, verbatim or altered, or the
content supported), that original is the child's: an altered quote there is a
misquote, not a source not found. When the child names a publication of its
own (a document, a post), its own original is searched too and, when found,
preferred; the parent's original remains the fallback.

A claim in the sentences that continue an outlet's report ("The AP reported
... . 'We have no choice,' said the water director.") has no parent from the
extractor; `continued` takes the closest outlet claim ending at most
`CONTINUATION_GAP` characters before it as its parent for this check, and
the query says so.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, MutableMapping

from provenance.ledger import ClaimOutcome
from provenance.match import check_claim
from provenance.models import Capture, Check, Claim, Document, Query, Resolution

OWN_KINDS = ("document", "social_account", "forum")
SPEAKER_KINDS = ("person", "group", "organization")  # who a report's continuing sentence quotes
CONTINUATION_GAP = 300  # characters from an outlet's claim to a sentence that continues it
Reader = Callable[[Capture], Document]


def own_publication(claim: Claim) -> bool:
    """Whether the claim names a publication of its own (a document, a post)."""
    return claim.platform is not None or any(s.kind in OWN_KINDS for s in claim.sources)


def against_parent(
    claim: Claim,
    parent: ClaimOutcome | None,
    read: Reader,
    *,
    fast: bool = False,
    cache: MutableMapping[str, float] | None = None,
) -> tuple[Resolution, Capture, list[Check]] | None:
    """The child checked in its parent's original, when that original holds it; else None
    (`fast` and `cache` as for `check_claim`)."""
    if parent is None or parent.capture is None or parent.resolution is None:
        return None
    chosen = parent.resolution.chosen
    if parent.resolution.status != "resolved" or chosen is None:
        return None
    document = read(parent.capture)
    checks = check_claim(claim, document, capture=parent.capture, fast=fast, cache=cache)
    if not holds(checks):
        return None
    named = claim.parent == parent.claim.id
    relation = "which names this source" if named else "which this sentence continues"
    detail = f"the original of claim {parent.claim.id}, {relation}"
    query = Query("parent", chosen.url, candidates=1, outcome="found", detail=detail)
    candidate = dataclasses.replace(chosen, method="parent")
    resolution = Resolution(
        claim.id, "resolved", queries=[query], candidates=[candidate], chosen=candidate,
        reason=f"checked against its parent's original (claim {parent.claim.id}, {relation})",
    )  # fmt: skip
    return resolution, parent.capture, checks


def continued(claim: Claim, earlier: list[ClaimOutcome]) -> ClaimOutcome | None:
    """The outlet claim whose report the sentence of `claim` continues, if any."""
    if claim.parent or claim.link.url or claim.platform:
        return None
    if not claim.sources or any(s.kind not in SPEAKER_KINDS for s in claim.sources):
        return None
    for outcome in reversed(earlier):
        prior = outcome.claim
        gap = claim.sentence.start - prior.sentence.end
        if prior.article != claim.article or gap < 0:
            continue
        if gap > CONTINUATION_GAP:
            return None
        if any(source.kind == "outlet" for source in prior.sources):
            return outcome
    return None


def holds(checks: list[Check]) -> bool:
    """Whether a parent's original holds the child: a quote found there, or its content."""
    quotes = [check for check in checks if check.kind == "quote"]
    if quotes:
        return any(check.status != "not_found" for check in quotes)
    return any(check.kind == "support" and check.status == "supported" for check in checks)
