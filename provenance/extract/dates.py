"""Date expressions in news text, absolute and relative, resolved to ISO dates.

One compiled pattern finds the candidates ("on October 13, 2025", "Nov. 19",
"August 2025", "2025-11-19", "five days ago", "a week ago", "today", "just
hours ago", "last Tuesday", "two years prior"); each is resolved in plain
Python against the article's own date, with a precision (day, week, month,
year). No general-purpose date parser runs over the text, which keeps
extraction fast. Adjacent expressions ("just hours ago on November 19, 2025")
merge into one, valued by the absolute part.

`infer_article_date` gives an article's publication date when it has no
metadata: a dateline (a full date in the first 200 characters), else the
latest full date (day, month and year) the text mentions, else None.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import replace
from datetime import date, timedelta

from provenance.models import ClaimDate, Precision

__all__ = ["find_dates", "infer_article_date"]

MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_MONTH_NAME = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)"
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a few": 3, "a couple of": 2, "several": 3, "some": 3,
}  # fmt: skip
_NUMBER = (
    r"(?:\d{1,3}|a couple of|a few|several|some|an?|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|eleven|twelve)"
)
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_PRECISION: dict[str, Precision] = {"day": "day", "week": "week", "month": "month", "year": "year"}

_PATTERN = re.compile(
    rf"""
    (?:\b[Oo]n\s+)?\b(?:
      (?:{_WEEKDAY},?\s+)?(?P<md_month>{_MONTH})\s+(?P<md_day>\d{{1,2}})(?:st|nd|rd|th)?\b
          (?:,?\s+(?P<md_year>(?:19|20)\d{{2}})\b)?
    | (?:{_WEEKDAY},?\s+)?(?P<dm_day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dm_month>{_MONTH})
          (?:,?\s+(?P<dm_year>(?:19|20)\d{{2}}))?\b
    | (?P<my_month>{_MONTH})\s+(?:of\s+)?(?P<my_year>(?:19|20)\d{{2}})\b
    | (?P<iso>(?:19|20)\d{{2}}-[01]\d-[0-3]\d)\b
    | (?P<us>[01]?\d/[0-3]?\d/(?:19|20)\d{{2}})\b
    | \b(?P<ago_n>{_NUMBER})\s+(?P<ago_unit>day|week|month|year)s?\s+
          (?P<ago_dir>ago|prior|earlier|before|back)\b
    | \b(?P<hours>(?:just\s+|only\s+)?(?:(?:a\s+few|several|some|\d{{1,2}}|two|three)\s+)?
          (?:hours?|minutes?|moments)\s+ago)\b
    | \b(?P<today>(?:earlier\s+|later\s+)?today|tonight|this\s+(?:morning|afternoon|evening))\b
    | \b(?P<yesterday>yesterday)\b
    | \b(?P<last_unit>last|this|earlier\s+this|past)\s+(?P<unit>week|month|year)\b
    | \b(?P<weekend>(?:over|during|on)\s+the\s+weekend|(?:this|last|past)\s+weekend)\b
    | \b(?i:in|since|during|by|until|early|late|earlier\s+in|mid|mid-)\s*
          (?P<month_only>{_MONTH_NAME})\b(?!\s*(?:\d|of\s+\d))
    | \b(?P<weekday_prefix>last\s+|this\s+past\s+)?(?P<weekday>{_WEEKDAY})\b
    | \b(?:in|since|from|by|until|of|during)\s+(?P<year>(?:19|20)\d{{2}})\b
    )
    """,
    re.VERBOSE,
)
_MERGE_GAP = re.compile(r"[\s,]*(?:on|,)?\s*")


_TRIGGER = re.compile(  # the lookahead and leading \b make most positions fail at once
    r"(?=[A-Za-z0-9])\b(?:"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?"
    r"|(?:today|tonight|yesterday|ago|prior|earlier|before|back|week|weekend|month|year|morning"
    r"|afternoon|evening)\b|\d+)"
)


def find_dates(text: str, article_date: date | None = None) -> list[ClaimDate]:
    """Return the date expressions of `text`, resolved against `article_date`."""
    found = [
        _resolve(match, article_date)
        for start, end in _windows(text)
        for match in _PATTERN.finditer(text, start, end)
    ]
    return _merge(text, [item for item in found if item is not None])


def _windows(text: str) -> list[tuple[int, int]]:
    """Stretches of `text` around words that can belong to a date (the cheap first pass)."""
    windows: list[tuple[int, int]] = []
    for trigger in _TRIGGER.finditer(text):
        start = _word_start(text, max(0, trigger.start() - 40))
        end = min(len(text), trigger.end() + 30)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _word_start(text: str, index: int) -> int:
    while index > 0 and not text[index - 1].isspace():
        index -= 1
    return index


def infer_article_date(text: str) -> date | None:
    """Return the article's own date inferred from its text (see the module docstring)."""
    full = [item for item in find_dates(text) if item.precision == "day" and not item.relative]
    full = [item for item in full if item.value is not None and _has_year(item.text)]
    if not full:
        return None
    if full[0].start < 200:
        return date.fromisoformat(str(full[0].value))
    return max(date.fromisoformat(str(item.value)) for item in full)


def _has_year(text: str) -> bool:
    return re.search(r"(?:19|20)\d\d", text) is not None


def _resolve(match: re.Match[str], anchor: date | None) -> ClaimDate | None:
    groups = match.groupdict()
    kind = next(name for name in _KINDS if groups.get(name))
    value, precision, relative = _KINDS[kind](groups, anchor)
    if value is False:
        return None
    iso = value.isoformat() if isinstance(value, date) else None
    text = match.group(0)
    return ClaimDate(text, match.start(), match.end(), iso, precision, relative)


