"""The user's sources file: known URLs for claims whose links were stripped.

    [[source]]
    name = "The Washington Post"   # the claim's source name (case-insensitive, aliases count)
    date = "2025-10-13"            # optional: the claimed date
    text = "open AI models"        # optional: words the claim must contain
    url = "https://www.washingtonpost.com/..."

A rule matches a claim when one of the claim's sources has that name (or an
alias of the same registry outlet), the claimed date is the rule's date (when
the rule gives one), and the claim's sentence contains the rule's text (when
it gives one, compared case- and whitespace-insensitively).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from provenance.errors import SourcesFileError
from provenance.models import Claim
from provenance.resolve.types import RegistryLike

KEYS = {"name", "date", "text", "url"}


@dataclass(frozen=True, slots=True)
class SourceRule:
    """One `[[source]]` entry of a sources file."""

    name: str
    url: str
    date: str | None = None
    text: str | None = None

    def describe(self) -> str:
        """The rule in words, for the queries an editor reads."""
        parts = [self.name] + [part for part in (self.date, self.text) if part]
        return " / ".join(parts)


def load_sources(path: Path) -> list[SourceRule]:
    """Read a sources file; raise SourcesFileError naming the path and the fault."""
    data = _read_toml(path)
    entries = data.get("source", [])
    unknown = sorted(set(data) - {"source"})
    if unknown:
        raise SourcesFileError(f"unknown top-level keys: {', '.join(unknown)}", path=str(path))
    if not isinstance(entries, list):
        raise SourcesFileError("`source` must be an array of tables ([[source]])", path=str(path))
    return [_rule(entry, number, path) for number, entry in enumerate(entries, start=1)]


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SourcesFileError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SourcesFileError(f"not valid TOML: {exc}", path=str(path)) from exc


def _rule(entry: Any, number: int, path: Path) -> SourceRule:
    where = f"source #{number}"
    if not isinstance(entry, dict):
        raise SourcesFileError(f"{where}: must be a table", path=str(path))
    unknown = sorted(set(entry) - KEYS)
    if unknown:
        raise SourcesFileError(f"{where}: unknown keys: {', '.join(unknown)}", path=str(path))
    for key in KEYS:
        if key in entry and not isinstance(entry[key], str | date):
            raise SourcesFileError(f"{where}: `{key}` must be a string", path=str(path))
    name, url = _text(entry, "name"), _text(entry, "url")
    if not name or not url:
        missing = "name" if not name else "url"
        raise SourcesFileError(f"{where}: `{missing}` is required", path=str(path))
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise SourcesFileError(f"{where}: `url` is not an http(s) URL: {url!r}", path=str(path))
    day = _text(entry, "date")
    if day is not None and not _valid_date(day):
        raise SourcesFileError(
            f"{where}: `date` is not YYYY, YYYY-MM or YYYY-MM-DD: {day!r}", path=str(path)
        )
    return SourceRule(name=name, url=url, date=day, text=_text(entry, "text"))


def _text(entry: dict[str, Any], key: str) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    return str(value).strip() or None


def _valid_date(text: str) -> bool:
    return re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text) is not None


def match_rule(
    claim: Claim, rules: list[SourceRule], registry: RegistryLike | None = None
) -> SourceRule | None:
    """The first rule that matches `claim`, or None."""
    for rule in rules:
        matches = _name_matches(rule, claim, registry) and _date_matches(rule, claim)
        if matches and _text_matches(rule, claim):
            return rule
    return None


def _name_matches(rule: SourceRule, claim: Claim, registry: RegistryLike | None) -> bool:
    wanted = {_fold(rule.name)} | _aliases(rule.name, registry)
    return any(_fold(source.name) in wanted for source in claim.sources) or any(
        source.handle and _fold(source.handle.lstrip("@")) in wanted for source in claim.sources
    )


def _aliases(name: str, registry: RegistryLike | None) -> set[str]:
    outlet = registry.lookup(name) if registry else None
    if outlet is None:
        return set()
    names = [outlet.name, *getattr(outlet, "aliases", ())]
    return {_fold(alias) for alias in names}


def _date_matches(rule: SourceRule, claim: Claim) -> bool:
    if rule.date is None:
        return True
    value = claim.date.value if claim.date else None
    return bool(value) and str(value).startswith(rule.date)


def _text_matches(rule: SourceRule, claim: Claim) -> bool:
    if rule.text is None:
        return True
    parts = [claim.sentence.text, claim.content.text if claim.content else ""]
    parts += [quote.text for quote in claim.quotes]
    return _fold(rule.text) in _fold(" ".join(parts))


def _fold(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.casefold().split())
