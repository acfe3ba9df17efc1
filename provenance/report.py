"""Reports: the ledger as HTML and Markdown for editors, flagged claims first.

write_reports(ledger, folder) -> [report.html, report.md]
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from provenance.ledger import ARCHIVE_PATH, Ledger, utcnow

VERDICT_COLOURS = {
    "verified": "#1b7f3b",
    "minor_discrepancy": "#8a6d00",
    "misquoted": "#b3261e",
    "contradicted": "#b3261e",
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
a,code,blockquote{overflow-wrap:anywhere}
.notice{background:#fff4ce;border:1px solid #e0c36b;border-radius:4px;padding:.5rem 1rem}
"""


def write_reports(ledger: Ledger, folder: Path, *, serve_url: str = "") -> list[Path]:
    """Write report.html and report.md for everything in the ledger; return their paths.

    Archived copies link to `serve_url` (where `provenance serve` runs) when it is
    set; otherwise the report names the WARC file and offset of each copy.
    """
    folder.mkdir(parents=True, exist_ok=True)
    claims = ledger.report_claims()
    notices = ledger.run_notices()
    html_path, md_path = folder / "report.html", folder / "report.md"
    html_path.write_text(render_html(claims, notices, serve_url=serve_url), encoding="utf-8")
    md_path.write_text(render_markdown(claims, notices, serve_url=serve_url), encoding="utf-8")
    return [html_path, md_path]


def sections(claims: list[dict[str, Any]]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """The report's sections: (anchor, title, claims), flagged first, removed last."""
    current = [c for c in claims if c.get("state") != "removed"]
    return [
        ("flagged", "Flagged for review", [c for c in current if c["flagged"]]),
        ("verified", "Verified", [c for c in current if not c["flagged"]]),
        ("removed", "Removed from the article (reviews kept)",
         [c for c in claims if c.get("state") == "removed"]),
    ]  # fmt: skip


def render_html(
    claims: list[dict[str, Any]], notices: Sequence[str] = (), *, serve_url: str = ""
) -> str:
    """The HTML report: run notices, totals, then every claim, flagged ones first."""
    parts = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        "<title>provenance report</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>provenance: verification report</h1>",
        f"<p class=meta>Generated {utcnow()} from the ledger.</p>",
        *[f"<p class=notice>{html.escape(notice)}</p>" for notice in notices],
        html_totals([c for c in claims if c.get("state") != "removed"]),
    ]
    for anchor, title, group in sections(claims):
        if group or anchor != "removed":
            parts.append(f"<h2 id={anchor}>{title} ({len(group)})</h2>")
            parts.extend(html_claim(c, serve_url) for c in group)
    parts.append("</body></html>")
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


def archived_link(capture_id: str | None, serve_url: str) -> str | None:
    """The URL of an archived copy on the `provenance serve` site, when one is set."""
    if not capture_id or not serve_url:
        return None
    return serve_url.rstrip("/") + ARCHIVE_PATH + capture_id


def archive_place(check: dict[str, Any]) -> str:
    """Where an archived copy lies when no serve URL is set: its WARC file and offset."""
    return f"WARC {check['warc_file']} offset {check['warc_offset']}"


def shown_checks(claim: dict[str, Any]) -> list[dict[str, Any]]:
    """The checks worth showing: with evidence, each passage once, and a detail that
    the reasons already say left out (`detail` set to None in the copy)."""
    reasons = " ".join(loads(claim["reasons"]))
    seen: set[tuple[str, str]] = set()
    shown = []
    for check in claim.get("checks", []):
        key = (check["kind"], check.get("evidence") or "")
        if not check.get("evidence") or key in seen:
            continue
        seen.add(key)
        detail = check.get("detail")
        shown.append({**check, "detail": None if detail and detail in reasons else detail})
    return shown


def original_links(claim: dict[str, Any], serve_url: str) -> tuple[str | None, str | None]:
    """The claim's original URL and where its archived copy can be seen (link or WARC place)."""
    archived = archived_link(claim.get("capture_id"), serve_url)
    if archived is None and claim.get("capture_id"):
        chosen = [c for c in claim.get("checks", []) if c.get("capture_id") == claim["capture_id"]]
        archived = archive_place(chosen[0]) if chosen and chosen[0].get("warc_file") else None
    return claim.get("original_url"), archived


