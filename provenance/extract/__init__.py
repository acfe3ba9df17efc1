"""Claim extraction: every attributed claim of an article, to the claim contract.

    text -> quotes, dates, sentences -> cues -> sources -> claims -> tagger (DESIGN.md section 2)

`extract_claims` is the entry point; `infer_article_date` gives an article's
date from its text when it has no metadata. The modules, one concern each:
`quotes` (quote marks vs apostrophes), `dates` (absolute and relative dates),
`sentences`, `tokens`, `lexicon` (reporting verbs and nouns), `cues` (cues and
their subjects), `sources` (who is cited, of what kind), `claims` (assembly,
anaphora, nesting, de-duplication, and the tagger's spans with the rules'
claims), `features` and `tagger` (the trained CRF, MODEL.md), `train`
(rebuilds its weights from PolNeAR's train split).
"""

from provenance.extract.claims import extract_claims
from provenance.extract.dates import infer_article_date

__all__ = ["extract_claims", "infer_article_date"]
