"""Date check: does the date a claim gives agree with the dates of its source?

The claimed date is compared with, in order, the source's published date, its
post timestamp, its updated date and, when the page shows no date, its first
capture time. The tolerance comes from the claim's precision:

    precision   match                near (within tolerance)         tolerance_days
    day         same day             1-2 days apart (time zones)     2
    week        0-1 day apart        within 7 days                   7
    month       same calendar month  within 7 days of that month     7
    year        same calendar year   within 31 days of that year     31

A relative date ("a week ago") has been resolved to a day by the extractor; its
precision (week) gives the tolerance. Anything further apart is a `mismatch`;
no usable date on either side is `unknown`, with the reason.
"""

from __future__ import annotations

from datetime import date, timedelta

from provenance.models import ClaimDate, DateCheck, DateStatus, Document

TOLERANCE = {"day": 2, "week": 7, "month": 7, "year": 31}
FIELDS = ("published", "post", "updated")
_RANK = {"match": 0, "near": 1, "mismatch": 2}
_STATUSES: tuple[DateStatus, ...] = ("match", "near", "mismatch")


def check_date(
    claimed: ClaimDate | None, document: Document, *, first_capture: str | None = None
) -> DateCheck:
    """Compare a claimed date with a source's dates (see the module docstring)."""
    value = claimed.value if claimed else None
    day = parse_day(value)
    if claimed is None or day is None:
        reason = "the claim gives no date" if claimed is None else "the claimed date is unresolved"
        return DateCheck(claimed=value, status="unknown", reason=reason)
    tolerance = TOLERANCE.get(claimed.precision, 2)
    compared = source_dates(document)
    if not compared:
        return _against_capture(claimed, day, tolerance, first_capture)
    return _best(claimed, day, tolerance, compared)


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
