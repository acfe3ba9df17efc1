"""Support check on WiCE dev: accuracy, macro-F1, per-label figures, evidence recall.

Reads `../shared/eval/wice-dev/claims.jsonl` (or PROVENANCE_EVAL_DIR) and runs
`provenance.match.check_support(claim, evidence)` on every claim, with the model
(the default) and without it (`fast=True`, the lexical path). For each path it prints the
accuracy, the macro-F1 over the three labels, precision, recall and F1 per
label, the confusion matrix, the binary F1 and balanced accuracy of
"supported" against the rest, the supporting-sentence recall (the share of
gold supporting sentences, best of the gold alternatives, found among the
returned evidence indices) and the cost per claim.

The two thresholds of the label (on the whole claim's score for `supported`,
on its parts' mean coverage between the two others) are learned from this
split, so the figures that measure them are cross-validated: 5 folds x 3
fixed seeds, the thresholds tuned (grid search on macro-F1) on four folds and
applied to the fifth; the pooled predictions give the cross-validated macro-F1 (bar 0.65),
balanced accuracy (bar 0.72) and confusion matrix. The figures of the shipped
thresholds on the whole split are printed too, marked as tuned on it.

Costs: the lexical support check alone (bar 2 ms a claim), and with the
contradiction checks that `check_claim` adds; the model path (bar 50 ms a
claim), uncached (each claim's page new to the process) and again with its
answers cached. Contradiction false alarms: the share of claims of each gold
label that the contradiction checks flag against their own evidence.

Run alone: python benchmarks/bench_support.py [--quick]
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from typing import Any

from evaldata import eval_dir

from provenance.match import check_support, support
from provenance.match.contradict import find_contradictions

LABELS = ("supported", "partially_supported", "not_supported")
BAR = 0.65
BALANCED_BAR = 0.72
COST_BAR_MS = 2.0
MODEL_COST_BAR_MS = 50.0
THRESHOLDS = ("supported", "partial")
FOLDS = 5
SEEDS = (13, 7, 42)
GRID = [step / 100 for step in range(5, 95)]


def scores(gold: list[str], predicted: list[str]) -> dict[str, dict[str, float]]:
    """Precision, recall and F1 of each label, unrounded (rounding them before a grid
    search compares them makes ties, and ties go to the first thresholds tried)."""
    table = {}
    for label in LABELS:
        hits = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        guessed, wanted = predicted.count(label), gold.count(label)
        precision = hits / guessed if guessed else 0.0
        recall = hits / wanted if wanted else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        table[label] = {"precision": precision, "recall": recall, "f1": f1}
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


def balanced_accuracy(gold: list[str], predicted: list[str]) -> float:
    """Mean of the recalls of "supported" and of the rest (supported vs the rest)."""
    pairs = list(zip(gold, predicted, strict=True))
    positive = [p == "supported" for g, p in pairs if g == "supported"]
    negative = [p != "supported" for g, p in pairs if g != "supported"]
    if not positive or not negative:
        return 0.0
    return (sum(positive) / len(positive) + sum(negative) / len(negative)) / 2


def macro_f1(gold: list[str], predicted: list[str]) -> float:
    """Mean F1 over the three labels."""
    return sum(entry["f1"] for entry in scores(gold, predicted).values()) / len(LABELS)


Value = tuple[float, float]  # the whole claim's score, its parts' mean coverage


def labelled(value: Value, supported: float, partial: float) -> str:
    """The label of a (score, parts) pair under two thresholds, as `support.label` gives it."""
    score, parts = value
    if score >= supported:
        return "supported"
    return "partially_supported" if parts >= partial else "not_supported"


def tune(gold: list[str], values: list[Value]) -> tuple[float, float]:
    """The (supported, partial) thresholds with the best macro-F1 on these claims."""
    best = (-1.0, support.SUPPORTED, support.PARTIAL)
    for high in GRID:
        for low in GRID:
            found = macro_f1(gold, [labelled(v, high, low) for v in values])
            if found > best[0]:
                best = (found, high, low)
    return best[1], best[2]


def cross_validated(gold: list[str], values: list[Value]) -> dict[str, Any]:
    """Thresholds tuned on four folds, applied to the fifth; pooled over folds and seeds."""
    pooled_gold: list[str] = []
    pooled: list[str] = []
    per_seed = []
    for seed in SEEDS:
        order = list(range(len(gold)))
        random.Random(seed).shuffle(order)
        predicted = [""] * len(gold)
        for fold in range(FOLDS):
            held = set(order[fold::FOLDS])
            train = [i for i in order if i not in held]
            high, low = tune([gold[i] for i in train], [values[i] for i in train])
            for i in held:
                predicted[i] = labelled(values[i], high, low)
        per_seed.append(macro_f1(gold, predicted))
        pooled_gold += gold
        pooled += predicted
    return {
        "folds": FOLDS,
        "seeds": list(SEEDS),
        "macro_f1": round(macro_f1(pooled_gold, pooled), 3),
        "macro_f1_per_seed": [round(value, 3) for value in per_seed],
        "balanced_accuracy": round(balanced_accuracy(pooled_gold, pooled), 3),
        "accuracy": round(
            sum(g == p for g, p in zip(pooled_gold, pooled, strict=True)) / len(pooled), 3
        ),
        "confusion_summed_over_seeds": confusion(pooled_gold, pooled),
    }


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
    gold = [row["label"] for row in rows]
    lexical = measure(rows, fast=True)
    model = measure(rows, fast=False)
    results = report(gold, lexical["predicted"], lexical["recalls"], lexical["costs"], "lexical")
    results["cross_validated"] = validated = cross_validated(gold, lexical["values"])
    print_validated(validated)
    results["model"] = report(gold, model["predicted"], model["recalls"], model["costs"], "model")
    results["model"]["cross_validated"] = best = cross_validated(gold, model["values"])
    print_validated(best)
    results["tuned_on_all"] = dict(zip(THRESHOLDS, tune(gold, lexical["values"]), strict=True))
    results["model"]["tuned_on_all"] = dict(
        zip(THRESHOLDS, tune(gold, model["values"]), strict=True)
    )
    results["meets_bar"] = best["macro_f1"] >= BAR and best["balanced_accuracy"] >= BALANCED_BAR
    results["ms_per_claim_with_contradictions_median"] = contradiction_cost(rows)
    results["model"]["ms_per_claim_cached_median"] = model["cached"]
    results["contradiction_alarms"] = alarms(rows)
    both = results["ms_per_claim_with_contradictions_median"]
    print(
        f"  cost (CPU): lexical support {results['ms_per_claim_median']} ms/claim median (bar "
        f"{COST_BAR_MS}); with contradiction checks {both} ms/claim; model path "
        f"{results['model']['ms_per_claim_median']} ms/claim uncached (bar {MODEL_COST_BAR_MS}), "
        f"{model['cached']} ms/claim cached"
    )
    print(f"  contradiction alarms by gold label: {results['contradiction_alarms']}")
    print(
        f"  thresholds tuned on the whole split: lexical {results['tuned_on_all']} (shipped: "
        f"supported {support.SUPPORTED}, partial {support.PARTIAL}); model "
        f"{results['model']['tuned_on_all']} (shipped: supported {support.MODEL_SUPPORTED}, "
        f"partial {support.MODEL_PARTIAL})"
    )
    return results


def measure(rows: list[dict[str, Any]], *, fast: bool) -> dict[str, Any]:
    """Each claim's label and (score, parts), the gold sentences found, and the CPU costs
    (for the model: the first call, then the same call answered from a cache; wall time,
    since the model's matrix products run on both cores)."""
    found: dict[str, Any] = {"predicted": [], "values": [], "recalls": [], "costs": []}
    cache: dict[str, float] = {}
    cached = []
    clock = time.process_time if fast else time.perf_counter
    for row in rows:
        began = clock()
        result = check_support(row["claim"], row["evidence"], fast=fast, cache=cache)
        found["costs"].append((clock() - began) * 1000)
        if not fast:
            support.forget_encoded()  # the page's sentences are not kept: the cache answers
            began = clock()
            check_support(row["claim"], row["evidence"], cache=cache)
            cached.append((clock() - began) * 1000)
        found["predicted"].append(result.label)
        found["values"].append((result.score, result.parts))
        if row["label"] != "not_supported":
            recall = sentence_recall(row, result.evidence)
            if recall is not None:
                found["recalls"].append(recall)
    found["cached"] = round(statistics.median(cached), 2) if cached else None
    return found


def contradiction_cost(rows: list[dict[str, Any]]) -> float:
    """Median CPU ms of the lexical support and contradiction checks on a page's text."""
    costs = []
    for row in rows:
        text = "\n".join(row["evidence"])
        began = time.process_time()
        check_support(row["claim"], text, fast=True)
        find_contradictions(row["claim"], text)
        costs.append((time.process_time() - began) * 1000)
    return round(statistics.median(costs), 2)


def alarms(rows: list[dict[str, Any]]) -> dict[str, float]:
    """The share of claims of each gold label that the contradiction checks flag."""
    flags: dict[str, list[bool]] = {label: [] for label in LABELS}
    for row in rows:
        flags[row["label"]].append(
            bool(find_contradictions(row["claim"], "\n".join(row["evidence"])))
        )
    return {label: round(sum(found) / len(found), 3) for label, found in flags.items() if found}


def print_validated(validated: dict[str, Any]) -> None:
    """Print the cross-validated figures and confusion matrix."""
    print(
        f"  cross-validated ({FOLDS} folds x {len(SEEDS)} seeds, thresholds tuned on the "
        f"training folds): macro-F1 {validated['macro_f1']} (bar {BAR}; per seed "
        f"{validated['macro_f1_per_seed']}), balanced accuracy supported-vs-rest "
        f"{validated['balanced_accuracy']} (bar {BALANCED_BAR}), accuracy {validated['accuracy']}"
    )
    print("  cross-validated confusion, summed over seeds (rows gold, columns predicted)")
    for label, row in validated["confusion_summed_over_seeds"].items():
        print(f"  {label:20} " + " ".join(f"{row[p]:5}" for p in LABELS))


def report(
    gold: list[str], predicted: list[str], recalls: list[float], costs: list[float], path: str
) -> dict[str, Any]:
    """Print and return the figures of one path's shipped thresholds (tuned on this split)."""
    per_label = {
        label: {name: round(value, 3) for name, value in entry.items()}
        for label, entry in scores(gold, predicted).items()
    }
    macro = macro_f1(gold, predicted)
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
    results = {
        "claims": len(gold),
        "accuracy": round(accuracy, 3),
        "macro_f1": round(macro, 3),
        "bar": BAR,
        "balanced_bar": BALANCED_BAR,
        "per_label": per_label,
        "confusion": confusion(gold, predicted),
        "supported_vs_rest_f1": round(binary_f1(gold, predicted), 3),
        "balanced_accuracy": round(balanced_accuracy(gold, predicted), 3),
        "supporting_sentence_recall": round(statistics.mean(recalls), 3) if recalls else None,
        "ms_per_claim_median": round(statistics.median(costs), 2),
    }
    print(
        f"support on WiCE dev, {path} path ({len(gold)} claims), shipped thresholds (tuned on "
        f"this split): "
        f"accuracy {accuracy:.3f}, macro-F1 {macro:.3f}, supported-vs-rest F1 "
        f"{results['supported_vs_rest_f1']}, balanced accuracy {results['balanced_accuracy']}, "
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
