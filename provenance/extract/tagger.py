"""The attribution tagger: a linear-chain CRF over a sentence's token features.

It tags cue, source and content spans (BIO labels) from the features of
`features`. The weights were fit by CRFsuite (`train`) and ship in `model/` as
one xz file (see MODEL.md); here they are numpy arrays, and an article's
sentences are decoded together: a token's score is its word's weights (summed
once per distinct word, with what the word adds as a neighbour) plus the
weights of its place in the sentence, and one Viterbi pass runs over all the
sentences at once. The labels are those CRFsuite's own tagger gives (a test
compares them).
"""

from __future__ import annotations

import json
import lzma
from pathlib import Path
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from provenance.extract.features import NEIGHBOURS, PLACES, Sentence, build_word, places

__all__ = [
    "MODEL",
    "MODEL_DIR",
    "Sentence",
    "Tagged",
    "Tagger",
    "Weights",
    "load",
    "read_weights",
    "spans_of",
    "tag_sentences",
    "write_weights",
]

MODEL_DIR = Path(__file__).resolve().parent / "model"
MODEL = "attribution.weights.xz"
Tagged = tuple[str, int, int]  # role, first token, last token (inclusive)
Floats = NDArray[np.float64]


class Weights(NamedTuple):
    """A CRF's weights: one row of label weights per feature string, and the label
    transitions (from, to)."""

    labels: list[str]
    rows: dict[str, int]  # feature string -> row of `state`
    state: Floats  # (features, labels)
    transition: Floats  # (labels, labels)


CACHE_WORDS = 50_000  # words whose weights are kept summed (bounded like the feature cache)


class Tagger:
    """Tags an article's sentences with one set of weights, keeping each word's summed
    weights (its own features, and what it adds as each neighbour) once computed."""

    def __init__(self, weights: Weights) -> None:
        self.weights = weights
        self.words: dict[str, Floats] = {}  # word -> (1 + neighbours, labels)
        rows = [self._sum((name,)) for names in PLACES.values() for name in names]
        self.places = np.stack([*rows, np.zeros(len(weights.labels))])  # last: no feature
        sizes = [len(names) for names in PLACES.values()]
        self.offsets = np.cumsum([0, *sizes[:-1]])  # each kind's first row in `places`

    def tag(self, sentences: list[Sentence]) -> list[list[Tagged]]:
        """The cue, source and content spans found in each sentence."""
        lengths = [len(tokens) for tokens, _, _ in sentences]
        if not sum(lengths):
            return [[] for _ in sentences]
        flat = self.scores(sentences)
        paths = np.zeros(len(flat), dtype=np.intp)
        starts = np.cumsum([0, *lengths[:-1]])
        for group in _groups(lengths):
            size = np.array([lengths[index] for index in group])
            steps = np.arange(int(size.max()))
            inside = steps[None, :] < size[:, None]
            tokens = np.where(inside, starts[group][:, None] + steps, 0)  # padding: token 0
            found = _viterbi(flat[tokens], size, self.weights.transition)
            paths[tokens[inside]] = found[inside]
        labels = [self.weights.labels[label] for label in paths.tolist()]
        return [spans_of(labels[start : start + length])
                for start, length in zip(starts.tolist(), lengths, strict=True)]  # fmt: skip

    def scores(self, sentences: list[Sentence]) -> Floats:
        """Label scores of every token of `sentences`, in order: (tokens, labels)."""
        words: dict[str, int] = {}
        rows: list[Floats] = []
        ids: list[int] = []
        for tokens, _, _ in sentences:
            for token in tokens:
                number = words.get(token.text)
                if number is None:
                    number = words[token.text] = len(rows)
                    rows.append(self._word(token.text, token.lower))
                ids.append(number)
        vectors, word = np.stack(rows), np.array(ids)
        place = places(sentences)
        flat: Floats = vectors[word, 0]
        values = np.stack([place.values[kind] for kind in PLACES], axis=1)
        chosen = np.where(values >= 0, values + self.offsets, len(self.places) - 1)
        flat += self.places[chosen].sum(axis=1)
        seen = np.where(place.near >= 0, word[place.near], -1)  # each neighbour's word
        slots = np.arange(1, len(NEIGHBOURS) + 1)
        flat += np.where(seen[..., None] >= 0, vectors[seen, slots], 0.0).sum(axis=1)
        return flat

    def _word(self, text: str, lower: str) -> Floats:
        known = self.words.get(text)
        if known is None:
            word = build_word(text, lower)  # not kept as strings: the sums are kept
            known = np.stack([self._sum(word.own), *(self._sum(near) for near in word.near)])
            if len(self.words) >= CACHE_WORDS:
                self.words.clear()
            self.words[text] = known
        return known

    def _sum(self, names: tuple[str, ...]) -> Floats:
        """The summed weights of feature strings (each a row of weights per label)."""
        found = [self.weights.rows[name] for name in names if name in self.weights.rows]
        summed: Floats = self.weights.state[found].sum(axis=0)
        return summed


