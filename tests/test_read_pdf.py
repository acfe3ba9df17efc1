"""PDF originals: text page by page, page offsets, metadata dates, and plain errors."""

from __future__ import annotations

from datetime import datetime

from devweb.pdf import encrypted_pdf, image_only_pdf, text_pdf

from provenance.match.verdict import quote_check
from provenance.read import read_body, read_pdf

CREATED = datetime(2025, 3, 13, 9, 30)
PAGES = [
    "OpenAI Response to the Office of Science and Technology Policy.",
    "Freedom to learn: we propose that the federal government preempt state AI laws.",
    "Export controls should promote the global adoption of American AI systems.",
]


def test_text_pages_and_page_starts() -> None:
    document = read_pdf(text_pdf(PAGES, created=CREATED, title="Policy Proposal"), url=None)
    assert document.error is None
    assert len(document.pages) == 3
    for number, page in enumerate(PAGES, start=1):
        start = document.text.index(page[:30])
        assert document.page_at(start) == (number, 0)
    assert document.title == "Policy Proposal"


def test_dates_from_metadata() -> None:
    body = text_pdf(PAGES, created=CREATED, modified=datetime(2025, 4, 2))
    document = read_body(body, content_type="application/pdf", url="https://example.org/a.pdf")
    assert document.published == "2025-03-13"
    assert document.updated == "2025-04-02"
    assert document.date_sources == {"pdf_created": "2025-03-13", "pdf_modified": "2025-04-02"}


def test_quote_evidence_names_its_page() -> None:
    document = read_pdf(text_pdf(PAGES, created=CREATED), url=None)
    check = quote_check("c1", None, "preempt state AI laws", document)
    assert check.status == "verbatim"
    assert check.start is not None
    assert document.text[check.start : check.end] == "preempt state AI laws"
    assert "page 2, character" in (check.detail or "")
    assert document.page_at(check.start) == (2, PAGES[1].index("preempt"))


def test_encrypted_pdf_is_reported() -> None:
    document = read_pdf(encrypted_pdf(PAGES, created=CREATED), url=None)
    assert document.text == ""
    assert document.error == "the PDF is encrypted (a password is needed)"


def test_image_only_pdf_is_reported() -> None:
    document = read_pdf(image_only_pdf(2, created=CREATED), url=None)
    assert document.text.strip() == ""
    assert document.error is not None and "no text layer (image-only, 2 pages)" in document.error
    assert document.published == "2025-03-13"


def test_page_cap_is_stated() -> None:
    document = read_pdf(text_pdf(PAGES, created=CREATED), url=None, max_pages=2)
    assert "Export controls" not in document.text
    assert document.error == "only the first 2 of 3 pages were read"


def test_damaged_pdf_is_an_error_not_an_exception() -> None:
    body = text_pdf(PAGES, created=CREATED)
    document = read_pdf(body[:200], url=None)
    assert document.text == ""
    assert document.error is not None and document.error.startswith("the PDF cannot be read")


def test_pdfs_with_flipped_bytes_never_raise() -> None:
    body = bytearray(text_pdf(PAGES, created=CREATED))
    for step in range(40):  # a byte flipped at a different place each time
        damaged = bytearray(body)
        where = (step * 7919) % len(damaged)
        damaged[where] ^= 0x5A
        document = read_pdf(bytes(damaged), url=None)
        assert document.error is None or isinstance(document.error, str)
