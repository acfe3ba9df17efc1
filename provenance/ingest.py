"""Ingest: turn input files into Articles (text, title, publication date, links).

    ingest_paths(paths, settings) -> (articles, skipped)
    ingest_file(path, settings)   -> Article   (raises ArticleSkipped)

Formats: `.txt` (the decoded text, unchanged), `.md` / `.markdown` (Markdown
links `[text](url)` become `text`, kept as links with their offsets), `.html` /
`.htm` (the main text found by trafilatura, with its anchors). Decoding survives
a BOM (UTF-8, UTF-16), Windows-1252 and Latin-1, in the order of
`provenance.charsets`. An empty, binary, undecodable or too large file is
skipped with one line saying why; the run goes on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path

from lxml import html as lxml_html

from provenance import charsets
from provenance.config import Settings
from provenance.errors import ArticleSkipped
from provenance.match.dates import parse_day
from provenance.models import Article, ArticleLink, Skipped

TEXT_SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
MARKDOWN_LINK = re.compile(r"(!?)\[([^\[\]\n]*)\]\(\s*<?([^()\s<>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "tr",
    "br",
    "figcaption",
    "figure",
    "dd",
    "dt",
    "aside",
    "hr",
}
SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head", "nav", "form", "button"}


def ingest_paths(
    paths: Sequence[Path | str], settings: Settings, *, article_date: date | None = None
) -> tuple[list[Article], list[Skipped]]:
    """Ingest files and folders (recursively); return the articles and the skipped files."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for item in iter_ingest(paths, settings, article_date=article_date):
        (articles if isinstance(item, Article) else skipped).append(item)  # type: ignore[arg-type]
    return articles, skipped


def iter_ingest(
    paths: Sequence[Path | str], settings: Settings, *, article_date: date | None = None
) -> Iterator[Article | Skipped]:
    """Yield an Article or a Skipped for each input file, one at a time (streaming)."""
    from provenance.corpus import is_corpus, read_corpus

    for path in iter_files(paths):
        if (name := charsets.undecodable(str(path))) is not None:
            yield Skipped(path=name, reason="the file's name is not UTF-8 text (rename it)")
            continue
        if is_corpus(path):
            yield from read_corpus(path, settings, article_date=article_date)
            continue
        try:
            yield ingest_file(path, settings, article_date=article_date)
        except ArticleSkipped as exc:
            yield Skipped(path=str(path), reason=exc.reason)


