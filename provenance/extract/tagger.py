"""The attribution tagger: a linear-chain CRF over a sentence's token features.

It tags cue, source and content spans (BIO labels) from the features of
`features`, built once per sentence. The weights ship
in `model/`, xz-compressed (see MODEL.md); `train` rebuilds them from PolNeAR's train split.
"""

from __future__ import annotations

import lzma
from pathlib import Path

import pycrfsuite

__all__ = ["MODEL", "MODEL_DIR", "Tagged", "load", "spans_of", "tag"]

MODEL_DIR = Path(__file__).resolve().parent / "model"
MODEL = "attribution.crfsuite.xz"  # xz-compressed: a third of the size
Tagged = tuple[str, int, int]  # role, first token, last token (inclusive)

_TAGGERS: list[pycrfsuite.Tagger] = []
_WEIGHTS: list[bytes] = []  # the tagger reads them in place: they live as long as it


def load() -> pycrfsuite.Tagger:
    """The tagger with the shipped weights (opened once)."""
    if not _TAGGERS:
        path = MODEL_DIR / MODEL
        if not path.is_file():
            raise FileNotFoundError(
                f"the tagger's weights are missing: {path}"
                " (rebuild them with python -m provenance.extract.train)"
            )
        _WEIGHTS.append(lzma.decompress(path.read_bytes()))
        tagger = pycrfsuite.Tagger()
        tagger.open_inmemory(_WEIGHTS[0])
        _TAGGERS.append(tagger)
    return _TAGGERS[0]


def tag(items: list[list[str]]) -> list[Tagged]:
    """The cue, source and content spans the tagger finds in one sentence's items."""
    if not items:
        return []
    return spans_of(load().tag(items))


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
