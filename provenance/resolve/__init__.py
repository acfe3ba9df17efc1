"""Resolve: from an attributed claim to its original, with or without a link.

    plan(claim, ...)     -> Resolution        offline: the queries a networked run would make
    resolve(claim, ...)  -> (Resolution, [Capture])
    load_sources(path)   -> [SourceRule]      the user's --sources file

Modules: `sources_file` (the --sources file), `window` (date windows),
`cdx` (Wayback CDX API), `sitemaps`, `feeds`, `rank` (pre-fetch ranking),
`discover` (outlet sites), `platforms` (X, Reddit), `wayback` (archived
copies), `resolver` (the order of it all).
"""

from provenance.resolve.resolver import plan, resolve, targets
from provenance.resolve.sources_file import SourceRule, load_sources, match_rule
from provenance.resolve.types import FetcherLike, RegistryLike, Scorer
from provenance.resolve.window import DateWindow, date_window

__all__ = [
    "DateWindow",
    "FetcherLike",
    "RegistryLike",
    "Scorer",
    "SourceRule",
    "date_window",
    "load_sources",
    "match_rule",
    "plan",
    "resolve",
    "targets",
]
