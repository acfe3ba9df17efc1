"""`provenance verify` through the CLI against the fixture mini-web: the resolver's figure.

The two fixture articles (tests/fixtures/miniweb/articles/) cite ten originals
that exist on the mini-web (found by sitemap, feed, CDX, an archived copy of a
dead or changed page, a real link, a sources-file rule, X posts and a Reddit
post) and five that do not. At least 90% of the first must resolve to the right
page, and none of the second to any page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from miniweb import FIXTURES, MiniWeb, status_id
from typer.testing import CliRunner

from provenance.cli import app

RESOLVABLE = {
    "2.4 billion dollar budget": "/2025/11/19/council-approves-river-tunnel-budget",
    "Maria Ortega": "/2025/11/19/council-approves-river-tunnel-budget",  # continues that report
    "cod fishing quotas": "/news/fishing-quotas-cut-after-survey",
    "120-megawatt solar farm": "/stories/solar-farm-approved-on-county-land",
    "40 million dollar gap": "/stories/school-funding-report-finds-gap",
    "new central library": "/2025/11/18/mayor-opens-new-central-library",
    "ferry fares": "/news/ferry-fares-rise-in-january",
    "Ada Whitlock": "/2025/09/30/park-renamed-for-poet",
    "fifty minutes to twelve": status_id("2025-11-14T09:30:00Z"),
    "giveaway to the club owners": status_id("2025-11-10T15:00:00Z"),
    "r/CityPlanning": "/comments/abc123/",
}
UNRESOLVABLE = ("zoo elephants", "lighthouse", "cable car", "moon is made of cheese", "Abolish")


@pytest.fixture(scope="module")
def web() -> Iterator[MiniWeb]:
    with MiniWeb() as miniweb:
        yield miniweb


def render(web: MiniWeb, folder: Path) -> Path:
    """Write the fixture articles and sources file with the mini-web's addresses filled in."""
    (folder / "articles").mkdir()
    hosts = {name: web.base(name) for name in web.servers}
    for template in (FIXTURES / "articles").glob("*.tmpl"):
        name = template.name.removesuffix(".tmpl")
        target = folder / ("articles" if name.endswith(".md") else "") / name
        target.write_text(template.read_text("utf-8").format(**hosts), encoding="utf-8")
    return folder


def environment(web: MiniWeb, tmp_path: Path) -> dict[str, str]:
    settings = web.settings(tmp_path)
    names = ("ledger", "cache", "reports", "wayback_url", "cdx_url", "x_embed_url", "reddit_url",
             "x_syndication_url", "wikidata_url",
             "outlets", "host_delay", "wayback_delay", "retries", "deadline")  # fmt: skip
    env = {f"PROVENANCE_{name.upper()}": str(getattr(settings, name)) for name in names}
    return env | {"PROVENANCE_ALLOW_PRIVATE_NETWORK": "1"}


def originals(ledger: Path) -> list[tuple[str, str | None]]:
    db = sqlite_utils.Database(ledger)
    return [(row["sentence"], row["original_url"]) for row in db["claims"].rows]


@pytest.mark.slow
def test_verify_resolves_the_fixture_claims(web: MiniWeb, tmp_path: Path) -> None:
    folder = render(web, tmp_path)
    result = CliRunner().invoke(
        app, ["verify", str(folder / "articles"), "--sources", str(folder / "sources.toml")],
        env=environment(web, tmp_path),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = originals(tmp_path / "ledger.db")
    right = [phrase for phrase, marker in RESOLVABLE.items()
             if any(phrase in s and url and marker in url for s, url in rows)]  # fmt: skip
    wrong = [(s, url) for s, url in rows if url and not _expected(s, url)]
    share = len(right) / len(RESOLVABLE)
    print(f"\nresolver on the mini-web: {len(right)}/{len(RESOLVABLE)} resolvable claims "
          f"resolved to the right page ({share:.0%}); wrong picks: {len(wrong)}")  # fmt: skip
    print("missed:", sorted(set(RESOLVABLE) - set(right)))
    assert not wrong
    assert share >= 0.9


def _expected(sentence: str, url: str) -> bool:
    """Whether a chosen URL is the right page for the claim's sentence."""
    if any(phrase in sentence for phrase in UNRESOLVABLE):
        return False
    return any(phrase in sentence and marker in url for phrase, marker in RESOLVABLE.items())
