"""Build articles and claim outcomes by hand, to exercise the ledger alone."""

from __future__ import annotations

from provenance.ledger import ClaimOutcome
from provenance.models import (
    Article,
    Capture,
    Check,
    Claim,
    Resolution,
    Source,
    Span,
    Verdict,
    stable_id,
)

TEXT = (
    "The Washington Post reported on October 13, 2025, that China's open models now lead.\n"
    "An X post by Vinod Khosla said: ‘Would we open source the Manhattan Project?’\n"
)


def article(path: str = "seeds/a.txt", text: str = TEXT) -> Article:
    return Article(path=path, text=text, format="txt", title="A")


def outcome(art: Article, index: int, verdict: str, *, parent: str | None = None) -> ClaimOutcome:
    start = index * 10
    claim = Claim(
        id=stable_id(art.id, start),  # as the extractor: the text, not the path
        article=art.path,
        sentence=Span(art.text[start : start + 40], start, start + 40),
        sources=[Source("The Washington Post", "outlet", 0, 19, domain="washingtonpost.com")],
        channel="article",
        quotes=[Span("open models", 60, 71)],
        parent=parent,
    )
    capture = Capture(
        url=f"https://example.org/{index}",
        final_url=f"https://example.org/{index}",
        fetched_at="2025-11-20T00:00:00+00:00",
        status=200,
        content_type="text/html",
        warc_file="cache/warc/a.warc.gz",
        offset=index * 1000,
        length=900,
        sha256="ab" * 32,
    )
    check = Check(
        claim.id, capture.id, "quote", "altered", 0.7, "closest passage differs", "open mode", 5, 14
    )
    resolution = Resolution(claim.id, "resolved")
    return ClaimOutcome(
        claim, Verdict(claim.id, verdict, ["because"]), resolution, [check], capture, [capture]
    )  # type: ignore[arg-type]
