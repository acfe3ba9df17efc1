"""Train the attribution tagger on PolNeAR's train split (brat standoff).

    python -m provenance.extract.train PATH/polnear-train [--cross-validate]

Each sentence becomes a sequence of token features (see `features`) and one
label a token: B-/I- CUE, SOURCE or CONTENT, or O (a cue inside another
attribution's content is a cue, a source there a source). One linear-chain
CRF is fit with L-BFGS at fixed parameters, on the articles in name order, so
the same data gives the same weights. They go to `provenance/extract/model/`. With
`--cross-validate`, the c1/c2 grid is scored on folds of the train split (never
on dev) before training.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from bisect import bisect_right
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pycrfsuite

from provenance.extract.brat import ROLES, fragments, read_spans
from provenance.extract.claims import tagger_input
from provenance.extract.features import sentence_features
from provenance.extract.tagger import (
    MODEL,
    MODEL_DIR,
    Sentence,
    Tagged,
    Tagger,
    Weights,
    load,
    read_weights,
    spans_of,
    write_weights,
)
from provenance.extract.tokens import Token

__all__ = ["PARAMS", "export", "gold_spans", "main", "read_examples", "train"]

PARAMS = {"c1": 0.2, "c2": 0.01, "max_iterations": 150, "feature.minfreq": 2}
Fragments = list[tuple[int, int]]
Example = tuple[list[list[str]], list[str]]  # items, labels


def gold_spans(path: Path) -> dict[str, Fragments]:
    """The annotated spans of a brat .ann file per role (a discontinuous span gives
    each of its fragments)."""
    return {role: fragments(spans) for role, spans in read_spans(path).items()}


def _labels(tokens: list[Token], spans: Fragments, tag: str) -> list[str]:
    """BIO labels: a token inside a span (the longest one holding its first
    character) is I, or B when it is the first token of that span."""
    starts = [start for start, _ in spans]
    labels, previous = [], None
    for token in tokens:
        index = bisect_right(starts, token.start) - 1
        holder = None
        while index >= 0 and holder is None and token.start - starts[index] < 5000:
            if spans[index][1] > token.start:
                holder = index
            index -= 1
        if holder is None:
            labels.append("O")
        else:
            labels.append(("I-" if holder == previous else "B-") + tag)
        previous = holder
    return labels


def _outermost(spans: Fragments) -> Fragments:
    kept: Fragments = []
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if kept and start < kept[-1][1]:
            if end > kept[-1][1]:
                kept[-1] = (kept[-1][0], end)
            continue
        kept.append((start, end))
    return kept


def article_examples(text: str, gold: dict[str, Fragments]) -> list[Example]:
    """The training sequences of one article."""
    return [
        (sentence_features(*sentence), labels) for sentence, labels in article_labels(text, gold)
    ]


def article_labels(text: str, gold: dict[str, Fragments]) -> list[tuple[Sentence, list[str]]]:
    """The tagger's input for each sentence of one article, with its gold labels."""
    examples = []
    cues, sources = _outermost(gold["cue"]), _outermost(gold["source"])
    content = _outermost(gold["content"])
    for sentence in tagger_input(text):
        tokens = sentence[0]
        labels = _labels(tokens, content, "CONTENT")
        for spans, role in ((sources, "SOURCE"), (cues, "CUE")):  # a cue wins over a source
            marked = _labels(tokens, spans, role)
            labels = [
                mine if mine != "O" else other for mine, other in zip(marked, labels, strict=True)
            ]
        examples.append((sentence, labels))
    return examples


def articles(folder: Path) -> Iterator[tuple[str, str, Path]]:
    """(name, text, annotation file) per article: the first annotator's file, by name."""
    chosen: dict[str, Path] = {}
    for path in sorted((folder / "attributions").glob("*.ann")):
        chosen.setdefault(path.stem.rsplit("_", 1)[0], path)
    for name, path in chosen.items():
        yield name, (folder / "text" / f"{name}.txt").read_text(encoding="utf-8"), path


def read_examples(folder: Path) -> list[list[Example]]:
    """The training sequences of every article of a PolNeAR split, article by article."""
    return [article_examples(text, gold_spans(path)) for _, text, path in articles(folder)]


def train(examples: list[Example], target: Path, params: dict[str, float]) -> None:
    """Fit the CRF with `params` and save it to `target`."""
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params({**params, "feature.possible_transitions": True})
    for items, labels in examples:
        trainer.append(items, labels)
    target.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(target))


GRID = ((0.05, 0.01), (0.2, 0.01), (0.5, 0.01))


