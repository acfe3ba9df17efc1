"""Contradiction set: perturbed claims must be flagged, their unchanged controls must not.

Pairs are built from sentences of the pages in `data/contradiction-pages.txt`
(written for this benchmark) and from the evidence sentences of WiCE dev
(`../shared/eval/wice-dev/claims.jsonl`, skipped when absent). Each sentence
that allows it gives up to four pairs, one per kind of change:

- `number`: its first number changed (a year by 3, others by a third or more);
- `direction`: its first change or decision word replaced by the opposite;
- `negation`: "not" after its first auxiliary ("will" -> "will not");
- `entity`: two names around a verb swapped ("A sued B" -> "B sued A").

The control of a pair is the same sentence unchanged but for a trailing clause
cut off (so that it is not the page's words verbatim). Each claim goes through
`check_claim` and `decide` against the whole page, as `provenance check-claim`
does. A perturbed claim passes when its verdict is `contradicted` or
`unsupported`; a control passes when it is neither (not flagged for content).
Bars: 90% of each.

Run alone: python benchmarks/bench_contradict.py [--quick]
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from itertools import pairwise
from pathlib import Path
from typing import Any

from evaldata import eval_dir

from provenance.match import check_claim, decide
from provenance.match.verdict import claim_from_text
from provenance.models import Document, Resolution

PAGES = Path(__file__).parent / "data" / "contradiction-pages.txt"
BAR = 0.90
WICE_SENTENCES = 60  # WiCE evidence sentences used, at most (the first that allow a change)
KINDS = ("number", "direction", "negation", "entity")
FLAGGED = ("contradicted", "unsupported")

FLIPS = {
    "rose": "fell",
    "fell": "rose",
    "rise": "fall",
    "increased": "decreased",
    "decreased": "increased",
    "grew": "shrank",
    "raised": "cut",
    "cut": "raised",
    "dropped": "climbed",
    "approved": "rejected",
    "rejected": "approved",
    "supported": "opposed",
    "opposed": "supported",
    "won": "lost",
    "lost": "won",
    "defeated": "lost to",
    "confirmed": "denied",
    "denied": "confirmed",
    "hired": "fired",
    "opened": "closed",
    "closed": "opened",
    "higher": "lower",
    "lower": "higher",
    "highest": "lowest",
    "lowest": "highest",
    "before": "after",
    "after": "before",
    "above": "below",
    "below": "above",
    "best": "worst",
    "largest": "smallest",
    "first": "last",
    "accepted": "refused",
    "allowed": "banned",
    "passed": "failed",
}
_AUXILIARY = re.compile(
    r"\b(will|would|is|was|are|were|has|have|had|can|could|should|did|does)\b(?! not\b)"
)
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w,.]\d)")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")
_CALENDAR = re.compile(
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?",
)
_MONTH_NEAR = re.compile(r"^\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")
_OPENERS = {"The", "A", "An", "In", "On", "At", "After", "Before", "For", "As", "By", "It", "This"}
_VERBS = {"beat", "sued", "met", "told", "won", "lost", "hit", "led", "paid", "sold", "thanked"}
_JOINS = {"and", "or", "of", "the", "&", "with", "in", "at", "from", "to", "for", "on"}


def perturb(sentence: str, kind: str) -> str | None:
    """The sentence with one fact changed, or None when it allows no such change."""
    if kind == "number":
        found = next(
            (
                m
                for m in _NUMBER.finditer(sentence)
                if not _MONTH_NEAR.match(sentence[m.end() :])
                and not re.search(
                    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? $",
                    sentence[: m.start()],
                )
            ),
            None,
        )
        if not found:
            return None
        value = float(found.group(1).replace(",", ""))
        if 1800 <= value <= 2100 and "." not in found.group(1):
            changed = str(int(value) + 3)
        else:
            bigger = value + max(1.0, round(value / 3))
            changed = f"{bigger:g}" if bigger < 10_000 else f"{int(bigger):,}"
        return sentence[: found.start(1)] + changed + sentence[found.end(1) :]
    if kind == "direction":
        for word in re.finditer(r"[A-Za-z]+", sentence):
            flip = FLIPS.get(word.group())
            if flip:
                return sentence[: word.start()] + flip + sentence[word.end() :]
        return None
    if kind == "negation":
        if re.search(r"\b(not|never|no)\b|n't", sentence):
            return None
        found = _AUXILIARY.search(sentence)
        if not found:
            return None
        return sentence[: found.end()] + " not" + sentence[found.end() :]
    return _swap(sentence)


def _swap(sentence: str) -> str | None:
    names = [
        m
        for m in _NAME.finditer(sentence)
        if m.group().split()[0] not in _OPENERS and not _CALENDAR.fullmatch(m.group())
    ]
    for first, second in pairwise(names):
        between = sentence[first.end() : second.start()]
        joins = re.findall(r"[a-z]+", between)
        if first.group() == second.group() or not joins or set(joins) <= _JOINS:
            continue
        if not re.fullmatch(r"[\sa-z']+", between) or len(joins) > 3:
            continue
        if not any(word.endswith("ed") or word in _VERBS for word in joins):
            continue
        return (
            sentence[: first.start()]
            + second.group()
            + between
            + first.group()
            + sentence[second.end() :]
        )
    return None


def control(sentence: str) -> str:
    """The sentence with a trailing clause (after its last comma) cut when enough is left."""
    head, _, tail = sentence.rstrip(".").rpartition(", ")
    if head and len(head.split()) >= 6 and len(tail.split()) >= 2:
        return head + "."
    return sentence


def written_pages() -> list[tuple[str, list[str], list[str]]]:
    """The benchmark's own pages: (name, sentences, paraphrases true to the page)."""
    pages: list[tuple[str, list[str], list[str]]] = []
    for line in PAGES.read_text(encoding="utf-8").splitlines():
        if line.startswith("=== "):
            pages.append((line[4:].strip(), [], []))
        elif line.startswith("> "):
            pages[-1][2].append(line[2:].strip())
        elif line.strip() and not line.startswith("#"):
            pages[-1][1].extend(re.split(r"(?<=\.)\s+(?=[A-Z])", line.strip()))
    return pages


