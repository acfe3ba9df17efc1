"""The verification ledger: one SQLite file, made and read with sqlite-utils.

    runs ──< articles ──< claims ──< sources
                            │  └──< checks >── captures
                            └──< reviews

Primary keys are content hashes, so a re-run of the same inputs upserts the
same rows and adds none. Each article (or batch of articles) is written in one
transaction, as tuples through one prepared upsert a table; the file is in WAL
mode. Reviews are only ever inserted by `add_review`: a re-run never
touches them, and a claim that an editor reviewed is never deleted.
Views: `flagged_claims`, `current_claims` and `removed_claims` (claims in plain
columns for editors), `claim_reviews`, `claims_by_outlet`, `misquotes`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import attrgetter
from pathlib import Path
from typing import Any

import sqlite_utils

from provenance.errors import LedgerError
from provenance.lineage import Version, match_versions, word_changes
from provenance.models import (
    Article,
    Capture,
    Check,
    Claim,
    Record,
    Resolution,
    RunSummary,
    Verdict,
    field_names,
)

REVIEW_STATUSES = ("cleared", "confirmed", "corrected", "escalated", "pending")
SEVERITY = (
    "misquoted",
    "contradicted",
    "date_mismatch",
    "unsupported",
    "source_not_found",
    "unreachable",
    "minor_discrepancy",
    "unattributed",
    "not_checked",
    "verified",
)

SCHEMA: dict[str, dict[str, Any]] = {
    "runs": {
        "columns": {
            "id": str,
            "first_started": str,
            "last_started": str,
            "last_finished": str,
            "times_run": int,
            "version": str,
            "inputs": str,
            "options": str,
            "articles": int,
            "claims": int,
            "flagged": int,
            "skipped": str,
            "notices": str,
        },
        "pk": "id",
    },
    "articles": {
        "columns": {
            "id": str,
            "path": str,
            "sha256": str,
            "title": str,
            "published": str,
            "date_source": str,
            "format": str,
            "encoding": str,
            "text": str,
            "links": str,
            "claims": int,
            "flagged": int,
            "run_id": str,
            "superseded": int,
            "author": str,
            "url": str,
        },
        "pk": "id",
        "foreign_keys": [("run_id", "runs", "id")],
    },
    "captures": {
        "columns": {
            "id": str,
            "url": str,
            "final_url": str,
            "fetched_at": str,
            "status": int,
            "content_type": str,
            "warc_file": str,
            "offset": int,
            "length": int,
            "sha256": str,
            "size": int,
            "archived_copy_of": str,
        },
        "pk": "id",
    },
    "claims": {
        "columns": {
            "id": str,
            "article_id": str,
            "parent_id": str,
            "position": int,
            "source": str,
            "source_kind": str,
            "outlet_domain": str,
            "channel": str,
            "platform": str,
            "cue": str,
            "content": str,
            "quotes": str,
            "date_text": str,
            "date_value": str,
            "date_precision": str,
            "date_relative": int,
            "link_url": str,
            "link_placeholder": int,
            "checkable": int,
            "verdict": str,
            "flagged": int,
            "reasons": str,
            "resolution": str,
            "resolution_reason": str,
            "queries": str,
            "original_url": str,
            "capture_id": str,
            "sentence": str,
            "start": int,
            "end": int,
            "data": str,
            "run_id": str,
            "lineage_id": str,  # the first version of this claim (its own id if none earlier)
            "previous_id": str,  # the claim of the article's earlier version it continues
            "changes": str,  # its words' changes from that version, when they changed
        },
        "pk": "id",
        "foreign_keys": [
            ("article_id", "articles", "id"),
            ("parent_id", "claims", "id"),
            ("capture_id", "captures", "id"),
            ("run_id", "runs", "id"),
            ("previous_id", "claims", "id"),
        ],
    },
    "sources": {
        "columns": {
            "id": str,
            "claim_id": str,
            "position": int,
            "name": str,
            "kind": str,
            "handle": str,
            "domain": str,
            "start": int,
            "end": int,
        },
        "pk": "id",
        "foreign_keys": [("claim_id", "claims", "id")],
    },
    "checks": {
        "columns": {
            "id": str,
            "claim_id": str,
            "capture_id": str,
            "kind": str,
            "status": str,
            "score": float,
            "detail": str,
            "evidence": str,
            "start": int,
            "end": int,
        },
        "pk": "id",
        "foreign_keys": [("claim_id", "claims", "id"), ("capture_id", "captures", "id")],
    },
    "reviews": {
        "columns": {
            "id": int,
            "claim_id": str,
            "status": str,
            "note": str,
            "reviewer": str,
            "created": str,
        },
        "pk": "id",
        "foreign_keys": [("claim_id", "claims", "id")],
    },
}

INDEXES = (
    ("articles", "path"),
    ("claims", "article_id"),
    ("claims", "lineage_id"),
    ("claims", "previous_id"),
    ("sources", "claim_id"),
    ("checks", "claim_id"),
    ("reviews", "claim_id"),
)
WRITE_ORDER = ("articles", "captures", "claims", "sources", "checks")  # parents before children
COLUMNS = {name: tuple(spec["columns"]) for name, spec in SCHEMA.items()}  # row tuple order
ARTICLE_PATH = COLUMNS["articles"].index("path")
ARTICLE_TEXT = COLUMNS["articles"].index("text")
LINEAGE = COLUMNS["claims"].index("lineage_id")  # lineage_id, previous_id, changes: the last
CLAIM = {name: COLUMNS["claims"].index(name) for name in COLUMNS["claims"]}

Row = tuple[Any, ...]  # a row's values in COLUMNS order


def upsert_sql(table: str) -> str:
    """Insert a row, or update every column but the key of the row already there."""
    columns = COLUMNS[table]
    names = ", ".join(f"[{c}]" for c in columns)
    updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c != "id")
    return (
        f"insert into [{table}] ({names}) values ({', '.join('?' * len(columns))}) "
        f"on conflict(id) do update set {updates}"
    )


UPSERT = {table: upsert_sql(table) for table in WRITE_ORDER}

CURRENT = "coalesce(a.superseded, 0) = 0"  # a claim of the article's current version
REMOVED = """(coalesce(a.superseded, 0) = 1
    and not exists (select 1 from claims n where n.previous_id = c.id)
    and not exists (select 1 from claims s join articles sa on sa.id = s.article_id
                    where s.lineage_id = c.lineage_id and coalesce(sa.superseded, 0) = 0))"""
# every review of a claim's lineage, shown on each version of the claim
CLAIM_REVIEWS = """
    select c.id as claim_id, r.id as review_id, r.status, r.note, r.reviewer, r.created,
           r.claim_id as reviewed_claim_id,
           case when r.claim_id = c.id then 'this version'
                when coalesce(ra.superseded, 0) = 1 then 'an earlier version'
                else 'a later version' end as reviewed_version,
           rc.sentence as reviewed_sentence, c.sentence as sentence
    from reviews r join claims rc on rc.id = r.claim_id
    join articles ra on ra.id = rc.article_id
    join claims c on c.lineage_id = rc.lineage_id
