"""Support check: do a source's sentences support a paraphrased claim?

Lexical and explainable, with a small model (shipped, run on the CPU) for words
put otherwise:

1. the evidence is cut into sentences (or taken as the list given);
2. the claim's content terms (folded, stop words dropped, lightly stemmed) are
   weighted by their IDF over the evidence sentences, and the sentences ranked
   by BM25 (k1 1.2, b 0.75) against them;
3. sentences are picked greedily, best BM25 first among those that add a claim
   term not yet covered, up to `MAX_EVIDENCE`;
4. agreement is scored on the picked sentences: the share of the claim's terms
   they cover, each term weighted by the square root of its IDF (a term the
   evidence never uses weighs most), times the share of its numbers and of its
   names (capitalised words) they hold, and a penalty when the claim and its best
   sentence disagree on negation;
5. the claim's parts (`claim_parts`: cut at commas, semicolons, dashes and
   joining words such as "and", "which", "while") are covered one by one: for
   each part, the share of its terms (same weights) that its best single
   sentence holds; `Support.parts` is their mean;
6. the model (unless `fast`): the claim and its `MODEL_SENTENCES` best-ranked
   sentences are run through all-MiniLM-L6-v2 (`encoder.py`); each content piece
   of the claim takes its best cosine with a piece of one sentence, and the
   best sentence's mean is `Support.soft` (a word put otherwise, "B.A." for
   "bachelor's degree", still finds its counterpart). The whole claim's score
   becomes `(score + MODEL_WEIGHT * soft) / (1 + MODEL_WEIGHT)`. Given a
   `cache` (a mapping, such as `cache.ModelCache`), the soft value is kept
   under a key of the model's version, the claim and those sentences, so a
   re-run reads it instead of running the model;
7. the label: `supported` when the whole claim's score reaches `SUPPORTED`
   (`MODEL_SUPPORTED` with the model); otherwise `partially_supported` when its
   parts are covered on average to `PARTIAL` (some part is stated), else
   `not_supported`. This follows what the labels mean (WiCE's "partially
   supported" is a claim some of whose parts the page states): the whole claim
   decides `supported`, its parts decide between the two others. The
   thresholds are tuned on the WiCE dev split (benchmarks/bench_support.py
   reports them cross-validated).

`Support.evidence` holds the indices of the picked sentences, best first, and
`Support.sentences` their text.
"""

from __future__ import annotations

import hashlib
import math
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import MutableMapping
from dataclasses import dataclass
from functools import lru_cache

from provenance.extract import sentences
from provenance.match import encoder
from provenance.match.normalize import NEGATIONS, STOPWORDS, fold_chars, words
from provenance.models import Support, SupportLabel

