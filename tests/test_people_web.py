"""The people, organisations and platforms of the development web, resolved end to end."""

from __future__ import annotations

from pathlib import Path

import pytest
from devweb.people import People
from devweb.web import DevWeb

from provenance.archive import Archive
from provenance.fetch import Fetcher
from provenance.pipeline import scorer
from provenance.resolve import resolve
from provenance.resolve.rank import url_key


@pytest.mark.slow
def test_posts_documents_and_threads_are_found_and_nothing_wrong(tmp_path: Path) -> None:
    people = People()
    with DevWeb(scale=0.05, claims_per_outlet=1, extra=people.services) as web:
        people.bind({name: web.base(name) for name in people.services}, web.wayback.extra)
        settings = web.settings(tmp_path, **people.settings_changes())
        outcomes = []
        with Archive(settings.cache) as archive, Fetcher(settings, archive) as fetcher:
            for case in people.cases():
                resolution, _ = resolve(
                    case.claim, fetcher=fetcher, settings=settings, registry=None, rules=[],
                    score=scorer(settings),
                )  # fmt: skip
                chosen = resolution.chosen
                got = (chosen.archived_from or chosen.url) if chosen else None
                outcomes.append((case.name, case.expected, got, resolution))
    wrong = [(n, e, g) for n, e, g, _ in outcomes if g and (not e or url_key(g) != url_key(e))]
    missed = [(n, r.reason) for n, e, g, r in outcomes if e and not g]
    assert not wrong and not missed
    unfound = [r for _, e, g, r in outcomes if g is None]
    assert unfound and all(r.queries and r.reason for r in unfound)
    methods = {r.chosen.method for _, _, g, r in outcomes if r.chosen}
    assert methods == {"x", "document", "reddit"}
