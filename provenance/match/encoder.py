"""Contextual token vectors from all-MiniLM-L6-v2, in numpy alone.

The sentence-transformers model all-MiniLM-L6-v2 (Apache-2.0; a 6-layer BERT,
hidden size 384, 12 heads) ships in `model/`: `minilm.npz`, its weights with the
matrices as int8 and one scale per row (written by scripts/export_encoder.py),
and `vocab.txt`, its WordPiece vocabulary. Here it runs without torch:

1. `Tokenizer` is BERT's uncased tokenizer: control characters dropped, CJK
   characters set apart, lower case, accents stripped (NFD), punctuation split
   into tokens of its own, then greedy longest-match-first WordPiece (`##` for a
   word's later pieces; a word longer than 100 characters, or with no pieces,
   is `[UNK]`); `[CLS]` and `[SEP]` around, cut to `max_length` pieces. Its ids
   are those of transformers' Python BertTokenizer; the Rust one differs only on
   unassigned code points (which it keeps) and a word-final capital sigma (σ,
   not ς); and "[SEP]" written in a text is plain text here (both make it the
   special token);
2. `Encoder.encode` runs the texts in batches padded to their longest: word,
   position and token-type embeddings, then each layer's 12-head self-attention
   (padding masked) and its feed-forward (exact GELU), each followed by a
   residual LayerNorm;
3. each text gets its pieces and their last-layer vectors, one unit-length
   float32 row per piece, `[CLS]` and `[SEP]` included.

The weights are read once, on the first `load()`.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from provenance.errors import ProvenanceError

__all__ = [
    "MAX_LENGTH",
    "MODEL_DIR",
    "Encoded",
    "Encoder",
    "ModelMissing",
    "Tokenizer",
    "Tokens",
    "basic_tokens",
    "fingerprint",
    "load",
    "wordpieces",
]

MODEL_DIR = Path(__file__).parent / "model"
WEIGHTS = "minilm.npz"
VOCAB = "vocab.txt"
MAX_LENGTH = 128  # pieces, [CLS] and [SEP] included
MAX_POSITIONS = 512
MAX_WORD = 100  # characters: a longer word is [UNK]
BLOCK = 4096  # characters tokenized at a time
BATCH = 32  # texts run together
HEADS = 12
EPS = 1e-12
ERF = (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592)  # a5 ... a1

Floats = NDArray[np.float32]
Ints = NDArray[np.int64]


class ModelMissing(ProvenanceError):
    """A file of the encoder's model is not where it should be."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


# --- the tokenizer -----------------------------------------------------------------


class Tokens(NamedTuple):
    """A text's WordPiece ids and pieces, [CLS] and [SEP] included."""

    ids: list[int]
    pieces: list[str]


def _is_control(char: str) -> bool:
    return char not in "\t\n\r" and unicodedata.category(char).startswith("C")


def _is_whitespace(char: str) -> bool:
    return char in " \t\n\r" or unicodedata.category(char) == "Zs"


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    ascii_symbol = 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126
    return ascii_symbol or unicodedata.category(char).startswith("P")


CJK = (
    (0x4E00, 0x9FFF),
    (0x3400, 0x4DBF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2B73F),
    (0x2B740, 0x2B81F),
    (0x2B820, 0x2CEAF),
    (0xF900, 0xFAFF),
    (0x2F800, 0x2FA1F),
)


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in CJK)


def _clean(text: str) -> str:
    """Control characters dropped, whitespace made a space, CJK characters set apart."""
    out = []
    for char in text:
        if char in "\x00\ufffd" or _is_control(char):
            continue
        out.append(" " if _is_whitespace(char) else f" {char} " if _is_cjk(char) else char)
    return "".join(out)


def _strip_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


def _split_punctuation(word: str) -> list[str]:
    """A word cut before and after each punctuation character."""
    parts: list[str] = []
    run: list[str] = []  # the characters since the last punctuation
    for char in word:
        if _is_punctuation(char):
            if run:
                parts.append("".join(run))
                run = []
            parts.append(char)
        else:
            run.append(char)
    if run:
        parts.append("".join(run))
    return parts


def basic_tokens(text: str) -> Iterator[str]:
    """BERT's basic (uncased) tokens of a text, before WordPiece, in order; read a block
    at a time, so a caller that stops early leaves the rest of a long text unread."""
    for block in _blocks(text):
        for word in unicodedata.normalize("NFC", _clean(block)).split():
            yield from _split_punctuation(_strip_accents(word.lower()))


def _blocks(text: str, size: int = BLOCK) -> Iterator[str]:
    """The text in pieces of about `size` characters, each cut just before a space (a space
    ends a word, and nothing composes with it, so the tokens are those of the whole)."""
    start = 0
    while start < len(text):
        end = text.find(" ", start + size)
        end = len(text) if end < 0 else end
        yield text[start:end]
        start = end


