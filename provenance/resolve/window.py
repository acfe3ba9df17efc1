"""Date windows: how far around a claimed date a search looks.

A claim dated to the day is searched three days either side; a week, ten
days; a month, 35 days; a year, 400 days. A claim without a date has no
window, and every query built for it says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from provenance.match.dates import parse_day as iso_day
from provenance.match.dates import period
from provenance.models import ClaimDate

WIDTH_DAYS = {"day": 3, "week": 10, "month": 35, "year": 400}


@dataclass(frozen=True, slots=True)
class DateWindow:
    """The days from `start` to `end` (inclusive) around a claimed `target` date."""

    target: date
    start: date
    end: date

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def contains(self, day: date) -> bool:
        """Whether `day` falls inside the window."""
        return self.start <= day <= self.end

    def closeness(self, day: date) -> float:
        """1.0 on the target date, falling to 0.0 at the window's edges and beyond."""
        half = max((self.end - self.start).days / 2, 1)
        return max(0.0, 1.0 - abs((day - self.target).days) / half)


def date_window(claim_date: ClaimDate | None) -> DateWindow | None:
    """The search window for a claimed date, widened by its precision; None without a date."""
    day = parse_day(claim_date.value) if claim_date else None
    if claim_date is None or day is None:
        return None
    width = timedelta(days=WIDTH_DAYS.get(claim_date.precision, 3))
    return DateWindow(target=day, start=day - width, end=day + width)


def parse_day(text: str | None) -> date | None:
    """The date at the start of an ISO date or datetime string (or a year-month), or None."""
    if not text or len(text) < 10:
        return _partial_day(text)
    return iso_day(text)


def _partial_day(text: str | None) -> date | None:
    if not text:
        return None
    parts = text.split("-")
    try:
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 15)
        if len(parts) == 1 and len(parts[0]) == 4:
            return date(int(parts[0]), 7, 1)
    except ValueError:
        return None
    return None


def stamp(day: date) -> str:
    """The 8-digit Wayback timestamp (YYYYMMDD) of a date."""
    return day.strftime("%Y%m%d")


def matched_days(match: re.Match[str] | None) -> tuple[date, date] | None:
    """The days a year-month(-day) match covers (groups 1-3; the day optional), or None."""
    if match is None:
        return None
    try:
        first = date(int(match[1]), int(match[2]), int(match[3] or 1))
    except ValueError:
        return None
    return period(first, "day" if match[3] else "month")
