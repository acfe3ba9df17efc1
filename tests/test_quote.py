"""Quote check: each status, on a fixture original and on small texts."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.match import check_quote
from provenance.match.quote import _sentence_start, quote_chunks, sentence_cuts
from tests.match_support import techwire


def test_curly_marks_and_dashes_are_verbatim() -> None:
    text = techwire().text
    quote = '"The open-source wave is no longer coming - it is already here'
    found = check_quote(quote, text)
    assert found.status == "verbatim"
    assert found.score == 1.0
    assert found.start is not None and found.end is not None
    assert text[found.start : found.end] == found.passage
    assert found.passage.startswith("The open-source wave is no longer coming – it")


def test_case_and_spaces_do_not_matter() -> None:
    found = check_quote("ANYONE who tells you  that only three\ncompanies", techwire().text)
    assert found.status == "verbatim"


def test_ellipsis_joins_parts_in_order() -> None:
    quote = (
        "The open-source wave is no longer coming … rewriting the economics of the whole industry"
    )
    found = check_quote(quote, techwire().text)
    assert found.status == "verbatim"
    assert found.passage is not None
    assert found.passage.endswith("rewriting the economics of the whole industry")


def test_three_dot_ellipsis_too() -> None:
    quote = "We believe that scrutiny makes these systems safer... not more dangerous"
    assert check_quote(quote, techwire().text).status == "verbatim"


def test_bracketed_insertion_is_allowed() -> None:
    quote = "We believe that [open] scrutiny makes these systems safer, not more dangerous"
    found = check_quote(quote, techwire().text)
    assert found.status == "verbatim"
    assert found.passage is not None and "scrutiny makes these systems safer" in found.passage


def test_changed_word_is_altered_with_closest_passage() -> None:
    quote = "The open-source tsunami is no longer coming – it is already here"
    found = check_quote(quote, techwire().text)
    assert found.status == "altered"
    assert found.passage is not None and "open-source wave" in found.passage
    assert 0.6 <= found.score < 1.0


def test_negation_added_is_altered() -> None:
    quote = "We believe that scrutiny makes these systems more dangerous, not safer"
    assert check_quote(quote, techwire().text).status == "altered"


def test_number_changed_is_altered() -> None:
    quote = "You cannot recall a file that has been copied a billion times"
    found = check_quote(quote, techwire().text)
    assert found.status == "altered"
    assert found.passage == "You cannot recall a file that has been copied a million times"


def test_punctuation_or_stop_word_is_minor() -> None:
    text = techwire().text
    punctuation = check_quote(
        "You cannot recall a file, that has been copied a million times!", text
    )
    stop_word = check_quote("Anyone who tells you that only the three companies can build", text)
    assert punctuation.status == "minor_variation"
    assert stop_word.status == "minor_variation"
    assert stop_word.passage == "Anyone who tells you that only three companies can build"


def test_paraphrase_presented_as_quote_is_altered() -> None:
    quote = "the gap between closed and open AI systems has disappeared, the Berlin start-up says"
    found = check_quote(quote, techwire().text)
    assert found.status == "altered"
    assert found.passage is not None and "all but disappeared" in found.passage


def test_fabricated_quote_is_not_found() -> None:
    quote = "Our investors demanded that we abandon the open licence before Christmas"
    found = check_quote(quote, techwire().text)
    assert found.status == "not_found"
    assert found.passage is None and found.start is None
    assert found.score < 0.6


def test_empty_inputs_are_not_found() -> None:
    assert check_quote("", "some text").status == "not_found"
    assert check_quote("some text", "").status == "not_found"
    assert check_quote("…", "some text").status == "not_found"


def test_long_quote_is_split_into_chunks() -> None:
    text = techwire().text
    start = text.index("Lumen Labs, the Berlin")
    quote = text[start : text.index("before its release.")]
    assert len(quote_chunks(quote)) > 5
    found = check_quote(quote, text)
    assert found.status == "verbatim"
    assert found.start == start


def test_long_quote_with_one_changed_word_is_altered() -> None:
    text = techwire().text
    start = text.index("The company said its Corvid 3")
    quote = text[start : text.index("hard to compare.")].replace("fraction", "multiple")
    found = check_quote(quote, text)
    assert found.status == "altered"
    assert found.start == start


def test_quote_offsets_survive_collapsed_spaces() -> None:
    text = "Intro.\n\n\n   He said   “we   will win”   today."
    found = check_quote("we will win", text)
    assert found.status == "verbatim"
    assert found.start is not None and found.end is not None
    assert text[found.start : found.end] == "we   will win"


def test_repetitive_document_finds_a_passage() -> None:
    unit = "the cat sat on the mat and the dog sat on the log. "
    doc = unit * 500
    found = check_quote((unit * 40).replace("dog", "fox", 2), doc)
    assert found.status in ("minor_variation", "altered")
    assert found.start is not None


WORDS = st.sampled_from(
    [
        "open",
        "models",
        "wave",
        "economics",
        "Okafor",
        "scrutiny",
        "safer",
        "Berlin",
        "weights",
        "licence",
        "file",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(WORDS, min_size=30, max_size=120), st.data())
def test_any_run_of_words_is_verbatim_at_its_offsets(
    doc_words: list[str], data: st.DataObject
) -> None:
    text = " ".join(doc_words)
    first = data.draw(st.integers(0, len(doc_words) - 4))
    last = data.draw(st.integers(first + 3, min(len(doc_words), first + 40)))
    quote = " ".join(doc_words[first:last])
    found = check_quote(quote, text)
    assert found.status == "verbatim"
    assert found.start is not None and found.end is not None
    assert text[found.start : found.end] == quote


def test_parts_out_of_order_are_altered() -> None:
    quote = "You cannot recall a file … Not everyone is persuaded"
    found = check_quote(quote, techwire().text)
    assert found.status == "altered"
    assert found.passage is not None and found.passage.startswith("Not everyone is persuaded")


def test_changed_word_among_common_words_is_found_where_it_is() -> None:
    rng = random.Random(3)
    vocabulary = ["river", "stone", "light", "over", "quiet", "market", "winter", "paper"]
    tokens = [rng.choice(vocabulary) for _ in range(4000)]
    text = " ".join(tokens)
    quoted = tokens[2500:2512]
    quoted[6] = "zebra"
    found = check_quote(" ".join(quoted), text)
    assert found.status == "altered"
    assert found.start is not None and found.end is not None
    assert found.start <= len(" ".join(tokens[:2500])) + 1 < found.end
    assert found.passage is not None and found.passage.endswith(" ".join(tokens[2507:2512]))


def test_sentence_start_looks_back_to_the_last_sentence_end() -> None:
    doc = "One two. Three four! Five six seven"
    cuts = sentence_cuts(doc)
    assert _sentence_start(cuts, doc.index("four")) == doc.index(" Three")
    assert _sentence_start(cuts, doc.index("six")) == doc.index(" Five")
    assert _sentence_start(cuts, doc.index("two")) == 0
