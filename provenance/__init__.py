"""provenance: find attributed claims, archive their originals, check them."""

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

__version__ = "0.1.0"

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
]