def wice_pages(limit: int) -> list[tuple[str, list[str]]]:
    """WiCE dev evidence pages, each with the sentences chosen from it (one per page)."""
    path = eval_dir() / "wice-dev" / "claims.jsonl"
    if not path.is_file():
        return []
    pages = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        evidence = json.loads(line)["evidence"]
        for sentence in evidence:
            words = sentence.split()
            if not (8 <= len(words) <= 40) or not sentence.endswith(".") or "(meta" in sentence:
                continue
            if sum(perturb(sentence, kind) is not None for kind in KINDS) >= 2:
                pages.append((f"wice-{number}", [sentence, "\n".join(evidence)]))
                break
        if len(pages) >= limit:
            break
    return pages


def pairs(quick: bool) -> list[dict[str, str]]:
    """Every (page text, kind, perturbed, control) the pages allow."""
    made = []
    for name, sentences, _ in written_pages():
        text = " ".join(sentences)
        for sentence in sentences:
            for kind in KINDS:
                changed = perturb(sentence, kind)
                if changed:
                    made.append(_pair(name, text, kind, changed, sentence))
    for name, (sentence, text) in wice_pages(10 if quick else WICE_SENTENCES):
        for kind in KINDS:
            changed = perturb(sentence, kind)
            if changed:
                made.append(_pair(name, text, kind, changed, sentence))
    return made


def _pair(page: str, text: str, kind: str, changed: str, sentence: str) -> dict[str, str]:
    return {
        "page": page,
        "text": text,
        "kind": kind,
        "perturbed": changed,
        "control": control(sentence),
    }


