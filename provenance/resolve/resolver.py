"""From an attributed claim to its original: plan (offline) and resolve (networked).

Candidates, in order:
1. the claim's own link, or the URL of a matching sources-file rule: taken as
   given (the article or the editor says so), replaced by the Wayback copy
   closest to the claimed date when the page is gone, or when it has changed
   and the copy supports the claim better;
2. for a post on a platform, the X or Reddit adapter;
3. for an outlet, discovery on its domain (CDX, sitemaps, feeds);
4. for a person or organisation the registry does not know, its Wikidata item
   (`entities`): the X account of a post's author, the website of an
   organisation (documents and pages searched there).
A discovered page is chosen only when its score reaches
`settings.resolve_threshold`: a wrong original is worse than none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from provenance.config import Settings
from provenance.models import Candidate, Capture, Claim, Query, Resolution
from provenance.resolve import discover, documents, entities, evidence, platforms, rank
from provenance.resolve.session import Scored, Session, failure, is_dead
from provenance.resolve.sources_file import SourceRule, match_rule
from provenance.resolve.types import FetcherLike, RegistryLike, Scorer
from provenance.resolve.wayback import archived_copy
from provenance.resolve.window import date_window

OFFLINE_REASON = "offline: not fetched"
DATE_PRIOR = 0.1  # weight of the claimed date among pages that all reach the threshold
LOOKED_UP = ("person", "organization", "social_account", "document")  # kinds Wikidata may know


@dataclass(slots=True)
class Targets:
    """Where a claim's original may be found, before anything is fetched."""

    direct: list[tuple[str, str]] = field(default_factory=list)  # (method, URL)
    x_handles: list[str] = field(default_factory=list)
    subreddit: str | None = None
    domains: list[str] = field(default_factory=list)
    websites: list[str] = field(default_factory=list)  # organisations' sites (from Wikidata)
    lookups: list[str] = field(default_factory=list)  # source names to look up on Wikidata
    unknown: list[str] = field(default_factory=list)  # source names with nowhere to search
    platform: str | None = None

    @property
    def empty(self) -> bool:
        """Whether there is nothing at all to fetch or search."""
        return not (
            self.direct or self.x_handles or self.subreddit or self.domains or self.websites
        )


def targets(claim: Claim, registry: RegistryLike | None, rules: list[SourceRule]) -> Targets:
    """The link, sources-file URL, platform accounts and outlet domains of a claim."""
    found = Targets(platform=claim.platform)
    if claim.link.url:
        found.direct.append(("link", claim.link.url))
    rule = match_rule(claim, rules, registry)
    if rule is not None and rule.url != claim.link.url:
        found.direct.append(("sources_file", rule.url))
    if platforms.is_x(claim):
        found.x_handles = platforms.x_handles(claim, registry)
        if not found.x_handles:
            found.lookups = [s.name for s in claim.sources if s.kind in LOOKED_UP]
    elif platforms.is_reddit(claim):
        found.subreddit = platforms.subreddit(claim)
    else:
        _outlet_domains(claim, registry, found)
    return found


def _outlet_domains(claim: Claim, registry: RegistryLike | None, found: Targets) -> None:
    on_platform = claim.platform is not None  # a post's platform is not its author's site
    for source in claim.sources:
        own = None if on_platform else source.domain  # keeps a path
        domain = _registry_domain(source.name, registry) or own
        if domain and domain not in found.domains:
            found.domains.append(domain)
        elif not domain:
            found.unknown.append(source.name)
            if source.kind in LOOKED_UP:
                found.lookups.append(source.name)


def _registry_domain(name: str, registry: RegistryLike | None) -> str | None:
    outlet = registry.lookup(name) if registry else None
    if outlet is None or getattr(outlet, "kind", None) == "platform":
        return None  # a platform's posts are its users' claims, not the platform's
    domains = [d for d in outlet.domains if not platforms.X_DOMAIN.match(d)]
    return domains[0] if domains else None


# --- plan -----------------------------------------------------------------------


