"""The registry of news outlets: names, aliases, domains and kinds.

The extractor uses it to recognise outlets among a claim's sources ("WIRED’s
coverage", "Asia Times (link)"), and the resolver to turn an outlet's name into
the domains where its originals live.

The shipped file is `provenance/data/outlets.json`. A user file (the setting
`outlets`, or `load_registry(extra=...)`) extends it, and overrides a shipped
entry that has the same name. Both use this format, as JSON:

    {"outlets": [
        {"name": "The Washington Post",        # the display name (required)
         "aliases": ["Washington Post", "WaPo"],  # other names (optional)
         "domains": ["washingtonpost.com"],   # hosts, or host/path prefixes (optional)
         "kind": "newspaper"}                 # see KINDS (optional, default "online")
    ]}

or as TOML, one table per outlet:

    [[outlet]]
    name = "The Daily Bugle"
    aliases = ["Bugle"]
    domains = ["dailybugle.example"]
    kind = "newspaper"

Lookups are case-insensitive and forgive a leading "the", a possessive
("WIRED’s"), curly apostrophes and extra spaces. `kind` is one of KINDS;
"platform" marks social networks and forums (X, Reddit), whose posts are
claims of their users rather than of the outlet.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from provenance.errors import ConfigError

__all__ = ["KINDS", "Outlet", "Registry", "load_registry", "normalise_name"]

KINDS = (
    "newspaper",
    "agency",
    "magazine",
    "broadcaster",
    "online",
    "newsletter",
    "platform",
)

_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def normalise_name(name: str) -> str:
    """Return the lookup key of an outlet name: lower case, no "the", no possessive."""
    text = _SPACES.sub(" ", name.replace("’", "'").strip()).lower()
    text = re.sub(r"'s?$", "", text)
    text = text.removeprefix("the ")
    return text.strip(" .,;:")


@dataclass(frozen=True, slots=True)
class Outlet:
    """One news outlet, agency, magazine, newsletter or platform."""

    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    kind: str = "online"

    @property
    def domain(self) -> str | None:
        """The outlet's main host (its first domain, without a path)."""
        return self.domains[0].split("/")[0] if self.domains else None


@dataclass(slots=True, eq=False)
class Registry:
    """Outlets indexed by normalised name/alias and by domain (hashed by identity)."""

    outlets: list[Outlet] = field(default_factory=list)
    _names: dict[str, Outlet] = field(default_factory=dict)
    _domains: dict[str, Outlet] = field(default_factory=dict)
    version: int = 0  # bumped by every `add`, so that callers can cache lookups safely

    def add(self, outlet: Outlet) -> None:
        """Add `outlet`, replacing any earlier entry with the same name."""
        self.version += 1
        key = normalise_name(outlet.name)
        previous = self._names.get(key)
        if previous is not None and normalise_name(previous.name) == key:
            self.outlets.remove(previous)
        self.outlets.append(outlet)
        for name in (*outlet.aliases, outlet.name):
            self._names[normalise_name(name)] = outlet
        for domain in outlet.domains:
            self._domains.setdefault(domain.lower().removeprefix("www."), outlet)

    def lookup(self, name: str) -> Outlet | None:
        """Return the outlet called `name` (or one of its aliases), if any."""
        return self._names.get(normalise_name(name))

    def by_domain(self, domain: str) -> Outlet | None:
        """Return the outlet of a host or URL (subdomains and path prefixes count)."""
        host, path = _host_and_path(domain)
        for prefix in _path_prefixes(path):
            outlet = self._host_lookup(host, prefix)
            if outlet is not None:
                return outlet
        return None

    def _host_lookup(self, host: str, prefix: str) -> Outlet | None:
        labels = host.split(".")
        for index in range(len(labels) - 1):
            outlet = self._domains.get(".".join(labels[index:]) + prefix)
            if outlet is not None:
                return outlet
        return None

    def __len__(self) -> int:
        return len(self.outlets)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.lookup(name) is not None


def _host_and_path(domain: str) -> tuple[str, str]:
    text = domain.strip().lower()
    parts = urlsplit(text if "//" in text else "//" + text)
    host = (parts.hostname or "").removeprefix("www.")
    return host, parts.path.rstrip("/")


def _path_prefixes(path: str) -> list[str]:
    segments = [segment for segment in path.split("/") if segment]
    prefixes = ["/" + "/".join(segments[:n]) for n in range(len(segments), 0, -1)]
    return [*prefixes, ""]


def load_registry(extra: Path | None = None) -> Registry:
    """Return the shipped outlet registry, extended by the user file `extra`."""
    registry = Registry()
    for outlet in _shipped():
        registry.add(outlet)
    if extra is not None:
        for outlet in _parse(_read(extra), str(extra)):
            registry.add(outlet)
    return registry


@lru_cache(maxsize=1)
def _shipped() -> tuple[Outlet, ...]:
    text = resources.files("provenance").joinpath("data/outlets.json").read_text("utf-8")
    return tuple(_parse(json.loads(text), "outlets.json"))


def _read(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
        return tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(f"{path}: cannot read the outlet file: {exc}", setting="outlets") from exc


def _parse(data: Any, origin: str) -> list[Outlet]:
    entries = data.get("outlets", data.get("outlet")) if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise ConfigError(f"{origin}: expected a list of outlets", setting="outlets")
    return [_outlet(entry, origin) for entry in entries]


def _outlet(entry: Any, origin: str) -> Outlet:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise ConfigError(f"{origin}: an outlet needs a name: {entry!r}", setting="outlets")
    kind = entry.get("kind", "online")
    if kind not in KINDS:
        raise ConfigError(f"{origin}: {entry['name']}: unknown kind {kind!r}", setting="outlets")
    return Outlet(
        name=entry["name"],
        aliases=tuple(str(alias) for alias in entry.get("aliases", [])),
        domains=tuple(str(domain).lower() for domain in entry.get("domains", [])),
        kind=kind,
    )
