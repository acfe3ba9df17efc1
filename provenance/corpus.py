"""Corpora: many articles in one JSON Lines or Parquet file, read in partitions.

One record an article, with the fields::

    {"id": "a1", "url": "https://...", "text": "...", "published": "2025-11-19"}

(or "html" in place of "text").

`text` or `html` is required; the rest are optional. A corpus is never read
whole: JSON Lines is split into byte ranges that end on line boundaries (a
line belongs to the range its first byte falls in, as Dask's `read_text`
does), Parquet into its row groups; each partition is read on its own, by
whichever process checks it, one record at a time.

An article read from a corpus is named `CORPUS#ID` (the record's `id`, else
the line's byte offset or the row number); a record that cannot be read is a `Skipped` with the
reason, like a bad file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from provenance.config import Settings
from provenance.errors import ArticleSkipped
from provenance.models import Article, Skipped

__all__ = ["CORPUS_SUFFIXES", "Partition", "is_corpus", "partitions", "read_partition"]

CORPUS_SUFFIXES = (".jsonl", ".parquet")
BLOCK_BYTES = 4 * 1024**2  # a JSON Lines partition (about 1,000 articles of 4 KB)


@dataclass(frozen=True, slots=True)
class Partition:
    """A part of a corpus: a byte range of a JSON Lines file, or Parquet row groups."""

    path: str
    start: int  # JSON Lines: first byte; Parquet: first row group
    end: int  # JSON Lines: byte after the range; Parquet: row group after the range


def is_corpus(path: Path | str) -> bool:
    """True for a JSON Lines or Parquet corpus file."""
    return str(path).lower().endswith(CORPUS_SUFFIXES)


def partitions(path: Path, *, block: int = BLOCK_BYTES) -> list[Partition]:
    """The partitions of a corpus file (reads only its size, or the Parquet footer)."""
    if str(path).lower().endswith(".parquet"):
        groups = _parquet(path).metadata.num_row_groups
        return [Partition(str(path), group, group + 1) for group in range(groups)]
    size = path.stat().st_size
    starts = range(0, size, block)
    return [Partition(str(path), start, min(start + block, size)) for start in starts]


def read_corpus(path: Path, settings: Settings, *, article_date: date | None = None
                ) -> Iterator[Article | Skipped]:  # fmt: skip
    """Every article of a corpus, one at a time; a corpus that cannot be opened is one Skipped."""
    try:
        parts = partitions(path)
    except ArticleSkipped as exc:
        yield Skipped(path=str(path), reason=exc.reason)
        return
    except (OSError, ValueError) as exc:  # missing, unreadable, not Parquet (ArrowInvalid)
        yield Skipped(path=str(path), reason=f"corpus could not be read: {exc}")
        return
    for partition in parts:
        yield from read_partition(partition, settings, article_date=article_date)


def read_partition(
    partition: Partition, settings: Settings, *, article_date: date | None = None
) -> Iterator[Article | Skipped]:
    """The articles (or Skipped records) of one partition, one at a time.

    A record is named by its `id`; an id already seen in the partition (or none) is
    followed by the record's offset, so that two records never share a name.
    """
    seen: set[str] = set()
    limit = settings.max_article_bytes * 2  # JSON escapes can double a text
    for number, record in _records(partition, limit):
        key = str(record.get("id") or "") if isinstance(record, dict) else ""
        name = f"{partition.path}#{key if key and key not in seen else f'{key}@{number}'}"
        seen.add(key)
        try:
            yield article_from(record, name, settings, article_date=article_date)
        except ArticleSkipped as exc:
            yield Skipped(path=name, reason=exc.reason)
        except (UnicodeError, ValueError) as exc:  # a lone surrogate, a text lxml refuses
            yield Skipped(path=name, reason=f"record cannot be read: {exc}"[:300])


def article_from(
    record: dict[str, Any] | str, name: str, settings: Settings, *, article_date: date | None
) -> Article:
    """An Article from one corpus record (or the reason it is none, as a string);
    ArticleSkipped says why a record is not one."""
    from provenance.ingest import ingest_bytes

    if isinstance(record, str):
        raise ArticleSkipped(record, path=name)
    kind, body = ("html", record.get("html")) if record.get("html") else ("txt", record.get("text"))
    if not isinstance(body, str) or not body.strip():
        raise ArticleSkipped("record has no 'text' or 'html'", path=name)
    data = body.encode("utf-8")
    if len(data) > settings.max_article_bytes:
        raise ArticleSkipped(f"record over {settings.max_article_bytes} bytes", path=name)
    url = record.get("url") if isinstance(record.get("url"), str) else None
    when = _published(record.get("published")) or article_date
    article = ingest_bytes(data, name, kind, url=url if kind == "html" else None, article_date=when)
    article.url = article.url or url
    return article


def _published(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


Record = dict[str, Any] | str  # a record, or why it is none


def _records(partition: Partition, limit: int) -> Iterator[tuple[int, Record]]:
    if partition.path.lower().endswith(".parquet"):
        yield from _parquet_records(partition)
    else:
        yield from _json_lines(partition, limit)


def _json_lines(partition: Partition, limit: int) -> Iterator[tuple[int, Record]]:
    """Records whose line starts in [start, end): a line the range opens in belongs to the
    range before. A line over `limit` bytes is stepped over, never held whole."""
    with open(partition.path, "rb") as handle:
        position = partition.start
        if position > 0:
            handle.seek(position - 1)
            position += _line_length(handle, limit) - 1  # finish the line the range opens in
        while position < partition.end:
            offset = position
            line = handle.readline(limit + 1)
            if not line:
                return
            if len(line) > limit and not line.endswith(b"\n"):
                position += len(line) + _line_length(handle, limit)
                yield offset, f"record over {limit} bytes"
                continue
            position += len(line)
            if line.strip():
                yield offset, _json_object(line)


def _line_length(handle: Any, limit: int) -> int:
    """Read to the end of the current line, `limit` bytes at a time; its length."""
    length = 0
    while chunk := handle.readline(limit):
        length += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return length


def _json_object(line: bytes) -> Record:
    try:
        value = json.loads(line)
    except ValueError:
        return "not a JSON object"
    return value if isinstance(value, dict) else "not a JSON object"


def _parquet(path: Path | str) -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:  # an optional dependency: say how to get it
        raise ArticleSkipped(
            "Parquet corpora need pyarrow: pip install 'provenance[scale]'", path=str(path)
        ) from exc
    return pq.ParquetFile(path)


def _parquet_records(partition: Partition) -> Iterator[tuple[int, Record]]:
    table = _parquet(partition.path)
    row = sum(table.metadata.row_group(g).num_rows for g in range(partition.start))
    for group in range(partition.start, partition.end):
        for batch in table.iter_batches(row_groups=[group], batch_size=256):
            for record in batch.to_pylist():
                yield row, record
                row += 1