SUPPORTED = 0.64
PARTIAL = 0.26
MODEL_SUPPORTED = 0.59
MODEL_PARTIAL = 0.26
MODEL_SENTENCES = 3  # best-ranked sentences the model reads
MODEL_WEIGHT = 2.0  # the soft recall's weight against the lexical score
MODEL_VERSION = "all-MiniLM-L6-v2 int8 (provenance 1)"
_SPECIAL = frozenset({"[CLS]", "[SEP]"})
MAX_EVIDENCE = 4
PART_SENTENCES = 30  # the best-ranked sentences searched for each part of the claim
K1, B = 1.2, 0.75
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'’-]+")
_SUFFIXES = ("'s", "ies", "es", "s", "ing", "ed", "ly")
_PART = re.compile(
    r",\s+|;\s+|\s+[–—-]\s+|\s+\b(?:and|but|while|which|who|where|whereas|including|after|"
    r"before|when|with)\b\s+",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Sentence:
    """One evidence sentence, its terms and their counts."""

    index: int
    text: str
    terms: Counter[str]
    length: int


@dataclass(slots=True)
class Corpus:
    """Evidence sentences, where each term occurs, and the average sentence length."""

    sentences: list[Sentence]
    postings: dict[str, list[int]]
    average: float


def check_support(
    claim: str,
    evidence: str | list[str],
    *,
    fast: bool = False,
    cache: MutableMapping[str, float] | None = None,
) -> Support:
    """Label how well `evidence` supports `claim` (see the module docstring); `fast`
    leaves the model out, `cache` keeps its answers."""
    corpus = prepared(evidence) if isinstance(evidence, str) else prepare(evidence)
    wanted = terms(claim)
    if not wanted or not corpus.sentences:
        return Support(label="not_supported", score=0.0)
    idf = inverse_frequencies(corpus, wanted)
    ranked = rank(corpus, wanted, idf)
    picked = pick(ranked, wanted)
    score = agreement(claim, wanted, idf, picked)
    parts = part_coverage(claim, idf, ranked[:PART_SENTENCES])
    soft = None
    if not fast:
        soft = soft_recall(claim, [s.text for s in ranked[:MODEL_SENTENCES]], cache)
        score = (score + MODEL_WEIGHT * soft) / (1 + MODEL_WEIGHT)
    return Support(
        label=label(score, parts, model=soft is not None),
        score=round(score, 3),
        evidence=[sentence.index for sentence in picked],
        sentences=[sentence.text for sentence in picked],
        parts=round(parts, 3),
        soft=None if soft is None else round(soft, 3),
    )


def split_sentences(text: str) -> list[str]:
    """Cut a text into sentences at end punctuation before a capital, and at line breaks,
    as the extractor does ("Dr. Shah", "U.S. officials" and initials do not end one)."""
    return [span.text for span in sentences.split_sentences(text, [])]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix-stripping stem: "models" and "model" meet, "ruling" and "rule" do not."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def terms(text: str) -> list[str]:
    """The stemmed content terms of a text, in order."""
    known = _TERMS
    found = [known[w] if w in known else _term(w) for w in words(fold_chars(text))]
    return [term for term in found if term]


_TERMS: dict[str, str] = {}  # word -> its term ("" for a stop word or a letter alone)


def _term(word: str) -> str:
    if len(_TERMS) > 200_000:  # a bound on memory over a long run
        _TERMS.clear()
    term = "" if word in STOPWORDS or len(word) < 2 else stem(word)
    _TERMS[word] = term
    return term


@lru_cache(maxsize=256)
def prepared(text: str) -> Corpus:
    """The sentences of a text, prepared; cached per text (a source checked for many claims)."""
    return prepare(split_sentences(text))


def prepare(texts: list[str]) -> Corpus:
    """Sentences with their term counts, and each term's sentences."""
    sentences = []
    postings: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        found = Counter(terms(text))
        sentences.append(Sentence(index, text, found, sum(found.values())))
        for term in found:
            postings.setdefault(term, []).append(index)
    average = sum(s.length for s in sentences) / len(sentences) if sentences else 1.0
    return Corpus(sentences, postings, average or 1.0)


def inverse_frequencies(corpus: Corpus, wanted: list[str]) -> dict[str, float]:
    """BM25 IDF of each wanted term over the evidence sentences."""
    total = len(corpus.sentences)
    idf = {}
    for term in set(wanted):
        holding = len(corpus.postings.get(term, ()))
        idf[term] = math.log(1 + (total - holding + 0.5) / (holding + 0.5))
    return idf


def rank(corpus: Corpus, wanted: list[str], idf: dict[str, float]) -> list[Sentence]:
    """Sentences by BM25 score against the claim's terms, best first, zero scores dropped."""
    terms_wanted = set(wanted)
    holding = {i for term in terms_wanted for i in corpus.postings.get(term, ())}
    scored = []
    for index in holding:
        sentence = corpus.sentences[index]
        scored.append((bm25(sentence, terms_wanted, idf, corpus.average), sentence))
    scored.sort(key=lambda item: (-item[0], item[1].index))
    return [sentence for _, sentence in scored]


def bm25(sentence: Sentence, wanted: set[str], idf: dict[str, float], average: float) -> float:
    """The BM25 score of one sentence for a set of terms."""
    norm = K1 * (1 - B + B * sentence.length / average)
    total = 0.0
    for term in wanted:
        count = sentence.terms.get(term, 0)
        if count:
            total += idf[term] * count * (K1 + 1) / (count + norm)
    return total


def pick(ranked: list[Sentence], wanted: list[str]) -> list[Sentence]:
    """Greedy: the best-ranked sentences that each cover a claim term not yet covered."""
    left = set(wanted)
    picked: list[Sentence] = []
    for sentence in ranked:
        if left & sentence.terms.keys() or not picked:
            picked.append(sentence)
            left -= sentence.terms.keys()
        if len(picked) == MAX_EVIDENCE or not left:
            break
    return picked


def agreement(
    claim: str, wanted: list[str], idf: dict[str, float], picked: list[Sentence]
) -> float:
    """Score 0..1: weighted term coverage, numbers, names, negation."""
    covered: set[str] = set().union(*(sentence.terms.keys() for sentence in picked))
    weights = {term: math.sqrt(max(idf[term], 0.05)) for term in set(wanted)}
    coverage = sum(w for t, w in weights.items() if t in covered) / sum(weights.values())
    text = " ".join(sentence.text for sentence in picked)
    score = coverage * _share(_NUMBER.findall(claim), text) * _names(claim, covered)
    if picked and _negated(claim) != _negated(picked[0].text):
        score *= 0.8
    return score


def part_texts(claim: str) -> list[str]:
    """The parts of a claim (cut at commas, dashes and joining words) of two terms or more."""
    return [part for part in _PART.split(claim) if part and len(terms(part)) >= 2]


def claim_parts(claim: str) -> list[list[str]]:
    """The terms of each part of a claim (`part_texts`); the whole claim's when no part
    is left."""
    return [terms(part) for part in part_texts(claim)] or [terms(claim)]


def part_coverage(claim: str, idf: dict[str, float], ranked: list[Sentence]) -> float:
    """The mean over the claim's parts of the weighted share of the part's terms that its
    best single sentence among `ranked` holds (weights as in `agreement`)."""
    shares = []
    for part in claim_parts(claim):
        weights = {term: math.sqrt(max(idf[term], 0.05)) for term in set(part) if term in idf}
        total = sum(weights.values())
        if not total:
            continue
        best = max(
            (sum(w for t, w in weights.items() if t in s.terms) for s in ranked), default=0.0
        )
        shares.append(best / total)
    return sum(shares) / len(shares) if shares else 0.0


def _share(numbers: list[str], text: str) -> float:
    if not numbers:
        return 1.0
    found = sum(1 for number in numbers if number in text)
    return 0.5 + 0.5 * found / len(numbers)


def _names(claim: str, covered: set[str]) -> float:
    names = {stem(fold_chars(name)) for name in _NAME.findall(claim)}
    names = {name for name in names if name not in STOPWORDS}
    if not names:
        return 1.0
    return 0.7 + 0.3 * len(names & covered) / len(names)


def _negated(text: str) -> bool:
    return any(word in NEGATIONS for word in words(fold_chars(text)))


def label(score: float, parts: float, *, model: bool = False) -> SupportLabel:
    """The label for the whole claim's agreement score and its parts' mean coverage
    (with the thresholds of the model path when the score includes the model's)."""
    if score >= (MODEL_SUPPORTED if model else SUPPORTED):
        return "supported"
    if parts >= (MODEL_PARTIAL if model else PARTIAL):
        return "partially_supported"
    return "not_supported"


# --- the model ---------------------------------------------------------------------------


def soft_recall(
    claim: str, sentences: list[str], cache: MutableMapping[str, float] | None = None
) -> float:
    """The best, over `sentences`, of the mean over the claim's content pieces of their
    closest piece in the sentence (cosine of all-MiniLM-L6-v2's token vectors), 0..1."""
    if not sentences:
        return 0.0
    key = _cache_key(claim, sentences)
    found = cache.get(key) if cache is not None else None
    if found is None:
        found = _soft_recall(claim, sentences)
        if cache is not None:
            cache[key] = found
    return found


def _soft_recall(claim: str, sentences: list[str]) -> float:
    wanted = content_vectors(encode([claim])[0])
    best = 0.0
    for sentence in encode(sentences):
        vectors = sentence.vectors[1:-1]  # [CLS] and [SEP] left out
        if len(vectors):
            best = max(best, float((wanted @ vectors.T).max(axis=1).mean()))
    return max(0.0, min(1.0, best))


def content_vectors(encoded: encoder.Encoded) -> encoder.Floats:
    """The vectors of the pieces that carry content: no markers, punctuation or stop words
    (all pieces but the markers when none is left)."""
    keep = [
        index
        for index, piece in enumerate(encoded.pieces)
        if piece not in _SPECIAL and piece.strip("#").isalnum() and piece not in STOPWORDS
    ]
    if not keep:
        keep = [i for i, piece in enumerate(encoded.pieces) if piece not in _SPECIAL] or [0]
    return encoded.vectors[keep]


ENCODED_KEPT = 512  # sentences whose vectors are kept (about 31 MB at 40 pieces each)
_ENCODED: OrderedDict[str, encoder.Encoded] = OrderedDict()  # text -> pieces and vectors
_ENCODED_LOCK = threading.Lock()  # a Dask worker's threads share the memo


def encode(texts: list[str]) -> list[encoder.Encoded]:
    """`encoder.load().encode`, the last `ENCODED_KEPT` texts' results kept for the next
    claim (a page's sentences are read again for each claim checked against it)."""
    with _ENCODED_LOCK:
        found = {text: _ENCODED[text] for text in texts if text in _ENCODED}
        for text in found:
            _ENCODED.move_to_end(text)
    missing = list(dict.fromkeys(text for text in texts if text not in found))
    if missing:
        found.update(zip(missing, encoder.load().encode(missing), strict=True))
        with _ENCODED_LOCK:
            for text in missing:
                _ENCODED[text] = found[text]
            while len(_ENCODED) > ENCODED_KEPT:
                _ENCODED.popitem(last=False)
    return [found[text] for text in texts]


def forget_encoded() -> None:
    """Drop the kept sentence vectors (benchmarks measure the model's cost from cold)."""
    with _ENCODED_LOCK:
        _ENCODED.clear()


def _cache_key(claim: str, sentences: list[str]) -> str:
    """The key of the model's answer: the model's fingerprint (its files and this
    code's version), then each text, length first."""
    digest = hashlib.sha256(f"{MODEL_VERSION}\0{encoder.fingerprint()}".encode())
    for text in (claim, *sentences):
        data = text.encode("utf-8", "surrogatepass")
        digest.update(b"%d:" % len(data) + data)
    return digest.hexdigest()
