"""The attribution tagger: the shipped weights load, its output on sentences written here
is pinned, its decoder gives CRFsuite's own labels, and training is deterministic."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pycrfsuite
import pytest

from provenance.extract import extract_claims
from provenance.extract.claims import tagger_input
from provenance.extract.clusters import cluster_of
from provenance.extract.features import sentence_features
from provenance.extract.tagger import (
    MODEL,
    MODEL_DIR,
    PADDED,
    Tagger,
    _groups,
    load,
    read_weights,
    spans_of,
    tag_sentences,
    write_weights,
)
from provenance.extract.train import PARAMS, article_examples, export, train


def test_the_shipped_weights_load_with_their_labels() -> None:
    roles = ("CUE", "SOURCE", "CONTENT")
    weights = load().weights
    assert set(weights.labels) == {"O"} | {f"{bio}-{role}" for bio in "BI" for role in roles}
    assert weights.state.shape == (len(weights.rows), len(weights.labels))
    assert (MODEL_DIR / MODEL).stat().st_size < 2_000_000


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
    found = tagger_input(sentence)
    ((tokens, _, _),) = found
    (spans,) = tag_sentences(found)
    return [(role, sentence[tokens[first].start : tokens[last].end]) for role, first, last in spans]


PINNED = [
    (
        "The mayor said on Tuesday that the bridge would reopen in May.",
        [
            ("source", "The mayor"),
            ("cue", "said"),
            ("content", "that the bridge would reopen in May"),
        ],
    ),
    (
        "The mayor, who has been in office since 2019, said the bridge would reopen.",
        [
            ("source", "The mayor, who has been in office since 2019,"),
            ("cue", "said"),
            ("content", "the bridge would reopen"),
        ],
    ),
    (
        "“We are not going anywhere,” the union leader told reporters on Friday.",
        [
            ("content", "“We are not going anywhere,”"),
            ("source", "the union leader"),
            ("cue", "told"),
        ],
    ),
    (
        "According to the report, unemployment fell to 4 percent.",
        [("cue", "According to"), ("source", "the report")],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), PINNED)
def test_the_tagger_output_is_pinned(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert sorted(_tagged(sentence)) == sorted(expected)


@pytest.mark.parametrize(
    ("text", "cue", "source", "name", "content"),
    [
        ("Republicans are pushing for a vote on the measure next week.", "are pushing for",
         "Republicans", "Republicans", "a vote on the measure next week"),
    ],
)  # fmt: skip
def test_a_claim_the_rules_miss_is_found_by_the_tagger(
    text: str, cue: str, source: str, name: str, content: str
) -> None:
    assert extract_claims(text, tagger=False) == []
    (claim,) = extract_claims(text)
    assert claim.cue is not None and claim.cue.text == cue
    assert [text[found.start : found.end] for found in claim.sources] == [source]
    assert claim.sources[0].name == name
    assert claim.content is not None and claim.content.text == content


def test_the_tagger_sets_the_source_boundaries_of_a_rule_claim() -> None:
    text = "The mayor, who has been in office since 2019, said the bridge would reopen."
    (rules,) = extract_claims(text, tagger=False)
    (both,) = extract_claims(text)
    assert rules.sources[0].name == both.sources[0].name == "mayor"
    source = text[both.sources[0].start : both.sources[0].end]
    assert source == "The mayor, who has been in office since 2019,"
    assert both.cue == rules.cue and both.content == rules.content


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
        train(examples, target, {**PARAMS, "max_iterations": 20})
        digests.append(hashlib.sha256(target.read_bytes()).hexdigest())
    assert digests[0] == digests[1]


ARTICLE = (
    "The mayor said on Tuesday that the bridge would reopen in May. Critics argued it was "
    "too late.\n\n“We will be ready,” the engineer told reporters, adding that tests "
    "had gone well. Nobody knows why it closed.\n\nAccording to a report by the city, "
    "repairs cost $4 million. Residents, who had waited for months, cheered."
)


def test_the_decoder_gives_crfsuites_labels(tmp_path: Path) -> None:
    """A model trained here, decoded by CRFsuite one sentence at a time and by the
    tagger all sentences at once, gives the same spans."""
    gold = {"source": [(0, 9)], "cue": [(10, 14)], "content": [(27, 61)]}
    model = tmp_path / "small.crfsuite"
    train(article_examples(ARTICLE, gold), model, {**PARAMS, "max_iterations": 30})
    reference = pycrfsuite.Tagger()
    reference.open(str(model))
    sentences = tagger_input(ARTICLE) + tagger_input("Short. " * 3)
    expected = [spans_of(reference.tag(sentence_features(*one))) for one in sentences]
    assert Tagger(export(model)).tag(sentences) == expected


def test_weights_round_trip_byte_for_byte(tmp_path: Path) -> None:
    model = tmp_path / "small.crfsuite"
    gold = {"source": [(0, 9)], "cue": [(10, 14)], "content": [(27, 61)]}
    train(article_examples(ARTICLE, gold), model, {**PARAMS, "max_iterations": 10})
    data = write_weights(export(model))
    again = read_weights(data)
    assert write_weights(again) == data
    assert (MODEL_DIR / MODEL).read_bytes() == write_weights(load().weights)


def test_words_that_mean_alike_share_a_cluster() -> None:
    assert cluster_of("said")[1] == cluster_of("stated")[1]
    assert cluster_of("chanting")[1] == cluster_of("cheering")[1]
    assert cluster_of("said")[1] != cluster_of("bridge")[1]
    assert cluster_of("qzxv") == ("-", "-")


@pytest.mark.parametrize(
    "lengths",
    [[3, 0, 52, 10, 10, 1], [600] + [4] * 5000, [1] * 10, [0, 0], [40_000, 2, 2, 39_999]],
)
def test_sentences_are_decoded_in_groups_of_bounded_padding(lengths: list[int]) -> None:
    groups = _groups(lengths)
    decoded = sorted(index for group in groups for index in group)
    assert decoded == [index for index, length in enumerate(lengths) if length]
    for group in groups:
        sizes = [lengths[index] for index in group]
        assert sizes == sorted(sizes, reverse=True)
        assert len(sizes) * sizes[0] <= max(2 * sum(sizes), PADDED)


def test_a_long_sentence_among_many_short_ones_is_tagged_like_alone() -> None:
    short = tagger_input("The mayor said the bridge would reopen. " * 200)
    long = tagger_input("Critics said that " + "the plan and " * 300 + "the bridge failed.")
    together = tag_sentences(short + long)
    assert max(len(tokens) for tokens, _, _ in long) > 500
    assert together[: len(short)] == tag_sentences(short)
    assert together[len(short) :] == tag_sentences(long)
