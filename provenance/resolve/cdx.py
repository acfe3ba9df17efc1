"""The Wayback CDX server API: captures of a URL or URL prefix, and their playback.

Queries use the documented JSON output (`output=json`): a list of rows whose
first row names the fields, here `timestamp,original,statuscode,mimetype`.
A domain or path prefix is asked as `url=domain/*`, keeping successful web
pages (`filter=statuscode:200&filter=mimetype:text/html`; a filter is
`[!]field:regex`, a full match), without AMP copies and tracking-parameter
variants (`filter=!original:...`), one row per distinct URL (`collapse=urlkey`,
which drops adjacent duplicates only), within a date window
(`from=YYYYMMDD&to=YYYYMMDD`).

The server sorts rows by SURT urlkey, not by date, and stops at `limit`: a busy
outlet has more captures in a week than one answer holds. So a listing asks
`showResumeKey=true`; when more rows remain, the JSON answer ends with an
empty row and a row holding the resumption key, and the next page is the same
query with `resumeKey=<key>` (the key as given: it is already URL-encoded).
The capture of one URL closest to a date uses
`closest=YYYYMMDD&sort=closest&limit=1`. Playback of a capture without the
Wayback banner or rewritten links is `<wayback>/web/<timestamp>id_/<url>`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from provenance.resolve.window import DateWindow, stamp

FIELDS = "timestamp,original,statuscode,mimetype"
PAGE_LIMIT = 5000  # rows asked per page of a prefix listing (then resumed)
VARIANTS = (  # copies of a page that are not the page: AMP, tracking parameters
    r"!original:.*[?&](utm_[a-z]+|fbclid|gclid|ref|cmpid|outputType|amp)=.*",
    r"!original:.*/amp/?",
)


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
    cdx_url: str,
    prefix: str,
    window: DateWindow | None,
    *,
    limit: int | None = None,
    resume: str | None = None,
) -> str:
    """The CDX URL listing distinct successful pages under `prefix` in `window` (one page)."""
    params = [("url", prefix), ("output", "json"), ("fl", FIELDS)]
    params += [("filter", "statuscode:200"), ("filter", "mimetype:text/html")]
    params += [("filter", variant) for variant in VARIANTS]
    params.append(("collapse", "urlkey"))
    if window is not None:
        params += [("from", stamp(window.start)), ("to", stamp(window.end))]
    params += [("limit", str(limit or PAGE_LIMIT)), ("showResumeKey", "true")]
    query = f"{cdx_url}?{urlencode(params, safe='/*:,!')}"
    return f"{query}&resumeKey={resume}" if resume else query


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
    return parse_page(body)[0]


def parse_page(body: bytes) -> tuple[list[CdxRow], str | None]:
    """The rows of one CDX answer and its resumption key (None when nothing remains)."""
    try:
        data = json.loads(body.decode("utf-8", "replace") or "[]")
    except json.JSONDecodeError:
        return _parse_plain(body)
    if not isinstance(data, list) or not data or not isinstance(data[0], list):
        return [], None
    resume = None
    if len(data) >= 3 and data[-2] == [] and isinstance(data[-1], list) and len(data[-1]) == 1:
        resume, data = str(data[-1][0]) or None, data[:-2]
    header = [str(name) for name in data[0]]
    return [row for row in (_row(header, values) for values in data[1:]) if row], resume


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


def _parse_plain(body: bytes) -> tuple[list[CdxRow], str | None]:
    """Rows of the plain-text output (space-separated, in the order of FIELDS), and the
    resumption key: the one line after a blank line at the end."""
    rows = []
    lines = body.decode("utf-8", "replace").rstrip("\n").split("\n")
    resume = None
    if len(lines) >= 2 and not lines[-2].strip() and len(lines[-1].split()) == 1:
        resume, lines = lines[-1].strip(), lines[:-2]
    for line in lines:
        parts = line.split()
        if len(parts) == 4 and parts[0].isdigit():
            rows.append(CdxRow(*parts))
    return rows, resume
