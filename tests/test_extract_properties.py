"""Property tests: any text is safe to extract from, and every span is consistent."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.extract import extract_claims, infer_article_date
from provenance.models import Claim

PIECES = [
    "said", " says ", "according to ", "Reuters", " WIRED’s ", "(link)", "“", "”", "‘", "’",
    '"', "'", ", ", ". ", "\n", " on November 19, 2025, ", " five days ago ", "today", ": ",
    " ― ", "An X post by ", "r/LocalLLaMA", " one contributor notes ", "experts", " that ",
    "The piece ", "he ", "Ben Norton and Ashok Kumar", " reported ", " as ", "PENCE: ",
]  # fmt: skip
newsy = st.lists(st.sampled_from(PIECES) | st.text(max_size=12), max_size=40).map("".join)
texts = newsy | st.text(max_size=300)


def assert_consistent(text: str, claims: list[Claim]) -> None:
    ids = {claim.id for claim in claims}
    for claim in claims:
        for span in [claim.sentence, claim.cue, claim.content, *claim.quotes]:
            if span is not None:
                assert text[span.start : span.end] == span.text
        for source in claim.sources:
            assert 0 <= source.start <= source.end <= len(text)
        if claim.date is not None:
            assert text[claim.date.start : claim.date.end] == claim.date.text
        assert claim.parent is None or claim.parent in ids


@settings(max_examples=300, deadline=None)
@given(texts, st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)))
def test_any_text_extracts_without_crashing(text: str, article_date: date | None) -> None:
    claims = extract_claims(text, article_date=article_date, article="a.txt")
    assert_consistent(text, claims)
    assert all(claim.to_dict()["article"] == "a.txt" for claim in claims)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_article_date_inference_never_crashes(text: str) -> None:
    inferred = infer_article_date(text)
    assert inferred is None or isinstance(inferred, date)
