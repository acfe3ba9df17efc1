"""The interfaces the resolver needs from other stages, as structural types.

The resolver is handed a fetcher, an outlet registry and a scorer; it only
relies on the few members below, so that tests can pass small fakes and the
pipeline can pass the real `provenance.fetch.Fetcher` and
`provenance.registry.Registry`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from provenance.models import Capture, Claim, FetchResult

Scorer = Callable[[Claim, Capture], float]


class FetcherLike(Protocol):
    """What the resolver uses of `provenance.fetch.Fetcher`."""

    def fetch(self, url: str, *, refresh: bool | None = None) -> FetchResult:
        """Fetch `url` (or read it from the archive) and archive the response."""
        ...


class OutletLike(Protocol):
    """What the resolver uses of a registry outlet."""

    @property
    def name(self) -> str: ...

    @property
    def domains(self) -> Sequence[str]: ...


class RegistryLike(Protocol):
    """What the resolver uses of `provenance.registry.Registry`."""

    def lookup(self, name: str) -> OutletLike | None:
        """The outlet called `name` (or one of its aliases), if known."""
        ...
