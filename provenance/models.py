"""The types that flow between the stages of the pipeline.

    Article --extract--> Claim --resolve--> Resolution (candidate URLs, queries tried)
            --fetch-->   Capture (archived response) --read--> Document
            --match-->   Check (quote | date | support) --> Verdict
    RunSummary describes one `provenance verify` run.

Every type is a plain dataclass with `to_dict()`, so that the CLI can print it
as JSON and the ledger can store it.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

SourceKind = Literal[
    "outlet",
    "person",
    "organization",
    "social_account",
    "forum",
    "document",
    "group",
    "anonymous",
]
Channel = Literal[
    "article", "social_post", "forum_post", "document", "statement", "broadcast", "unknown"
]
Precision = Literal["day", "week", "month", "year"]
QuoteStatus = Literal["verbatim", "minor_variation", "altered", "not_found"]
DateStatus = Literal["match", "near", "mismatch", "unknown"]
SupportLabel = Literal["supported", "partially_supported", "not_supported"]
CheckKind = Literal["quote", "date", "support", "contradiction", "page"]
VerdictName = Literal[
    "verified",
    "minor_discrepancy",
    "misquoted",
    "contradicted",
    "date_mismatch",
    "unsupported",
    "source_not_found",
    "unreachable",
    "unattributed",
    "not_checked",
]

VERDICTS: tuple[str, ...] = (
    "verified",
    "minor_discrepancy",
    "misquoted",
    "contradicted",
    "date_mismatch",
    "unsupported",
    "source_not_found",
    "unreachable",
    "unattributed",
    "not_checked",
)


def stable_id(*parts: object, length: int = 16) -> str:
    """Return a short, stable content hash of `parts` (used as primary keys)."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


class Record:
    """Mixin: `to_dict()` for dataclasses, recursing into nested ones."""

    def to_dict(self) -> dict[str, Any]:
        """The dataclass as plain dicts, lists and scalars (for JSON and the ledger)."""
        return {name: plain(getattr(self, name)) for name in field_names(type(self))}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def field_names(cls: type) -> tuple[str, ...]:
    """The field names of a dataclass, cached (dataclasses.fields is slow in loops)."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def plain(value: Any) -> Any:
    """`value` with dataclasses turned into dicts, recursively (faster than asdict)."""
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


# --- ingest -----------------------------------------------------------------


@dataclass(slots=True)
class ArticleLink(Record):
    """A hyperlink in an article: its URL and the span of its anchor text."""

    url: str
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Article(Record):
    """An ingested article. Offsets everywhere refer to `text`."""

    path: str
    text: str
    format: Literal["txt", "md", "html", "url"]
    title: str | None = None
    published: date | None = None
    date_source: Literal["metadata", "option", "inferred", "none"] = "none"
    links: list[ArticleLink] = field(default_factory=list)
    encoding: str = "utf-8"
    author: str | None = None  # the byline, when the page's metadata gives it
    url: str | None = None  # where the article is published (its canonical URL), when known

    @property
    def id(self) -> str:
        """Stable key: a hash of the article's text (the same text under another path,
        or copied elsewhere, is the same article)."""
        return stable_id(self.text)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Skipped(Record):
    """An input file that was not ingested, with the reason."""

    path: str
    reason: str


# --- extract ----------------------------------------------------------------


@dataclass(slots=True)
class Span(Record):
    """A span of the article text: `article.text[start:end] == text`."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class Source(Record):
    """Who a claim is attributed to."""

    name: str
    kind: SourceKind
    start: int
    end: int
    handle: str | None = None
    domain: str | None = None


@dataclass(slots=True)
class ClaimDate(Record):
    """The date a claim gives for its source, resolved to ISO when possible."""

    text: str
    start: int
    end: int
    value: str | None
    precision: Precision = "day"
    relative: bool = False


@dataclass(slots=True)
class Link(Record):
    """The hyperlink attached to an attribution, or a stripped "(link)"."""

    url: str | None = None
    placeholder: bool = False


@dataclass(slots=True)
class Claim(Record):
    """One attributed claim, to the contract of DESIGN.md section 2."""

    id: str
    article: str
    sentence: Span
    sources: list[Source]
    channel: Channel = "unknown"
    platform: str | None = None
    cue: Span | None = None
    content: Span | None = None
    quotes: list[Span] = field(default_factory=list)
    date: ClaimDate | None = None
    link: Link = field(default_factory=Link)
    parent: str | None = None
    checkable: bool = True

    @property
    def source_name(self) -> str:
        """The names of the claim's sources, joined for display."""
        return ", ".join(source.name for source in self.sources) or "(unnamed)"


# --- resolve ----------------------------------------------------------------


@dataclass(slots=True)
class Query(Record):
    """One attempt to find a claim's original: what was asked, what came back."""

    method: str  # "link" | "sources_file" | "cdx" | "sitemap" | "feed" | "x" | "reddit" | ...
    target: str  # the URL or domain asked
    window: str | None = None  # "2025-11-17..2025-11-21"
    candidates: int = 0
    best_score: float | None = None
    outcome: str = "planned"  # "planned" | "found" | "not_found" | "error" | "skipped"
    detail: str | None = None

    def describe(self) -> str:
        """One line an editor can read."""
        window = f" {self.window}" if self.window else ""
        detail = f" ({self.detail})" if self.detail else ""
        if self.outcome in ("planned", "skipped"):
            return f"{self.method} {self.target}{window}: {self.outcome}{detail}"
        best = f", best {self.best_score:.2f}" if self.best_score is not None else ""
        return (
            f"{self.method} {self.target}{window}: {self.candidates} candidates"
            f"{best}: {self.outcome}{detail}"
        )


