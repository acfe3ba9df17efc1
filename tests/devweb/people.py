"""People, organisations and platforms on the development web: claims whose originals are posts,
documents and threads.

`People(today)` builds, by code:
- busy X accounts (`devweb.x`): each claim's post among a dozen others of the
  same account, same topic on the same and nearby days; half the accounts are
  named by handle, half only by name and found through the Wikidata stub;
  one claim is dated ten days off with a distinctive quote (the wider window);
  some cite a post that does not exist (nothing findable);
- organisations with a website (`devweb.pdf.DocumentSite`) whose PDF reports
  are the originals of claims ("Acme Robotics's safety report"), found through
  Wikidata's official website and the archive's PDF captures, among the
  organisation's other PDFs;
- a subreddit (`devweb.reddit`) whose threads are found in the archive
  (Reddit's robots.txt refuses the listings).

`services` go to `DevWeb(extra=...)`; after the web is up, `bind(web)` puts
the captures in its Wayback and the websites in Wikidata, and `cases()` gives
(name, claim, expected original URL or None).
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from devweb.captures import Capture
from devweb.loopback import Service
from devweb.pdf import DocumentSite, text_pdf
from devweb.reddit import RedditSite, Thread, subreddit_threads, thread_captures
from devweb.wikidata import Wikidata, item
from devweb.x import Post, XService, busy_day, status_captures
from provenance.models import Claim, ClaimDate, Link, Source, Span

SEED = 12
SUBJECTS = [
    ("open weights", "the open weights release will ship before the end of the quarter"),
    ("chip exports", "the new export rules on accelerators will slow every lab in the region"),
    ("data centers", "our next data center will run entirely on geothermal power by next spring"),
    ("fair use", "training on public text is fair use and the courts will confirm it soon"),
    ("safety evals", "every frontier model we ship will pass the external red team first"),
    ("robot taxis", "the driverless fleet will cover the whole harbor district by autumn"),
    ("battery plant", "the battery plant will hire two thousand workers in its first year"),
    ("ai tutors", "every public school in the state will get an AI tutor pilot next fall"),
]
ORGS = [
    ("Acme Robotics", "safety report", "acme-robotics-fleet-safety-report-2025.pdf"),
    ("Northwind Energy", "grid proposal", "northwind-grid-modernization-proposal.pdf"),
    ("Helios Labs", "policy proposal", "helios-labs-response-to-ai-action-plan.pdf"),
]


@dataclass(frozen=True)
class Case:
    """One claim of the people web and where its original is (None: never published)."""

    name: str
    claim: Claim
    expected: str | None


def _claim(name: str, kind: str, sentence: str, quote: str, day: date, *,
           platform: str | None = None, handle: str | None = None) -> Claim:  # fmt: skip
    value = day.isoformat()
    return Claim(
        id=hashlib.sha256(name.encode()).hexdigest()[:16], article="devweb-people.txt",
        sentence=Span(sentence, 0, len(sentence)),
        sources=[Source(name.split(":")[0], kind, 0, 1, handle=handle)],  # type: ignore[arg-type]
        channel="social_post" if platform else "document", platform=platform,
        content=Span(sentence, 0, len(sentence)), quotes=[Span(quote, 0, len(quote))],
        date=ClaimDate(value, 0, 0, value), link=Link(url=None, placeholder=True),
    )  # fmt: skip


class People:
    """The people, organisations and platforms of the development web."""

    def __init__(self, today: date | None = None) -> None:
        self.today = today or date.today()
        rng = random.Random(SEED)
        self.posts: list[Post] = []
        self.accounts: list[tuple[str, str, Post, bool]] = []  # handle, name, right post, by name
        for number, (topic, text) in enumerate(SUBJECTS):
            handle, name = f"devweb_user{number}", f"Dana Example{number}"
            day = self.today - timedelta(days=rng.randint(15, 100))
            moment = datetime.combine(day, time(9 + number, 7), tzinfo=UTC)
            account = busy_day(handle, name, moment, f"Big news: {text}.", topic)
            self.posts += account
            self.accounts.append((handle, name, account[0], number % 2 == 1))
        self.wikidata = Wikidata()
        self.x = XService(self.posts)
        self.sites = {f"org{n}": DocumentSite({}) for n in range(len(ORGS))}
        self.threads: list[Thread] = subreddit_threads(
            "DevwebCity", datetime.combine(self.today - timedelta(days=30), time(15), tzinfo=UTC),
            "The harbor ferry timetable change explained by the port engineer",
            "The port engineer says the harbor ferry will run every twelve minutes from June.",
            "harbor ferry",
        )  # fmt: skip
        self.bases: dict[str, str] = {}

    @property
    def services(self) -> dict[str, Service]:
        """The services to serve (each on its own loopback host)."""
        return {"x": self.x, "wikidata": self.wikidata, "reddit": RedditSite(), **self.sites}

    def settings_changes(self) -> dict[str, Any]:
        """The settings that send X, Wikidata and Reddit here."""
        return {
            "x_embed_url": self.bases["x"] + "/oembed",
            "x_syndication_url": self.bases["x"] + "/tweet-result",
            "wikidata_url": self.bases["wikidata"] + "/w/api.php",
            "reddit_url": self.bases["reddit"],
        }

    def bind(self, bases: dict[str, str], extra: list[Capture]) -> None:
        """Given the services' base URLs, fill Wikidata and the sites; add the captures."""
        self.bases = bases
        extra += status_captures(self.posts) + thread_captures(self.threads)
        for number, (handle, name, _, _) in enumerate(self.accounts):
            self.wikidata.items[f"Q{1000 + number}"] = item(
                f"Q{1000 + number}", name, "technology commentator",
                claims={"P31": ["Q5"], "P2002": [handle]},
            )  # fmt: skip
        for number, (org, kind, filename) in enumerate(ORGS):
            site, base = self.sites[f"org{number}"], bases[f"org{number}"]
            day = self.today - timedelta(days=40 + 9 * number)
            created = datetime.combine(day, time(10), tzinfo=UTC)
            for other in range(3):  # the organisation's other PDFs
                path = f"/documents/annual-filing-{other}.pdf"
                body = text_pdf([f"{org} annual filing part {other}.", "Figures and tables."],
                                created=created - timedelta(days=30 * other + 5))  # fmt: skip
                site.documents[path] = body
                extra.append(Capture((created - timedelta(days=30 * other + 4)).strftime(
                    "%Y%m%d%H%M%S"), base + path, body, "application/pdf"))  # fmt: skip
            body = text_pdf(self._report(org, kind), created=created, title=f"{org} {kind}")
            site.documents[f"/documents/{filename}"] = body
            stamp = (created + timedelta(days=1)).strftime("%Y%m%d%H%M%S")
            extra.append(Capture(stamp, base + f"/documents/{filename}", body, "application/pdf"))
            self.wikidata.items[f"Q{2000 + number}"] = item(
                f"Q{2000 + number}", org, "technology company",
                claims={"P31": ["Q4830453"], "P856": [base + "/"]},
            )  # fmt: skip

    @staticmethod
    def _report(org: str, kind: str) -> list[str]:
        return [
            f"{org} {kind}. Executive summary.",
            f"In this {kind} {org} commits that independent auditors will review every "
            "deployment before it reaches the public, and that results will be published.",
            "Appendix: methods and definitions.",
        ]

    def cases(self) -> list[Case]:
        """The claims, with their expected originals."""
        found: list[Case] = []
        for handle, name, post, by_name in self.accounts:
            quote = post.text.split(": ", 1)[1].rstrip(".")
            day = post.moment.date()
            if handle.endswith("7"):
                day += timedelta(days=10)  # dated off; the quote is distinctive
            who = name if by_name else handle
            sentence = f"An X post by {who} says {quote}"
            claim = _claim(f"{who}: post", "social_account", sentence, quote, day,
                           platform="x", handle=None if by_name else handle)  # fmt: skip
            found.append(Case(f"x {who}", claim, f"https://x.com/{handle}/status/{post.id}"))
        handle, _, post, _ = self.accounts[0]
        quote = "the lab will open source its entire training stack tomorrow"
        never = _claim(f"{handle}: never", "social_account", f"A post by {handle}: {quote}", quote,
                       post.moment.date(), platform="x", handle=handle)  # fmt: skip
        found.append(Case(f"x {handle} (never posted)", never, None))
        for number, (org, kind, filename) in enumerate(ORGS):
            name = f"{org}’s {kind}"
            quote = "independent auditors will review every deployment before it reaches the public"
            day = self.today - timedelta(days=40 + 9 * number)
            claim = _claim(name, "document", f"{name} says {quote}", quote, day)
            found.append(Case(f"document {org}", claim,
                              self.bases[f"org{number}"] + f"/documents/{filename}"))  # fmt: skip
        thread = self.threads[0]
        quote = "the harbor ferry will run every twelve minutes from June"
        reddit = _claim("r/DevwebCity", "forum", f"A thread on r/DevwebCity says {quote}", quote,
                        thread.moment.date(), platform="reddit")  # fmt: skip
        found.append(Case("reddit r/DevwebCity", reddit,
                          f"https://www.reddit.com{thread.permalink}"))  # fmt: skip
        return found
