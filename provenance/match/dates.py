"""Date check: does the date a claim gives agree with the dates of its source?

The claimed date is compared with the source's own dates first: its published
date, its post timestamp and its updated date (the best of the three decides).
When the page shows none of them, what stands in is, in order: the date a
sitemap or feed listed for the URL (`listed`), the month in the URL (compared
as a month), and the first capture time. The tolerance comes from the claim's
precision:

    precision   match                near (within tolerance)         tolerance_days
    day         same day             1-2 days apart (time zones)     2
    week        0-1 day apart        within 7 days                   7
    month       same calendar month  within 7 days of that month     7
    year        same calendar year   within 31 days of that year     31

A relative date ("a week ago") has been resolved to a day by the extractor; its
precision (week) gives the tolerance. Anything further apart is a `mismatch`;
no usable date on either side is `unknown`, with the reason.

When the page's date signals disagree with each other (JSON-LD one day, the URL
another; see `provenance.dating`), or a sitemap or feed lists another day, the
reason says so, naming each signal. A claim that one of the page's own signals
dates exactly, though the chosen dates do not, is `near`, not `mismatch`: the
page itself is unsure of its date.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from provenance.models import ClaimDate, DateCheck, DateStatus, Document

TOLERANCE = {"day": 2, "week": 7, "month": 7, "year": 31}
FIELDS = ("published", "post", "updated")
_RANK = {"match": 0, "near": 1, "mismatch": 2}
_STATUSES: tuple[DateStatus, ...] = ("match", "near", "mismatch")
_MONTH = re.compile(r"(?:19|20)\d{2}-(?:0[1-9]|1[0-2])")


SIGNAL_NAMES = {
    "json-ld": "JSON-LD",
    "meta": "meta tag",
    "time": "<time> element",
    "label": "labelled date",
    "dateline": "dateline before an update",
    "htmldate": "htmldate",
    "url": "URL",
    "listed": "sitemap/feed",
}


def check_date(
    claimed: ClaimDate | None,
    document: Document,
    *,
    first_capture: str | None = None,
    listed: str | None = None,
) -> DateCheck:
    """Compare a claimed date with a source's dates (see the module docstring).

    `listed` is the date a sitemap or feed gave for the source's URL, if any.
    """
    value = claimed.value if claimed else None
    day = parse_day(value)
    if claimed is None or day is None:
        reason = "the claim gives no date" if claimed is None else "the claimed date is unresolved"
        return DateCheck(claimed=value, status="unknown", reason=reason)
    tolerance = TOLERANCE.get(claimed.precision, 2)
    signals = page_signals(document, listed)
    compared = source_dates(document)
    month = document.date_sources.get("url", "")
    if compared:
        result = _best(claimed, day, tolerance, compared)
    elif parse_day(listed):
        result = _best(claimed, day, tolerance, {"listed": str(listed)[:10]})
    elif _MONTH.fullmatch(month):
        result = _against_month(claimed, day, tolerance, month)
    else:
        return _against_capture(claimed, day, tolerance, first_capture)
    return _with_disagreement(result, claimed, day, signals)


def page_signals(document: Document, listed: str | None = None) -> dict[str, str]:
    """The source's publication-date signals by name (a day, or a URL's month), with `listed`."""
    signals = {
        name: value
        for name, value in document.date_sources.items()
        if name in SIGNAL_NAMES and (parse_day(value) or _MONTH.fullmatch(value))
    }
    if parse_day(listed):
        signals["listed"] = str(listed)[:10]
    return signals


def disagreement(signals: dict[str, str]) -> str | None:
    """The page's date signals that disagree, in words, or None when they agree.

    A URL's month agrees with any day in that month.
    """
    days = {value for value in signals.values() if len(value) == 10}
    months = {value for value in signals.values() if len(value) == 7}
    if len(days) < 2 and all(any(day.startswith(m) for day in days) for m in months if days):
        return None
    grouped: dict[str, list[str]] = {}
    for name, value in signals.items():
        grouped.setdefault(value, []).append(SIGNAL_NAMES[name])
    said = "; ".join(f"{', '.join(names)} {value}" for value, names in sorted(grouped.items()))
    return f"the source's dates disagree: {said}"


def source_dates(document: Document) -> dict[str, str]:
    """The source's dates by kind: published, post (a post's timestamp), updated."""
    dates: dict[str, str] = {}
    if document.published:
        dates["published"] = document.published
    post = document.date_sources.get("post")
    if post and post != document.published:
        dates["post"] = post
    if document.updated and document.updated != document.published:
        dates["updated"] = document.updated
    return {kind: value for kind, value in dates.items() if parse_day(value)}


def parse_day(value: str | None) -> date | None:
    """The day of an ISO date or timestamp ("2025-11-19", "2025-11-19T08:00Z"), or None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def compare(claimed: date, found: date, precision: str) -> DateStatus:
    """`match`, `near` or `mismatch` for one pair of days at a claim's precision."""
    first, last = period(claimed, precision)
    gap = max((first - found).days, (found - last).days, 0)
    if gap == 0 or (precision == "week" and gap <= 1):
        return "match"
    return "near" if gap <= TOLERANCE.get(precision, 2) else "mismatch"