@dataclass(slots=True)
class Candidate(Record):
    """A URL that may be a claim's original, with how it was found."""

    url: str
    method: str
    score: float = 0.0
    published: str | None = None
    title: str | None = None
    archived_from: str | None = None  # the original URL when this is a Wayback copy
    captured_at: str | None = None  # ISO time of the Wayback capture, for an archived copy


@dataclass(slots=True)
class Resolution(Record):
    """What the resolver planned, tried and found for one claim."""

    claim_id: str
    status: Literal["resolved", "not_found", "not_fetched", "planned", "not_checkable"]
    queries: list[Query] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    chosen: Candidate | None = None
    reason: str | None = None


# --- fetch / archive -----------------------------------------------------------


@dataclass(slots=True)
class Capture(Record):
    """One archived HTTP response, and where it lies in the WARC files."""

    url: str
    final_url: str
    fetched_at: str  # ISO 8601 UTC
    status: int
    content_type: str | None
    warc_file: str
    offset: int
    length: int
    sha256: str
    size: int = 0
    from_archive: bool = False
    archived_copy_of: str | None = None  # set when this is a Wayback copy of another URL
    body: bytes = field(default=b"", repr=False, compare=False)

    @property
    def id(self) -> str:
        """Stable key: the WARC location of the response record."""
        return stable_id(self.warc_file, self.offset)

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        data.pop("body")
        data["id"] = self.id
        return data


@dataclass(slots=True)
class FetchResult(Record):
    """The outcome of one fetch: a capture, or the reason there is none."""

    url: str
    capture: Capture | None = None
    error: str | None = None  # "refused: private address 10.0.0.1", "robots.txt disallows", ...
    kind: Literal[
        "ok",
        "refused",
        "robots",
        "http_error",
        "network",
        "too_large",
        "type",
        "decode",
        "offline",
    ] = "ok"

    @property
    def ok(self) -> bool:
        return self.capture is not None and 200 <= self.capture.status < 300


# --- read ---------------------------------------------------------------------


@dataclass(slots=True)
class Document(Record):
    """The readable text and metadata of a capture."""

    text: str
    url: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date
    updated: str | None = None
    authors: list[str] = field(default_factory=list)
    site_name: str | None = None
    date_sources: dict[str, str] = field(default_factory=dict)  # "htmldate" -> "2025-11-19"
    error: str | None = None  # why the text could not be read, when it could not
    pages: list[int] = field(default_factory=list)  # a PDF's page starts (offsets in `text`)

    def page_at(self, offset: int) -> tuple[int, int] | None:
        """The page number (from 1) and the offset within that page of `offset` in `text`."""
        if not self.pages or offset < 0:
            return None
        number = sum(1 for start in self.pages if start <= offset)
        return number, offset - self.pages[max(number - 1, 0)]


# --- match --------------------------------------------------------------------


@dataclass(slots=True)
class QuoteMatch(Record):
    """How a quote compares with a source text."""

    quote: str
    status: QuoteStatus
    score: float
    start: int | None = None
    end: int | None = None
    passage: str | None = None


@dataclass(slots=True)
class DateCheck(Record):
    """How a claimed date compares with the dates of a source."""

    claimed: str | None
    status: DateStatus
    compared: dict[str, str] = field(default_factory=dict)  # "published" -> "2025-11-19"
    tolerance_days: int = 0
    difference_days: int | None = None
    reason: str | None = None


@dataclass(slots=True)
class Support(Record):
    """Whether a source's sentences support a paraphrased claim."""

    label: SupportLabel
    score: float
    evidence: list[int] = field(default_factory=list)  # indices of supporting sentences
    sentences: list[str] = field(default_factory=list)  # their text
    parts: float = 0.0  # mean coverage of the claim's parts, each by its best sentence
    soft: float | None = None  # the model's share of the claim's words put otherwise; None: fast


@dataclass(slots=True)
class Check(Record):
    """One check of a claim against one capture, as stored in the ledger."""

    claim_id: str
    capture_id: str | None
    kind: CheckKind
    status: str
    score: float | None = None
    detail: str | None = None  # what was compared, in words
    evidence: str | None = None  # the passage the result rests on
    start: int | None = None  # offsets of `evidence` in the capture's text
    end: int | None = None

    position: int = 0  # the quote's place among the claim's quotes (0 for date and support)

    @property
    def id(self) -> str:
        """Stable key: the claim, the capture, the kind and the place (never the result)."""
        return stable_id(self.claim_id, self.capture_id, self.kind, self.position)


@dataclass(slots=True)
class Verdict(Record):
    """The machine verdict for one claim, with the reasons behind it."""

    claim_id: str
    verdict: VerdictName
    reasons: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return self.verdict != "verified"


# --- run ----------------------------------------------------------------------


@dataclass(slots=True)
class ArticleResult(Record):
    """What a run found in one article."""

    path: str
    article_id: str
    claims: int
    verdicts: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class RunSummary(Record):
    """The outcome of one `verify` run."""

    run_id: str
    started: str
    finished: str | None = None
    ledger: str = ""
    articles: list[ArticleResult] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)

    @property
    def verdicts(self) -> dict[str, int]:
        """Claims per verdict over all articles."""
        totals: dict[str, int] = {}
        for result in self.articles:
            for name, count in result.verdicts.items():
                totals[name] = totals.get(name, 0) + count
        return totals

    @property
    def flagged(self) -> int:
        return sum(n for name, n in self.verdicts.items() if name != "verified")
