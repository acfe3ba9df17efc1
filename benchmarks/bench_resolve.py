"""The resolver on the development web at real size (tests/devweb/): right, wrong, unfound.

The development web (built by code, served on loopback) has three outlets
publishing hundreds of pages a day for 120 days (thousands of captures per
outlet-week in its CDX server: AMP copies, tracking-parameter variants,
redirects, 404s, home and section pages every hour), a CDX server that sorts
by SURT urlkey, truncates at `limit`, gives resumption keys, filters,
collapses and rate-limits with 429 + Retry-After, sitemap indexes newest first,
a news sitemap and feeds. Its claims are made from stories that have
same-topic decoys (other days, other outlets, other stories the same day);
some are misquoted, dated a day or two off or only to the month, some pages
are gone (404, archived), and some stories were never published.

Each claim (no link) is resolved with the real fetcher (robots.txt, WARC
archive, the CDX pacing `wayback_delay`) and the real scorer (reader and
matcher). Reported, with the bars of the issue:

- findable claims resolved to the right original (bar: >= 95%);
- wrong originals (bar: 0), over all claims;
- unfound claims that list what was tried (bar: all), and their near-misses;
- CDX requests per claim (bar: <= 6 on average), 429s answered by the
  server, and requests made inside a Retry-After (bar: 0).

Run alone: python benchmarks/bench_resolve.py [--quick]
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for extra in (str(ROOT), str(ROOT / "tests")):
    if extra not in sys.path:
        sys.path.insert(0, extra)

from devweb.people import Case, People  # noqa: E402
from devweb.web import DevWeb  # noqa: E402

from provenance.archive import Archive  # noqa: E402
from provenance.fetch import Fetcher  # noqa: E402
from provenance.models import Resolution  # noqa: E402
from provenance.pipeline import scorer  # noqa: E402
from provenance.registry import load_registry  # noqa: E402
from provenance.resolve import resolve  # noqa: E402
from provenance.resolve.rank import url_key  # noqa: E402


@dataclass
class Tally:
    """The outcome of a run over the development web's claims."""

    findable: int = 0
    right: int = 0
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    unfound_untried: list[str] = field(default_factory=list)
    unfindable: int = 0
    cdx_requests: int = 0
    rate_limited: int = 0
    violations: int = 0
    claims: int = 0
    seconds: float = 0.0
    lines: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.right / self.findable if self.findable else 1.0

    @property
    def cdx_per_claim(self) -> float:
        return self.cdx_requests / self.claims if self.claims else 0.0


def chosen_url(resolution: Resolution) -> str | None:
    chosen = resolution.chosen
    return (chosen.archived_from or chosen.url) if chosen else None


def evaluate(web: DevWeb, cache: Path, cases: list[Case] | None = None, **changes: Any) -> Tally:
    """Resolve every claim of `web` (or `cases`) once; count right, wrong and unfound originals."""
    settings = web.settings(cache, **changes)
    registry = load_registry(settings.outlets)
    tally = Tally()
    started = time.monotonic()
    if cases is None:
        cases = [Case(c.name, web.claim(c), web.expected(c)) for c in web.world.claims]
    with Archive(settings.cache) as archive, Fetcher(settings, archive) as fetcher:
        for case in cases:
            resolution, _ = resolve(
                case.claim, fetcher=fetcher, settings=settings, registry=registry, rules=[],
                score=scorer(settings),
            )  # fmt: skip
            _count(tally, case.name, case.expected, resolution)
    tally.seconds = time.monotonic() - started
    tally.claims = len(cases)
    tally.cdx_requests = web.wayback.cdx_requests
    tally.rate_limited = sum(1 for _, _, status in web.wayback.log if status == 429)
    tally.violations = web.wayback.violations
    return tally


def _count(tally: Tally, name: str, expected: str | None, resolution: Resolution) -> None:
    got = chosen_url(resolution)
    if expected is not None:
        tally.findable += 1
    else:
        tally.unfindable += 1
    if got is not None and expected is not None and url_key(got) == url_key(expected):
        tally.right += 1
        verdict = "right"
    elif got is not None:
        tally.wrong.append(f"{name}: {got} (expected {expected})")
        verdict = "WRONG"
    else:
        verdict = "unfound" if expected is None else "MISSED"
        if expected is not None:
            tally.missed.append(f"{name}: {resolution.reason}")
        if not resolution.queries or not resolution.reason:
            tally.unfound_untried.append(name)
    tally.lines.append(f"{verdict:8} {name}: {resolution.reason}")


def report(tally: Tally, *, verbose: bool = False) -> None:
    """Print the figures and the bars."""
    if verbose:
        print("\n".join(tally.lines))
    print(f"claims: {tally.claims} ({tally.findable} findable, {tally.unfindable} never published)")
    print(f"right originals: {tally.right}/{tally.findable} ({tally.recall:.1%}; bar >= 95%)")
    print(f"wrong originals: {len(tally.wrong)} (bar: 0)")
    for line in tally.wrong + tally.missed:
        print(f"  {line}")
    print(f"unfound claims listing nothing tried: {len(tally.unfound_untried)} (bar: 0)")
    print(f"CDX requests: {tally.cdx_requests}, {tally.cdx_per_claim:.2f} per claim (bar <= 6)")
    print(f"429s: {tally.rate_limited}, requests inside a Retry-After: {tally.violations} (bar 0)")
    print(f"wall time {tally.seconds:.1f} s, {tally.seconds / max(1, tally.claims):.2f} s a claim")


def run(quick: bool = False) -> dict[str, Any]:
    """Build the development web (smaller with `quick`), resolve its claims, report."""
    scale, per_outlet = (0.3, 6) if quick else (1.0, 12)
    people = People()
    sized = {"scale": scale, "claims_per_outlet": per_outlet, "rate": 4}
    with tempfile.TemporaryDirectory() as tmp, DevWeb(**sized, extra=people.services) as web:
        people.bind({name: web.base(name) for name in people.services}, web.wayback.extra)
        tally = evaluate(web, Path(tmp), wayback_delay=0.1, **people.settings_changes())
        (Path(tmp) / "people").mkdir()
        platforms = evaluate(web, Path(tmp) / "people", people.cases(), wayback_delay=0.1,
                             **people.settings_changes())  # fmt: skip
    platforms.cdx_requests -= tally.cdx_requests
    platforms.rate_limited -= tally.rate_limited
    platforms.violations -= tally.violations
    report(tally, verbose="-v" in sys.argv)
    print("\npeople, organisations and platforms (X posts, PDF documents, Reddit threads):")
    report(platforms, verbose="-v" in sys.argv)
    return {"claims": tally.claims, "findable": tally.findable, "right": tally.right,
            "recall": round(tally.recall, 4), "wrong": len(tally.wrong),
            "unfound_untried": len(tally.unfound_untried),
            "cdx_per_claim": round(tally.cdx_per_claim, 2), "rate_limited": tally.rate_limited,
            "violations": tally.violations, "seconds_run": round(tally.seconds, 1),
            "platform_claims": platforms.claims, "platform_findable": platforms.findable,
            "platform_right": platforms.right, "platform_wrong": len(platforms.wrong),
            "platform_cdx_per_claim": round(platforms.cdx_per_claim, 2)}  # fmt: skip


if __name__ == "__main__":
    run(quick="--quick" in sys.argv)
