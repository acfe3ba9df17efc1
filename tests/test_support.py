"""Support check: labels, evidence indices, and the `support --jsonl` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from provenance.cli import app
from provenance.match import check_support
from provenance.match.support import MODEL_SUPPORTED, claim_parts, split_sentences, stem

EVIDENCE = [
    "(meta data) TITLE: Lumen Labs – About",
    "Lumen Labs is a start-up based in Berlin.",
    "It was founded in 2019 by Maria Okafor and two colleagues.",
    "The company builds the Corvid family of open language models.",
    "Its offices overlook the river Spree.",
]


def test_supported_claim_points_at_its_sentences() -> None:
    result = check_support(
        "Lumen Labs, founded in 2019 by Maria Okafor, is based in Berlin.", EVIDENCE
    )
    assert result.label == "supported"
    assert set(result.evidence) == {1, 2}
    assert result.sentences[0] in EVIDENCE


def test_partly_supported_claim() -> None:
    claim = "Lumen Labs, a Berlin start-up founded in 2019, sells chips to carmakers."
    result = check_support(claim, EVIDENCE)
    assert result.label == "partially_supported"
    assert 1 in result.evidence


def test_the_parts_of_a_claim_decide_between_partial_and_none() -> None:
    """One part stated and one not: partial; no part stated: not supported."""
    assert [len(part) for part in claim_parts("Okafor founded Lumen Labs, which sells chips.")] == [
        4,
        2,
    ]
    assert claim_parts("Chips sold.") == [["chip", "sold"]]  # one part: the whole claim
    half = check_support(
        "Lumen Labs is based in Berlin, and its founders later moved to Lisbon to open a bakery.",
        EVIDENCE,
    )
    assert half.label == "partially_supported"
    assert half.parts > 0.5 and half.score < MODEL_SUPPORTED
    lexical = check_support(
        "Lumen Labs is based in Berlin, and its founders later moved to Lisbon to open a bakery.",
        EVIDENCE,
        fast=True,
    )
    assert lexical.label == "partially_supported" and lexical.parts > 0.5 > lexical.score
    none = check_support(
        "Farmers near Lisbon grow olives, and their harvest fell after a dry summer.", EVIDENCE
    )
    assert none.label == "not_supported" and none.parts < 0.26


def test_unrelated_claim_is_not_supported() -> None:
    result = check_support("The mayor opened a new football stadium in Madrid.", EVIDENCE)
    assert result.label == "not_supported"
    assert result.score < 0.2


def test_wrong_number_lowers_the_score() -> None:
    right = check_support("Lumen Labs was founded in 2019 by Maria Okafor.", EVIDENCE)
    wrong = check_support("Lumen Labs was founded in 2011 by Maria Okafor.", EVIDENCE)
    assert wrong.score < right.score


def test_negation_lowers_the_score() -> None:
    plain = check_support("The company builds open language models.", EVIDENCE)
    negated = check_support("The company does not build open language models.", EVIDENCE)
    assert negated.score < plain.score


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Lumen Labs is in Berlin. It was founded in 2019.\nIt builds models!",
            ["Lumen Labs is in Berlin.", "It was founded in 2019.", "It builds models!"],
        ),
        (  # titles, initials and abbreviations end no sentence
            "Dr. Ana Ito and J. R. Cole met U.S. officials on Monday. They agreed.\nA new line",
            [
                "Dr. Ana Ito and J. R. Cole met U.S. officials on Monday.",
                "They agreed.",
                "A new line",
            ],
        ),
    ],
)
def test_string_evidence_is_split_into_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


def test_string_evidence_is_ranked_by_its_sentences() -> None:
    text = "Lumen Labs is in Berlin. It was founded in 2019.\nIt builds models!"
    result = check_support("Lumen Labs was founded in 2019", text)
    assert result.evidence[0] in (0, 1)


def test_empty_inputs() -> None:
    assert check_support("", EVIDENCE).label == "not_supported"
    assert check_support("Lumen Labs is in Berlin", []).label == "not_supported"


def test_stem() -> None:
    assert stem("models") == stem("model")
    assert stem("founded") == "found"
    assert stem("is") == "is"


def test_support_command_writes_one_line_per_claim(tmp_path: Path) -> None:
    lines = [
        {"id": "a", "claim": "Lumen Labs is based in Berlin.", "evidence": EVIDENCE},
        {"id": "b", "claim": "A stadium was built in Madrid.", "evidence": " ".join(EVIDENCE)},
    ]
    path = tmp_path / "claims.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["support", "--jsonl", str(path)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["id"] for row in rows] == ["a", "b"]
    assert rows[0]["label"] == "supported" and rows[0]["evidence"][0] == 1
    assert rows[1]["label"] == "not_supported"
    assert set(rows[0]) == {"id", "label", "score", "parts", "soft", "evidence"}


def test_support_command_names_a_malformed_line_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "claims.jsonl"
    good = json.dumps({"id": 1, "claim": "Lumen Labs is in Berlin.", "evidence": EVIDENCE})
    bad_evidence = json.dumps({"id": 3, "claim": "x", "evidence": 7})
    path.write_text(f"{good}\n{{not json\n{bad_evidence}\n{good}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["support", "--jsonl", str(path)])
    assert result.exit_code == 2
    assert len(result.stdout.splitlines()) == 2
    assert f"{path}:2:" in result.stderr
    assert f"{path}:3:" in result.stderr


def test_support_command_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["support", "--jsonl", str(tmp_path / "absent.jsonl")])
    assert result.exit_code == 2
