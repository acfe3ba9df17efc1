"""Settings, in this order of precedence:

1. command-line options (passed to `load_settings(**overrides)`),
2. environment variables `PROVENANCE_<NAME>` (`PROVENANCE_LEDGER=ledger.db`),
3. a `provenance.toml` in the working directory (top-level keys, same names in
   lower case: `ledger = "ledger.db"`; a table's keys join its name:
   `[publisher] name = "..."` is the setting `publisher_name`),
4. the defaults below.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from provenance.errors import ConfigError

USER_AGENT = "provenance/0.1 (fact-checking source archiver; +https://github.com/provenance-tools/provenance)"


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting of provenance, with its default."""

    ledger: Path = Path("ledger.db")
    cache: Path = Path("cache")
    reports: Path = Path("reports")
    wayback_url: str = "https://web.archive.org"
    cdx_url: str = "https://web.archive.org/cdx/search/cdx"
    x_embed_url: str = "https://publish.twitter.com/oembed"
    x_syndication_url: str = "https://cdn.syndication.twimg.com/tweet-result"  # "" to skip
    reddit_url: str = "https://www.reddit.com"
    reddit_oauth_url: str = "https://oauth.reddit.com"  # with the client id and secret below
    reddit_token_url: str = "https://www.reddit.com/api/v1/access_token"
    reddit_client_id: str = ""  # a Reddit app's id and secret: the OAuth API instead of archives
    reddit_client_secret: str = ""
    wikidata_url: str = "https://www.wikidata.org/w/api.php"  # "" to look no one up
    allow_private_network: bool = False
    offline: bool = False
    refresh: bool = False
    fast: bool = False  # judge support by words alone, without the model
    obey_robots: bool = True
    user_agent: str = USER_AGENT
    host_delay: float = 1.0  # seconds between requests to one host
    wayback_delay: float = 1.0  # seconds between requests to the Wayback Machine
    concurrency: int = 8  # requests in flight across hosts
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 60.0  # total seconds for one request, redirects included
    retries: int = 3
    max_redirects: int = 5
    max_body: int = 10 * 1024 * 1024  # bytes, after decompression
    max_article_bytes: int = 5 * 1024 * 1024  # larger input files are skipped
    max_candidates: int = 3  # discovered pages fetched and scored per claim
    resolve_threshold: float = 0.5  # least score for a discovered page to be chosen as original
    outlets: Path | None = None  # a user file extending the outlet registry
    publisher_name: str = ""  # the newsroom: the author of its ClaimReview exports
    publisher_url: str = ""  # the newsroom's site
    publisher_reports_url: str = ""  # where it publishes report.html (ClaimReview `url`)
    serve_url: str = ""  # where `provenance serve` runs: the reports link archived copies there

    def replace(self, **changes: Any) -> Settings:
        """Return a copy with `changes` applied."""
        return dataclasses.replace(self, **changes)


def load_settings(cwd: Path | None = None, **overrides: Any) -> Settings:
    """Build Settings from defaults, provenance.toml, the environment and `overrides`.

    Overrides whose value is None are ignored, so CLI options left unset fall
    through to the environment and the file.
    """
    values: dict[str, Any] = {}
    values.update(_from_file((cwd or Path.cwd()) / "provenance.toml"))
    values.update(_from_environment(os.environ))
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**{name: _coerce(name, value) for name, value in values.items()})


def _from_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    data = _flatten(data)
    known = _field_types()
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ConfigError(f"{path}: unknown settings: {', '.join(unknown)}", setting=unknown[0])
    return dict(data)


def _flatten(data: dict[str, Any]) -> dict[str, Any]:
    """A TOML table's keys as settings named `table_key` (`[publisher] name`: `publisher_name`)."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update({f"{key}_{name}": item for name, item in value.items()})
        else:
            flat[key] = value
    return flat


def _from_environment(environ: os._Environ[str] | dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in _field_types():
        key = f"PROVENANCE_{name.upper()}"
        if key in environ and environ[key] != "":
            values[name] = environ[key]
    return values


def _field_types() -> dict[str, str]:
    return {f.name: str(f.type) for f in fields(Settings)}


def _coerce(name: str, value: Any) -> Any:
    kind = _field_types().get(name)
    if kind is None:
        raise ConfigError(f"unknown setting {name!r}", setting=name)
    try:
        if kind == "bool":
            return _to_bool(value)
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
        if kind in ("Path", "Path | None"):
            return Path(value)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name}: cannot use {value!r} ({exc})", setting=name) from exc


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"expected a boolean (1/0, true/false), got {value!r}")
