"""Archived copies: the Wayback capture of a URL closest to the claimed date.

Used when a page is gone (404, 410), erroring or unreachable, or has changed
since the claim was made. The copy is fetched with an `id_` playback URL (the
archived bytes, without banner or rewriting) and recorded as an archived copy
of the original URL, with its capture time.
"""

from __future__ import annotations

from provenance.models import Candidate, Query
from provenance.resolve import cdx
from provenance.resolve.session import Scored, Session, failure


def archived_copy(session: Session, url: str, *, method: str = "wayback") -> Scored | None:
    """Fetch and score the capture of `url` closest to the claimed date; None if there is none."""
    target = session.window.target if session.window else None
    query = session.ask("wayback", url, window=False)
    query.window = target.isoformat() if target else None
    rows = _closest_rows(session, url, query)
    if not rows:
        return None
    row = rows[0]
    query.candidates = 1
    playback = cdx.playback_url(session.settings.wayback_url, row)
    result = session.get(playback)
    if not result.ok or result.capture is None:
        query.outcome, query.detail = "error", f"capture {row.timestamp}: {failure(result)}"
        return None
    result.capture.archived_copy_of = url
    candidate = Candidate(url=playback, method=method, archived_from=url, captured_at=row.captured)
    entry = session.add(candidate, result.capture, session.score(session.claim, result.capture))
    query.best_score = round(entry.score, 4)
    query.outcome, query.detail = "found", f"closest capture {row.captured}"
    return entry


def _closest_rows(session: Session, url: str, query: Query) -> list[cdx.CdxRow]:
    target = session.window.target if session.window else None
    result = session.listing(cdx.closest_query(session.settings.cdx_url, url, target))
    if not result.ok or result.capture is None:
        query.outcome, query.detail = "error", f"CDX: {failure(result)}"
        return []
    rows = [row for row in cdx.parse_cdx(result.capture.body) if row.statuscode == "200"]
    if not rows:
        query.outcome, query.detail = "not_found", "no capture"
    return rows