def verdict(claim_text: str, document: Document) -> str:
    """The verdict `provenance check-claim` gives the text against the page."""
    claim = claim_from_text(claim_text)
    return decide(claim, Resolution(claim.id, "resolved"), check_claim(claim, document)).verdict


def run(quick: bool = False) -> dict[str, Any]:
    """Measure, print the figures, and return them."""
    made = pairs(quick)
    documents: dict[str, Document] = {}
    caught: Counter[str] = Counter()
    contradicted: Counter[str] = Counter()
    clean: Counter[str] = Counter()
    total: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    misses: list[str] = []
    began = time.process_time()
    for pair in made:
        document = documents.setdefault(pair["page"], Document(text=pair["text"]))
        kind = pair["kind"]
        total[kind] += 1
        sources["wice" if pair["page"].startswith("wice-") else "written"] += 1
        changed = verdict(pair["perturbed"], document)
        caught[kind] += changed in FLAGGED
        contradicted[kind] += changed == "contradicted"
        kept = verdict(pair["control"], document)
        clean[kind] += kept not in FLAGGED
        if changed not in FLAGGED:
            misses.append(f"missed {kind}: {pair['perturbed']}")
        if kept in FLAGGED:
            misses.append(f"control flagged {kept}: {pair['control']}")
    paraphrases = 0
    paraphrases_clean = 0
    paraphrase_verdicts: Counter[str] = Counter()
    for _, sentences, true in written_pages():
        document = Document(text=" ".join(sentences))
        for text in true:
            kept = verdict(text, document)
            paraphrase_verdicts[kept] += 1
            paraphrases += 1
            paraphrases_clean += kept != "contradicted"
            if kept == "contradicted":
                misses.append(f"paraphrase contradicted: {text}")
    seconds = time.process_time() - began
    count = sum(total.values())
    results = {
        "pairs": count,
        "from": dict(sources),
        "perturbed_flagged": round(sum(caught.values()) / count, 3),
        "perturbed_contradicted": round(sum(contradicted.values()) / count, 3),
        "controls_clean": round(sum(clean.values()) / count, 3),
        "per_kind": {
            kind: {
                "pairs": total[kind],
                "flagged": round(caught[kind] / total[kind], 3),
                "contradicted": round(contradicted[kind] / total[kind], 3),
                "controls_clean": round(clean[kind] / total[kind], 3),
            }
            for kind in KINDS
            if total[kind]
        },
        "paraphrases": paraphrases,
        "paraphrases_not_contradicted": round(paraphrases_clean / paraphrases, 3),
        "paraphrase_verdicts": dict(paraphrase_verdicts),
        "bar": BAR,
        "ms_per_claim": round(seconds * 1000 / (2 * count + paraphrases), 2),
    }
    results["meets_bar"] = results["perturbed_flagged"] >= BAR and results["controls_clean"] >= BAR
    print(
        f"contradiction set ({count} pairs: {dict(sources)}): perturbed flagged "
        f"{results['perturbed_flagged']} (contradicted {results['perturbed_contradicted']}), "
        f"controls clean {results['controls_clean']} (bar {BAR} each); paraphrases not "
        f"contradicted {results['paraphrases_not_contradicted']} of {paraphrases}; "
        f"{results['ms_per_claim']} ms/claim (CPU)"
    )
    print(f"  paraphrase verdicts: {dict(paraphrase_verdicts)}")
    for kind, entry in results["per_kind"].items():  # type: ignore[attr-defined]
        print(
            f"  {kind:10} {entry['pairs']:4} pairs: flagged {entry['flagged']:.3f} "
            f"(contradicted {entry['contradicted']:.3f}), controls clean "
            f"{entry['controls_clean']:.3f}"
        )
    if "--misses" in sys.argv:
        print("\n".join(misses))
    return results


if __name__ == "__main__":
    run(quick="--quick" in sys.argv)