def iter_files(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Files named in `paths`, and the article files (.txt, .md, .html) of folders, walked
    recursively in name order; hidden files and other kinds of file in folders are left out."""
    for raw in paths:
        path = Path(raw)
        if is_url(raw):
            continue
        if not path.is_dir():
            yield path
            continue
        for child in sorted(path.rglob("*")):
            relative = child.relative_to(path).parts
            hidden = any(part.startswith(".") for part in relative)
            if child.is_file() and not hidden and child.suffix.lower() in TEXT_SUFFIXES:
                yield child


def ingest_file(path: Path, settings: Settings, *, article_date: date | None = None) -> Article:
    """Read one file into an Article; raise ArticleSkipped with the reason when it cannot be."""
    kind = TEXT_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        supported = ", ".join(sorted(TEXT_SUFFIXES))
        raise ArticleSkipped(f"not an article file (supported: {supported})", path=str(path))
    data = read_bytes(path, settings.max_article_bytes)
    return ingest_bytes(data, str(path), kind, article_date=article_date)


def ingest_bytes(
    data: bytes, name: str, kind: str, *, url: str | None = None, article_date: date | None = None
) -> Article:
    """An Article from bytes already read (a file's, or a fetched page's) of `kind` txt|md|html."""
    if kind == "html":
        article = parse_html(data, name, url=url)
    else:
        text, encoding = decode_article(data, name)
        article = parse_markdown(text, name) if kind == "md" else plain(text, name)
        article.encoding = encoding
    if url is not None:
        article.format = "url"
        article.url = article.url or url
    if not article.text.strip():
        raise ArticleSkipped("no article text found", path=name)
    return with_date(article, article_date)


def kind_of(content_type: str | None) -> str:
    """The ingest kind (txt | md | html) of a fetched page, from its Content-Type."""
    media = (content_type or "text/html").split(";")[0].strip().lower()
    if media in ("text/plain",):
        return "txt"
    if media in ("text/markdown", "text/x-markdown"):
        return "md"
    return "html"


def is_url(value: Path | str) -> bool:
    """True for an http(s) URL given where a path was expected."""
    text = str(value)
    return text.startswith(("http://", "https://"))


def read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes, refusing missing, empty, huge and binary files."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise ArticleSkipped(
                f"too large ({size:,} bytes; the limit is {limit:,}, setting max_article_bytes)",
                path=str(path),
            )
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ArticleSkipped("no such file", path=str(path)) from exc
    except OSError as exc:
        raise ArticleSkipped(f"cannot be read ({exc.strerror})", path=str(path)) from exc
    if not data.strip():
        raise ArticleSkipped("empty file", path=str(path))
    if looks_binary(data):
        raise ArticleSkipped("binary file, not text", path=str(path))
    return data


def looks_binary(data: bytes) -> bool:
    """True for data with NUL bytes (outside UTF-16/32) or mostly control bytes."""
    head = data[:8192]
    if charsets.bom_encoding(head) is not None:
        return False
    if b"\x00" in head:
        return True
    control = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13, 27))
    return control > len(head) * 0.1


def decode_article(data: bytes, name: str) -> tuple[str, str]:
    """A text file's text and encoding (see provenance.charsets); refuse what is not text."""
    try:
        text, encoding = charsets.decode(data, errors="strict")
    except UnicodeDecodeError as exc:
        bom = charsets.bom_encoding(data)
        raise ArticleSkipped(f"undecodable ({bom} BOM, {exc.reason})", path=name) from exc
    if encoding == "latin-1" and control_share(text) > 0.01:
        raise ArticleSkipped("undecodable: not UTF-8, Windows-1252 or Latin-1 text", path=name)
    return text, encoding


def control_share(text: str) -> float:
    """The share of C1 control characters (U+0080..U+009F): real Latin-1 text has none."""
    return sum(1 for char in text if "\x80" <= char <= "\x9f") / max(len(text), 1)


def plain(text: str, path: str) -> Article:
    """A .txt article: the decoded text unchanged; the first line is its title."""
    first = text.strip().splitlines()[0].strip() if text.strip() else None
    return Article(path=path, text=text, format="txt", title=first)


def parse_markdown(source: str, path: str) -> Article:
    """A Markdown article: links become their text, kept as ArticleLinks with offsets."""
    parts: list[str] = []
    links: list[ArticleLink] = []
    position = 0
    length = 0
    for match in MARKDOWN_LINK.finditer(source):
        before = source[position : match.start()]
        parts.append(before)
        length += len(before)
        label = match.group(2)
        if not match.group(1):
            links.append(ArticleLink(match.group(3), label, length, length + len(label)))
        parts.append(label)
        length += len(label)
        position = match.end()
    parts.append(source[position:])
    text = "".join(parts)
    title = next((line.lstrip("# ").strip() for line in text.splitlines() if line.strip()), None)
    return Article(path=path, text=text, format="md", title=title, links=links)


def parse_html(data: bytes, path: str, *, url: str | None = None) -> Article:
    """An HTML article: main text (trafilatura) with anchors, title and date (metadata)."""
    import trafilatura

    try:
        main = trafilatura.extract(
            data,
            url=url,
            output_format="html",
            include_links=True,
            include_comments=False,
            include_tables=True,
            favor_recall=True,
        )
        metadata = trafilatura.extract_metadata(data, default_url=url)
    except Exception as exc:  # trafilatura raises many kinds on hostile markup
        raise ArticleSkipped(f"malformed HTML ({type(exc).__name__}: {exc})", path=path) from exc
    tree = parse_tree(main if main else decode_html(data), path)
    text, links = flatten(tree)
    title = metadata.title if metadata is not None else None
    published = parse_day(metadata.date) if metadata is not None else None
    return Article(
        path=path,
        text=text,
        format="html",
        title=title,
        published=published,
        date_source="metadata" if published else "none",
        links=links,
        author=(metadata.author or None) if metadata is not None else None,
        url=page_url(metadata.url if metadata is not None else None, url),
    )


def page_url(canonical: str | None, fetched: str | None) -> str | None:
    """Where an HTML article is published: its canonical URL (an http(s) one), or the
    URL it was fetched from."""
    return canonical if canonical and is_url(canonical) else fetched


def decode_html(data: bytes) -> str:
    """HTML bytes as text, honouring the charset the page declares (see provenance.charsets)."""
    return charsets.decode(data, charsets.markup_charset(data))[0]


def parse_tree(data: str, path: str) -> lxml_html.HtmlElement:
    """Parse HTML text with lxml, as forgiving as browsers are."""
    try:
        return lxml_html.document_fromstring(data)
    except Exception as exc:  # lxml.etree.ParserError and friends
        raise ArticleSkipped(f"malformed HTML ({exc})", path=path) from exc


def flatten(tree: lxml_html.HtmlElement) -> tuple[str, list[ArticleLink]]:
    """The text of an HTML tree, one block a line, with its anchors' offsets."""
    walker = _Walker()
    walker.walk(tree)
    raw = "".join(walker.pieces)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in raw.split("\n")]
    text = "\n".join(line for line in lines if line)
    return text, relocate(walker.links, text)


class _Walker:
    """Collects the text of an lxml tree and the raw offsets of its anchors."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.links: list[ArticleLink] = []
        self.length = 0

    def add(self, piece: str | None) -> None:
        if piece:
            self.pieces.append(piece)
            self.length += len(piece)

    def walk(self, element: lxml_html.HtmlElement) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in SKIP_TAGS:
            self.add(element.tail)
            return
        block = tag in BLOCK_TAGS
        self.add("\n" if block else None)
        start, first = self.length, len(self.pieces)
        self.add(element.text)
        for child in element:
            self.walk(child)
        if tag == "a" and element.get("href"):
            anchor = "".join(self.pieces[first:])
            self.links.append(ArticleLink(element.get("href", ""), anchor, start, self.length))
        self.add("\n" if block else None)
        self.add(element.tail)


def relocate(links: list[ArticleLink], text: str) -> list[ArticleLink]:
    """Find each anchor's text in the normalised text, in document order."""
    found: list[ArticleLink] = []
    cursor = 0
    for link in links:
        label = re.sub(r"\s+", " ", link.text).strip()
        if not label:
            continue
        index = text.find(label, cursor)
        if index < 0:
            index = text.find(label)
        if index >= 0:
            found.append(ArticleLink(link.url, label, index, index + len(label)))
            cursor = index + len(label)
    return found


def with_date(article: Article, article_date: date | None) -> Article:
    """Set the publication date: the option, else metadata, else inferred from the text."""
    if article_date is not None:
        article.published, article.date_source = article_date, "option"
    elif article.published is None:
        inferred = infer_date(article.text)
        if inferred is not None:
            article.published, article.date_source = inferred, "inferred"
    return article


def infer_date(text: str) -> date | None:
    """The article's date inferred from its text by the extractor (None if it cannot)."""
    try:
        from provenance.extract import infer_article_date
    except ImportError:
        return None
    return infer_article_date(text)
