"""The attribution tagger: the shipped weights load, its output on sentences written here
is pinned, and training is deterministic."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from provenance.extract import extract_claims
from provenance.extract.claims import tagger_input
from provenance.extract.tagger import CONTENT_MODEL, MODEL_DIR, SPAN_MODEL, spans_of, tag
from provenance.extract.train import PARAMS, article_examples, train


def test_the_shipped_weights_load_with_their_labels() -> None:
    import pycrfsuite

    for name, labels in (
        (SPAN_MODEL, {"O", "B-CUE", "I-CUE", "B-SOURCE", "I-SOURCE"}),
        (CONTENT_MODEL, {"O", "B-CONTENT", "I-CONTENT"}),
    ):
        tagger = pycrfsuite.Tagger()
        tagger.open(str(MODEL_DIR / name))
        assert set(tagger.labels()) == labels
        assert (MODEL_DIR / name).stat().st_size < 4_000_000


def test_bio_labels_become_spans() -> None:
    labels = ["B-SOURCE", "I-SOURCE", "B-CUE", "O", "I-CUE", "B-CUE", "B-CUE", "I-CUE"]
    assert spans_of(labels) == [
        ("source", 0, 1),
        ("cue", 2, 2),
        ("cue", 4, 4),
        ("cue", 5, 5),
        ("cue", 6, 7),
    ]
    assert spans_of([]) == []


def _tagged(sentence: str) -> list[tuple[str, str]]:
    (tokens, items), *_ = tagger_input(sentence)
    return [
        (role, sentence[tokens[first].start : tokens[last].end])
        for role, first, last in tag(items)
    ]


PINNED = [
    (
        "The mayor said on Tuesday that the bridge would reopen in May.",
        [("source", "The mayor"), ("cue", "said"), ("content", "the bridge would reopen in May")],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), PINNED)
def test_the_tagger_output_is_pinned(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert sorted(_tagged(sentence)) == sorted(expected)


def test_a_claim_the_rules_miss_is_found_by_the_tagger() -> None:
    text = "PLACEHOLDER"
    assert [claim.cue.text for claim in extract_claims(text, tagger=False) if claim.cue] == []
    claims = extract_claims(text)
    assert claims


def test_training_is_deterministic(tmp_path: Path) -> None:
    text = (
        "The mayor said the bridge would reopen. Critics argued that it was too late.\n"
        "“We will be ready,” the engineer told reporters. Nobody knows why it closed."
    )
    gold = {
        "source": [(0, 9), (40, 47), (108, 120)],
        "cue": [(10, 14), (48, 54), (121, 125)],
        "content": [(15, 38), (55, 73), (76, 104)],
    }
    examples = article_examples(text, gold)
    digests = []
    for run in (1, 2):
        target = tmp_path / f"{run}.crfsuite"
        train(examples, target, 1, {**PARAMS, "max_iterations": 20})
        digests.append(hashlib.sha256(target.read_bytes()).hexdigest())
    assert digests[0] == digests[1]