_LOADED: list[Tagger] = []


def load() -> Tagger:
    """The tagger with the shipped weights (read once)."""
    if not _LOADED:
        path = MODEL_DIR / MODEL
        if not path.is_file():
            raise FileNotFoundError(
                f"the tagger's weights are missing: {path}"
                " (rebuild them with python -m provenance.extract.train)"
            )
        _LOADED.append(Tagger(read_weights(path.read_bytes())))
    return _LOADED[0]


def tag_sentences(sentences: list[Sentence]) -> list[list[Tagged]]:
    """The cue, source and content spans the shipped tagger finds in each sentence."""
    return load().tag(sentences)


def write_weights(weights: Weights) -> bytes:
    """The weights as shipped: a JSON header line, the feature strings one a line, then
    the state and transition weights as little-endian float64, all xz-compressed at a
    fixed preset (the same weights give the same bytes)."""
    names = "\n".join(sorted(weights.rows, key=weights.rows.__getitem__)).encode("utf-8")
    header = {"labels": weights.labels, "features": len(weights.rows), "names_bytes": len(names)}
    body = b"".join(
        (
            json.dumps(header).encode("utf-8") + b"\n",
            names,
            weights.state.astype("<f8").tobytes(),
            weights.transition.astype("<f8").tobytes(),
        )
    )
    return lzma.compress(body, preset=9 | lzma.PRESET_EXTREME)


def read_weights(data: bytes) -> Weights:
    """Weights from the bytes `write_weights` gives."""
    body = lzma.decompress(data)
    line_end = body.index(b"\n")
    header = json.loads(body[:line_end])
    labels, count = list(header["labels"]), int(header["features"])
    start = line_end + 1
    names = body[start : start + header["names_bytes"]].decode("utf-8").split("\n")
    start += header["names_bytes"]
    size = count * len(labels) * 8
    state = np.frombuffer(body[start : start + size], dtype="<f8").reshape(count, len(labels))
    transition = np.frombuffer(body[start + size :], dtype="<f8").reshape(len(labels), -1)
    rows = {name: row for row, name in enumerate(names)} if count else {}
    return Weights(labels, rows, state.astype(np.float64), transition.astype(np.float64))


PADDED = 65_536  # token slots a group of sentences may take beyond twice its tokens


def _groups(lengths: list[int]) -> list[list[int]]:
    """The sentences with tokens, longest first, in groups decoded together: a group's
    padding to its longest sentence stays within twice its tokens (or PADDED slots),
    so one very long sentence among many short ones costs no more than its length."""
    groups: list[list[int]] = []
    tokens = longest = 0
    for index in sorted(range(len(lengths)), key=lambda number: -lengths[number]):
        length = lengths[index]
        if not length:
            break
        slots = (len(groups[-1]) + 1) * longest if groups else 0
        if groups and slots <= max(2 * (tokens + length), PADDED):
            groups[-1].append(index)
            tokens += length
        else:
            groups.append([index])
            tokens = longest = length
    return groups


def _viterbi(scores: Floats, size: NDArray[np.int64], transition: Floats) -> NDArray[np.intp]:
    """The best label path of every sentence of `scores` (sentences, positions, labels),
    the longest first (their lengths: `size`, longest first), so that each step works on
    the sentences still going; ties go to the first label, as in CRFsuite."""
    count, longest, labels = scores.shape
    going = (size[None, :] > np.arange(longest)[:, None]).sum(axis=1)  # per position
    into = transition.T[None]  # (1, to, from)
    best = scores[:, 0].copy()
    back = np.zeros((count, longest, labels), dtype=np.intp)
    for position in range(1, longest):
        live = going[position]
        step = best[:live, None, :] + into
        back[:live, position] = step.argmax(axis=2)
        best[:live] = step.max(axis=2) + scores[:live, position]
    path = np.zeros((count, longest), dtype=np.intp)
    rows = np.arange(count)
    path[rows, size - 1] = best.argmax(axis=1)
    for position in range(longest - 1, 0, -1):
        live = going[position]
        path[:live, position - 1] = back[rows[:live], position, path[:live, position]]
    return path


def spans_of(labels: list[str]) -> list[Tagged]:
    """Spans from BIO labels ("B-CUE", "I-CUE", "O"); an I after another role starts one."""
    found: list[Tagged] = []
    role, first = "", -1
    for index, label in enumerate([*labels, "O"]):
        kind = label[2:].lower()
        if label[0] == "I" and kind == role:
            continue
        if role:
            found.append((role, first, index - 1))
        role, first = (kind, index) if label != "O" else ("", -1)
    return found
