"""The development web at real size: the outlets of `devweb.world` and the Wayback Machine.

    with DevWeb(scale=0.2) as web:
        settings = web.settings(tmp_path)
        for claim in web.world.claims: web.claim(claim), web.expected(claim)

Each outlet and the archive has its own loopback host (127.0.0.41 ...), so
politeness, robots.txt and the CDX rate limit are per host as on the real web.
Other services (X, Wikidata, Reddit...) can be added with `extra`, each on its
own address; `Hosts` (`devweb.loopback`) serves them all.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

from devweb.loopback import Hosts, Service
from devweb.outlets import OutletSite
from devweb.wayback import Wayback
from devweb.world import OUTLETS, Claim, World, build
from provenance.config import Settings
from provenance.models import Claim as ProvenanceClaim
from provenance.models import ClaimDate, Link, Source, Span

FIRST_ADDRESS = 41


class DevWeb:
    """The outlets and the archive, served on loopback; a context manager."""

    def __init__(
        self,
        *,
        scale: float = 1.0,
        claims_per_outlet: int = 12,
        rate: int = 0,
        today: date | None = None,
        extra: dict[str, Service] | None = None,
    ) -> None:
        self.world: World = build(today, scale=scale, claims_per_outlet=claims_per_outlet)
        self.sites = {name: OutletSite(self.world, name) for name in OUTLETS}
        self.wayback = Wayback(self.world, rate=rate)
        services: dict[str, Service] = {**self.sites, "archive": self.wayback, **(extra or {})}
        addresses = {
            name: f"127.0.0.{FIRST_ADDRESS + number}" for number, name in enumerate(services)
        }
        self.hosts = Hosts(services, addresses=addresses)

    def __enter__(self) -> DevWeb:
        self.hosts.__enter__()
        for name, site in self.sites.items():
            site.base = self.base(name)
            self.wayback.bases[name] = site.base
        return self

    def __exit__(self, *exc: object) -> None:
        self.hosts.__exit__(*exc)

    def base(self, name: str) -> str:
        """The base URL of a service."""
        return self.hosts.base(name)

    # --- provenance's view ----------------------------------------------------------------

    def registry_toml(self) -> str:
        """A user registry naming the outlets with their loopback domains."""
        lines = []
        for name, outlet in OUTLETS.items():
            aliases = ", ".join(json.dumps(a) for a in outlet["aliases"])  # type: ignore[attr-defined]
            lines += ["[[outlet]]", f"name = {json.dumps(outlet['name'])}",
                      f"aliases = [{aliases}]", f'domains = ["{self.base(name)}"]',
                      'kind = "newspaper"', ""]  # fmt: skip
        return "\n".join(lines)

    def settings(self, tmp_path: Path, **changes: Any) -> Settings:
        """Settings that send every service here, without politeness delays unless asked."""
        registry = tmp_path / "outlets.toml"
        registry.write_text(self.registry_toml(), encoding="utf-8")
        archive = self.base("archive")
        values: dict[str, Any] = dict(
            ledger=tmp_path / "ledger.db", cache=tmp_path / "cache", reports=tmp_path / "reports",
            wayback_url=archive, cdx_url=archive + "/cdx/search/cdx", outlets=registry,
            allow_private_network=True, host_delay=0.0, wayback_delay=0.0, retries=2,
            connect_timeout=5.0, read_timeout=10.0, deadline=20.0,
        )  # fmt: skip
        values.update(changes)
        return Settings(**values)

    def claim(self, claim: Claim) -> ProvenanceClaim:
        """A world claim as the extractor would give it (no link: the resolver must find it)."""
        source = str(OUTLETS[claim.outlet]["name"])
        quoted = f' "{claim.quote}"' if claim.quote else ""
        sentence = f"{source} reported that {claim.content}.{quoted}"
        value = claim.day.isoformat() if claim.precision == "day" else claim.day.strftime("%Y-%m")
        return ProvenanceClaim(
            id=hashlib.sha256(claim.name.encode()).hexdigest()[:16],
            article="devweb.txt",
            sentence=Span(sentence, 0, len(sentence)),
            sources=[Source(source, "outlet", 0, len(source))],
            channel="article",
            content=Span(claim.content, 0, len(claim.content)),
            quotes=[Span(claim.quote, 0, len(claim.quote))] if claim.quote else [],
            date=ClaimDate(value, 0, 0, value, precision=claim.precision),  # type: ignore[arg-type]
            link=Link(url=None, placeholder=True),
        )

    def expected(self, claim: Claim) -> str | None:
        """The URL of the claim's original, or None when it was never published."""
        page = claim.expected
        return self.base(page.outlet) + page.path if page else None
