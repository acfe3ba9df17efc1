"""Documents on an organisation's website: PDFs (proposals, reports, filings) found in the CDX.

Outlet discovery looks for web pages; an organisation's original is often a
PDF. The Wayback CDX index of the website is asked for PDF captures
(`filter=mimetype:application/pdf`, one row per URL) within the claim's window
widened by `DOCUMENT_SPREAD` (a document is cited long after it is posted);
the URLs whose words best match the claim are fetched from the site (their
Wayback capture when the site no longer has them) and scored like any page.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from urllib.parse import urlencode

from provenance.models import Candidate
from provenance.resolve import cdx, rank
from provenance.resolve.discover import cdx_prefix
from provenance.resolve.session import Session, failure, is_dead
from provenance.resolve.wayback import archived_copy
from provenance.resolve.window import DateWindow, stamp

DOCUMENT_SPREAD = timedelta(days=180)
MAX_DOCUMENTS = 3
LIMIT = 1000


def pdf_query(cdx_url: str, prefix: str, window: DateWindow | None) -> str:
    """The CDX URL listing the distinct PDF captures under `prefix` in `window`."""
    params = [("url", prefix), ("output", "json"), ("fl", cdx.FIELDS)]
    params += [("filter", "statuscode:200"), ("filter", "mimetype:application/pdf")]
    params.append(("collapse", "urlkey"))
    if window is not None:
        params += [("from", stamp(window.start)), ("to", stamp(window.end))]
    params.append(("limit", str(LIMIT)))
    return f"{cdx_url}?{urlencode(params, safe='/*:,')}"


def wide(window: DateWindow | None) -> DateWindow | None:
    """The window in which a document's captures are listed."""
    if window is None:
        return None
    return replace(window, start=window.start - DOCUMENT_SPREAD, end=window.end + DOCUMENT_SPREAD)


def find_documents(session: Session, domain: str) -> None:
    """List the website's PDFs, rank them by the claim's words, fetch and score the best."""
    prefix = cdx_prefix(domain)
    window = wide(session.window)
    query = session.ask("documents", prefix)
    query.window = str(window) if window else None
    result = session.listing(pdf_query(session.settings.cdx_url, prefix, window))
    if not result.ok or result.capture is None:
        query.outcome, query.detail = "error", failure(result)
        return
    rows = ranked(session, cdx.parse_cdx(result.capture.body))
    query.candidates = len(rows)
    query.outcome = "listed" if rows else "not_found"
    for row in rows[:MAX_DOCUMENTS]:
        _fetch(session, row)
    scores = [entry.score for entry in session.scored if entry.candidate.method == "document"]
    query.best_score = round(max(scores), 4) if scores else None


def ranked(session: Session, rows: list[cdx.CdxRow]) -> list[cdx.CdxRow]:
    """Captures by the words their URL shares with the claim and its source, then by date."""
    wanted = rank.claim_words(session.claim)
    for source in session.claim.sources:
        wanted |= rank.words(source.name)
    window = session.window

    def key(row: cdx.CdxRow) -> tuple[float, float]:
        day = row.day
        near = window.closeness(day) if window and day else 0.0
        return rank.overlap(wanted, rank.slug_words(row.original)), near

    return sorted(rows, key=key, reverse=True)


def _fetch(session: Session, row: cdx.CdxRow) -> None:
    url = _live_url(row.original)
    result = session.get(url)
    if result.ok and result.capture is not None:
        candidate = Candidate(url=url, method="document", captured_at=row.captured)
        session.add(candidate, result.capture, session.score(session.claim, result.capture))
    elif is_dead(result) or result.kind == "robots":
        archived_copy(session, url, method="document")


def _live_url(original: str) -> str:
    return original if "://" in original else f"https://{original}"
