"""ClaimReview: the editors' reviewed claims as schema.org JSON-LD, as Google reads it.

    claimreview(claims, publisher=Publisher(...)) -> [ClaimReview objects]

One object per claim of an article's current version whose latest review is a
decision (`cleared`, `confirmed` or `corrected`); with `include_unreviewed`, the
other claims too, marked `creativeWorkStatus: Draft` and rated by the machine
verdict alone. The `author` is the newsroom (settings `[publisher] name, url`);
the `itemReviewed` is a Claim made in the article, by the article's byline (or
the newsroom when the article has none), appearing in the article (its
canonical URL, or the URL it was read from, when known). Values that are unknown
are left out: no nulls, no empty lists, and only schema.org properties.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from provenance.errors import ConfigError
from provenance.ingest import is_url

DECIDED = ("cleared", "confirmed", "corrected")  # review statuses that settle a claim
BEST, WORST = 5, 1
MAX_CLAIM = 75  # Google: claimReviewed "should be" under 75 characters

# the machine verdict as a rating: (value on 1..5 or None when it rates nothing, label)
RATINGS: dict[str, tuple[int | None, str]] = {
    "verified": (5, "Accurately attributed"),
    "minor_discrepancy": (4, "Minor discrepancy with the source"),
    "date_mismatch": (2, "Date does not match the source"),
    "misquoted": (1, "Misquoted"),
    "contradicted": (1, "Contradicted by the source"),
    "unsupported": (1, "Not supported by the source"),
    "source_not_found": (None, "Unverified: the source was not found"),
    "unreachable": (None, "Unverified: the source could not be fetched"),
    "not_checked": (None, "Unverified: the source could not be checked"),
    "unattributed": (None, "Unverified: no source is named"),
}


@dataclass(frozen=True, slots=True)
class Publisher:
    """The newsroom that publishes the reviews, and where its reviews can be read."""

    name: str
    url: str = ""
    reports_url: str = ""  # the published report.html; each review is its #claim-ID
    serve_url: str = ""  # or the `provenance serve` site: each review is its claim's row
    database: str = "ledger"  # the ledger's name on that site


def publisher_from(settings: Any) -> Publisher:
    """The Publisher that `settings` name; ConfigError saying which setting is missing."""
    if not settings.publisher_name:
        raise ConfigError(
            "ClaimReview needs the newsroom's name: set [publisher] name (and url) in "
            "provenance.toml, or PROVENANCE_PUBLISHER_NAME",
            setting="publisher_name",
        )
    if not (settings.publisher_reports_url or settings.serve_url):
        raise ConfigError(
            "ClaimReview needs a URL for each review: set [publisher] reports_url (where "
            "report.html is published) or serve_url (where provenance serve runs)",
            setting="publisher_reports_url",
        )
    return Publisher(
        settings.publisher_name, settings.publisher_url, settings.publisher_reports_url,
        settings.serve_url, settings.ledger.stem,
    )  # fmt: skip


def claimreview(
    claims: list[dict[str, Any]], *, publisher: Publisher, include_unreviewed: bool = False
) -> list[dict[str, Any]]:
    """ClaimReview objects for the reviewed claims (all current claims, with drafts, when
    `include_unreviewed`), from `Ledger.report_claims()`."""
    chosen = [c for c in claims if c.get("state", "current") == "current"]
    if not include_unreviewed:
        chosen = [c for c in chosen if c.get("review_status") in DECIDED]
    return [pruned(claimreview_item(claim, publisher)) for claim in chosen]


def claimreview_item(claim: dict[str, Any], publisher: Publisher) -> dict[str, Any]:
    """One claim's ClaimReview, with empty values still in (see `pruned`)."""
    status = claim.get("review_status")
    decided = status in DECIDED
    newsroom = {"@type": "Organization", "name": publisher.name, "url": publisher.url}
    byline = claim.get("article_author")
    article_url = claim.get("article_url") or (
        claim["article_path"] if is_url(claim["article_path"]) else None
    )
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": review_url(claim["id"], publisher),
        "identifier": claim["id"],
        "claimReviewed": shortened(claim.get("content") or claim["sentence"] or ""),
        "reviewRating": rating(claim["verdict"], status if decided else None),
        "reviewBody": (claim.get("review_note") if decided else None) or " ".join(reasons(claim)),
        "author": newsroom,
        "datePublished": (claim.get("reviewed_at") or "")[:10] if decided else None,
        "creativeWorkStatus": None if decided else "Draft",
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": byline} if byline else newsroom,
            "datePublished": claim.get("article_published"),
            "appearance": {
                "@type": "NewsArticle",
                "url": article_url,
                "headline": claim.get("article_title"),
                "datePublished": claim.get("article_published"),
            },
        },
    }


def review_url(claim_id: str, publisher: Publisher) -> str:
    """Where the review of a claim can be read: its place in the published report, or
    its row on the `provenance serve` site."""
    if publisher.reports_url:
        return f"{publisher.reports_url.split('#')[0]}#claim-{claim_id}"
    return f"{publisher.serve_url.rstrip('/')}/{publisher.database}/claims/{claim_id}"


def rating(verdict: str, status: str | None) -> dict[str, Any]:
    """The Rating of a claim: the editor's decision on the machine verdict, or the
    verdict alone for a draft. A verdict that rates nothing has a label only."""
    value, label = RATINGS.get(verdict, (None, verdict.replace("_", " ").capitalize()))
    if status == "cleared":
        value, label = BEST, "Accurately attributed (cleared by an editor)"
    elif status == "corrected":
        label = f"{label}; corrected in the article"
    numbers = {"ratingValue": value, "bestRating": BEST, "worstRating": WORST}
    return {"@type": "Rating", "alternateName": label, **(numbers if value is not None else {})}


def shortened(text: str, limit: int = MAX_CLAIM) -> str:
    """`text` on one line, cut at a word boundary to `limit` characters with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def reasons(claim: dict[str, Any]) -> list[str]:
    """The machine's reasons for a claim's verdict."""
    value = claim.get("reasons")
    return [str(reason) for reason in json.loads(value)] if value else []


def pruned(value: Any) -> Any:
    """`value` without None, empty strings, empty lists and empty objects, at any depth
    (an object left with nothing but its @type goes too)."""
    if isinstance(value, dict):
        kept = {key: pruned(item) for key, item in value.items()}
        kept = {key: item for key, item in kept.items() if not empty(item)}
        return {} if set(kept) <= {"@type"} else kept
    if isinstance(value, list):
        return [item for item in map(pruned, value) if not empty(item)]
    return value


def empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}
