"""Helpers for the resolver tests: claims, a small loopback fetcher, a word scorer."""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request
from datetime import UTC, datetime

from provenance.models import Capture, Claim, ClaimDate, FetchResult, Link, Source, Span
from provenance.resolve import rank
from provenance.resolve.platforms import embed_text, plain_text, reddit_post_text


def make_claim(
    source: str,
    content: str,
    *,
    day: str | None = None,
    precision: str = "day",
    quotes: tuple[str, ...] = (),
    kind: str = "outlet",
    handle: str | None = None,
    platform: str | None = None,
    url: str | None = None,
    checkable: bool = True,
) -> Claim:
    """A claim as the extractor would give it (offsets are not used by the resolver)."""
    sentence = f"{source} reported that {content}"
    return Claim(
        id=hashlib.sha256(sentence.encode()).hexdigest()[:16],
        article="fixture.txt",
        sentence=Span(sentence, 0, len(sentence)),
        sources=[Source(source, kind, 0, len(source), handle=handle)],  # type: ignore[arg-type]
        channel="social_post" if platform else "article",
        platform=platform,
        content=Span(content, 0, len(content)),
        quotes=[Span(q, 0, len(q)) for q in quotes],
        date=ClaimDate(day, 0, 0, day, precision=precision) if day else None,  # type: ignore[arg-type]
        link=Link(url=url, placeholder=url is None),
        checkable=checkable,
    )


class LoopbackFetcher:
    """A plain urllib fetcher for unit tests (the real one is provenance.fetch.Fetcher)."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def fetch(self, url: str, *, refresh: bool | None = None) -> FetchResult:
        """GET `url`; any HTTP answer becomes a capture, a connection failure an error."""
        self.urls.append(url)
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return _result(
                    url, response.status, response.headers.get("Content-Type"), response.read()
                )
        except urllib.error.HTTPError as exc:
            return _result(url, exc.code, exc.headers.get("Content-Type"), exc.read(), "http_error")
        except OSError as exc:
            return FetchResult(url=url, error=str(exc), kind="network")


def _result(
    url: str, status: int, content_type: str | None, body: bytes, kind: str = "ok"
) -> FetchResult:
    capture = Capture(
        url=url, final_url=url, fetched_at=datetime.now(UTC).isoformat(), status=status,
        content_type=content_type, warc_file="test.warc.gz", offset=len(url), length=len(body),
        sha256=hashlib.sha256(body).hexdigest(), size=len(body), body=body,
    )  # fmt: skip
    return FetchResult(url=url, capture=capture, kind=kind)  # type: ignore[arg-type]


def word_score(claim: Claim, capture: Capture) -> float:
    """A stand-in for the matcher: how much of the claim the capture's text holds."""
    content_type = capture.content_type or ""
    if "json" in content_type:
        text = reddit_post_text(capture.body) or embed_text(capture.body)
    else:
        text = plain_text(capture.body)
    return rank.text_score(claim, text)
