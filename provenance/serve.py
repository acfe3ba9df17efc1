"""Serve the ledger in Datasette: read-only for visitors, a review form for named reviewers,
archived copies from the WARC files, and caps on what one request can cost.

Reviewers log in with a link printed at start (`/-/provenance/login?token=...`,
one random token per reviewer, valid while the server runs); the link sets
Datasette's signed `ds_actor` cookie to `{"id": NAME}`. The review form
(`/-/provenance/review`) records a review with `Ledger.add_review`, the code
behind `provenance review`, for a logged-in reviewer only. An archived copy is
shown at `/-/provenance/capture/{capture_id}` under a
`Content-Security-Policy: sandbox` header, so none of its scripts run here.

Caps: one value at most MAX_VALUE_BYTES (SQLite's length limit), one result's
values at most MAX_RESULT_BYTES, MAX_RETURNED_ROWS rows, SQL_TIME_LIMIT_MS per
query, CSV streams at most MAX_CSV_MB; arbitrary SQL is off unless asked for.
"""

from __future__ import annotations

import asyncio
import html
import secrets
import socket
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from datasette import hookimpl
from datasette.app import Datasette
from datasette.plugins import pm
from datasette.utils.asgi import Response

from provenance import charsets
from provenance.archive import read_payload
from provenance.errors import FetchError, ProvenanceError
from provenance.ledger import ARCHIVE_PATH, COLUMNS, REVIEW_STATUSES, Ledger
from provenance.models import Capture

__all__ = [
    "MAX_RESULT_BYTES",
    "MAX_VALUE_BYTES",
    "ServeOptions",
    "build",
    "listen",
    "read_reviewers",
    "run",
]

MAX_RETURNED_ROWS = 1000
MAX_VALUE_BYTES = 4 * 1024**2  # one string or blob (SQLITE_LIMIT_LENGTH)
MAX_RESULT_BYTES = 16 * 1024**2  # the strings and blobs of one result, added up
MAX_CSV_MB = 100  # a streamed CSV download
SQLITE_HEAP_BYTES = 64 * 1024**2  # all of SQLite's memory in the process
MAX_NOTE_CHARS = 10_000
SQL_TIME_LIMIT_MS = 3000
CAPTURE_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"
TEMPLATES = Path(__file__).parent / "datasette" / "templates"
_CAPTURE_FIELDS = [name for name in COLUMNS["captures"] if name != "id"]


@dataclass(frozen=True)
class ServeOptions:
    """What `provenance serve` serves, and to whom."""

    ledger: Path
    cache: Path
    metadata: dict[str, Any]
    reviewers: dict[str, str] = field(default_factory=dict)  # name -> login token
    allow_sql: bool = False