def wordpieces(word: str, vocab: dict[str, int], unknown: str = "[UNK]") -> list[str]:
    """A word's WordPiece pieces, longest first from the left; `[unknown]` if it has none."""
    if len(word) > MAX_WORD:
        return [unknown]
    pieces: list[str] = []
    start = 0
    while start < len(word):
        prefix = "##" if start else ""
        end = len(word)
        while end > start and prefix + word[start:end] not in vocab:
            end -= 1
        if end == start:
            return [unknown]
        pieces.append(prefix + word[start:end])
        start = end
    return pieces


class Tokenizer:
    """BERT's uncased WordPiece tokenizer over a vocabulary (a piece per line)."""

    def __init__(self, vocab: list[str]) -> None:
        self.vocab = {piece: index for index, piece in enumerate(vocab)}

    def tokenize(self, text: str, max_length: int = MAX_LENGTH) -> Tokens:
        """The text's ids and pieces, with [CLS] and [SEP], at most `max_length` of them."""
        if max_length < 2:
            raise ValueError(f"max_length {max_length}: it must hold [CLS] and [SEP]")
        pieces = ["[CLS]"]
        for word in basic_tokens(text):  # read only as far as the pieces kept
            pieces.extend(wordpieces(word, self.vocab))
            if len(pieces) >= max_length - 1:
                break
        pieces = [*pieces[: max_length - 1], "[SEP]"]
        return Tokens([self.vocab[piece] for piece in pieces], pieces)


# --- the encoder -------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Encoded:
    """A text's pieces and their contextual vectors, one unit-length row per piece."""

    pieces: list[str]
    vectors: Floats  # (pieces, 384)


@dataclass(frozen=True)
class Norm:
    weight: Floats
    bias: Floats


@dataclass(frozen=True)
class Dense:
    weight: Floats  # (in, out)
    bias: Floats


@dataclass(frozen=True)
class Layer:
    qkv: Dense  # query, key and value side by side
    attention: Dense
    attention_norm: Norm
    up: Dense
    down: Dense
    output_norm: Norm


def _matrix(npz: dict[str, NDArray[np.generic]], name: str) -> Floats:
    """A weight matrix as float32 (in, out): int8 rows times their scales."""
    weight = npz[f"{name}.weight"].astype(np.float32)
    if f"{name}.scale" in npz:
        weight *= npz[f"{name}.scale"].astype(np.float32)[:, None]
    return np.ascontiguousarray(weight.T)


def _dense(npz: dict[str, NDArray[np.generic]], *names: str) -> Dense:
    weight = np.concatenate([_matrix(npz, name) for name in names], axis=1)
    bias = np.concatenate([npz[f"{name}.bias"] for name in names]).astype(np.float32)
    return Dense(weight, bias)


def _norm(npz: dict[str, NDArray[np.generic]], name: str) -> Norm:
    return Norm(npz[f"{name}.weight"].astype(np.float32), npz[f"{name}.bias"].astype(np.float32))


def _layer(npz: dict[str, NDArray[np.generic]], index: int) -> Layer:
    name = f"layer{index}."
    return Layer(
        qkv=_dense(npz, name + "query", name + "key", name + "value"),
        attention=_dense(npz, name + "attention"),
        attention_norm=_norm(npz, name + "attention_norm"),
        up=_dense(npz, name + "up"),
        down=_dense(npz, name + "down"),
        output_norm=_norm(npz, name + "output_norm"),
    )


def _layer_norm(x: Floats, norm: Norm) -> Floats:
    centred = x - x.mean(axis=-1, keepdims=True)
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(variance + EPS) * norm.weight + norm.bias  # type: ignore[no-any-return]


def _erf(x: Floats) -> Floats:
    """erf to within 1.5e-7 (Abramowitz and Stegun 7.1.26)."""
    a = np.abs(x)
    t = 1 / (1 + np.float32(0.3275911) * a)
    poly = np.zeros_like(t)
    for coefficient in ERF:  # Horner: a1 t + a2 t² + ... + a5 t⁵
        poly = (poly + np.float32(coefficient)) * t
    return np.sign(x) * (1 - poly * np.exp(-a * a))  # type: ignore[no-any-return]


def _gelu(x: Floats) -> Floats:
    return 0.5 * x * (1 + _erf(x * np.float32(1 / np.sqrt(2))))


def _softmax(x: Floats) -> Floats:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)  # type: ignore[no-any-return]


def _attention(x: Floats, masked: Floats, layer: Layer) -> Floats:
    """Multi-head self-attention of (batch, length, hidden) states; `masked` is added to
    the scores of padded keys."""
    batch, length, hidden = x.shape
    size = hidden // HEADS
    qkv = (x @ layer.qkv.weight + layer.qkv.bias).reshape(batch, length, 3, HEADS, size)
    query, key, value = qkv.transpose(2, 0, 3, 1, 4)  # each (batch, heads, length, size)
    scores = query @ key.transpose(0, 1, 3, 2) / np.float32(np.sqrt(size)) + masked
    context = (_softmax(scores) @ value).transpose(0, 2, 1, 3).reshape(batch, length, hidden)
    return context @ layer.attention.weight + layer.attention.bias  # type: ignore[no-any-return]