_Resolved = tuple[date | bool | None, Precision, bool]


def _month_day(groups: dict[str, str | None], anchor: date | None) -> _Resolved:
    month = MONTHS[str(groups["md_month"] or groups["dm_month"]).rstrip(".").lower()]
    day = int(str(groups["md_day"] or groups["dm_day"]))
    year_text = groups["md_year"] or groups["dm_year"]
    if year_text:
        return _safe_date(int(year_text), month, day), "day", False
    if anchor is None:
        return None, "day", False
    guess = _safe_date(anchor.year, month, day)
    if isinstance(guess, date) and guess > anchor + timedelta(days=31):
        guess = _safe_date(anchor.year - 1, month, day)
    return guess, "day", False


def _safe_date(year: int, month: int, day: int) -> date | bool | None:
    try:
        return date(year, month, day)
    except ValueError:
        return False


def _month_year(groups: dict[str, str | None], anchor: date | None) -> _Resolved:
    month = MONTHS[str(groups["my_month"]).rstrip(".").lower()]
    return date(int(str(groups["my_year"])), month, 1), "month", False


def _iso(groups: dict[str, str | None], anchor: date | None) -> _Resolved:
    year, month, day = (int(part) for part in str(groups["iso"]).split("-"))
    return _safe_date(year, month, day), "day", False


def _us(groups: dict[str, str | None], anchor: date | None) -> _Resolved:
    month, day, year = (int(part) for part in str(groups["us"]).split("/"))
    return _safe_date(year, month, day), "day", False


def _ago(groups: dict[str, str | None], anchor: date | None) -> _Resolved:
    unit = str(groups["ago_unit"])
    number = str(groups["ago_n"]).lower()
    count = int(number) if number.isdigit() else _NUMBER_WORDS[number]
    precision = _PRECISION[unit]
    if anchor is None:
        return None, precision, True
    return _shift(anchor, unit, count), precision, True


def _shift(anchor: date, unit: str, count: int) -> date:
    if unit == "year":
        return _safe_replace(anchor, anchor.year - count, anchor.month)
    if unit == "month":
        months = anchor.year * 12 + anchor.month - 1 - count
        return _safe_replace(anchor, months // 12, months % 12 + 1)
    return anchor - timedelta(days=_UNIT_DAYS[unit] * count)


def _safe_replace(anchor: date, year: int, month: int) -> date:
    day = min(anchor.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def _today(groups: dict[str, str | None], anchor: date | None) -> _Resolved:
    return anchor, "day", True


def _yesterday(groups: dict[str, str | None], anchor: date | None) -> _Resolved:
    return (anchor - timedelta(days=1) if anchor else None), "day", True


def _last_unit(groups: dict[str, str | None], anchor: date | None) -> _Resolved:
    unit = str(groups["unit"])
    which = str(groups["last_unit"])
    count = 1 if which in ("last", "past") else 0
    if anchor is None:
        return None, _PRECISION[unit], True
    return _shift(anchor, unit, count), _PRECISION[unit], True


def _weekday(groups: dict[str, str | None], anchor: date | None) -> _Resolved:
    if anchor is None:
        return None, "day", True
    target = _WEEKDAYS.index(str(groups["weekday"]).lower())
    back = (anchor.weekday() - target) % 7
    if back == 0 and "last" in str(groups.get("weekday_prefix") or ""):
        back = 7
    return anchor - timedelta(days=back), "day", True


def _weekend(groups: dict[str, str | None], anchor: date | None) -> _Resolved:
    """ "over the weekend": the Saturday of the latest weekend, at week precision."""
    if anchor is None:
        return None, "week", True
    return anchor - timedelta(days=(anchor.weekday() - 5) % 7), "week", True


def _month_only(groups: dict[str, str | None], anchor: date | None) -> _Resolved:
    """ "in January": the latest such month up to the article's (month precision)."""
    if anchor is None:
        return None, "month", True
    month = MONTHS[str(groups["month_only"]).lower()]
    year = anchor.year if month <= anchor.month else anchor.year - 1
    return date(year, month, 1), "month", True


def _year(groups: dict[str, str | None], anchor: date | None) -> _Resolved:
    return date(int(str(groups["year"])), 1, 1), "year", False


_KINDS = {
    "md_month": _month_day,
    "dm_month": _month_day,
    "my_month": _month_year,
    "iso": _iso,
    "us": _us,
    "ago_n": _ago,
    "hours": _today,
    "today": _today,
    "yesterday": _yesterday,
    "last_unit": _last_unit,
    "weekend": _weekend,
    "month_only": _month_only,
    "weekday": _weekday,
    "year": _year,
}


def _merge(text: str, dates: list[ClaimDate]) -> list[ClaimDate]:
    merged: list[ClaimDate] = []
    for item in dates:
        previous = merged[-1] if merged else None
        if previous is not None and _adjacent(text, previous, item):
            merged[-1] = _join(text, previous, item)
        else:
            merged.append(item)
    return merged


def _adjacent(text: str, first: ClaimDate, second: ClaimDate) -> bool:
    gap = text[first.end : second.start]
    return (
        len(gap) <= 5
        and _MERGE_GAP.fullmatch(gap) is not None
        and first.relative != second.relative
    )


def _join(text: str, first: ClaimDate, second: ClaimDate) -> ClaimDate:
    exact = second if first.relative else first
    return replace(exact, text=text[first.start : second.end], start=first.start, end=second.end)
