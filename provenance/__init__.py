"""provenance: find attributed claims, archive their originals, check them.

    >>> import provenance
    >>> claims = provenance.extract_claims("Reuters reported on May 2, 2025, that ...")
    >>> provenance.check_quote("prices rose", page_text).status
    >>> provenance.verify(["seeds/"], offline=True).verdicts

The stage functions are imported on first use, so that `import provenance`
stays light.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from provenance.models import (
    Article,
    Capture,
    Check,
    Claim,
    ClaimDate,
    DateCheck,
    Document,
    FetchResult,
    Link,
    QuoteMatch,
    Resolution,
    RunSummary,
    Source,
    Span,
    Support,
    Verdict,
)

if TYPE_CHECKING:
    from provenance.extract import extract_claims
    from provenance.match import check_claim, check_date, check_quote, check_support, decide
    from provenance.pipeline import verify
    from provenance.read import inspect_html

__version__ = "0.1.0"

_LAZY = {
    "extract_claims": "provenance.extract",
    "check_quote": "provenance.match",
    "check_support": "provenance.match",
    "check_date": "provenance.match",
    "check_claim": "provenance.match",
    "decide": "provenance.match",
    "inspect_html": "provenance.read",
    "verify": "provenance.pipeline",
}


def __getattr__(name: str) -> Any:
    """Import a stage function on first use."""
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'provenance' has no attribute {name!r}")


__all__ = [
    "Article",
    "Capture",
    "Check",
    "Claim",
    "ClaimDate",
    "DateCheck",
    "Document",
    "FetchResult",
    "Link",
    "QuoteMatch",
    "Resolution",
    "RunSummary",
    "Source",
    "Span",
    "Support",
    "Verdict",
    "__version__",
    "check_claim",
    "check_date",
    "check_quote",
    "check_support",
    "decide",
    "extract_claims",
    "inspect_html",
    "verify",
]
