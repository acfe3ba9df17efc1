"""Reports: the ledger as HTML and Markdown for editors, flagged claims first.

write_reports(ledger, folder) -> [report.html, report.md]
"""

from __future__ import annotations

import html
import json
from collections import Counter
from pathlib import Path
from typing import Any

from provenance.ledger import Ledger, utcnow

VERDICT_COLOURS = {
    "verified": "#1b7f3b",
    "minor_discrepancy": "#8a6d00",
    "misquoted": "#b3261e",
    "date_mismatch": "#b3261e",
    "unsupported": "#b3261e",
    "source_not_found": "#6b4fbb",
    "unreachable": "#6b4fbb",
    "unattributed": "#555555",
    "not_checked": "#555555",
}

STYLE = """
body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}
.totals span{display:inline-block;margin:0 .8rem .4rem 0}
.claim{border:1px solid #ddd;border-left:6px solid var(--c);border-radius:4px;
  padding:.6rem 1rem;margin:.8rem 0}
.verdict{color:#fff;background:var(--c);border-radius:3px;padding:0 .4rem;font-weight:600;
  font-size:.85rem}
.meta{color:#555;font-size:.9rem}.sentence{margin:.3rem 0}
blockquote{margin:.3rem 0;padding-left:.8rem;border-left:3px solid #ccc;color:#333}
ul{margin:.2rem 0}code{font-size:.85rem}
"""


def write_reports(ledger: Ledger, folder: Path) -> list[Path]:
    """Write report.html and report.md for everything in the ledger; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    claims = ledger.report_claims()
    html_path, md_path = folder / "report.html", folder / "report.md"
    html_path.write_text(render_html(claims), encoding="utf-8")
    md_path.write_text(render_markdown(claims), encoding="utf-8")
    return [html_path, md_path]


def render_html(claims: list[dict[str, Any]]) -> str:
    """The HTML report: totals, then every claim, flagged ones first."""
    flagged = [c for c in claims if c["flagged"]]
    verified = [c for c in claims if not c["flagged"]]
    parts = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        "<title>provenance report</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>provenance: verification report</h1>",
        f"<p class=meta>Generated {utcnow()} from the ledger.</p>",
        html_totals(claims),
        f"<h2 id=flagged>Flagged for review ({len(flagged)})</h2>",
        *[html_claim(c) for c in flagged],
        f"<h2 id=verified>Verified ({len(verified)})</h2>",
        *[html_claim(c) for c in verified],
        "</body></html>",
    ]
    return "\n".join(parts)


def html_totals(claims: list[dict[str, Any]]) -> str:
    counts = Counter(c["verdict"] for c in claims)
    spans = "".join(
        f"<span style='--c:{colour(v)}'><b class=verdict>{html.escape(v)}</b> {n}</span>"
        for v, n in counts.most_common()
    )
    return f"<p class=totals>{len(claims)} claims: {spans}</p>"


def colour(verdict: str) -> str:
    return VERDICT_COLOURS.get(verdict, "#555")


def html_claim(claim: dict[str, Any]) -> str:
    """One claim as a card: verdict, source, sentence, reasons, evidence, review."""
    e = html.escape
    colour = VERDICT_COLOURS.get(claim["verdict"], "#555")
    reasons = "".join(f"<li>{e(r)}</li>" for r in loads(claim["reasons"]))
    evidence = "".join(html_check(check) for check in claim.get("checks", []))
    queries = "".join(f"<li><code>{e(q)}</code></li>" for q in loads(claim.get("queries")))
    tried = f"<details><summary class=meta>Searches</summary><ul>{queries}</ul></details>"
    original = (
        f"<a href='{e(claim['original_url'])}'>{e(claim['original_url'])}</a>"
        if claim.get("original_url")
        else "no original found"
    )
    review = (
        f"<p class=meta>Review: <b>{e(claim['review_status'])}</b> "
        f"{e(claim['review_note'] or '')}</p>"
        if claim.get("review_status")
        else ""
    )
    return (
        f"<div class=claim style='--c:{colour}' id='claim-{e(claim['id'])}'>"
        f"<p><span class=verdict>{e(claim['verdict'])}</span> <b>{e(claim['source'] or '')}</b>"
        f" <span class=meta>({e(claim['source_kind'] or '')}, {e(claim['channel'] or '')};"
        f" claimed date {e(claim['date_value'] or 'none')})"
        f" in <code>{e(claim['article_path'])}</code>"
        f" · claim <code>{e(claim['id'])}</code></span></p>"
        f"<p class=sentence>{e(claim['sentence'] or '')}</p>"
        f"<ul>{reasons}</ul><p class=meta>Original: {original}</p>{evidence}"
        f"{tried if queries else ''}{review}</div>"
    )


def html_check(check: dict[str, Any]) -> str:
    if not check.get("evidence"):
        return ""
    e = html.escape
    return (
        f"<p class=meta>{e(check['kind'])}: {e(check['status'])}"
        f"{' — ' + e(check['detail']) if check.get('detail') else ''}</p>"
        f"<blockquote>{e(check['evidence'][:600])}</blockquote>"
    )


def render_markdown(claims: list[dict[str, Any]]) -> str:
    """The Markdown report: totals, then every claim, flagged ones first."""
    counts = Counter(c["verdict"] for c in claims)
    lines = ["# provenance: verification report", "", f"Generated {utcnow()} from the ledger.", ""]
    lines.append(f"{len(claims)} claims: " + ", ".join(f"{v} {n}" for v, n in counts.most_common()))
    lines += ["", "## Flagged for review", ""]
    lines += [md_claim(c) for c in claims if c["flagged"]] or ["None."]
    lines += ["", "## Verified", ""]
    lines += [md_claim(c) for c in claims if not c["flagged"]] or ["None."]
    return "\n".join(lines) + "\n"


def md_text(value: object) -> str:
    """Text from an article or an editor, safe in Markdown: no raw HTML, no line breaks."""
    text = " ".join(str(value or "").split())
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def md_claim(claim: dict[str, Any]) -> str:
    """One claim as a Markdown list item with its reasons."""
    m = md_text
    reasons = "".join(f"\n  - {m(r)}" for r in loads(claim["reasons"]))
    original = m(claim.get("original_url") or "no original found")
    tried = "".join(f"\n  - searched: `{m(q)}`" for q in loads(claim.get("queries")))
    review = (
        f"\n  - review: **{m(claim['review_status'])}** {m(claim['review_note'])}"
        if claim.get("review_status")
        else ""
    )
    return (
        f"- **{claim['verdict']}** · {m(claim['source'])} "
        f"({claim['source_kind']}, {claim['channel']}; "
        f"claimed date {m(claim['date_value'] or 'none')}) · `{m(claim['article_path'])}` · "
        f"claim `{claim['id']}`\n  > {m(claim['sentence'])}{reasons}\n"
        f"  - original: {original}{tried}{review}"
    )


def loads(value: str | None) -> list[Any]:
    if not value:
        return []
    data = json.loads(value)
    return data if isinstance(data, list) else [data]


# --- Datasette -----------------------------------------------------------------


def datasette_metadata(ledger_path: Path) -> dict[str, Any]:
    """The shipped Datasette metadata, keyed by the ledger's database name."""
    template = Path(__file__).parent / "datasette" / "metadata.json"
    metadata: dict[str, Any] = json.loads(template.read_text(encoding="utf-8"))
    metadata["databases"] = {ledger_path.stem: metadata["databases"]["ledger"]}
    return metadata


