"""PDF originals built by code: text pages, metadata dates, image-only and encrypted files.

`text_pdf(pages, created=...)` writes a small valid PDF (PDF 1.4, Helvetica,
one text line per content line) whose Info dictionary carries a creation and
modification date; `image_only_pdf` has pages with drawings and no text;
`encrypted_pdf` is a text PDF locked with a user password (pypdf writes it).
"""

from __future__ import annotations

import io
import textwrap
from datetime import datetime


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _text_stream(text: str) -> bytes:
    lines = []
    for paragraph in text.split("\n"):
        lines += textwrap.wrap(paragraph, 80) or [""]
    ops = ["BT", "/F1 11 Tf", "14 TL", "50 780 Td"]
    ops += [f"({_escape(line)}) Tj T*" for line in lines]
    ops.append("ET")
    return "\n".join(ops).encode("latin-1", "replace")


def _drawing_stream() -> bytes:
    return b"0.5 g\n50 400 300 300 re f\n0 g\n100 100 m 500 700 l S"


def pdf_date(moment: datetime) -> str:
    """A date as PDF metadata writes it: D:YYYYMMDDHHMMSSZ."""
    return moment.strftime("D:%Y%m%d%H%M%SZ")


def build_pdf(streams: list[bytes], info: dict[str, str]) -> bytes:
    """A PDF with one page per content stream and the given Info entries."""
    count = len(streams)
    page_ids = [4 + 2 * index for index in range(count)]
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + " ".join(f"{n} 0 R" for n in page_ids).encode() + b"] "
        b"/Count " + str(count).encode() + b" >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for index, stream in enumerate(streams):
        content_id = page_ids[index] + 1
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents "
            + f"{content_id} 0 R".encode()
            + b" >>"
        )
        objects.append(
            b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream"
        )
    entries = " ".join(f"/{key} ({_escape(value)})" for key, value in info.items())
    objects.append(f"<< {entries} >>".encode("latin-1"))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def text_pdf(
    pages: list[str], *, created: datetime, modified: datetime | None = None, title: str = ""
) -> bytes:
    """A PDF whose pages hold `pages` as text, dated by its metadata."""
    info = {
        "Title": title,
        "Producer": "provenance devweb",
        "CreationDate": pdf_date(created),
        "ModDate": pdf_date(modified or created),
    }
    return build_pdf([_text_stream(page) for page in pages], info)


def image_only_pdf(pages: int, *, created: datetime) -> bytes:
    """A PDF of `pages` pages with drawings and no text layer (a scan, as far as text goes)."""
    return build_pdf([_drawing_stream() for _ in range(pages)], {"CreationDate": pdf_date(created)})


def encrypted_pdf(pages: list[str], *, created: datetime, password: str = "secret") -> bytes:
    """A text PDF locked with a user password."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(pages, created=created))))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class DocumentSite:
    """An organisation's website serving PDFs at given paths (and a plain home page)."""

    def __init__(self, documents: dict[str, bytes], *, robots: str = "User-agent: *\nAllow: /\n"):
        self.documents, self.robots = documents, robots

    def respond(self, request: object) -> tuple[int, str, bytes]:
        """robots.txt, the home page and the documents; 404 elsewhere."""
        path = str(getattr(request, "path", ""))
        if path == "/robots.txt":
            return 200, "text/plain", self.robots.encode()
        if path == "/":
            return 200, "text/html", b"<!doctype html><html><body><h1>Home</h1></body></html>"
        if path in self.documents:
            return 200, "application/pdf", self.documents[path]
        return 404, "text/plain", b"not found"
