"""Corpora: JSON Lines and Parquet files of articles, read in partitions."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from provenance.cli import app
from provenance.config import Settings
from provenance.corpus import Partition, partitions, read_corpus, read_partition
from provenance.engine import work_units
from provenance.models import Article, Skipped

runner = CliRunner()
SETTINGS = Settings()


def record(n: int) -> dict[str, object]:
    return {
        "id": f"a{n}",
        "url": f"https://news.example/{n}",
        "text": f"Reuters reported on Monday that the mayor of town {n} resigned.",
        "published": "2025-11-19",
    }


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.mark.parametrize("block", [1, 7, 64, 1000, 10**6])
def test_every_record_is_read_once_whatever_the_partition_size(tmp_path: Path, block: int) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", [json.dumps(record(n)) for n in range(40)])
    parts = partitions(corpus, block=block)
    names = [a.path for p in parts for a in read_partition(p, SETTINGS)]
    assert names == [f"{corpus}#a{n}" for n in range(40)]
    assert parts[-1].end == corpus.stat().st_size


def test_records_carry_their_date_and_bad_records_are_skipped_with_reasons(tmp_path: Path) -> None:
    lines = [
        json.dumps(record(1)),
        "",
        "{not json",
        json.dumps({"id": "empty", "text": "   "}),
        json.dumps(["a", "list"]),
        json.dumps(
            {"id": "page", "html": "<html><body><p>AP said the bridge closed.</p></body></html>"}
        ),
    ]
    items = list(read_corpus(write_jsonl(tmp_path / "c.jsonl", lines), SETTINGS))
    articles = [i for i in items if isinstance(i, Article)]
    skipped = {i.path.rsplit("#", 1)[1]: i.reason for i in items if isinstance(i, Skipped)}
    assert [a.path.rsplit("#", 1)[1] for a in articles] == ["a1", "page"]
    assert str(articles[0].published) == "2025-11-19"
    assert "bridge closed" in articles[1].text
    assert skipped["empty"] == "record has no 'text' or 'html'"
    assert sum(reason == "not a JSON object" for reason in skipped.values()) == 2


def test_a_missing_or_broken_corpus_is_one_skipped_item(tmp_path: Path) -> None:
    missing = list(read_corpus(tmp_path / "missing.jsonl", SETTINGS))
    assert len(missing) == 1 and isinstance(missing[0], Skipped)
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"not parquet at all")
    items = list(read_corpus(broken, SETTINGS))
    assert len(items) == 1 and isinstance(items[0], Skipped)
    assert "could not be read" in items[0].reason


def test_parquet_is_read_by_row_group(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.Table.from_pylist([record(n) for n in range(25)])
    path = tmp_path / "c.parquet"
    pq.write_table(table, path, row_group_size=10)
    parts = partitions(path)
    assert parts == [Partition(str(path), g, g + 1) for g in range(3)]
    names = [a.path for p in parts for a in read_partition(p, SETTINGS)]
    assert names == [f"{path}#a{n}" for n in range(25)]


def test_work_units_cut_files_and_corpora(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(45):
        (folder / f"{n:02d}.txt").write_text(f"AP said {n}.", encoding="utf-8")
    corpus = write_jsonl(tmp_path / "c.jsonl", [json.dumps(record(n)) for n in range(3)])
    units = list(work_units([folder, corpus], files=20))
    assert [len(u) for u in units[:3]] == [20, 20, 5]
    assert units[2] == tuple(str(folder / f"{n}.txt") for n in range(40, 45))
    assert units[3] == Partition(str(corpus), 0, corpus.stat().st_size)


def test_verify_reads_a_corpus_and_the_ledger_names_each_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "c.jsonl", [json.dumps(record(n)) for n in range(5)])
    result = runner.invoke(app, ["verify", "c.jsonl", "--offline"])
    assert result.exit_code == 0, result.output
    paths = sqlite3.connect("ledger.db").execute("select path from articles order by path")
    assert [row[0] for row in paths] == [f"c.jsonl#a{n}" for n in range(5)]


def test_records_keep_their_url_and_distinct_names_and_bad_text_is_skipped(tmp_path: Path) -> None:
    lines = [
        json.dumps(record(1)),
        json.dumps(record(1)),  # the same id again
        '{"id": "bad", "text": "AP said \\ud800 that rain fell."}',  # a lone surrogate
        json.dumps({"id": "long", "text": "x" * 5000}),
        json.dumps(record(2)),
    ]
    settings = Settings(max_article_bytes=1000)
    items = list(read_corpus(write_jsonl(tmp_path / "c.jsonl", lines), settings))
    names = [item.path.rsplit("#", 1)[1] for item in items]
    assert names[0] == "a1" and names[1].startswith("a1@") and len(set(names)) == 5
    assert [i.url for i in items if isinstance(i, Article)] == [
        "https://news.example/1", "https://news.example/1", "https://news.example/2",
    ]  # fmt: skip
    reasons = {i.path.rsplit("#", 1)[1]: i.reason for i in items if isinstance(i, Skipped)}
    assert reasons["bad"].startswith("record cannot be read")
    assert "record over 2000 bytes" in reasons.values()  # named by its offset: never parsed
