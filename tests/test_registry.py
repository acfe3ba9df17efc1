"""The outlet registry: shipped data, lookups, domains, user extensions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from provenance.errors import ConfigError
from provenance.registry import KINDS, load_registry, normalise_name


def test_ships_at_least_300_outlets_with_valid_kinds() -> None:
    registry = load_registry()
    assert len(registry) >= 300
    assert all(outlet.kind in KINDS for outlet in registry.outlets)
    assert all(outlet.domains for outlet in registry.outlets)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("WIRED’s", "WIRED"),
        ("wired", "WIRED"),
        ("the washington post", "The Washington Post"),
        ("Washington Post's", "The Washington Post"),
        ("WaPo", "The Washington Post"),
        ("AP", "Associated Press"),
        ("Asia Times", "Asia Times"),
        ("  Financial   Times ", "Financial Times"),
    ],
)
def test_lookup_forgives_case_articles_and_possessives(name: str, expected: str) -> None:
    outlet = load_registry().lookup(name)
    assert outlet is not None and outlet.name == expected


def test_lookup_misses_unknown_names() -> None:
    assert load_registry().lookup("The Daily Bugle") is None


def test_by_domain_handles_urls_subdomains_and_paths() -> None:
    registry = load_registry()
    assert registry.by_domain("https://www.wired.com/story/x/").name == "WIRED"  # type: ignore[union-attr]
    assert registry.by_domain("edition.cnn.com").name == "CNN"  # type: ignore[union-attr]
    assert registry.by_domain("fortune.com/asia/2025/08/11/x").name == "Fortune Asia"  # type: ignore[union-attr]
    assert registry.by_domain("fortune.com/2025/x").name == "Fortune"  # type: ignore[union-attr]
    assert registry.by_domain("example.org") is None


def test_user_json_file_extends_and_overrides(tmp_path: Path) -> None:
    extra = tmp_path / "outlets.json"
    entries = [
        {
            "name": "The Daily Bugle",
            "aliases": ["Bugle"],
            "domains": ["dailybugle.example"],
            "kind": "newspaper",
        },
        {"name": "WIRED", "domains": ["wired.example"], "kind": "magazine"},
    ]
    extra.write_text(json.dumps({"outlets": entries}), encoding="utf-8")
    registry = load_registry(extra)
    assert registry.lookup("bugle").domain == "dailybugle.example"  # type: ignore[union-attr]
    assert registry.lookup("WIRED").domain == "wired.example"  # type: ignore[union-attr]
    assert len(registry) == len(load_registry()) + 1


def test_user_toml_file(tmp_path: Path) -> None:
    extra = tmp_path / "outlets.toml"
    extra.write_text(
        '[[outlet]]\nname = "Local Ledger"\ndomains = ["ledger.example"]\nkind = "newsletter"\n',
        encoding="utf-8",
    )
    assert load_registry(extra).by_domain("ledger.example").name == "Local Ledger"  # type: ignore[union-attr]


def test_bad_user_file_is_a_config_error(tmp_path: Path) -> None:
    extra = tmp_path / "outlets.json"
    extra.write_text('{"outlets": [{"name": "X", "kind": "zine"}]}', encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown kind"):
        load_registry(extra)


def test_normalise_name() -> None:
    assert normalise_name("The  Economist’s") == "economist"


def test_adding_an_outlet_reaches_cached_source_classification() -> None:
    from provenance.extract import extract_claims
    from provenance.registry import Outlet, Registry

    registry = Registry()
    text = "Zorblat Gazette reported that the dam broke."
    before = extract_claims(text, registry=registry)
    registry.add(Outlet("Zorblat Gazette", domains=("zorblat.example",), kind="newspaper"))
    after = extract_claims(text, registry=registry)
    assert before and all(s.kind != "outlet" for c in before for s in c.sources)
    assert [s.domain for c in after for s in c.sources] == ["zorblat.example"]
