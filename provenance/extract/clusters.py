"""Word clusters: words that mean alike share a cluster, for the tagger's features.

A cue word the tagger saw once or never in training ("unleashed", "chanting")
gets the cluster of the words it resembles ("hurled", "shouting"), which the
tagger has seen. The clusters are k-means groups of a pretrained encoder's word
embeddings (all-MiniLM-L6-v2, Apache-2.0), at two grains (coarse and fine);
the table ships in `model/clusters.tsv.xz` (word, coarse, fine) and is read
once. `python -m provenance.extract.clusters SAFETENSORS VOCAB` rebuilds it
(numpy, at development time only; see MODEL.md).
"""

from __future__ import annotations

import argparse
import json
import lzma
import re
import struct
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["CLUSTERS", "COARSE", "FINE", "build", "cluster_of", "main"]

CLUSTERS = "clusters.tsv.xz"
COARSE, FINE = 64, 512
_MODEL_DIR = Path(__file__).resolve().parent / "model"
_TABLE: dict[str, tuple[str, str]] = {}
_WORD = re.compile(r"[a-z]+\Z")


def cluster_of(lower: str) -> tuple[str, str]:
    """The coarse and fine cluster of a lower-case word ("-", "-" when it has none)."""
    if not _TABLE:
        _TABLE.update(_read(_MODEL_DIR / CLUSTERS))
    return _TABLE.get(lower, ("-", "-"))


def _read(path: Path) -> dict[str, tuple[str, str]]:
    if not path.is_file():
        raise FileNotFoundError(
            f"the word clusters are missing: {path}"
            " (rebuild them with python -m provenance.extract.clusters)"
        )
    table: dict[str, tuple[str, str]] = {}
    for line in lzma.decompress(path.read_bytes()).decode("utf-8").splitlines():
        word, coarse, fine = line.split("\t")
        table[word] = (coarse, fine)
    return table


# --- building (development time: numpy) ------------------------------------------


def read_embeddings(path: Path, name: str = "embeddings.word_embeddings.weight") -> Any:
    """One float32 tensor of a safetensors file, as a numpy array."""
    import numpy as np

    with path.open("rb") as stream:
        size = struct.unpack("<Q", stream.read(8))[0]
        header = json.loads(stream.read(size))
        entry = header[name]
        if entry["dtype"] != "F32":
            raise ValueError(f"{name} in {path} is {entry['dtype']}, not F32")
        start, end = entry["data_offsets"]
        stream.seek(8 + size + start)
        data = stream.read(end - start)
    return np.frombuffer(data, dtype=np.float32).reshape(entry["shape"])


def word_vectors(embeddings: Any, vocab: list[str], extra: Iterable[str]) -> dict[str, Any]:
    """A unit vector per word: whole words of the vocabulary, and each `extra` word as
    the mean of its WordPiece pieces (greedy longest match, as BERT splits words)."""
    import numpy as np

    index = {piece: number for number, piece in enumerate(vocab)}
    vectors = {word: embeddings[number] for word, number in index.items() if _WORD.match(word)}
    for word in extra:
        if word not in vectors and _WORD.match(word):
            pieces = _wordpieces(word, index)
            if pieces:
                vectors[word] = embeddings[pieces].mean(axis=0)
    return {word: vector / np.linalg.norm(vector) for word, vector in vectors.items()}


def _wordpieces(word: str, index: dict[str, int]) -> list[int]:
    pieces, start = [], 0
    while start < len(word):
        end = len(word)
        while end > start and _piece(word, start, end) not in index:
            end -= 1
        if end == start:
            return []
        pieces.append(index[_piece(word, start, end)])
        start = end
    return pieces


def _piece(word: str, start: int, end: int) -> str:
    return word[start:end] if start == 0 else "##" + word[start:end]


def kmeans(vectors: Any, count: int, seed: int = 0, rounds: int = 25) -> Any:
    """Spherical k-means (cosine) with k-means++ seeding: the cluster of each row."""
    import numpy as np

    rng = np.random.default_rng(seed)
    centres = [vectors[rng.integers(len(vectors))]]
    nearest = np.maximum(1.0 - vectors @ centres[0], 0.0).astype(np.float64)
    for _ in range(1, count):
        chosen = rng.choice(len(vectors), p=nearest / nearest.sum())
        centres.append(vectors[chosen])
        nearest = np.minimum(nearest, np.maximum(1.0 - vectors @ vectors[chosen], 0.0))
    centre = np.stack(centres)
    for _ in range(rounds):
        labels = np.argmax(vectors @ centre.T, axis=1)
        for number in range(count):
            members = vectors[labels == number]
            if len(members):
                mean = members.sum(axis=0)
                centre[number] = mean / np.linalg.norm(mean)
    return np.argmax(vectors @ centre.T, axis=1)


def build(embeddings: Any, vocab: list[str], extra: Iterable[str]) -> bytes:
    """The shipped table (xz): word, coarse cluster, fine cluster, one line a word."""
    import numpy as np

    vectors = word_vectors(embeddings, vocab, extra)
    words = sorted(vectors)
    matrix = np.stack([vectors[word] for word in words]).astype(np.float32)
    coarse, fine = kmeans(matrix, COARSE), kmeans(matrix, FINE)
    lines = [f"{w}\t{c}\t{f}" for w, c, f in zip(words, coarse, fine, strict=True)]
    return lzma.compress("\n".join(lines).encode("utf-8"), preset=9 | lzma.PRESET_EXTREME)


def main(argv: list[str] | None = None) -> int:
    """Rebuild `model/clusters.tsv.xz` from an encoder's weights and vocabulary, with the
    words of a PolNeAR train split's texts that the vocabulary lacks."""
    parser = argparse.ArgumentParser(prog="python -m provenance.extract.clusters")
    parser.add_argument("weights", type=Path, help="model.safetensors of all-MiniLM-L6-v2")
    parser.add_argument("vocab", type=Path, help="its vocab.txt")
    parser.add_argument("--texts", type=Path, help="PolNeAR train split: its words join the table")
    parser.add_argument("--out", type=Path, default=_MODEL_DIR / CLUSTERS)
    args = parser.parse_args(argv)
    vocab = args.vocab.read_text(encoding="utf-8").split("\n")
    extra: set[str] = set()
    if args.texts is not None:
        for path in sorted((args.texts / "text").glob("*.txt")):
            extra.update(re.findall(r"[a-z]+", path.read_text(encoding="utf-8").lower()))
    args.out.write_bytes(build(read_embeddings(args.weights), vocab, sorted(extra)))
    print(f"clusters: wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
