"""Whether a scored page can be a claim's original: its score, and its quotes.

Precision first. A page that reaches the threshold is acceptable, unless the
claim quotes someone and the page holds none of its quotes: a same-topic page
that only paraphrases the claim (another day's story under the same headline)
must not be taken for the original; it stays a near miss, listed with its
score. Below the threshold, a page that holds every quote altered (most of
its words, in order) and half of the claim's content words is the original
with a misquote: a misquote must not hide its own source.
"""

from __future__ import annotations

from provenance.match.quote import check_quote
from provenance.resolve import rank
from provenance.resolve.session import Scored, Session

MISQUOTE_FLOOR = 0.3  # least score of a page read again for an altered quote
MISQUOTE_QUOTE = 0.8  # least quote-match score: most of the quote's words, in order
MISQUOTE_TOPIC = 0.5  # least share of the claim's content words such a page holds


def acceptable(session: Session, entry: Scored) -> bool:
    """Whether a page may be chosen as the claim's original (see the module docstring)."""
    if entry.score >= session.settings.resolve_threshold:
        return not session.claim.quotes or any(score > 0 for score in quote_scores(session, entry))
    return entry.score >= MISQUOTE_FLOOR and misquoted_original(session, entry)


def misquoted_original(session: Session, entry: Scored) -> bool:
    """Whether a page holds every quote of the claim, altered at worst, and its topic."""
    scores = quote_scores(session, entry)
    if not scores or min(scores) < MISQUOTE_QUOTE:
        return False
    return rank.content_share(session.claim, page_text(session, entry)) >= MISQUOTE_TOPIC


def quote_scores(session: Session, entry: Scored) -> list[float]:
    """How well the page holds each quote of the claim (0 for one not found)."""
    text = page_text(session, entry)
    found = (check_quote(quote.text, text) for quote in session.claim.quotes)
    return [0.0 if match.status == "not_found" else match.score for match in found]


def page_text(session: Session, entry: Scored) -> str:
    """The readable text of a scored page (the reader's cache makes a second read cheap)."""
    from provenance.read import read_capture  # the reader dates URLs with `rank`: import late

    capture = entry.capture
    if not capture.body:
        return ""
    return read_capture(capture, capture.body, cache_dir=session.settings.cache).text
