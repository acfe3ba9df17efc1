"""The seed articles offline: every checkable claim gets a resolution plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from provenance.config import Settings
from provenance.extract import extract_claims
from provenance.models import Claim
from provenance.registry import load_registry
from provenance.resolve import plan

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def seed_claims() -> list[Claim]:
    claims: list[Claim] = []
    for path in sorted(SEEDS.glob("*.txt")):
        claims += extract_claims(path.read_text(encoding="utf-8"))
    return claims


@pytest.fixture(scope="module")
def plans() -> dict[str, tuple[Claim, list[str], str]]:
    registry, settings = load_registry(), Settings(offline=True)
    found: dict[str, tuple[Claim, list[str], str]] = {}
    for claim in seed_claims():
        resolution = plan(claim, settings=settings, registry=registry, rules=[])
        found[claim.id] = (claim, [q.describe() for q in resolution.queries], resolution.status)
    return found


def test_every_checkable_seed_claim_has_a_plan(
    plans: dict[str, tuple[Claim, list[str], str]],
) -> None:
    assert plans
    for claim, queries, status in plans.values():
        assert status == ("planned" if claim.checkable else "not_checkable")
        assert queries or not claim.checkable, claim.sentence.text


def test_the_wired_claim_plans_cdx_sitemaps_and_feeds(
    plans: dict[str, tuple[Claim, list[str], str]],
) -> None:
    wired = [q for c, q, _ in plans.values() if c.date and c.date.value == "2025-11-19"
             and any(s.name == "WIRED" for s in c.sources) and not c.platform]  # fmt: skip
    assert wired, "the extractor finds WIRED's November 19 article"
    assert "cdx wired.com/* 2025-11-16..2025-11-22: planned" in wired[0]
    assert any(line.startswith("sitemap https://wired.com/robots.txt") for line in wired[0])
    assert any(line.startswith("feed https://wired.com/") for line in wired[0])


def test_the_reddit_claim_plans_a_subreddit_search(
    plans: dict[str, tuple[Claim, list[str], str]],
) -> None:
    lines = [line for _, queries, _ in plans.values() for line in queries]
    assert any(line.startswith("reddit-search https://www.reddit.com/r/LocalLLaMA/search.json?q=")
               for line in lines)  # fmt: skip


def test_wireds_post_on_x_plans_a_search_of_its_account(
    plans: dict[str, tuple[Claim, list[str], str]],
) -> None:
    posts = [q for c, q, _ in plans.values() if c.platform == "x" and c.source_name == "WIRED"]
    assert posts, "the extractor finds WIRED's latest post on X"
    assert "x-cdx x.com/wired/status/*: planned" in posts[0]


def test_outlets_with_an_x_account_keep_their_web_domain_first() -> None:
    registry = load_registry()
    for name, domain in (("WIRED", "wired.com"), ("Reuters", "reuters.com")):
        outlet = registry.lookup(name)
        assert outlet is not None and outlet.domain == domain
        assert any(d.startswith("x.com/") for d in outlet.domains)
    assert registry.by_domain("https://x.com/wired/status/1") is registry.lookup("WIRED")
