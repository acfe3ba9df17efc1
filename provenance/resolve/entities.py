"""People and organisations on Wikidata: their X account, website and other accounts.

For a source the outlet registry does not know ("Andrew Curran", "OpenAI",
"Nvidia's CEO"), the Wikidata API (`settings.wikidata_url`, the documented
`action=wbsearchentities` then `action=wbgetentities`) gives:
- the X username (P2002), the official website (P856), and the accounts on
  other platforms (Bluesky, Mastodon, Threads, YouTube, ...), recorded for the
  editor;
- for a role ("Nvidia's CEO", "the founder of OpenAI"), the organisation, then
  the person in the role (chief executive officer P169, founded by P112,
  chairperson P488).
Among the items whose label or alias is the name, the one whose description
shares most words with the claim's sentence wins ("venture capitalist",
"CEO of Nvidia"); a tie is ambiguous and nothing is chosen.

Requests are polite: the project's descriptive User-Agent (the fetcher's),
`maxlag=5` (a lagging server answers with an error, reported, not retried),
one request at a time through the fetcher. The answers are archived like any
page and served from the archive on later runs (the disk cache), and each
lookup is a query of the claim's resolution, with the item and accounts found
in its detail (kept in the ledger with the claim's queries).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from provenance.resolve import rank
from provenance.resolve.session import Session, failure

ACCOUNTS = {  # Wikidata property -> platform
    "P2002": "x",
    "P12361": "bluesky",
    "P4033": "mastodon",
    "P11892": "threads",
    "P2397": "youtube",
    "P2003": "instagram",
    "P2013": "facebook",
    "P4264": "linkedin",
    "P2037": "github",
    "P4265": "reddit",
}
WEBSITE = "P856"
INSTANCE_OF = "P31"
HUMAN = "Q5"
ROLES = {  # role words -> the organisation's property naming the person
    "ceo": "P169",
    "chief executive": "P169",
    "chief executive officer": "P169",
    "founder": "P112",
    "co-founder": "P112",
    "cofounder": "P112",
    "chair": "P488",
    "chairman": "P488",
    "chairwoman": "P488",
    "chairperson": "P488",
}
ROLE = re.compile(
    r"^(?:the\s+)?(?P<org>.+?)[’']s?\s+(?P<role>" + "|".join(ROLES) + r")$"
    r"|^(?:the\s+)?(?P<role2>" + "|".join(ROLES) + r")\s+of\s+(?P<org2>.+)$",
    re.IGNORECASE,
)
OWNER = re.compile(r"^(?:the\s+)?(?P<owner>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3})[’']s?\s+\w")
SEARCH_LIMIT = 7
MAXLAG = "5"


@dataclass(slots=True)
class Entity:
    """A Wikidata item: its id, label, description, website and platform accounts."""

    id: str
    label: str
    description: str = ""
    aliases: list[str] = field(default_factory=list)
    website: str | None = None
    accounts: dict[str, str] = field(default_factory=dict)  # platform -> account
    human: bool = False
    claims: dict[str, list[str]] = field(default_factory=dict)  # property -> values

    def describe(self) -> str:
        """The item in words, for the query an editor reads."""
        parts = [f"{self.id} {self.label}" + (f" ({self.description})" if self.description else "")]
        if self.website:
            parts.append(f"website {self.website}")
        parts += [f"{platform} {account}" for platform, account in self.accounts.items()]
        others = [platform for platform in self.accounts if platform != "x"]
        if others:
            parts.append(f"posts on {', '.join(others)} are not searched (no adapter yet)")
        return "; ".join(parts)


def api_url(base: str, **params: str) -> str:
    """A Wikidata API URL with JSON output and `maxlag`."""
    return f"{base}?{urlencode({**params, 'format': 'json', 'maxlag': MAXLAG})}"


def role_of(name: str) -> tuple[str, str] | None:
    """The (organisation, property) of a role name: "Nvidia's CEO" -> ("Nvidia", "P169")."""
    found = ROLE.match(name.strip())
    if not found:
        return None
    org = found["org"] or found["org2"]
    role = (found["role"] or found["role2"]).lower()
    return org.strip(), ROLES[role]


def owner_of(name: str) -> str | None:
    """The owner a document is named after: "OpenAI's policy proposal" -> "OpenAI"."""
    found = OWNER.match(name.strip())
    return found["owner"] if found else None


def lookup(session: Session, name: str) -> Entity | None:
    """The Wikidata item for a source name (a role is followed to its holder), or None."""
    role = role_of(name)
    if role is None:
        return _named(session, name)
    org_name, prop = role
    org = _named(session, org_name)
    holders = org.claims.get(prop, []) if org else []
    if org is None or not holders:
        if org is not None:
            session.ask("wikidata", name, window=False).outcome = "not_found"
        return None
    query = session.ask("wikidata", name, window=False)
    found = _entities(session, holders[:1], query)
    person = found[0] if found else None
    if person is not None:
        query.candidates, query.outcome = 1, "found"
        query.detail = f"{prop} of {org.id}: {person.describe()}"
    return person


def _named(session: Session, name: str) -> Entity | None:
    query = session.ask("wikidata", name, window=False)
    search = api_url(
        session.settings.wikidata_url,
        action="wbsearchentities",
        search=name,
        language="en",
        uselang="en",
        type="item",
        limit=str(SEARCH_LIMIT),
    )
    answer = _answer(session, search, query)
    hits = answer.get("search", []) if answer else []
    ids = [hit["id"] for hit in hits if isinstance(hit, dict) and _names_match(hit, name)]
    if not ids:
        query.outcome = "not_found" if answer is not None else query.outcome
        return None
    entities = _entities(session, ids, query)
    chosen = choose(entities, session.claim.sentence.text, name, person=_is_person(session, name))
    query.candidates = len(entities)
    if chosen is None:
        query.outcome = "not_found" if not entities else "ambiguous"
        query.detail = query.detail or ", ".join(f"{e.id} ({e.description})" for e in entities)
        return None
    query.outcome, query.detail = "found", chosen.describe()
    return chosen


def _is_person(session: Session, name: str) -> bool:
    return any(
        s.name == name and s.kind in ("person", "social_account") for s in session.claim.sources
    )


def _names_match(hit: dict[str, Any], name: str) -> bool:
    wanted = _fold(name)
    shown = [hit.get("label"), (hit.get("match") or {}).get("text"), *(hit.get("aliases") or [])]
    return any(isinstance(text, str) and _fold(text) == wanted for text in shown)


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _entities(session: Session, ids: list[str], query: Any) -> list[Entity]:
    url = api_url(
        session.settings.wikidata_url,
        action="wbgetentities",
        ids="|".join(ids),
        props="labels|descriptions|aliases|claims",
        languages="en",
    )
    answer = _answer(session, url, query)
    items = answer.get("entities", {}) if answer else {}
    return [parse_entity(items[i]) for i in ids if isinstance(items.get(i), dict)]


def _answer(session: Session, url: str, query: Any) -> dict[str, Any] | None:
    """The JSON of an API answer; None (and the query marked) when there is none."""
    result = session.get(url)  # kept in the archive until a run with --refresh
    if not result.ok or result.capture is None:
        query.outcome, query.detail = "error", failure(result)
        return None
    try:
        data = json.loads(result.capture.body.decode("utf-8", "replace"))
    except json.JSONDecodeError:
        query.outcome, query.detail = "error", "Wikidata answered with something other than JSON"
        return None
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict):
        lag = " (the server is lagging: maxlag)" if error.get("code") == "maxlag" else ""
        query.outcome, query.detail = "error", f"Wikidata error {error.get('code')}{lag}"
        return None
    return data if isinstance(data, dict) else None


def parse_entity(item: dict[str, Any]) -> Entity:
    """An Entity from a `wbgetentities` item."""
    claims = {prop: _values(statements) for prop, statements in (item.get("claims") or {}).items()}
    accounts = {ACCOUNTS[p]: values[0] for p, values in claims.items() if p in ACCOUNTS and values}
    website = claims.get(WEBSITE, [None])[0] if claims.get(WEBSITE) else None
    aliases = [a.get("value", "") for a in (item.get("aliases") or {}).get("en", [])]
    return Entity(
        id=str(item.get("id", "")),
        label=_text(item.get("labels")),
        description=_text(item.get("descriptions")),
        aliases=[alias for alias in aliases if alias],
        website=website,
        accounts=accounts,
        human=HUMAN in claims.get(INSTANCE_OF, []),
        claims=claims,
    )


def _text(values: Any) -> str:
    entry = values.get("en") if isinstance(values, dict) else None
    return str(entry.get("value", "")) if isinstance(entry, dict) else ""


def _values(statements: Any) -> list[str]:
    """The values of a property's statements, preferred first, deprecated left out."""
    kept = [s for s in statements or [] if isinstance(s, dict) and s.get("rank") != "deprecated"]
    kept.sort(key=lambda s: s.get("rank") != "preferred")
    values = []
    for statement in kept:
        value = ((statement.get("mainsnak") or {}).get("datavalue") or {}).get("value")
        if isinstance(value, dict):
            value = value.get("id")
        if isinstance(value, str) and value:
            values.append(value)
    return values


def choose(entities: list[Entity], sentence: str, name: str, *, person: bool) -> Entity | None:
    """The item whose description best fits the sentence's words; None when that is a tie."""
    if len(entities) <= 1:
        return entities[0] if entities and (entities[0].human or not person) else None
    context = rank.words(sentence) - rank.words(name)

    def fit(entity: Entity) -> float:
        described = rank.words(" ".join([entity.description, *entity.aliases]))
        return len(context & described) + (0.5 if entity.human == person else 0.0)

    ranked = sorted(entities, key=fit, reverse=True)
    return ranked[0] if fit(ranked[0]) > fit(ranked[1]) and fit(ranked[0]) >= 1 else None


def website_domain(entity: Entity) -> str | None:
    """The official website as a discovery domain (host, and path when it has one)."""
    if not entity.website:
        return None
    parts = urlsplit(entity.website)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    path = parts.path.rstrip("/")
    return (
        f"{parts.scheme}://{parts.netloc}{path}"
        if parts.scheme == "http"
        else f"{parts.netloc}{path}"
    )
