"""Match: check quotes, dates and paraphrases against a source, and decide a verdict.

check_quote(quote, text)             -> QuoteMatch   (match/quote.py)
check_date(claimed, document, ...)   -> DateCheck    (match/dates.py)
check_support(claim, evidence, fast=, cache=) -> Support  (match/support.py; the model unless fast)
check_claim(claim, document, ...)    -> list[Check]  (match/verdict.py)
score_candidate(claim, document)     -> float 0..1
decide(claim, resolution, checks)    -> Verdict
"""

from provenance.match.dates import check_date
from provenance.match.quote import check_quote
from provenance.match.support import check_support
from provenance.match.verdict import check_claim, decide, score_candidate

__all__ = [
    "check_claim",
    "check_date",
    "check_quote",
    "check_support",
    "decide",
    "score_candidate",
]
