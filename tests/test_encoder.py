"""The numpy encoder of all-MiniLM-L6-v2: its tokenizer gives the ids of Hugging Face's
BertTokenizer (pinned here from it), its vectors are pinned (from this encoder; the torch
model gives them to within 3e-3), and padding, batching and the options keep their word."""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from provenance.match import encoder as encoder_module
from provenance.match.encoder import (
    Encoder,
    ModelMissing,
    _erf,
    basic_tokens,
    load,
    wordpieces,
)

CAT = "The cat sat on the mat."
CAT_2 = "A cat chased the mouse across the kitchen floor."
RIVER = "He sat on the river bank and watched the water."
MONEY = "The bank raised interest rates by 25 basis points."

# Ids from transformers' BertTokenizer (its Rust and Python versions agree on these).
HF_IDS = {
    "Café déjà vu in São Paulo, naïvely.": [
        101, 7668, 2139, 3900, 24728, 1999, 7509, 9094, 1010, 15743, 2135, 1012, 102,
    ],
    "\"We won't back down!\" (she said) -- #1 @home": [
        101, 1000, 2057, 2180, 1005, 1056, 2067, 2091, 999, 1000, 1006, 2016, 2056, 1007,
        1011, 1011, 1001, 1015, 1030, 2188, 102,
    ],
    "Prices rose 12.5% to $1,000,000 in 2024.": [
        101, 7597, 3123, 2260, 1012, 1019, 1003, 2000, 1002, 1015, 1010, 2199, 1010, 2199,
        1999, 16798, 2549, 1012, 102,
    ],
    "pneumonoultramicroscopicsilicovolcanoconiosis " + "a" * 101 + " end": [
        101, 1052, 2638, 2819, 17175, 11314, 6444, 2594, 7352, 26461, 27572, 11261, 6767,
        15472, 6761, 8663, 10735, 2483, 100, 2203, 102,
    ],
    "": [101, 102],
    "東京は日本の首都です。": [
        101, 1879, 1755, 1672, 1864, 1876, 1671, 100, 1961, 1665, 30184, 1636, 102,
    ],
    "Tabs\tand\nnew\u200blines\x00 here": [101, 21628, 2015, 1998, 2047, 12735, 2182, 102],
}  # fmt: skip


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return load()


@pytest.mark.parametrize("text", list(HF_IDS))
def test_tokenizer_gives_bert_ids(encoder: Encoder, text: str) -> None:
    tokens = encoder.tokenizer.tokenize(text)
    assert tokens.ids == HF_IDS[text]
    assert [encoder.tokenizer.vocab[piece] for piece in tokens.pieces] == tokens.ids


def test_tokenizer_pieces(encoder: Encoder) -> None:
    assert list(basic_tokens("Café déjà-vu!")) == ["cafe", "deja", "-", "vu", "!"]
    assert wordpieces("naively", encoder.tokenizer.vocab) == ["naive", "##ly"]
    assert wordpieces("a" * 101, encoder.tokenizer.vocab) == ["[UNK]"]
    assert encoder.tokenizer.tokenize("東京").pieces == ["[CLS]", "東", "京", "[SEP]"]


def test_tokenizer_truncates(encoder: Encoder) -> None:
    text = "one two three four five six seven eight nine ten"
    assert encoder.tokenizer.tokenize(text, max_length=8).ids == [
        101, 2028, 2048, 2093, 2176, 2274, 2416, 102,
    ]  # fmt: skip
    with pytest.raises(ValueError, match="max_length"):
        encoder.tokenizer.tokenize(text, max_length=1)
    # a word cut into many pieces is cut at the last piece kept
    assert encoder.tokenizer.tokenize("one naively", max_length=4).pieces == [
        "[CLS]", "one", "naive", "[SEP]",
    ]  # fmt: skip