def cross_validate(by_article: list[list[Example]], folds: int = 2) -> None:
    """Print the model's exact-span F1 for each c1/c2 of GRID, on folds of every third
    training article (every other one of those held out; 40 iterations a fit), to keep
    the search within minutes."""
    by_article = by_article[::3]
    for c1, c2 in GRID:
        scores = []
        for fold in range(folds):
            fit = [e for i, a in enumerate(by_article) if i % folds != fold for e in a]
            held = [e for i, a in enumerate(by_article) if i % folds == fold for e in a]
            params = {**PARAMS, "c1": c1, "c2": c2, "max_iterations": 40}
            scores.append(_fold_score(fit, held, params))
        mean = round(sum(scores) / folds, 3)
        print(f"train: c1={c1} c2={c2}: exact span F1 {mean} ({folds} folds)")


def _fold_score(fit: list[Example], held: list[Example], params: dict[str, float]) -> float:
    """Exact-span F1 (all roles) of the model fit on `fit`, scored on `held`."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fold.crfsuite"
        train(fit, path, params)
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        hit = found = gold = 0
        for example in held:
            truth = set(spans_of(example[1]))  # cue, source and content spans
            guess = set(spans_of(tagger.tag(example[0])))
            hit, found, gold = hit + len(truth & guess), found + len(guess), gold + len(truth)
    return 2 * hit / (found + gold) if found + gold else 0.0


def print_dev_figures(folder: Path, weights: Weights | None = None) -> None:
    """Print the tagger's own span figures on a dev split, sentence by sentence (the
    whole extractor, tagger and rules together, is scored by benchmarks/bench_extract.py)."""
    tagger = Tagger(weights) if weights is not None else load()
    counts = {role: [0, 0, 0, 0, 0] for role in ROLES}  # exact, overlap P, overlap R, found, gold
    for _, text, path in articles(folder):
        pairs = article_labels(text, gold_spans(path))
        guesses = tagger.tag([sentence for sentence, _ in pairs])
        for (_, labels), guess in zip(pairs, guesses, strict=True):
            truth = spans_of(labels)
            for role, row in counts.items():
                marked = [span for span in truth if span[0] == role]
                tagged = [span for span in guess if span[0] == role]
                row[0] += len(set(marked) & set(tagged))
                row[1] += sum(any(_meets(one, two) for two in marked) for one in tagged)
                row[2] += sum(any(_meets(one, two) for two in tagged) for one in marked)
                row[3] += len(tagged)
                row[4] += len(marked)
    for role, (exact, over_p, over_r, found, gold) in counts.items():
        print(
            f"train: dev, tagger alone, {role:7s} exact F1 {_f1(exact, exact, found, gold):.3f},"
            f" overlap F1 {_f1(over_p, over_r, found, gold):.3f} ({found} found, {gold} gold)"
        )


def _meets(one: Tagged, two: Tagged) -> bool:
    return one[1] <= two[2] and two[1] <= one[2]


def _f1(hits_p: int, hits_r: int, found: int, gold: int) -> float:
    precision, recall = hits_p / max(found, 1), hits_r / max(gold, 1)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def export(path: Path) -> Weights:
    """The weights of a CRFsuite model file, as the tagger reads them (features in name
    order, labels in the model's order)."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    info = tagger.info()
    labels = list(tagger.labels())
    column = {label: number for number, label in enumerate(labels)}
    names = sorted({name for name, _ in info.state_features})
    rows = {name: number for number, name in enumerate(names)}
    state = np.zeros((len(names), len(labels)))
    for (name, label), weight in info.state_features.items():
        state[rows[name], column[label]] = weight
    transition = np.zeros((len(labels), len(labels)))
    for (first, second), weight in info.transitions.items():
        transition[column[first], column[second]] = weight
    tagger.close()
    return Weights(labels, rows, state, transition)


def main(argv: list[str] | None = None) -> int:
    """Train the shipped weights from a PolNeAR train split; print dev figures when a
    `polnear-dev` folder lies beside it."""
    parser = argparse.ArgumentParser(prog="python -m provenance.extract.train")
    parser.add_argument("folder", type=Path, help="PolNeAR train split (text/, attributions/)")
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="where the weights go")
    parser.add_argument("--cross-validate", action="store_true", help="score c1/c2 on folds")
    args = parser.parse_args(argv)
    if not (args.folder / "attributions").is_dir():
        print(f"train: no attributions/ folder in {args.folder}", file=sys.stderr)
        return 2
    by_article = read_examples(args.folder)
    print(f"train: {len(by_article)} articles, {sum(map(len, by_article))} sentences")
    if args.cross_validate:
        cross_validate(by_article)
    examples = [example for article in by_article for example in article]
    with tempfile.TemporaryDirectory() as folder:
        plain = Path(folder) / "attribution.crfsuite"
        train(examples, plain, PARAMS)
        (args.out / MODEL).write_bytes(write_weights(export(plain)))
    print(f"train: wrote {args.out / MODEL} ({(args.out / MODEL).stat().st_size} bytes)")
    dev = args.folder.parent / "polnear-dev"
    if dev.is_dir():
        print_dev_figures(dev, read_weights((args.out / MODEL).read_bytes()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
