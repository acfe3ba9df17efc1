"""The Wayback CDX server API: captures of a URL or URL prefix, and their playback.

Queries use the documented JSON output (`output=json`): a list of rows whose
first row names the fields, here `timestamp,original,statuscode,mimetype`.
A domain or path prefix is asked as `url=domain/*`, keeping successful web
pages (`filter=statuscode:200&filter=mimetype:text/html`), one row per distinct
URL (`collapse=urlkey`), within a date window (`from=YYYYMMDD&to=YYYYMMDD`).
The server sorts rows by URL, not date, so the limit is generous. The capture
of one URL closest to a date uses `closest=YYYYMMDD&sort=closest&limit=1`.
Playback of a capture without the Wayback banner or rewritten links is
`<wayback>/web/<timestamp>id_/<url>`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from provenance.resolve.window import DateWindow, stamp

FIELDS = "timestamp,original,statuscode,mimetype"
PAGE_LIMIT = 3000  # rows asked per prefix query (sorted by URL, not date: ask for many)


@dataclass(frozen=True, slots=True)
class CdxRow:
    """One capture listed by the CDX server."""

    timestamp: str
    original: str
    statuscode: str = "200"
    mimetype: str = "text/html"

    @property
    def captured(self) -> str:
        """The capture time as ISO 8601 UTC."""
        ts = self.timestamp.ljust(14, "0")
        return f"{ts[:4]}-{ts[4:6]}-{ts[6:8]}T{ts[8:10]}:{ts[10:12]}:{ts[12:14]}Z"

    @property
    def day(self) -> date | None:
        """The capture date, or None when the timestamp is malformed."""
        try:
            return date(int(self.timestamp[:4]), int(self.timestamp[4:6]), int(self.timestamp[6:8]))
        except ValueError:
            return None


def prefix_query(
    cdx_url: str, prefix: str, window: DateWindow | None, *, limit: int = PAGE_LIMIT
) -> str:
    """The CDX URL listing distinct successful captures under `prefix` in `window`."""
    params = [("url", prefix), ("output", "json"), ("fl", FIELDS)]
    params += [("filter", "statuscode:200"), ("filter", "mimetype:text/html")]
    params.append(("collapse", "urlkey"))
    if window is not None:
        params += [("from", stamp(window.start)), ("to", stamp(window.end))]
    params.append(("limit", str(limit)))
    return f"{cdx_url}?{urlencode(params, safe='/*:,')}"


def closest_query(cdx_url: str, url: str, target: date | None) -> str:
    """The CDX URL of the successful capture of `url` closest to `target` (else the latest)."""
    params = [("url", url), ("output", "json"), ("fl", FIELDS), ("filter", "statuscode:200")]
    if target is not None:
        params += [("closest", stamp(target)), ("sort", "closest"), ("limit", "1")]
    else:
        params.append(("limit", "-1"))
    return f"{cdx_url}?{urlencode(params, safe='/*:,')}"


def playback_url(wayback_url: str, row: CdxRow) -> str:
    """The `id_` playback URL of a capture: the archived bytes, unmodified."""
    return f"{wayback_url.rstrip('/')}/web/{row.timestamp}id_/{row.original}"


def parse_cdx(body: bytes) -> list[CdxRow]:
    """The rows of a CDX JSON answer; an empty or malformed answer gives no rows."""
    try:
        data = json.loads(body.decode("utf-8", "replace") or "[]")
    except json.JSONDecodeError:
        return _parse_plain(body)
    if not isinstance(data, list) or not data or not isinstance(data[0], list):
        return []
    header = [str(name) for name in data[0]]
    return [row for row in (_row(header, values) for values in data[1:]) if row]


def _row(header: list[str], values: object) -> CdxRow | None:
    if not isinstance(values, list) or len(values) != len(header):
        return None
    fields = dict(zip(header, (str(value) for value in values), strict=True))
    if not fields.get("timestamp") or not fields.get("original"):
        return None
    return CdxRow(
        timestamp=fields["timestamp"],
        original=fields["original"],
        statuscode=fields.get("statuscode", "200"),
        mimetype=fields.get("mimetype", "text/html"),
    )


def _parse_plain(body: bytes) -> list[CdxRow]:
    """Rows of the plain-text output (space-separated, in the order of FIELDS)."""
    rows = []
    for line in body.decode("utf-8", "replace").splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0].isdigit():
            rows.append(CdxRow(*parts))
    return rows