def test_long_texts_are_read_only_as_far_as_kept(
    encoder: Encoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    long = "The council met. " * 50_000 + "x" * 1_000_000  # 1.8 MB, one unbroken word at the end
    tokens = encoder.tokenizer.tokenize(long)
    assert len(tokens.pieces) == 128 and tokens.pieces[-1] == "[SEP]"
    assert tokens == encoder.tokenizer.tokenize("The council met. " * 50)
    cleaned: list[int] = []
    clean = encoder_module._clean
    monkeypatch.setattr(
        encoder_module, "_clean", lambda text: cleaned.append(len(text)) or clean(text)
    )
    encoder.tokenizer.tokenize(long)
    assert sum(cleaned) < 3 * encoder_module.BLOCK  # the first block, not 1.8 MB
    # blocks are cut at spaces: the tokens are those of the whole text read at once
    text = "Ça   va? 東京 a\u0301b\u00a0c\x00d " * 900 + "e" * 5000 + " f"
    whole = unicodedata.normalize("NFC", encoder_module._clean(text)).split()
    assert list(basic_tokens(text)) == [
        part
        for word in whole
        for part in encoder_module._split_punctuation(encoder_module._strip_accents(word.lower()))
    ]


def test_punctuation_is_split_in_one_pass() -> None:
    assert encoder_module._split_punctuation("x" * 1_000_000) == ["x" * 1_000_000]
    glued = "a.b" * 200_000
    assert list(basic_tokens(glued))[:4] == ["a", ".", "ba", "."]


def vector(encoded: list[tuple[list[str], np.ndarray]], text: int, piece: str) -> np.ndarray:
    pieces, vectors = encoded[text]
    return vectors[pieces.index(piece)]


def test_vectors_are_pinned(encoder: Encoder) -> None:
    out = [(e.pieces, e.vectors) for e in encoder.encode([CAT, CAT_2, RIVER, MONEY])]
    assert out[0][0] == ["[CLS]", "the", "cat", "sat", "on", "the", "mat", ".", "[SEP]"]
    assert all(vectors.dtype == np.float32 for _, vectors in out)
    assert np.allclose(np.linalg.norm(out[3][1], axis=1), 1, atol=1e-5)
    assert vector(out, 0, "cat") @ vector(out, 1, "cat") == pytest.approx(0.8711, abs=1e-3)
    assert vector(out, 2, "bank") @ vector(out, 3, "bank") == pytest.approx(0.7794, abs=1e-3)
    assert vector(out, 0, "cat") @ vector(out, 3, "bank") == pytest.approx(0.0622, abs=1e-3)
    assert np.allclose(out[0][1][1, :4], [0.1270, 0.0096, -0.0404, 0.0708], atol=1e-3)


def test_fewer_layers(encoder: Encoder) -> None:
    out = [(e.pieces, e.vectors) for e in encoder.encode([CAT, CAT_2], layers=1)]
    assert vector(out, 0, "cat") @ vector(out, 1, "cat") == pytest.approx(0.9829, abs=1e-3)
    full = encoder.encode([CAT], layers=6)[0].vectors
    assert np.array_equal(full, encoder.encode([CAT])[0].vectors)
    for layers in (0, 7):
        with pytest.raises(ValueError, match="layers"):
            encoder.encode([CAT], layers=layers)


def test_erf_is_within_a_millionth() -> None:
    x = np.linspace(-6, 6, 2001, dtype=np.float32)
    exact = np.array([math.erf(value) for value in x.tolist()])
    assert np.abs(_erf(x) - exact).max() < 1e-6


def test_padding_changes_nothing(encoder: Encoder) -> None:
    alone = encoder.encode([CAT])[0]
    padded = encoder.encode([CAT_2 + " " + MONEY, CAT])[1]
    assert padded.pieces == alone.pieces
    assert np.allclose(padded.vectors, alone.vectors, atol=1e-4)


def test_batches_keep_the_order(encoder: Encoder) -> None:
    texts = [" ".join(["word"] * (index % 7)) + f" {index}" for index in range(40)]
    out = encoder.encode(texts)
    assert [e.pieces[-2] for e in out] == [str(index) for index in range(40)]
    assert np.allclose(out[33].vectors, encoder.encode([texts[33]])[0].vectors, atol=1e-4)
    assert encoder.encode([]) == []


def test_missing_model(tmp_path: Path) -> None:
    with pytest.raises(ModelMissing, match=r"minilm\.npz"):
        load(tmp_path)