def read_reviewers(path: Path) -> list[str]:
    """Reviewer names from a file, one a line (blank lines and `#` comments skipped)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ProvenanceError(f"cannot read the reviewers file {path}: {exc}") from exc
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def login_tokens(names: Iterable[str]) -> dict[str, str]:
    """One fresh random login token per reviewer name (duplicates dropped)."""
    tokens: dict[str, str] = {}
    for name in names:
        name = name.strip()
        if not name or len(name) > 100:
            raise ProvenanceError(f"a reviewer's name must be 1 to 100 characters: {name!r}")
        tokens.setdefault(name, secrets.token_urlsafe(24))
    return tokens


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to host:port (port 0: one the system chooses); OSError if taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def build(options: ServeOptions) -> Datasette:
    """A Datasette for the ledger with the caps, the review form and the archived copies."""
    datasette = Datasette(
        [str(options.ledger)],
        metadata=options.metadata,
        template_dir=str(TEMPLATES),
        settings={
            "default_allow_sql": options.allow_sql,
            "max_returned_rows": MAX_RETURNED_ROWS,
            "sql_time_limit_ms": SQL_TIME_LIMIT_MS,
            "max_csv_mb": MAX_CSV_MB,
            "suggest_facets": False,  # a query per column on every page: seconds on a view
        },
    )
    if pm.has_plugin("provenance"):  # a second build in one process replaces the first
        pm.unregister(name="provenance")
    pm.register(ProvenancePlugin(options), name="provenance")
    return datasette


def run(datasette: Datasette, sock: socket.socket) -> None:
    """Serve `datasette` on the bound socket until interrupted."""
    import uvicorn

    asyncio.run(datasette.invoke_startup())
    config = uvicorn.Config(datasette.app(), log_level="warning", lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])


# --- caps -------------------------------------------------------------------------


class ResultCap:
    """Fails a query once the text and blobs it returned add up to more than `limit` bytes.

    Datasette builds JSON and HTML from the rows it fetched, so capping the
    fetch caps what a response costs. Installed on one connection (one thread
    at a time): the count starts again with each statement SQLite runs; text is
    counted value by value, blobs row by row (each at most MAX_VALUE_BYTES, and
    SQLite's heap limit bounds a wide row).
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0

    def install(self, conn: sqlite3.Connection) -> None:
        """Count what `conn` returns from now on."""
        conn.set_trace_callback(self.start)
        conn.text_factory = self.text
        conn.row_factory = self.row

    def start(self, _statement: str) -> None:
        self.size = 0

    def text(self, data: bytes) -> str:
        self.add(len(data))
        return str(data, "utf-8", "replace")

    def row(self, cursor: sqlite3.Cursor, values: tuple[Any, ...]) -> sqlite3.Row:
        self.add(sum(len(value) for value in values if isinstance(value, bytes)))
        return sqlite3.Row(cursor, values)

    def add(self, size: int) -> None:
        self.size += size
        if self.size > self.limit:
            self.size = 0
            raise sqlite3.DataError(
                f"the result is larger than {self.limit // 1024**2} MB: ask for fewer rows "
                "or columns (add a limit, or leave out long text)"
            )


# --- the plugin -------------------------------------------------------------------


class ProvenancePlugin:
    """Datasette hooks: connection caps, login, the review form, archived copies."""

    def __init__(self, options: ServeOptions) -> None:
        self.options = options
        self.__name__ = __name__  # Datasette lists plugins by module name

    @hookimpl  # type: ignore[untyped-decorator]
    def prepare_connection(self, conn: sqlite3.Connection) -> None:
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        conn.execute(f"pragma hard_heap_limit = {SQLITE_HEAP_BYTES}")  # process-wide
        ResultCap(MAX_RESULT_BYTES).install(conn)

    @hookimpl  # type: ignore[untyped-decorator]
    def register_routes(self) -> list[tuple[str, Callable[..., Any]]]:
        return [
            (r"^/-/provenance/login$", self.login),
            (r"^/-/provenance/review$", self.review),
            (rf"^{ARCHIVE_PATH}(?P<capture_id>[0-9a-f]{{1,64}})$", self.capture),
            (rf"^{ARCHIVE_PATH}(?P<capture_id>[0-9a-f]{{1,64}})/raw$", self.capture_raw),
        ]

    @hookimpl  # type: ignore[untyped-decorator]
    def menu_links(self, actor: dict[str, Any] | None) -> list[dict[str, str]]:
        if self.reviewer(actor) is None:
            return []
        return [{"href": "/-/provenance/review", "label": "Review a claim"}]

    @hookimpl  # type: ignore[untyped-decorator]
    def handle_exception(self, request: Any, exception: BaseException) -> Response | None:
        if not isinstance(exception, MemoryError):
            return None
        message = (
            f"the result needs more than the {SQLITE_HEAP_BYTES // 1024**2} MB of memory "
            "allowed to SQLite: ask for fewer or shorter columns"
        )
        if request.path.endswith(".json"):
            return Response.json({"ok": False, "error": message, "status": 400}, status=400)
        return Response.text(message, status=400)

    def reviewer(self, actor: dict[str, Any] | None) -> str | None:
        """The reviewer's name when `actor` is one of this server's reviewers."""
        name = (actor or {}).get("id")
        return name if isinstance(name, str) and name in self.options.reviewers else None

    # --- login ----------------------------------------------------------------

    async def login(self, datasette: Datasette, request: Any) -> Response:
        token = request.args.get("token") or ""
        for name, expected in self.options.reviewers.items():
            if secrets.compare_digest(token.encode(), expected.encode()):
                response = Response.redirect("/-/provenance/review")
                cookie = datasette.sign({"a": {"id": name}}, "actor")
                response.set_cookie("ds_actor", cookie, httponly=True, samesite="lax")
                return response
        return Response.text("Unknown login token: ask for the link printed by serve.", 403)

    # --- the review form --------------------------------------------------------

    async def review(self, datasette: Datasette, request: Any) -> Response:
        name = self.reviewer(request.actor)
        if request.method == "POST":
            form = await request.post_vars()
            if name is None:
                return await self.review_page(
                    datasette, request, form, "Log in as a reviewer to record a review.", 403
                )
            return await self.record(datasette, request, name, form)
        return await self.review_page(datasette, request, dict(request.args), None, 200)

    async def record(
        self, datasette: Datasette, request: Any, name: str, form: dict[str, str]
    ) -> Response:
        claim = (form.get("claim") or "").strip()
        status = form.get("status") or ""
        note = (form.get("note") or "").strip() or None
        if status not in REVIEW_STATUSES:
            problem = f"choose a status: {', '.join(REVIEW_STATUSES)}"
            return await self.review_page(datasette, request, form, problem, 400)
        if note is not None and len(note) > MAX_NOTE_CHARS:
            problem = f"the note is longer than {MAX_NOTE_CHARS} characters"
            return await self.review_page(datasette, request, form, problem, 400)

        def write() -> dict[str, Any]:
            with Ledger(self.options.ledger) as book:
                return book.add_review(claim, status=status, note=note, reviewer=name)

        try:
            row = await asyncio.to_thread(write)
        except ProvenanceError as exc:
            return await self.review_page(datasette, request, form, str(exc), 400)
        except MemoryError:  # SQLite's ceiling, reached by other requests: nothing written
            problem = "the server is short of memory and recorded nothing: submit again"
            return await self.review_page(datasette, request, form, problem, 503)
        done = f"review {row['id']} recorded for claim {row['claim_id']}: {status}"
        return await self.review_page(
            datasette, request, {"claim": row["claim_id"]}, None, 200, done
        )

    async def review_page(
        self,
        datasette: Datasette,
        request: Any,
        form: dict[str, str],
        problem: str | None,
        status: int,
        done: str | None = None,
    ) -> Response:
        database = datasette.get_database()
        ref = (form.get("claim") or "").strip()
        claim, reviews = None, []
        if ref:
            sql = "select * from claims where substr(id, 1, length(:ref)) = :ref limit 2"
            rows = (await database.execute(sql, {"ref": ref})).rows
            if len(rows) == 1:
                claim = dict(rows[0])
                sql = "select * from reviews where claim_id = :id order by id desc"
                reviews = [dict(r) for r in (await database.execute(sql, {"id": claim["id"]}))]
        context = {
            "ledger_db": database.name,
            "claim": claim,
            "claim_ref": ref,
            "reviews": reviews,
            "statuses": REVIEW_STATUSES,
            "form": form,
            "reviewer": self.reviewer(request.actor),
            "problem": problem,
            "done": done,
        }
        page = await datasette.render_template("provenance_review.html", context, request=request)
        return Response.html(page, status=status)

    # --- archived copies ----------------------------------------------------------

    async def find_capture(
        self, datasette: Datasette, capture_id: str
    ) -> tuple[Capture, bytes] | Response:
        sql = "select * from captures where id = :id"
        rows = (await datasette.get_database().execute(sql, {"id": capture_id})).rows
        if not rows:
            return Response.text(f"no capture {capture_id} in the ledger", 404)
        row = dict(rows[0])
        capture = Capture(**{name: row[name] for name in _CAPTURE_FIELDS})
        try:
            body = await asyncio.to_thread(read_payload, self.options.cache / "warc", capture)
        except FetchError as exc:
            return Response.text(f"the archived copy cannot be shown: {exc}", 404)
        return capture, body

    async def capture(self, datasette: Datasette, request: Any) -> Response:
        capture_id = request.url_vars["capture_id"]
        found = await self.find_capture(datasette, capture_id)
        if isinstance(found, Response):
            return found
        capture, body = found
        page = capture_page(capture_id, capture, body)
        return Response.html(page, headers=capture_headers())

    async def capture_raw(self, datasette: Datasette, request: Any) -> Response:
        capture_id = request.url_vars["capture_id"]
        found = await self.find_capture(datasette, capture_id)
        if isinstance(found, Response):
            return found
        headers = {
            **capture_headers(),
            "Content-Disposition": f'attachment; filename="capture-{capture_id}"',
        }
        return Response(found[1], headers=headers, content_type="application/octet-stream")


def capture_headers() -> dict[str, str]:
    """Headers that keep an archived page from running anything in the review site's origin."""
    return {
        "Content-Security-Policy": CAPTURE_CSP,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
    }


def capture_page(capture_id: str, capture: Capture, body: bytes) -> str:
    """The archived copy under a banner: HTML in a sandboxed frame, text as text."""
    kind = (capture.content_type or "").split(";")[0].strip().lower()
    text = charsets.decode(body, charsets.header_charset(capture.content_type))[0]
    if kind in ("text/html", "application/xhtml+xml", ""):
        shown = f'<iframe sandbox srcdoc="{html.escape(text, quote=True)}"></iframe>'
    elif kind.startswith("text/") or kind.endswith(("json", "xml")):
        shown = f"<pre>{html.escape(text)}</pre>"
    else:
        shown = (
            f"<p>This capture is {html.escape(kind)} ({capture.size} bytes) and is not shown "
            f'here: <a href="{ARCHIVE_PATH}{capture_id}/raw">download it</a>.</p>'
        )
    e = html.escape
    live = e(capture.final_url, quote=True)
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Archived copy of {e(capture.final_url)}</title>
<style>
body {{ margin: 0; font-family: system-ui, sans-serif; }}
.banner {{ background: #fff4c2; border-bottom: 2px solid #c9a400; padding: 0.6em 1em; }}
.banner dl {{ display: grid; grid-template-columns: max-content 1fr; gap: 0.1em 1em; margin: 0; }}
.banner dt {{ font-weight: bold; }} .banner dd {{ margin: 0; overflow-wrap: anywhere; }}
iframe {{ border: 0; width: 100%; height: calc(100vh - 9em); }}
pre {{ white-space: pre-wrap; padding: 1em; }}
</style></head>
<body>
<div class="banner" id="provenance-banner">
<strong>Archived copy</strong>: what the page said when it was captured, not what it says now.
Scripts, images and styles from the live site are not loaded.
<dl>
<dt>URL</dt><dd><a href="{live}" rel="noreferrer">{e(capture.final_url)}</a></dd>
<dt>Captured</dt><dd>{e(capture.fetched_at)} (HTTP {capture.status})</dd>
<dt>SHA-256</dt><dd><code>{e(capture.sha256)}</code></dd>
<dt>WARC</dt><dd><code>{e(capture.warc_file)}</code> at offset {capture.offset}</dd>
</dl>
</div>
{shown}
</body></html>
"""


def login_url(base: str, token: str) -> str:
    """The link that logs a reviewer in."""
    return f"{base}/-/provenance/login?token={quote(token)}"