def _run_layer(x: Floats, masked: Floats, layer: Layer) -> Floats:
    x = _layer_norm(x + _attention(x, masked, layer), layer.attention_norm)
    inner = _gelu(x @ layer.up.weight + layer.up.bias)
    return _layer_norm(x + inner @ layer.down.weight + layer.down.bias, layer.output_norm)


class Encoder:
    """all-MiniLM-L6-v2's token vectors, from its weights (as `minilm.npz` holds them)."""

    def __init__(self, npz: dict[str, NDArray[np.generic]], vocab: list[str]) -> None:
        self.tokenizer = Tokenizer(vocab)
        self.word = npz["word.weight"]  # int8 rows, gathered and scaled per text
        self.word_scale = npz.get("word.scale", np.ones(len(self.word))).astype(np.float32)
        self.position = npz["position.weight"].astype(np.float32)
        self.token_type = npz["token_type.weight"][0].astype(np.float32)
        self.embedding_norm = _norm(npz, "embedding_norm")
        count = len({name.split(".")[0] for name in npz if name.startswith("layer")})
        self.layers = [_layer(npz, index) for index in range(count)]

    def encode(
        self, texts: list[str], *, max_length: int = MAX_LENGTH, layers: int | None = None
    ) -> list[Encoded]:
        """Each text's pieces and their vectors from the last layer (or from the first
        `layers`), the texts run in batches of similar length."""
        stack = self._stack(max_length, layers)
        tokens = [self.tokenizer.tokenize(text, max_length) for text in texts]
        order = sorted(range(len(texts)), key=lambda index: len(tokens[index].ids))
        out: dict[int, Encoded] = {}
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            vectors = self._run([tokens[index].ids for index in batch], stack)
            for index, rows in zip(batch, vectors, strict=True):
                out[index] = Encoded(tokens[index].pieces, rows)
        return [out[index] for index in range(len(texts))]

    def _stack(self, max_length: int, layers: int | None) -> list[Layer]:
        """The layers to run, once the options are checked."""
        if not 2 <= max_length <= MAX_POSITIONS:
            raise ValueError(f"max_length {max_length}: it must be from 2 to {MAX_POSITIONS}")
        if layers is not None and not 1 <= layers <= len(self.layers):
            raise ValueError(f"layers {layers}: it must be from 1 to {len(self.layers)}")
        return self.layers[:layers]

    def _run(self, ids: list[list[int]], stack: list[Layer]) -> list[Floats]:
        """The unit-length vectors of each id list, run together padded to the longest."""
        lengths = np.array([len(row) for row in ids])
        padded = np.zeros((len(ids), lengths.max()), dtype=np.int64)  # [PAD] is id 0
        for row, values in zip(padded, ids, strict=True):
            row[: len(values)] = values
        real = np.arange(lengths.max()) < lengths[:, None]
        masked = np.where(real, 0, np.finfo(np.float32).min).astype(np.float32)[:, None, None, :]
        x = self._embed(padded)
        for layer in stack:
            x = _run_layer(x, masked, layer)
        x /= np.linalg.norm(x, axis=-1, keepdims=True)
        return [x[index, : len(values)].copy() for index, values in enumerate(ids)]

    def _embed(self, ids: Ints) -> Floats:
        words = self.word[ids].astype(np.float32) * self.word_scale[ids][..., None]
        x = words + self.position[: ids.shape[1]] + self.token_type
        return _layer_norm(x, self.embedding_norm)


def _read_vocab(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").removesuffix("\n").split("\n")
    except FileNotFoundError:
        raise ModelMissing("the encoder's vocabulary is missing", path=str(path)) from None


def _read_weights(path: Path) -> dict[str, NDArray[np.generic]]:
    try:
        with np.load(path) as npz:
            return {name: npz[name] for name in npz.files}
    except FileNotFoundError:
        raise ModelMissing(
            "the encoder's weights are missing (scripts/export_encoder.py writes them)",
            path=str(path),
        ) from None


@lru_cache(maxsize=2)
def fingerprint(directory: Path = MODEL_DIR) -> str:
    """The SHA-256 of the model's files in `directory` (weights, then vocabulary): answers
    kept under it are read again only from the same model."""
    digest = hashlib.sha256()
    for name in (WEIGHTS, VOCAB):
        try:
            with (directory / name).open("rb") as file:
                for block in iter(lambda: file.read(1 << 20), b""):
                    digest.update(block)
        except FileNotFoundError:
            raise ModelMissing(
                "a file of the encoder is missing", path=str(directory / name)
            ) from None
    return digest.hexdigest()


@lru_cache(maxsize=2)
def load(directory: Path = MODEL_DIR) -> Encoder:
    """The encoder of the weights and vocabulary in `directory`, read once and kept."""
    return Encoder(_read_weights(directory / WEIGHTS), _read_vocab(directory / VOCAB))