def review_line(review: dict[str, Any]) -> str:
    """One review as plain text: status, who, when, the note, and on which version."""
    who = review.get("reviewer") or "unnamed reviewer"
    line = f"{review['status']} by {who} on {review['created']}"
    if review.get("note"):
        line += f": {review['note']}"
    if review.get("reviewed_version") not in (None, "this version"):
        line += f" (reviewed on {review['reviewed_version']}"
        line += f"; words changed since: {review['changes']})" if review.get("changes") else ")"
    return line


def html_claim(claim: dict[str, Any], serve_url: str = "") -> str:
    """One claim as a card: verdict, source, sentence, reasons, evidence, reviews."""
    e = html.escape
    colour = VERDICT_COLOURS.get(claim["verdict"], "#555")
    reasons = "".join(f"<li>{e(r)}</li>" for r in loads(claim["reasons"]))
    evidence = "".join(html_check(check, serve_url) for check in shown_checks(claim))
    queries = "".join(f"<li><code>{e(q)}</code></li>" for q in loads(claim.get("queries")))
    tried = f"<details><summary class=meta>Searches</summary><ul>{queries}</ul></details>"
    url, archived = original_links(claim, serve_url)
    original = f"<a href='{e(url)}'>{e(url)}</a>" if url else "no original found"
    if archived:
        copy = f"<a href='{e(archived)}'>archived copy</a>" if "://" in archived else e(archived)
        original += f" · {copy}"
    reviews = "".join(f"<li>{e(review_line(r))}</li>" for r in claim.get("reviews", []))
    review = f"<p class=meta>Reviews:</p><ul class=reviews>{reviews}</ul>" if reviews else ""
    removed = " <b>removed from the article</b>" if claim.get("state") == "removed" else ""
    return (
        f"<div class=claim style='--c:{colour}' id='claim-{e(claim['id'])}'>"
        f"<p><span class=verdict>{e(claim['verdict'])}</span>{removed}"
        f" <b>{e(claim['source'] or '')}</b>"
        f" <span class=meta>({e(claim['source_kind'] or '')}, {e(claim['channel'] or '')};"
        f" claimed date {e(claim['date_value'] or 'none')})"
        f" in <code>{e(claim['article_path'])}</code>"
        f" · claim <code>{e(claim['id'])}</code></span></p>"
        f"<p class=sentence>{e(claim['sentence'] or '')}</p>"
        f"<ul>{reasons}</ul><p class=meta>Original: {original}</p>{evidence}"
        f"{tried if queries else ''}{review}</div>"
    )


def html_check(check: dict[str, Any], serve_url: str = "") -> str:
    e = html.escape
    return (
        f"<p class=meta>{e(check['kind'])}: {e(check['status'])}"
        f"{' — ' + e(check['detail']) if check.get('detail') else ''}</p>"
        f"<blockquote>{e(check['evidence'][:600])}</blockquote>"
    )


def render_markdown(
    claims: list[dict[str, Any]], notices: Sequence[str] = (), *, serve_url: str = ""
) -> str:
    """The Markdown report: run notices, totals, then every claim, flagged ones first."""
    current = [c for c in claims if c.get("state") != "removed"]
    counts = Counter(c["verdict"] for c in current)
    lines = ["# provenance: verification report", "", f"Generated {utcnow()} from the ledger.", ""]
    lines += [f"> **Note:** {md_text(notice)}\n" for notice in notices]
    lines.append(
        f"{len(current)} claims: " + ", ".join(f"{v} {n}" for v, n in counts.most_common())
    )
    for anchor, title, group in sections(claims):
        if group or anchor != "removed":
            lines += ["", f"## {title}", ""]
            lines += [md_claim(c, serve_url) for c in group] or ["None."]
    return "\n".join(lines) + "\n"


