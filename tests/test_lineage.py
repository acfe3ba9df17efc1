"""Claims keep their identity, and their reviews, across edits of their article."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from provenance.cli import app
from provenance.lineage import Version, match_versions, word_changes

runner = CliRunner()

FIRST = """Energy prices rose again this winter.

The Washington Post reported on October 13, 2025, that heating costs climbed 30 percent in a year.

Senator Maria Lopez said the increase was "a burden on every family in the state."

According to Reuters, utilities plan further rate hikes in the spring.

John Park told CNN that "prices will fall by summer."
"""
# one word changed in one claim, a sentence added, a paragraph removed (Reuters)
EDITED = """Energy prices rose again this winter, and the cold is not over.

The Washington Post reported on October 13, 2025, that heating costs climbed 35 percent in a year.

The Guardian reported that gas stocks are at their lowest in a decade.

Senator Maria Lopez said the increase was "a burden on every family in the state."

John Park told CNN that "prices will fall by summer."
"""


def version(id: str, words: str, position: float, source: str = "Reuters") -> Version:
    return Version.of(
        id, source=source, cue="said", content=words, quotes=[], sentence=None, position=position
    )


def test_a_claim_continues_the_nearest_words_and_may_move() -> None:
    earlier = [version("a", "prices rose by 30 percent", 0.1), version("b", "rates will rise", 0.5)]
    later = [
        version("x", "rates will rise", 0.2),  # moved up
        version("y", "prices rose by 35 percent", 0.6),  # a word changed, moved down
        version("z", "something else entirely was said here", 0.9),
        version("w", "prices rose by 30 percent", 0.1, source="AP"),  # another source
    ]
    assert match_versions(earlier, later) == {"x": "b", "y": "a"}


def test_each_earlier_claim_is_continued_once_by_the_closest() -> None:
    earlier = [version("a", "prices rose by 30 percent", 0.5)]
    later = [
        version("x", "prices rose by 31 percent", 0.5),
        version("y", "prices rose by 30 percent", 0.9),
    ]
    assert match_versions(earlier, later) == {"y": "a"}


def test_word_changes() -> None:
    assert word_changes("costs climbed 30 percent", "costs climbed 35 percent") == "“30” → “35”"
    assert word_changes("a b c", "a b c") is None
    assert word_changes("a b", "a x b") == "added “x”"
    assert word_changes("a x b", "a b") == "removed “x”"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("LEDGER", "CACHE", "REPORTS", "SERVE_URL"):
        monkeypatch.delenv(f"PROVENANCE_{name}", raising=False)
    (tmp_path / "articles").mkdir()
    return tmp_path


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def claims_by_source(db: sqlite3.Connection) -> dict[str, str]:
    sql = """select c.source, c.id from claims c join articles a on a.id = c.article_id
             where coalesce(a.superseded, 0) = 0"""
    return dict(db.execute(sql).fetchall())


def test_reviews_survive_an_edit_of_the_article(workdir: Path) -> None:
    article = workdir / "articles" / "energy.txt"
    article.write_text(FIRST, encoding="utf-8")
    run("verify", "articles/", "--offline")
    db = sqlite3.connect(workdir / "ledger.db")
    first = claims_by_source(db)
    assert set(first) == {"The Washington Post", "Senator Maria Lopez", "Reuters", "John Park"}
    notes = {source: f"note on {source}" for source in first}
    for source, claim_id in first.items():
        run(
            "review", claim_id, "--status", "confirmed", "--note", notes[source], "--reviewer", "ed"
        )

    article.write_text(EDITED, encoding="utf-8")
    run("verify", "articles/", "--offline")
    now = claims_by_source(db)
    assert "Reuters" not in now and "The Guardian" in now
    assert set(now.values()).isdisjoint(first.values())  # every id changed with the text

    # flagged_claims: the three continued claims carry their review, the removed one too
    db.row_factory = sqlite3.Row
    rows = {r["source"]: r for r in db.execute("select * from flagged_claims")}
    for source in ("The Washington Post", "Senator Maria Lopez", "John Park"):
        assert rows[source]["claim_id"] == now[source]
        assert rows[source]["state"] == "current"
        assert rows[source]["review_note"] == notes[source]
        assert rows[source]["reviewed_version"] == "an earlier version"
        assert rows[source]["reviewer"] == "ed"
    assert rows["Reuters"]["state"] == "removed"
    assert rows["Reuters"]["claim_id"] == first["Reuters"]
    assert rows["Reuters"]["review_note"] == notes["Reuters"]
    assert rows["The Guardian"]["review_status"] is None
    post = rows["The Washington Post"]
    assert post["changes_from_previous_version"] == "“30” → “35”"
    assert "30 percent" in post["reviewed_sentence"] and "35 percent" in post["sentence"]
    assert rows["Senator Maria Lopez"]["reviewed_sentence"] is None  # its words did not change
    assert "note on John Park" in rows["John Park"]["review_history"]
    assert len(db.execute("select * from reviews").fetchall()) == 4  # nothing copied

    # the report: every note, with the version it was written on and the change
    report = (workdir / "reports" / "report.md").read_text(encoding="utf-8")
    for note in notes.values():
        assert note in report
    assert "reviewed on an earlier version; words changed since: “30” → “35”" in report
    removed = report.index("## Removed from the article")
    assert report.index("note on Reuters") > removed > report.index("note on John Park")
    html = (workdir / "reports" / "report.html").read_text(encoding="utf-8")
    assert all(note in html for note in notes.values())

    # show: the new version has the review of the old one; the removed claim keeps its own
    shown = run("show", now["The Washington Post"])
    assert "confirmed by ed" in shown and "note on The Washington Post" in shown
    assert "reviewed on an earlier version; words changed since: “30” → “35”" in shown
    assert first["The Washington Post"] in shown  # its other version
    gone = run("show", first["Reuters"])
    assert "removed from the article" in gone and "note on Reuters" in gone
    listed = run("claims", "--flagged")
    assert first["Reuters"] in listed and "(removed)" in listed

    # a review of the new version is added beside the inherited one, and both stay
    run("review", now["The Washington Post"], "--status", "corrected", "--note", "fixed")
    data = json.loads(run("show", now["The Washington Post"], "--json"))
    assert [r["note"] for r in data["reviews"]] == ["note on The Washington Post", "fixed"]
    assert [r["reviewed_version"] for r in data["reviews"]] == [
        "an earlier version",
        "this version",
    ]


def test_rerunning_the_edited_article_keeps_the_lineage(workdir: Path) -> None:
    article = workdir / "articles" / "energy.txt"
    article.write_text(FIRST, encoding="utf-8")
    run("verify", "articles/", "--offline")
    article.write_text(EDITED, encoding="utf-8")
    run("verify", "articles/", "--offline")
    db = sqlite3.connect(workdir / "ledger.db")
    lineage = db.execute("select id, lineage_id, previous_id from claims order by id").fetchall()
    run("verify", "articles/", "--offline")
    assert (
        db.execute("select id, lineage_id, previous_id from claims order by id").fetchall()
        == lineage
    )
    # back to the first text: its claims are the first ones again, with their lineage
    article.write_text(FIRST, encoding="utf-8")
    run("verify", "articles/", "--offline")
    assert (
        db.execute("select id, lineage_id, previous_id from claims order by id").fetchall()
        == lineage
    )
