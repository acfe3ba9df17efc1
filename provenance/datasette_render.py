"""A Datasette plugin that makes the ledger readable to an editor (loaded by `provenance serve`
through the `datasette` entry point).

- JSON lists of strings (reasons, quotes, queries) show as lists, other JSON as indented
  text, non-ASCII kept (datasette-pretty-json writes “ as \\u201c);
- multi-line text (evidence, review history) keeps its lines;
- `archived_copy` paths link to the archived copy that `provenance serve` shows;
- claim ids in the views link to the claim's row.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from datasette import hookimpl
from markupsafe import Markup, escape

from provenance.ledger import ARCHIVE_PATH, VIEWS

CLAIM_COLUMNS = ("claim_id", "reviewed_claim_id")


@hookimpl  # type: ignore[untyped-decorator]
def render_cell(value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """The cell's HTML, or None to leave it to Datasette."""
    if not isinstance(value, str):
        return None
    if column == "archived_copy" and value.startswith(ARCHIVE_PATH):
        return Markup(f'<a href="{escape(datasette.urls.path(value))}">archived copy</a>')
    if table in VIEWS and column in CLAIM_COLUMNS and value:
        href = datasette.urls.table(database, "claims") + "/" + quote(value, safe="")
        return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')
    return readable_json(value) or multiline(value)


def readable_json(value: str) -> Markup | None:
    """A JSON list or object as HTML an editor reads; None for any other text."""
    text = value.strip()
    if (text[:1], text[-1:]) not in (("[", "]"), ("{", "}")):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if isinstance(data, list) and all(isinstance(item, str) for item in data):
        if not data:
            return Markup('<span class="type-none">none</span>')
        return Markup("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in data) + "</ul>")
    pretty = json.dumps(data, indent=2, ensure_ascii=False)
    return Markup(f'<pre style="white-space: pre-wrap">{escape(pretty)}</pre>')


def multiline(value: str) -> Markup | None:
    """Text of several lines with its lines kept; None for one line."""
    if "\n" not in value.strip():
        return None
    return Markup(f'<div style="white-space: pre-wrap">{escape(value.strip())}</div>')