def plan(
    claim: Claim, *, settings: Settings, registry: RegistryLike | None, rules: list[SourceRule]
) -> Resolution:
    """What a networked run would do for `claim`, without fetching anything."""
    if not claim.checkable:
        return _not_checkable(claim)
    window = date_window(claim.date)
    found = targets(claim, registry, rules)
    queries = planned_queries(found, settings, claim, str(window) if window else None)
    reason = (
        OFFLINE_REASON
        if window or found.direct
        else f"{OFFLINE_REASON}; no claimed date, no window"
    )
    return Resolution(claim_id=claim.id, status="planned", queries=queries, reason=reason)


def planned_queries(
    found: Targets, settings: Settings, claim: Claim, window: str | None
) -> list[Query]:
    """The queries for the targets of a claim, each with outcome "planned"."""
    queries = [Query(method, url) for method, url in found.direct]
    if found.direct:
        return queries
    for handle in found.x_handles:
        queries += [
            Query("x-cdx", prefix, window=window) for prefix in platforms.status_prefixes(handle)
        ]
        queries.append(
            Query("x-embed", settings.x_embed_url, detail=f"posts of @{handle} in the window")
        )
    if found.subreddit:
        base = platforms.reddit_base(settings)
        for method, url in platforms.reddit_listings(base, found.subreddit, claim):
            queries.append(Query(method, url, window=window))
    for domain in found.domains:
        queries += discover.planned(domain, window)
    if settings.wikidata_url:
        queries += [
            Query("wikidata", name, detail="a networked run looks it up") for name in found.lookups
        ]
    return queries + _dead_ends(found)


def _dead_ends(found: Targets) -> list[Query]:
    """Queries that cannot be made, with the reason (shown to the editor)."""
    if found.platform and not (found.x_handles or found.subreddit):
        return [
            Query(
                found.platform,
                "(no account)",
                outcome="skipped",
                detail="no handle or subreddit known",
            )
        ]
    return [
        Query("registry", name, outcome="not_found", detail="not in the outlet registry, no link")
        for name in found.unknown
    ]


def _not_checkable(claim: Claim) -> Resolution:
    return Resolution(
        claim_id=claim.id, status="not_checkable", reason="unattributed or vague source"
    )


# --- resolve --------------------------------------------------------------------


def resolve(
    claim: Claim,
    *,
    fetcher: FetcherLike,
    settings: Settings,
    registry: RegistryLike | None,
    rules: list[SourceRule],
    score: Scorer,
) -> tuple[Resolution, list[Capture]]:
    """Find, fetch and score the original of `claim`; the chosen capture comes first."""
    if not claim.checkable:
        return _not_checkable(claim), []
    session = Session.start(claim, fetcher, settings, score)
    found = targets(claim, registry, rules)
    if found.direct:
        chosen = _direct(session, found.direct)
    else:
        _look_up(session, found)
        _search(session, found)
        chosen = _choose(session)
    session.queries += _dead_ends(found) if not found.direct else []
    return _resolution(session, chosen, found), session.captures(chosen)


def _direct(session: Session, urls: list[tuple[str, str]]) -> Scored | None:
    """Fetch the given URLs (link, sources file); the best of them is the original."""
    for method, url in urls:
        status = platforms.STATUS_URL.match(url)
        if status:
            platforms.fetch_x_post(session, status[1], status[2], None, method=method)
        else:
            _fetch_direct(session, method, url)
    return session.best()


def _fetch_direct(session: Session, method: str, url: str) -> None:
    query = session.ask(method, url, window=False)
    result = session.get(url)
    if result.ok and result.capture is not None:
        entry = session.add(
            Candidate(url=url, method=method), result.capture, _score(session, result.capture)
        )
        query.candidates, query.best_score, query.outcome = 1, round(entry.score, 4), "found"
        if entry.score < session.settings.resolve_threshold and session.window:
            archived_copy(session, url)  # the page may have changed since the claim
        return
    query.outcome, query.detail = "error", failure(result)
    if result.kind == "robots":
        query.detail = "robots.txt disallows the page: its archived copy is used instead"
    if is_dead(result) or result.kind == "robots":
        archived_copy(session, url)


def _score(session: Session, capture: Capture) -> float:
    return session.score(session.claim, capture)


def _search(session: Session, found: Targets) -> None:
    for handle in found.x_handles:
        platforms.find_x_post(session, handle)
    if found.subreddit:
        platforms.find_reddit_post(session, found.subreddit)
    for domain in found.domains:
        discover.discover(session, domain)
    for website in found.websites:
        documents.find_documents(session, website)
        discover.discover(session, website)