"""
LATEST_REVIEW = f"""
    select * from (select cr.*, row_number() over (partition by cr.claim_id
                                                   order by cr.review_id desc) as newest
                   from ({CLAIM_REVIEWS}) cr) where newest = 1
"""
REVIEW_HISTORY = """(select group_concat(line, char(10)) from (
    select cr.created || ' ' || coalesce(cr.reviewer, 'unnamed reviewer') || ': '
           || cr.status || coalesce(' (' || nullif(cr.note, '') || ')', '')
           || case when cr.reviewed_version = 'this version' then ''
                   else ' [on ' || cr.reviewed_version || ']' end as line
    from claim_reviews cr where cr.claim_id = c.id order by cr.review_id))"""
SEVERITY_ORDER = (
    "case c.verdict "
    + " ".join(f"when '{name}' then {rank}" for rank, name in enumerate(SEVERITY))
    + " else 99 end"
)
ARCHIVE_PATH = "/-/provenance/capture/"  # where `provenance serve` shows an archived copy


def json_text(column: str, separator: str, quotes: str = "") -> str:
    """SQL for a JSON list column as plain text, its items joined by `separator` (and
    each between the two characters of `quotes`, if given)."""
    item = f"'{quotes[0]}' || value || '{quotes[1]}'" if quotes else "value"
    return (
        f"(case when json_valid({column}) then (select group_concat({item}, '{separator}') "
        f"from json_each({column})) else {column} end)"
    )


EDITOR_COLUMNS = f"""
    c.id as claim_id, case when {REMOVED} then 'removed' else 'current' end as state,
    a.path as article, c.source, c.source_kind, c.outlet_domain as outlet, c.channel, c.verdict,
    {json_text("c.reasons", "; ")} as reasons, {json_text("c.quotes", " ", "“”")} as quotes,
    c.date_value as claimed_date, c.original_url,
    case when c.capture_id is not null then '{ARCHIVE_PATH}' || c.capture_id end
        as archived_copy,
    (select group_concat(k.kind || ' ' || k.status || ': ' || k.evidence, char(10))
     from checks k where k.claim_id = c.id and k.evidence is not null) as evidence,
    c.resolution_reason,
    lr.status as review_status, lr.note as review_note, lr.reviewer, lr.created as reviewed_at,
    lr.reviewed_version,
    case when lr.reviewed_version != 'this version' and lr.reviewed_sentence != c.sentence
         then lr.reviewed_sentence end as reviewed_sentence,
    case when lr.claim_id is not null then {REVIEW_HISTORY} end as review_history,
    c.changes as changes_from_previous_version, c.sentence
