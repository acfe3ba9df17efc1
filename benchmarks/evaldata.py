"""Where the benchmarks find the shared evaluation data (never copied into the repository)."""

from __future__ import annotations

import os
from pathlib import Path


def eval_dir() -> Path:
    """The evaluation data folder: PROVENANCE_EVAL_DIR, or ../shared/eval beside the repository."""
    configured = os.environ.get("PROVENANCE_EVAL_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[1].parent / "shared" / "eval"
