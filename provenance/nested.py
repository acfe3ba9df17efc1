"""Nested sources: a claim named inside another claim is checked against its parent's original.

"Pravda USA quoted Nvidia's CEO stating ..." : the CEO's words are checked
first in the Pravda article the parent claim resolved to. When the parent's
original holds the claim (a quote found there, verbatim or altered, or the
content supported), that original is the child's: an altered quote there is a
misquote, not a source not found. When the child names a publication of its
own (a document, a post), its own original is searched too and, when found,
preferred; the parent's original remains the fallback.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from provenance.ledger import ClaimOutcome
from provenance.match import check_claim
from provenance.models import Capture, Check, Claim, Document, Query, Resolution

OWN_KINDS = ("document", "social_account", "forum")
Reader = Callable[[Capture], Document]


def own_publication(claim: Claim) -> bool:
    """Whether the claim names a publication of its own (a document, a post)."""
    return claim.platform is not None or any(s.kind in OWN_KINDS for s in claim.sources)


def against_parent(
    claim: Claim, parent: ClaimOutcome | None, read: Reader
) -> tuple[Resolution, Capture, list[Check]] | None:
    """The child checked in its parent's original, when that original holds it; else None."""
    if parent is None or parent.capture is None or parent.resolution is None:
        return None
    chosen = parent.resolution.chosen
    if parent.resolution.status != "resolved" or chosen is None:
        return None
    checks = check_claim(claim, read(parent.capture), capture=parent.capture)
    if not holds(checks):
        return None
    detail = f"the original of claim {parent.claim.id}, which names this source"
    query = Query("parent", chosen.url, candidates=1, outcome="found", detail=detail)
    candidate = dataclasses.replace(chosen, method="parent")
    resolution = Resolution(
        claim.id, "resolved", queries=[query], candidates=[candidate], chosen=candidate,
        reason=f"checked against its parent's original (claim {parent.claim.id})",
    )  # fmt: skip
    return resolution, parent.capture, checks


def holds(checks: list[Check]) -> bool:
    """Whether a parent's original holds the child: a quote found there, or its content."""
    quotes = [check for check in checks if check.kind == "quote"]
    if quotes:
        return any(check.status != "not_found" for check in quotes)
    return any(check.kind == "support" and check.status == "supported" for check in checks)
