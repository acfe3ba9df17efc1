"""Run every benchmark (benchmarks/bench_*.py) and write reports/bench.json.

    python benchmarks/run.py            # full runs
    python benchmarks/run.py --quick    # smaller inputs, for a quick look
    python benchmarks/run.py quote read # only these benchmarks

Each module exposes `run(quick: bool = False) -> dict`, prints its figures and
returns them; evaluations on ../shared/eval/ return {"skipped": reason} when
that folder is absent.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
import traceback
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="smaller inputs")
    parser.add_argument("--output", type=Path, default=ROOT / "reports" / "bench.json")
    options = parser.parse_args()
    sys.path[:0] = [str(ROOT), str(HERE)]
    names = options.names or sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))
    results: dict[str, Any] = {}
    failed = False
    for name in names:
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        try:
            results[name] = importlib.import_module(f"bench_{name}").run(quick=options.quick)
        except Exception:  # one broken benchmark must not hide the others
            traceback.print_exc()
            results[name] = {"error": traceback.format_exc(limit=3)}
            failed = True
        results[name]["seconds"] = round(time.perf_counter() - started, 2)
    options.output.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(options.output.read_text()) if options.output.is_file() else {}
    previous.update(results)
    options.output.write_text(json.dumps(previous, indent=2, default=str) + "\n")
    print(f"\nwrote {options.output}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