def _look_up(session: Session, found: Targets) -> None:
    """Find the X accounts and websites of the sources the registry does not know."""
    if not session.settings.wikidata_url:
        return
    for name in found.lookups:
        kind = next((s.kind for s in session.claim.sources if s.name == name), None)
        looked = entities.owner_of(name) if kind == "document" else None
        entity = entities.lookup(session, looked or name)
        if entity is None:
            continue
        handle = entity.accounts.get("x")
        if platforms.is_x(session.claim) and kind != "document":  # a document is on a website
            if handle and handle not in found.x_handles:
                found.x_handles.append(handle)
            continue
        website = entities.website_domain(entity)
        if website and website not in found.websites:
            found.websites.append(website)
        if website and name in found.unknown:
            found.unknown.remove(name)


def _choose(session: Session) -> Scored | None:
    """The best acceptable page (`evidence.acceptable`), the claimed date breaking near ties."""
    passing = [e for e in session.scored if e.score >= evidence.MISQUOTE_FLOOR]
    passing = [e for e in passing if evidence.acceptable(session, e)]
    return max(passing, key=lambda entry: _with_prior(session, entry), default=None)


def _with_prior(session: Session, entry: Scored) -> float:
    """A page's score plus a small prior for a date near the claimed one."""
    original = entry.candidate.archived_from or entry.candidate.url
    page = Candidate(url=original, method=entry.candidate.method,
                     published=entry.candidate.published)  # fmt: skip
    captured = session.captured.get(rank.url_key(original))
    return entry.score + DATE_PRIOR * rank.closeness(page, session.window, captured)


def _resolution(session: Session, chosen: Scored | None, found: Targets) -> Resolution:
    status, reason = _outcome(session, chosen, found)
    return Resolution(
        claim_id=session.claim.id,
        status=status,
        queries=session.queries,
        candidates=session.candidates,
        chosen=chosen.candidate if chosen else None,
        reason=reason,
    )


Status = Literal["resolved", "not_found", "not_fetched"]


def _outcome(session: Session, chosen: Scored | None, found: Targets) -> tuple[Status, str]:
    threshold = session.settings.resolve_threshold
    if chosen is not None:
        how = "archived copy" if chosen.candidate.archived_from else chosen.candidate.method
        if chosen.candidate.archived_from and _disallowed(session, chosen.candidate.archived_from):
            how = "archived copy (robots.txt disallows the page)"
        altered = "" if chosen.score >= threshold else " (its quote altered: a misquote)"
        return "resolved", f"{how}, score {chosen.score:.2f}{altered}"
    if found.empty:
        return "not_found", "nothing to search: " + _why_empty(found)
    if session.fetched == 0 and session.failures:
        return "not_fetched", f"nothing could be fetched ({session.failures[0]})"
    best = session.best()
    limits = "".join(f"; {note}" for note in session.notes)
    if best is None:
        return "not_found", f"no candidate page found{limits}"
    why = (
        f"best candidate {best.score:.2f} holds none of the claim's quotes"
        if best.score >= threshold
        else f"best candidate {best.score:.2f} below the threshold {threshold:.2f}"
    )
    return "not_found", f"{why}; near misses: {_near_misses(session)}{limits}"


def _near_misses(session: Session, count: int = 3) -> str:
    """The best few pages scored, with their scores, for the editor."""
    best: dict[str, float] = {}
    for entry in session.scored:
        url = entry.candidate.archived_from or entry.candidate.url
        best[url] = max(best.get(url, 0.0), entry.score)
    ranked = sorted(best.items(), key=lambda item: item[1], reverse=True)[:count]
    shown = [f"{url} ({score:.2f})" for url, score in ranked if score > 0]
    return ", ".join(shown) or "none shares the claim's words"


def _disallowed(session: Session, url: str) -> bool:
    return any(
        q.target == url and (q.detail or "").startswith("robots.txt") for q in session.queries
    )


def _why_empty(found: Targets) -> str:
    if found.platform:
        return f"no {found.platform} account known for the source"
    names = ", ".join(found.unknown) or "the source"
    return f"no link, no sources-file rule, and {names} not in the outlet registry"