def datasette_command(ledger_path: Path, metadata_path: Path, *, host: str, port: int) -> list[str]:
    """The command line that serves the ledger read-only with Datasette."""
    import sys

    return [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        str(ledger_path),
        "--metadata",
        str(metadata_path),
        "--host",
        host,
        "--port",
        str(port),
        "--setting",
        "sql_time_limit_ms",
        "3000",
    ]


# --- ClaimReview -----------------------------------------------------------------

RATINGS = {
    "verified": (5, "Verified"),
    "minor_discrepancy": (4, "Minor discrepancy"),
    "date_mismatch": (2, "Date does not match the source"),
    "misquoted": (1, "Misquoted"),
    "unsupported": (1, "Not supported by the source"),
    "source_not_found": (0, "Source not found"),
    "unreachable": (0, "Source could not be fetched"),
    "unattributed": (0, "Unattributed: cannot be checked"),
}


def claimreview(
    claims: list[dict[str, Any]], *, publisher: str = "provenance"
) -> list[dict[str, Any]]:
    """schema.org ClaimReview JSON-LD objects, one per claim (machine verdicts, and reviews)."""
    return [claimreview_item(claim, publisher) for claim in claims]


def claimreview_item(claim: dict[str, Any], publisher: str) -> dict[str, Any]:
    value, label = RATINGS.get(claim["verdict"], (0, claim["verdict"]))
    appearance = (
        [{"@type": "CreativeWork", "url": claim["original_url"]}]
        if claim.get("original_url")
        else []
    )
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": claim["id"],
        "claimReviewed": " ".join((claim.get("content") or claim["sentence"] or "").split()),
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": schema_type(claim.get("source_kind")), "name": claim["source"]},
            "datePublished": claim.get("date_value"),
            "appearance": appearance,
            "firstAppearance": {"@type": "CreativeWork", "name": claim["article_path"]},
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": 5,
            "worstRating": 0,
            "alternateName": label,
        },
        "reviewBody": " ".join(loads(claim["reasons"])),
        "author": {"@type": "Organization", "name": publisher},
        "editorialReview": claim.get("review_status"),
    }


def schema_type(kind: str | None) -> str:
    return "Person" if kind in ("person", "social_account") else "Organization"