"""

VIEWS = {
    "claim_reviews": CLAIM_REVIEWS,
    "flagged_claims": f"""
        select {EDITOR_COLUMNS}
        from claims c join articles a on a.id = c.article_id
        left join ({LATEST_REVIEW}) lr on lr.claim_id = c.id
        where (c.flagged = 1 and {CURRENT}) or (lr.claim_id is not null and {REMOVED})
        order by (lr.status is not null), {SEVERITY_ORDER}, a.path, c.position
    """,
    "current_claims": f"""
        select {EDITOR_COLUMNS}
        from claims c join articles a on a.id = c.article_id
        left join ({LATEST_REVIEW}) lr on lr.claim_id = c.id
        where {CURRENT}
        order by a.path, c.position
    """,
    "removed_claims": f"""
        select {EDITOR_COLUMNS}
        from claims c join articles a on a.id = c.article_id
        left join ({LATEST_REVIEW}) lr on lr.claim_id = c.id
        where {REMOVED}
        order by (lr.status is null), a.path, c.position
    """,
    "claims_by_outlet": """
        select coalesce(c.outlet_domain, c.source) as outlet, count(*) as claims,
               sum(c.verdict = 'verified') as verified, sum(c.flagged) as flagged,
               sum(c.verdict = 'misquoted') as misquoted,
               sum(c.verdict = 'contradicted') as contradicted,
               sum(c.verdict = 'date_mismatch') as date_mismatch,
               sum(c.verdict in ('source_not_found', 'unreachable')) as not_found
        from claims c join articles a on a.id = c.article_id
        where coalesce(a.superseded, 0) = 0
        group by outlet order by flagged desc, claims desc
    """,
    "misquotes": f"""
        select k.claim_id, c.source, a.path as article, k.status, k.score,
               k.detail, k.evidence, cap.url as original_url,
               case when k.capture_id is not null then '{ARCHIVE_PATH}' || k.capture_id end
                   as archived_copy
        from checks k join claims c on c.id = k.claim_id
        join articles a on a.id = c.article_id
        left join captures cap on cap.id = k.capture_id
        where k.kind = 'quote' and k.status in ('altered', 'not_found', 'minor_variation')
          and coalesce(a.superseded, 0) = 0
        order by k.status = 'minor_variation', k.score
    """,
}


@dataclass(slots=True)
class ClaimOutcome:
    """Everything the pipeline learned about one claim, ready to be stored."""

    claim: Claim
    verdict: Verdict
    resolution: Resolution | None = None
    checks: Sequence[Check] = ()
    capture: Capture | None = None  # the original the checks were made against
    captures: Sequence[Capture] = ()  # every capture fetched for the claim


class Ledger:
    """The ledger file: create it, upsert a run's results, add reviews, read reports."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite_utils.Database(self.path)
            self.db.enable_wal()
            self.db.execute("pragma synchronous = normal")  # WAL: consistent after a crash
            self.db.execute("pragma foreign_keys = on")
            self._create()
        except (sqlite3.DatabaseError, OSError) as exc:
            raise LedgerError(f"cannot open the ledger ({exc})", path=str(self.path)) from exc

    def _create(self) -> None:
        with self.db.conn:
            for name, spec in SCHEMA.items():
                self.db.table(name).create(
                    spec["columns"],
                    pk=spec["pk"],
                    foreign_keys=spec.get("foreign_keys"),
                    if_not_exists=True,
                )
                self._add_missing_columns(name, spec["columns"])
            self.db.execute("update claims set lineage_id = id where lineage_id is null")
            for table, column in INDEXES:
                self.db.execute(
                    f"create index if not exists [idx_{table}_{column}] on [{table}] ([{column}])"
                )
            for name, sql in VIEWS.items():
                self.db.create_view(name, sql, replace=True)

    def _add_missing_columns(self, name: str, columns: dict[str, type]) -> None:
        """Migrate a ledger written by an older version: add the columns it lacks
        (never drop or rewrite one), so its reviews carry over."""
        table = self.db.table(name)
        have = set(table.columns_dict)
        for column, kind in columns.items():
            if column not in have:
                table.add_column(column, kind)

    def close(self) -> None:
        """Checkpoint the WAL (so read-only readers see everything) and close."""
        self.db.execute("pragma wal_checkpoint(truncate)")
        self.db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # --- writing ------------------------------------------------------------

    def start_run(self, run_id: str, *, inputs: list[str], options: dict[str, Any]) -> None:
        """Record the start of a run; the same inputs and options are the same run."""
        now = utcnow()
        existing = self.row("runs", run_id)
        with self.db.conn:
            self.db.table("runs").upsert(
                {
                    "id": run_id,
                    "first_started": existing["first_started"] if existing else now,
                    "last_started": now,
                    "times_run": (existing or {}).get("times_run", 0) + 1,
                    "version": _version(),
                    "inputs": dumps(inputs),
                    "options": dumps(options),
                },
                pk="id",
            )

    def finish_run(self, summary: RunSummary) -> None:
        """Record a run's totals."""
        with self.db.conn:
            self.db.table("runs").update(
                summary.run_id,
                {
                    "last_finished": summary.finished or utcnow(),
                    "articles": len(summary.articles),
                    "claims": sum(result.claims for result in summary.articles),
                    "flagged": summary.flagged,
                    "skipped": dumps([s.to_dict() for s in summary.skipped]),
                    "notices": dumps(summary.notices),
                },
            )

    def record_article(
        self, article: Article, outcomes: Sequence[ClaimOutcome], *, run_id: str
    ) -> None:
        """Upsert an article with its claims, sources, captures and checks: one transaction."""
        self.record_articles([(article, outcomes)], run_id=run_id)

    def record_articles(
        self, batch: Sequence[tuple[Article, Sequence[ClaimOutcome]]], *, run_id: str
    ) -> None:
        """Upsert a batch of articles and everything found in them, in one transaction."""
        rows: dict[str, list[Row]] = {table: [] for table in WRITE_ORDER}
        for article, outcomes in batch:
            for table, table_rows in article_rows(article, outcomes, run_id).items():
                rows[table].extend(table_rows)
        self.write_rows(rows, what=", ".join(article.path for article, _ in batch[:3]))

    def write_rows(self, rows: dict[str, list[Row]], *, what: str = "rows") -> None:
        """Upsert prepared rows (tuples in COLUMNS order), table by table in WRITE_ORDER,
        in one transaction.

        The checks of the claims written replace their earlier checks (machine
        results only), and an earlier version of an article at the same path is
        marked superseded, so that views and reports show the current text.
        """
        try:
            with self.db.conn:
                claims = self._link_lineage(rows.get("articles", []), rows.get("claims", []))
                rows = {**rows, "claims": claims}
                self._replace_checks([row[0] for row in claims])
                for table in WRITE_ORDER:
                    self.upsert(table, rows.get(table, []))
                self._supersede(rows.get("articles", []))
        except sqlite3.DatabaseError as exc:
            raise LedgerError(f"cannot write {what} ({exc})", path=str(self.path)) from exc

    def _link_lineage(self, articles: list[Row], claims: list[Row]) -> list[Row]:
        """The claim rows with their lineage columns: kept as stored for a claim already
        in the ledger; else linked to the claim of the article's earlier version (at the
        same path) that it continues; else a lineage of its own."""
        if not claims:
            return claims
        stored = {
            row[0]: (row[1] or row[0], row[2], row[3])
            for row in self._select_in(
                "select id, lineage_id, previous_id, changes from claims", [r[0] for r in claims]
            )
        }
        earlier: dict[str, dict[str, Any]] = {}  # new claim id -> the claim it continues
        for article in articles:
            fresh = [
                r for r in claims if r[CLAIM["article_id"]] == article[0] and r[0] not in stored
            ]
            if fresh:
                earlier.update(self._continued(article, fresh))
        linked = []
        for row in claims:
            if row[0] in stored:
                lineage = stored[row[0]]
            elif row[0] in earlier:
                old = earlier[row[0]]
                changes = word_changes(old["sentence"], row[CLAIM["sentence"]])
                lineage = (old["lineage_id"] or old["id"], old["id"], changes)
            else:
                lineage = (row[0], None, None)
            linked.append(row[:LINEAGE] + lineage)
        return linked

    def _continued(self, article: Row, fresh: list[Row]) -> dict[str, dict[str, Any]]:
        """For new claims of `article`, the claims of its earlier version they continue."""
        sql = f"""
            select c.id, c.lineage_id, c.source, c.cue, c.content, c.quotes, c.sentence,
                   c.start, length(a.text) as size
            from claims c join articles a on a.id = c.article_id
            where a.path = ? and a.id != ? and {CURRENT}
        """
        old = {row["id"]: row for row in self.db.query(sql, [article[ARTICLE_PATH], article[0]])}
        if not old:
            return {}
        size = len(article[ARTICLE_TEXT] or "") or 1
        earlier = [version(row, row["start"] / (row["size"] or 1)) for row in old.values()]
        later = [version(dict(zip(COLUMNS["claims"], r, strict=True)), r[CLAIM["start"]] / size)
                 for r in fresh]  # fmt: skip
        return {new: old[previous] for new, previous in match_versions(earlier, later).items()}

    def _select_in(self, sql: str, keys: list[str]) -> Iterator[Row]:
        """Rows of `sql` whose id is one of `keys`, 500 keys a query."""
        for index in range(0, len(keys), 500):
            chunk = keys[index : index + 500]
            marks = ", ".join("?" * len(chunk))
            yield from self.db.conn.execute(f"{sql} where id in ({marks})", chunk)

    def _replace_checks(self, claim_ids: list[str]) -> None:
        for index in range(0, len(claim_ids), 500):
            chunk = claim_ids[index : index + 500]
            marks = ", ".join("?" * len(chunk))
            self.db.conn.execute(f"delete from checks where claim_id in ({marks})", chunk)

    def _supersede(self, articles: list[Row]) -> None:
        self.db.conn.executemany(
            "update articles set superseded = (id != ?) where path = ?",
            [(row[0], row[ARTICLE_PATH]) for row in articles],
        )

    def upsert(self, table: str, rows: Sequence[Row]) -> None:
        """Insert or update rows (tuples in COLUMNS order) by primary key: one prepared
        statement for them all, never a delete. A row repeated (a capture several
        claims share) is written once, with its last values, as row by row would leave it."""
        if rows:
            self.db.conn.executemany(UPSERT[table], {row[0]: row for row in rows}.values())

    def upsert_captures(self, captures: Sequence[Capture]) -> None:
        """Index archived captures (one row per WARC response record)."""
        with self.db.conn:
            self.upsert("captures", [capture_row(capture) for capture in captures])

    def add_review(
        self, claim: str, *, status: str, note: str | None, reviewer: str | None
    ) -> dict[str, Any]:
        """Add an editor's review of a claim (by id or unique id prefix); return it."""
        if status not in REVIEW_STATUSES:
            raise LedgerError(
                f"unknown review status {status!r} (one of: {', '.join(REVIEW_STATUSES)})",
                path=str(self.path),
            )
        claim_id = self.find_claim(claim)["id"]
        row = {
            "claim_id": claim_id,
            "status": status,
            "note": note,
            "reviewer": reviewer,
            "created": utcnow(),
        }
        self.db.execute("pragma synchronous = full")  # an editor's work is fsynced
        try:
            with self.db.conn:
                row["id"] = self.db.table("reviews").insert(row).last_pk
        finally:
            self.db.execute("pragma synchronous = normal")
        return row

    # --- reading ------------------------------------------------------------

    def find_claim(self, ref: str) -> dict[str, Any]:
        """The claim whose id is `ref` or starts with it; LedgerError if none or several."""
        # a range over the key's index: every id that starts with `ref` (ids are ASCII)
        sql = "select * from claims where id >= ? and id < ? || char(1114111) limit 2"
        rows = list(self.db.query(sql, [ref, ref])) if ref else []
        if len(rows) != 1:
            problem = "no claim has" if not rows else "several claims have"
            raise LedgerError(f"{problem} an id starting with {ref!r}", path=str(self.path))
        return rows[0]

    def row(self, table: str, key: str) -> dict[str, Any] | None:
        """One row by primary key, or None."""
        rows = list(self.db.query(f"select * from [{table}] where id = ?", [key]))
        return rows[0] if rows else None

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {name: self.db[name].count for name in SCHEMA}

    def report_claims(
        self, *, where: str = "1", params: Sequence[Any] = ()
    ) -> list[dict[str, Any]]:
        """Every claim of the articles' current versions, and every removed claim that
        was reviewed, with its article, reviews and checks: flagged first, unreviewed
        first, worst first. `where` narrows them (SQL over `c`, the claim, and `a`)."""
        sql = f"""
            select c.*, a.path as article_path, a.title as article_title,
                   a.published as article_published, a.date_source as article_date_source,
                   a.author as article_author, a.url as article_url,
                   case when {REMOVED} then 'removed' else 'current' end as state,
                   lr.status as review_status, lr.note as review_note,
                   lr.reviewer as reviewer, lr.created as reviewed_at
            from claims c join articles a on a.id = c.article_id
            left join ({LATEST_REVIEW}) lr on lr.claim_id = c.id
            where ({CURRENT} or (lr.claim_id is not null and {REMOVED})) and ({where})
            order by c.flagged desc, (lr.status is not null), {SEVERITY_ORDER}, a.path, c.position
        """
        claims = list(self.db.query(sql, params))
        checks = self.checks_by_claim()
        reviews = self.reviews_by_claim()
        for claim in claims:
            claim["checks"] = checks.get(claim["id"], [])
            claim["reviews"] = reviews.get(claim["id"], [])
        return claims

    def checks_by_claim(self, claim_id: str | None = None) -> dict[str, list[dict[str, Any]]]:
        """Checks grouped by claim id, each with its capture's URL and archive place."""
        grouped: dict[str, list[dict[str, Any]]] = {}
        where, params = ("where k.claim_id = ?", [claim_id]) if claim_id else ("", [])
        sql = f"""
            select k.*, cap.url as capture_url, cap.warc_file, cap.offset as warc_offset,
                   cap.fetched_at as captured_at, cap.sha256 as capture_sha256
            from checks k left join captures cap on cap.id = k.capture_id {where}
            order by k.kind, k.start
        """
        for check in self.db.query(sql, params):
            grouped.setdefault(check["claim_id"], []).append(check)
        return grouped

    def reviews_by_claim(self, claim_id: str | None = None) -> dict[str, list[dict[str, Any]]]:
        """Every review of each claim's lineage, oldest first, with the version it was
        written on and the changes of the claim's words since (`changes`, or None)."""
        grouped: dict[str, list[dict[str, Any]]] = {}
        where, params = ("where claim_id = ?", [claim_id]) if claim_id else ("", [])
        sql = f"select * from claim_reviews {where} order by review_id"
        for review in self.db.query(sql, params):
            earlier = review["reviewed_version"] != "this version"
            review["changes"] = (
                word_changes(review["reviewed_sentence"], review["sentence"]) if earlier else None
            )
            grouped.setdefault(review["claim_id"], []).append(review)
        return grouped

    def run_notices(self) -> list[str]:
        """The notices of the latest finished run (offline, no network), for the reports."""
        sql = """select notices from runs where last_finished is not null
                 order by last_finished desc limit 1"""
        row = next(self.db.query(sql), None)
        notices = json.loads(row["notices"]) if row and row["notices"] else []
        return [str(notice) for notice in notices]

    def claim_detail(self, ref: str) -> dict[str, Any]:
        """One claim whole (by id or unique id prefix): its article, state, sources,
        checks with their captures, reviews of every version, and earlier versions."""
        claim = self.find_claim(ref)
        sql = f"""
            select a.path as article_path, a.title as article_title,
                   a.published as article_published,
                   case when {REMOVED} then 'removed'
                        when coalesce(a.superseded, 0) = 1 then 'superseded'
                        else 'current' end as state
            from claims c join articles a on a.id = c.article_id where c.id = ?
        """
        claim.update(next(self.db.query(sql, [claim["id"]])))
        claim["sources"] = list(
            self.db.query(
                "select * from sources where claim_id = ? order by position", [claim["id"]]
            )
        )
        claim["checks"] = self.checks_by_claim(claim["id"]).get(claim["id"], [])
        claim["reviews"] = self.reviews_by_claim(claim["id"]).get(claim["id"], [])
        claim["capture"] = (
            self.row("captures", claim["capture_id"]) if claim["capture_id"] else None
        )
        claim["versions"] = list(
            self.db.query(
                "select id, article_id, changes from claims where lineage_id = ? and id != ?",
                [claim["lineage_id"], claim["id"]],
            )
        )
        return claim

    def query(self, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        """Run a read query."""
        yield from self.db.query(sql, params)


# --- rows -----------------------------------------------------------------------


def article_rows(
    article: Article, outcomes: Sequence[ClaimOutcome], run_id: str
) -> dict[str, list[Row]]:
    """The rows of every table for one article and its claims, in COLUMNS order."""
    article_id = article.id
    flagged = sum(outcome.verdict.flagged for outcome in outcomes)
    ordered = parents_first(outcomes)
    return {
        "articles": [article_row(article, run_id, len(outcomes), flagged)],
        "captures": [capture_row(c) for o in ordered for c in captures_of(o)],
        "claims": [claim_row(o, article_id, i, run_id) for i, o in enumerate(ordered)],
        "sources": [row for o in ordered for row in source_rows(o.claim)],
        "checks": [check_row(check) for o in ordered for check in o.checks],
    }


def article_row(article: Article, run_id: str, claims: int, flagged: int) -> Row:
    return (
        article.id,
        article.path,
        article.sha256,
        article.title,
        article.published.isoformat() if article.published else None,
        article.date_source,
        article.format,
        article.encoding,
        article.text,
        dumps(article.links),
        claims,
        flagged,
        run_id,
        None,  # superseded: set by Ledger._supersede in the same transaction
        article.author,
        article.url,
    )


def claim_row(outcome: ClaimOutcome, article_id: str, position: int, run_id: str) -> Row:
    claim, verdict, resolution = outcome.claim, outcome.verdict, outcome.resolution
    date, cue, content = claim.date, claim.cue, claim.content
    chosen = resolution.chosen if resolution else None
    return (
        claim.id,
        article_id,
        claim.parent,
        position,
        claim.source_name,
        claim.sources[0].kind if claim.sources else None,
        next((s.domain for s in claim.sources if s.domain), None),
        claim.channel,
        claim.platform,
        cue.text if cue else None,
        content.text if content else None,
        dumps_list([quote.text for quote in claim.quotes]),
        date.text if date else None,
        date.value if date else None,
        date.precision if date else None,
        int(date.relative) if date else None,
        claim.link.url,
        int(claim.link.placeholder),
        int(claim.checkable),
        verdict.verdict,
        int(verdict.flagged),
        dumps_list(verdict.reasons),
        resolution.status if resolution else None,
        resolution.reason if resolution else None,
        dumps_list([q.describe() for q in resolution.queries]) if resolution else "[]",
        chosen.url if chosen else None,
        outcome.capture.id if outcome.capture else None,
        claim.sentence.text,
        claim.sentence.start,
        claim.sentence.end,
        dumps(claim),  # the same JSON as dumps(claim.to_dict()), without the copy
        run_id,
        None,  # lineage_id, previous_id, changes: set by Ledger._link_lineage on writing
        None,
        None,
    )


def version(row: dict[str, Any], position: float) -> Version:
    """A claim row's identity across versions of its article."""
    quotes = json.loads(row["quotes"]) if row.get("quotes") else []
    return Version.of(
        row["id"], source=row["source"], cue=row["cue"], content=row["content"],
        quotes=quotes, sentence=row["sentence"], position=position,
    )  # fmt: skip


def source_rows(claim: Claim) -> list[Row]:
    return [
        (f"{claim.id}-{i}", claim.id, i, s.name, s.kind, s.handle, s.domain, s.start, s.end)
        for i, s in enumerate(claim.sources)
    ]


_CAPTURE_ROW = attrgetter(*COLUMNS["captures"])  # the columns are the capture's fields
_CHECK_ROW = attrgetter(*COLUMNS["checks"])  # and the check's, `id` its stable key


def capture_row(capture: Capture) -> Row:
    return tuple(_CAPTURE_ROW(capture))


def check_row(check: Check) -> Row:
    """A check's row, under its stable key (`Check.id`)."""
    return tuple(_CHECK_ROW(check))


def captures_of(outcome: ClaimOutcome) -> list[Capture]:
    chosen = [outcome.capture] if outcome.capture is not None else []
    return chosen + [c for c in outcome.captures if c is not outcome.capture]


def parents_first(outcomes: Sequence[ClaimOutcome]) -> list[ClaimOutcome]:
    """Order outcomes so that a claim's parent is written before it."""
    ids = {outcome.claim.id for outcome in outcomes}
    ordered = [o for o in outcomes if o.claim.parent not in ids]
    waiting = [o for o in outcomes if o.claim.parent in ids]
    done = {o.claim.id for o in ordered}
    while waiting:
        ready = [o for o in waiting if o.claim.parent in done] or waiting[:1]
        taken = {id(o) for o in ready}
        waiting = [o for o in waiting if id(o) not in taken]
        ordered.extend(ready)
        done.update(o.claim.id for o in ready)
    return ordered


def dumps(value: Any) -> str:
    """JSON text: models as their `to_dict()`, non-ASCII kept, anything else as `str`."""
    return _JSON.encode(value)


def dumps_list(items: Sequence[Any]) -> str:
    """`dumps(items)`, item by item: encoding a string skips the set-up that encoding
    a list costs (a few microseconds, much more than a short list of strings)."""
    return "[" + ", ".join(map(_JSON.encode, items)) + "]"


def _json_default(value: Any) -> Any:
    """A model as `to_dict()` gives it, one level at a time (the encoder recurses into
    the fields, so nothing is copied twice); anything else as `str(value)`."""
    if not isinstance(value, Record):
        return str(value)
    if type(value).to_dict is not Record.to_dict:  # its own (Capture drops its body)
        return value.to_dict()
    return {name: getattr(value, name) for name in field_names(type(value))}


_JSON = json.JSONEncoder(ensure_ascii=False, default=_json_default)


def utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _version() -> str:
    from provenance import __version__

    return __version__