def md_text(value: object) -> str:
    """Text from an article or an editor, safe in Markdown: no raw HTML, no line breaks."""
    text = " ".join(str(value or "").split())
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def md_claim(claim: dict[str, Any], serve_url: str = "") -> str:
    """One claim as a Markdown list item with its reasons, evidence and reviews."""
    m = md_text
    reasons = "".join(f"\n  - {m(r)}" for r in loads(claim["reasons"]))
    url, archived = original_links(claim, serve_url)
    original = m(url) if url else "no original found"
    if archived:
        original += f" · archived copy: {m(archived)}"
    evidence = "".join(
        f"\n  - {check['kind']} {check['status']}"
        f"{': ' + m(check['detail']) if check.get('detail') else ''}"
        f" · “{m(check['evidence'][:300])}”"
        for check in shown_checks(claim)
    )
    tried = "".join(f"\n  - searched: `{m(q)}`" for q in loads(claim.get("queries")))
    reviews = "".join(f"\n  - review: {m(review_line(r))}" for r in claim.get("reviews", []))
    removed = " · **removed from the article**" if claim.get("state") == "removed" else ""
    return (
        f"- **{claim['verdict']}**{removed} · {m(claim['source'])} "
        f"({claim['source_kind']}, {claim['channel']}; "
        f"claimed date {m(claim['date_value'] or 'none')}) · `{m(claim['article_path'])}` · "
        f"claim `{claim['id']}`\n  > {m(claim['sentence'])}{reasons}\n"
        f"  - original: {original}{evidence}{tried}{reviews}"
    )


STATES = {
    "current": "in the article's current version",
    "removed": "removed from the article (no longer in its current version)",
    "superseded": "an earlier version (the article was edited since)",
}


def describe_claim(claim: dict[str, Any], *, serve_url: str = "") -> list[tuple[str, str]]:
    """One claim whole, from `Ledger.claim_detail`, as (label, text) lines for a terminal.
    An empty label continues the item above."""
    lines = [
        ("Claim", f"{claim['id']}, {STATES.get(claim['state'], claim['state'])}"),
        ("Article", f"{claim['article_path']}"
         + (f" ({shorten(claim['article_title'], 100)})" if claim.get("article_title") else "")),
        ("Sentence", " ".join((claim["sentence"] or "").split())),
    ]  # fmt: skip
    for source in claim.get("sources", []):
        extra = ", ".join(
            filter(None, [source["kind"], source.get("domain"), source.get("handle")])
        )
        lines.append(("Source", f"{source['name']} ({extra})"))
    if claim.get("cue"):
        lines.append(("Cue", claim["cue"]))
    if claim.get("content"):
        lines.append(("Content", claim["content"]))
    lines += [("Quote", f"“{quote}”") for quote in loads(claim.get("quotes"))]
    if claim.get("date_text"):
        lines.append(("Claimed date", f"{claim['date_text']} ({claim.get('date_value') or '?'})"))
    lines.append(("Verdict", claim["verdict"] + (" (flagged)" if claim["flagged"] else "")))
    lines += [("", f"  - {reason}") for reason in loads(claim["reasons"])]
    url, archived = original_links(claim, serve_url)
    lines.append(("Original", url or f"not found ({claim.get('resolution_reason') or 'no link'})"))
    capture = claim.get("capture")
    if capture:
        place = f"WARC {capture['warc_file']} offset {capture['offset']}"
        seen = f"captured {capture['fetched_at']}, sha256 {capture['sha256']}"
        lines.append(("Archived copy", f"{archived if archived and '://' in archived else place}"))
        lines.append(("", f"  {seen}"))
    for check in claim.get("checks", []):
        score = f" {check['score']:.2f}" if check.get("score") is not None else ""
        detail = f": {check['detail']}" if check.get("detail") else ""
        lines.append(("Check", f"{check['kind']} {check['status']}{score}{detail}"))
        if check.get("evidence"):
            lines.append(("", f"  evidence: “{' '.join(check['evidence'].split())[:600]}”"))
    for review in claim.get("reviews", []):
        lines.append(("Review", review_line(review)))
    if not claim.get("reviews"):
        lines.append(("Review", "none yet"))
    for other in claim.get("versions", []):
        changes = f": {other['changes']}" if other.get("changes") else ""
        lines.append(("Other version", f"{other['id']}{changes}"))
    return lines


def shorten(text: str, limit: int) -> str:
    """`text` on one line, cut to `limit` characters with "…"."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def loads(value: str | None) -> list[Any]:
    if not value:
        return []
    data = json.loads(value)
    return data if isinstance(data, list) else [data]


# --- Datasette -----------------------------------------------------------------


def datasette_metadata(ledger_path: Path) -> dict[str, Any]:
    """The shipped Datasette metadata, keyed by the ledger's database name (which the
    links of its descriptions name as `{database}`)."""
    from urllib.parse import quote

    template = Path(__file__).parent / "datasette" / "metadata.json"
    text = template.read_text(encoding="utf-8").replace("{database}", quote(ledger_path.stem))
    metadata: dict[str, Any] = json.loads(text)
    metadata["databases"] = {ledger_path.stem: metadata["databases"]["ledger"]}
    return metadata
