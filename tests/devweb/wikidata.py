"""A Wikidata API stub: `wbsearchentities` and `wbgetentities` over items built by code.

Items are given as `item(qid, label, description, aliases=..., claims=...)`,
claims as {property: [value, ...]} (a string, or a Q-id for an item value).
The stub answers as the real API does (search hits with `match`, entities with
labels, descriptions, aliases and claims with ranks), disallows `/w/` in its
robots.txt as Wikimedia sites do, and can be told to be lagging (`maxlag`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from devweb.loopback import Request, Response, not_found


def item(
    qid: str,
    label: str,
    description: str,
    *,
    aliases: tuple[str, ...] = (),
    claims: dict[str, list[str]] | None = None,
    deprecated: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """A `wbgetentities` item."""

    def statement(value: str, rank: str) -> dict[str, Any]:
        is_item = value[:1] == "Q" and value[1:].isdigit()
        data = {"type": "wikibase-entityid", "value": {"entity-type": "item", "id": value}}
        snak = data if is_item else {"type": "string", "value": value}
        return {"mainsnak": {"snaktype": "value", "datavalue": snak}, "rank": rank}

    statements: dict[str, list[dict[str, Any]]] = {}
    for prop, values in (claims or {}).items():
        statements.setdefault(prop, []).extend(statement(v, "normal") for v in values)
    for prop, values in (deprecated or {}).items():
        statements.setdefault(prop, []).extend(statement(v, "deprecated") for v in values)
    return {
        "id": qid,
        "labels": {"en": {"language": "en", "value": label}},
        "descriptions": {"en": {"language": "en", "value": description}},
        "aliases": {"en": [{"language": "en", "value": alias} for alias in aliases]},
        "claims": statements,
    }


@dataclass
class Wikidata:
    """The API at `/w/api.php`; `lagging` answers every request with a maxlag error."""

    items: dict[str, dict[str, Any]] = field(default_factory=dict)
    lagging: bool = False

    def respond(self, request: Request) -> Response:
        """robots.txt and the two API actions."""
        if request.path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nDisallow: /w/\n"
        if request.path != "/w/api.php":
            return not_found()
        if self.lagging and request.query.get("maxlag"):
            error = {"code": "maxlag", "info": "Waiting for a database server: 7 seconds lagged."}
            return (
                200,
                "application/json",
                json.dumps({"error": error}).encode(),
                {"Retry-After": "5"},
            )
        action = request.query.get("action")
        if action == "wbsearchentities":
            return _json({"search": self.search(request.query.get("search", ""))})
        if action == "wbgetentities":
            ids = request.query.get("ids", "").split("|")
            return _json({"entities": {i: self.items[i] for i in ids if i in self.items}})
        return _json({"error": {"code": "badvalue", "info": f"Unknown action {action}"}})

    def search(self, text: str) -> list[dict[str, Any]]:
        """Items whose label or an alias starts with `text` (case-insensitive)."""
        wanted = text.casefold()
        hits = []
        for qid, entry in self.items.items():
            label = entry["labels"]["en"]["value"]
            names = [("label", label)] + [("alias", a["value"]) for a in entry["aliases"]["en"]]
            match = next(
                ((kind, name) for kind, name in names if name.casefold().startswith(wanted)), None
            )
            if match:
                hits.append({
                    "id": qid, "label": label,
                    "description": entry["descriptions"]["en"]["value"],
                    "match": {"type": match[0], "language": "en", "text": match[1]},
                })  # fmt: skip
        return hits


def _json(data: object) -> Response:
    return 200, "application/json", json.dumps(data).encode()
