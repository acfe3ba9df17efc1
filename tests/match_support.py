"""Fixture originals and claims shared by the reader and matcher tests."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from provenance.models import Claim, ClaimDate, Document, Source, Span
from provenance.read import inspect_html

ORIGINALS = Path(__file__).parent / "fixtures" / "originals"
TECHWIRE_URL = "https://techwire.example/2025/11/19/open-models-catching-up"


@cache
def techwire() -> Document:
    """The TechWire article, read once."""
    html = (ORIGINALS / "techwire-open-models.html").read_bytes()
    return inspect_html(html, url=TECHWIRE_URL)


def make_claim(
    content: str,
    *,
    quotes: tuple[str, ...] = (),
    date: str | None = None,
    precision: str = "day",
    checkable: bool = True,
) -> Claim:
    """A claim attributed to TechWire, with `content`, `quotes` and a claimed date."""
    sentence = Span(content, 0, len(content))
    spans = []
    for quote in quotes:
        start = content.find(quote)
        spans.append(Span(quote, start, start + len(quote)))
    claimed = (
        ClaimDate(text=f"on {date}", start=0, end=0, value=date, precision=precision)  # type: ignore[arg-type]
        if date
        else None
    )
    return Claim(
        id=f"claim-{abs(hash((content, quotes, date))) % 10**8}",
        article="tests/article.txt",
        sentence=sentence,
        sources=[Source(name="TechWire", kind="outlet", start=0, end=8)],
        channel="article",
        content=sentence,
        quotes=spans,
        date=claimed,
        checkable=checkable,
    )
