"""Support check on WiCE dev: accuracy, macro-F1, per-label figures, evidence recall.

Reads `../shared/eval/wice-dev/claims.jsonl` (or PROVENANCE_EVAL_DIR) and runs
`provenance.match.check_support(claim, evidence)` on every claim. Prints the
accuracy, the macro-F1 over the three labels (bar: 0.50), precision, recall and
F1 per label, the confusion matrix, the binary F1 of "supported" against the
rest, the supporting-sentence recall (the share of gold supporting sentences,
best of the gold alternatives, found among the returned evidence indices) and
the cost per claim.

Run alone: python benchmarks/bench_support.py [--quick]
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from typing import Any

from evaldata import eval_dir

from provenance.match import check_support

LABELS = ("supported", "partially_supported", "not_supported")
BAR = 0.50


def scores(gold: list[str], predicted: list[str]) -> dict[str, dict[str, float]]:
    """Precision, recall and F1 of each label."""
    table = {}
    for label in LABELS:
        hits = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        guessed, wanted = predicted.count(label), gold.count(label)
        precision = hits / guessed if guessed else 0.0
        recall = hits / wanted if wanted else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        table[label] = {
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(f1, 3),
        }
    return table


def binary_f1(gold: list[str], predicted: list[str]) -> float:
    """F1 of "supported" against the two other labels."""
    hits = sum(g == p == "supported" for g, p in zip(gold, predicted, strict=True))
    guessed, wanted = predicted.count("supported"), gold.count("supported")
    return 2 * hits / (guessed + wanted) if guessed + wanted else 0.0


def sentence_recall(row: dict[str, Any], found: list[int]) -> float | None:
    """The best share of one gold set of supporting sentences found in `found`."""
    sets = [set(group) for group in row.get("supporting_sentences") or [] if group]
    if not sets:
        return None
    return max(len(group & set(found)) / len(group) for group in sets)


def confusion(gold: list[str], predicted: list[str]) -> dict[str, dict[str, int]]:
    """Rows: gold label; columns: predicted label."""
    return {
        g: {
            p: sum(1 for a, b in zip(gold, predicted, strict=True) if (a, b) == (g, p))
            for p in LABELS
        }
        for g in LABELS
    }


def run(quick: bool = False) -> dict[str, Any]:
    """Measure, print the figures, and return them."""
    path = eval_dir() / "wice-dev" / "claims.jsonl"
    if not path.is_file():
        print(f"bench_support: skipped, no WiCE dev data at {path}")
        return {"skipped": f"wice-dev not found at {path}"}
    rows = [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    rows = rows[:80] if quick else rows
    gold: list[str] = []
    predicted: list[str] = []
    recalls: list[float] = []
    costs: list[float] = []
    for row in rows:
        began = time.perf_counter()
        result = check_support(row["claim"], row["evidence"])
        costs.append((time.perf_counter() - began) * 1000)
        gold.append(row["label"])
        predicted.append(result.label)
        if row["label"] != "not_supported":
            recall = sentence_recall(row, result.evidence)
            if recall is not None:
                recalls.append(recall)
    return report(gold, predicted, recalls, costs)


def report(
    gold: list[str], predicted: list[str], recalls: list[float], costs: list[float]
) -> dict[str, Any]:
    """Print and return the figures."""
    per_label = scores(gold, predicted)
    macro = sum(entry["f1"] for entry in per_label.values()) / len(LABELS)
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
    results = {
        "claims": len(gold),
        "accuracy": round(accuracy, 3),
        "macro_f1": round(macro, 3),
        "bar": BAR,
        "meets_bar": macro >= BAR,
        "per_label": per_label,
        "confusion": confusion(gold, predicted),
        "supported_vs_rest_f1": round(binary_f1(gold, predicted), 3),
        "supporting_sentence_recall": round(statistics.mean(recalls), 3) if recalls else None,
        "ms_per_claim_median": round(statistics.median(costs), 2),
    }
    print(
        f"support on WiCE dev ({len(gold)} claims): accuracy {accuracy:.3f}, macro-F1 {macro:.3f} "
        f"(bar {BAR}), supported-vs-rest F1 {results['supported_vs_rest_f1']}, "
        f"supporting-sentence recall {results['supporting_sentence_recall']}, "
        f"{results['ms_per_claim_median']} ms/claim"
    )
    for label, entry in per_label.items():
        print(
            f"  {label:20} P {entry['precision']:.3f} R {entry['recall']:.3f} F1 {entry['f1']:.3f}"
        )
    print("  confusion (rows gold, columns predicted: " + ", ".join(LABELS) + ")")
    for label, row in results["confusion"].items():  # type: ignore[attr-defined]
        print(f"  {label:20} " + " ".join(f"{row[p]:5}" for p in LABELS))
    return results


if __name__ == "__main__":
    run(quick="--quick" in sys.argv)
