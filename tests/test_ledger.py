"""The ledger: schema, idempotent upserts, reviews that survive re-runs, views."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from provenance.errors import LedgerError
from provenance.ledger import Ledger
from provenance.models import ClaimDate, RunSummary, Span
from tests.ledger_support import TEXT, article, outcome


def fill(path: Path) -> dict[str, int]:
    with Ledger(path) as ledger:
        ledger.start_run("run1", inputs=["seeds/"], options={})
        art = article()
        parent = outcome(art, 0, "verified")
        outcomes = [outcome(art, 1, "misquoted", parent=parent.claim.id), parent]
        ledger.record_article(art, outcomes, run_id="run1")
        ledger.finish_run(RunSummary(run_id="run1", started="now"))
        return ledger.counts()


def test_schema_and_views(tmp_path: Path) -> None:
    fill(tmp_path / "l.db")
    db = sqlite3.connect(tmp_path / "l.db")
    names = {row[0] for row in db.execute("select name from sqlite_master")}
    assert {"runs", "articles", "claims", "sources", "captures", "checks", "reviews"} <= names
    assert {"flagged_claims", "claims_by_outlet", "misquotes"} <= names
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
    fks = {row[2] for row in db.execute("pragma foreign_key_list(claims)")}
    assert fks == {"articles", "claims", "captures", "runs"}


def test_rerun_adds_no_rows(tmp_path: Path) -> None:
    first = fill(tmp_path / "l.db")
    second = fill(tmp_path / "l.db")
    assert first == second
    assert first["claims"] == 2 and first["captures"] == 2 and first["runs"] == 1
    with Ledger(tmp_path / "l.db") as ledger:
        assert ledger.row("runs", "run1")["times_run"] == 2  # type: ignore[index]


def test_flagged_view_and_parent_order(tmp_path: Path) -> None:
    fill(tmp_path / "l.db")
    with Ledger(tmp_path / "l.db") as ledger:
        flagged = list(ledger.query("select * from flagged_claims"))
        assert [row["verdict"] for row in flagged] == ["misquoted"]
        misquotes = list(ledger.query("select * from misquotes"))
        assert len(misquotes) == 2 and misquotes[0]["status"] == "altered"


def test_reviews_survive_reruns(tmp_path: Path) -> None:
    fill(tmp_path / "l.db")
    with Ledger(tmp_path / "l.db") as ledger:
        claim_id = next(ledger.query("select claim_id from flagged_claims"))["claim_id"]
        ledger.add_review(claim_id[:6], status="confirmed", note="quote altered", reviewer="ed")
    fill(tmp_path / "l.db")
    with Ledger(tmp_path / "l.db") as ledger:
        reviews = list(ledger.query("select * from reviews"))
        assert [(r["claim_id"], r["status"], r["note"]) for r in reviews] == [
            (claim_id, "confirmed", "quote altered")
        ]
        row = next(ledger.query("select * from flagged_claims"))
        assert row["review_status"] == "confirmed"


def test_review_needs_a_known_claim_and_status(tmp_path: Path) -> None:
    fill(tmp_path / "l.db")
    with Ledger(tmp_path / "l.db") as ledger:
        with pytest.raises(LedgerError, match="no claim has an id"):
            ledger.add_review("zzzz", status="confirmed", note=None, reviewer=None)
        with pytest.raises(LedgerError, match="unknown review status"):
            ledger.add_review("", status="maybe", note=None, reviewer=None)


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "l.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LedgerError, match="cannot open the ledger"):
        Ledger(path)


def test_an_older_ledger_is_migrated_and_keeps_its_reviews(tmp_path: Path) -> None:
    fill(tmp_path / "l.db")
    with Ledger(tmp_path / "l.db") as ledger:
        claim_id = next(ledger.query("select claim_id from flagged_claims"))["claim_id"]
        ledger.add_review(claim_id, status="confirmed", note="kept", reviewer=None)
    db = sqlite3.connect(tmp_path / "l.db")
    views = [row[0] for row in db.execute("select name from sqlite_master where type = 'view'")]
    db.executescript("".join(f"drop view {name};" for name in views))
    db.execute("drop index idx_claims_lineage_id")
    for column in ("outlet_domain", "changes", "lineage_id"):  # as an older version wrote it
        db.execute(f"alter table claims drop column {column}")
    db.commit()
    db.close()
    fill(tmp_path / "l.db")
    with Ledger(tmp_path / "l.db") as ledger:
        assert [r["note"] for r in ledger.query("select note from reviews")] == ["kept"]
        assert "outlet_domain" in ledger.db["claims"].columns_dict
        assert next(ledger.query("select review_note from flagged_claims"))["review_note"] == "kept"


def test_review_prefix_is_not_a_pattern(tmp_path: Path) -> None:
    fill(tmp_path / "l.db")
    with Ledger(tmp_path / "l.db") as ledger, pytest.raises(LedgerError):
        ledger.add_review("%", status="cleared", note=None, reviewer=None)


def has_columns(row: dict[str, Any] | None, expected: dict[str, Any]) -> None:
    assert row is not None
    assert {name: row[name] for name in expected} == expected


def test_rows_land_in_their_columns(tmp_path: Path) -> None:
    """Rows are written as tuples in column order: every value must reach its own column."""
    art = article()
    parent = outcome(art, 0, "verified")
    child = outcome(art, 1, "misquoted", parent=parent.claim.id)
    child.claim.cue = Span("reported", 24, 32)
    child.claim.date = ClaimDate("October 13, 2025", 36, 52, "2025-10-13", relative=True)
    assert child.capture is not None and parent.capture is not None
    child.captures = [child.capture, parent.capture]  # shared by both claims: one row
    with Ledger(tmp_path / "l.db") as ledger:
        ledger.start_run("run1", inputs=[], options={})
        ledger.record_article(art, [child, parent], run_id="run1")
        assert ledger.counts()["captures"] == 2
        claim = ledger.row("claims", child.claim.id)
        has_columns(claim, {"article_id": art.id, "parent_id": parent.claim.id, "position": 1})
        has_columns(claim, {"source": "The Washington Post", "source_kind": "outlet"})
        has_columns(claim, {"outlet_domain": "washingtonpost.com", "cue": "reported"})
        has_columns(claim, {"date_value": "2025-10-13", "date_relative": 1, "checkable": 1})
        has_columns(claim, {"quotes": '["open models"]', "reasons": '["because"]'})
        has_columns(claim, {"verdict": "misquoted", "flagged": 1, "resolution": "resolved"})
        has_columns(claim, {"capture_id": child.capture.id, "start": 10, "run_id": "run1"})
        data = json.dumps(child.claim.to_dict(), ensure_ascii=False, default=str)
        has_columns(claim, {"data": data})
        source = ledger.row("sources", f"{child.claim.id}-0")
        has_columns(source, {"claim_id": child.claim.id, "name": "The Washington Post"})
        has_columns(source, {"kind": "outlet", "domain": "washingtonpost.com", "end": 19})
        check = ledger.row("checks", child.checks[0].id)
        has_columns(check, {"claim_id": child.claim.id, "capture_id": child.capture.id})
        has_columns(check, {"status": "altered", "score": 0.7, "evidence": "open mode"})
        capture = ledger.row("captures", parent.capture.id)
        has_columns(capture, {"url": "https://example.org/0", "status": 200, "length": 900})
        stored = ledger.row("articles", art.id)
        has_columns(stored, {"path": "seeds/a.txt", "title": "A", "format": "txt"})
        has_columns(stored, {"claims": 2, "flagged": 1, "run_id": "run1", "superseded": 0})


def test_a_batch_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    good = article(path="a.txt")
    bad = article(path="b.txt", text="Another text. " + TEXT)
    orphan = outcome(bad, 1, "misquoted", parent="no-such-claim")  # breaks a foreign key
    with Ledger(tmp_path / "l.db") as ledger:
        ledger.start_run("run1", inputs=[], options={})
        batch = [(good, [outcome(good, 0, "verified")]), (bad, [orphan])]
        with pytest.raises(LedgerError, match=r"cannot write a\.txt, b\.txt"):
            ledger.record_articles(batch, run_id="run1")
        assert ledger.counts() == {**dict.fromkeys(ledger.counts(), 0), "runs": 1}
        ledger.record_articles(batch[:1], run_id="run1")  # and the ledger is usable after
        assert ledger.counts()["claims"] == 1


def test_contradicted_ranks_with_misquoted_and_is_counted(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.db") as ledger:
        ledger.start_run("run1", inputs=["seeds/"], options={})
        art = article()
        outcomes = [
            outcome(art, 0, "minor_discrepancy"),
            outcome(art, 1, "unsupported"),
            outcome(art, 2, "contradicted"),
            outcome(art, 3, "misquoted"),
        ]
        ledger.record_article(art, outcomes, run_id="run1")
        flagged = [row["verdict"] for row in ledger.query("select * from flagged_claims")]
        assert flagged == ["misquoted", "contradicted", "unsupported", "minor_discrepancy"]
        outlet = next(ledger.query("select * from claims_by_outlet"))
        assert outlet["contradicted"] == 1 and outlet["misquoted"] == 1