def period(claimed: date, precision: str) -> tuple[date, date]:
    """The days a claimed date covers: its month or year at those precisions, else itself."""
    if precision == "year":
        return date(claimed.year, 1, 1), date(claimed.year, 12, 31)
    if precision == "month":
        following = date(claimed.year + claimed.month // 12, claimed.month % 12 + 1, 1)
        return claimed.replace(day=1), following - timedelta(days=1)
    return claimed, claimed


def _best(claimed: ClaimDate, day: date, tolerance: int, compared: dict[str, str]) -> DateCheck:
    results = []
    for kind, value in compared.items():
        found = parse_day(value)
        assert found is not None  # source_dates keeps parseable dates only
        results.append((_RANK[compare(day, found, claimed.precision)], kind, found))
    rank, kind, found = min(results, key=lambda item: item[0])
    status = _STATUSES[rank]
    gap = (found - day).days
    return DateCheck(
        claimed=claimed.value,
        status=status,
        compared=dict(compared),
        tolerance_days=tolerance,
        difference_days=gap,
        reason=_reason(claimed, status, kind, found, gap),
    )


def _reason(claimed: ClaimDate, status: str, kind: str, found: date, gap: int) -> str:
    said = f"claimed {claimed.value} ({claimed.precision}"
    said += ", relative)" if claimed.relative else ")"
    if status == "match":
        return f"{said} matches the {kind} date {found.isoformat()}"
    direction = "after" if gap > 0 else "before"
    distance = f"{abs(gap)} day{'s' if abs(gap) != 1 else ''}"
    return f"{said}: the source's {kind} date {found.isoformat()} is {distance} {direction} it"


def _with_disagreement(
    result: DateCheck, claimed: ClaimDate, day: date, signals: dict[str, str]
) -> DateCheck:
    """Add the page's disagreeing dates to the reason; a claim one of them dates is `near`."""
    said = disagreement(signals)
    if said is None:
        return result
    result.reason = f"{result.reason}; {said}" if result.reason else said
    if result.status != "mismatch":
        return result
    for name, value in signals.items():
        found = parse_day(value)
        if found is not None and compare(day, found, claimed.precision) == "match":
            result.status = "near"
            result.compared[name] = value
            result.reason += (
                f"; the claimed {claimed.value} is the day the {SIGNAL_NAMES[name]} gives"
            )
            break
    return result


def _against_month(claimed: ClaimDate, day: date, tolerance: int, month: str) -> DateCheck:
    """Compare with the URL's month: a day in it is `near`, the month itself a match."""
    first = date(int(month[:4]), int(month[5:7]), 1)
    last = period(first, "month")[1]
    low, high = period(day, claimed.precision)
    gap = max((first - high).days, (low - last).days, 0)
    if gap == 0:
        status: DateStatus = "match" if claimed.precision in ("month", "year") else "near"
    else:
        status = "near" if gap <= tolerance else "mismatch"
    reason = f"the source shows no day; its URL gives the month {month}"
    return DateCheck(
        claimed=claimed.value,
        status=status,
        compared={"url": month},
        tolerance_days=tolerance,
        difference_days=gap if day < first else -gap,
        reason=f"claimed {claimed.value} ({claimed.precision}): {reason}",
    )


def _against_capture(
    claimed: ClaimDate, day: date, tolerance: int, first_capture: str | None
) -> DateCheck:
    captured = parse_day(first_capture)
    if captured is None:
        return DateCheck(
            claimed=claimed.value,
            status="unknown",
            tolerance_days=tolerance,
            reason="the source shows no date and has no capture time",
        )
    gap = (captured - day).days
    near = 0 <= gap <= tolerance
    reason = (
        f"the source shows no date; first captured {captured.isoformat()}, "
        f"{gap} days after the claimed {claimed.value}"
    )
    return DateCheck(
        claimed=claimed.value,
        status="near" if near else "unknown",
        compared={"first_capture": captured.isoformat()},
        tolerance_days=tolerance,
        difference_days=gap,
        reason=reason,
    )
