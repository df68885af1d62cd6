"""Copying across reports: passages one unit took from another, and problem lists many share.

One module per step: `normalise`, `fingerprint`, `index`, `align` (steps 3 and 4), `problems`, `pairs`;
`records` holds the typed results (`Copy`, `ProblemGroup`).

Copying is found passage by passage, not report by report (a 600-character paragraph inside
2,000-character reports scores a whole-report Jaccard near 0.18):

1. **Fingerprint** (`fingerprint`, computed once per document, by the engines on their
   workers): each document's sentences, read over the matching view and normalised so that a
   changed unit name or figure does not hide a copy (whitespace and punctuation dropped, the
   unit's own name, ``*县``-style anonymised names and ``***`` masked, every run of digits masked,
   the title and headings left out), are grouped into windows of consecutive sentences of at
   least `WINDOW_CHARS` characters (long sentences are cut at clause punctuation first). Each
   window gets a MinHash signature (datasketch's ``affine32`` scheme, `NUM_PERM` values over
   character `SHINGLE`-grams, computed for all windows at once by `lsh.signatures`); the
   archive stores them as bytes (`passage_signatures`).
2. **Candidates** (`index_documents`, `CopyIndex.candidates`): every passage's LSH band keys
   (`lsh.band_keys`, datasketch's banding for `LSH_THRESHOLD`) are sorted, and passages of two
   documents that share a key are paired (`lsh.bucket_pairs`) and kept when their estimated
   Jaccard similarity reaches the threshold (`lsh.similar_pairs`). No pair of documents or
   passages is compared all against all; the Dask engine runs the pairing as a shuffle on band
   keys and hands the result over (`Candidates`).
3. **Alignment** (`detect_copies`): for every candidate pair of passages, difflib's
   SequenceMatcher aligns the two normalised regions (with a margin either side); matching
   blocks of both documents are chained across small gaps (a changed name or figure) into
   maximal shared spans (at least `MIN_DENSITY` of each span agreeing), kept when at least
   `MIN_CHARS` characters agree (or two whole sentences and `MIN_SENTENCE_CHARS`), and mapped
   back to source offsets.
4. **Discount**: characters inside the fixed-expression lexicon (resources
   ``repeatable_phrases.txt``, ``genre_phrases.txt``, ``copying_common.txt``) or inside a passage
   found in more than `COMMON_SHARE` of the documents or more than `COMMON_MAX_DOCS` of them
   (when the batch has at least `COMMON_MIN_DOCS`) are common wording, not copying: they do not
   count toward `MIN_CHARS`, and the `Copy` says how many of its characters were discounted. A
   band key held by more documents than that marks its passages common at once, so a text that
   thousands of reports share costs no pairs.

Public API (the archive reuses it to compare a new submission with earlier ones). It returns
typed records and never builds findings: CPY001, CPY002 and ARC001 do, in their rule files::

    fingerprint(doc) -> Fingerprint                   # passage spans, signatures, problem keys (kept on doc)
    passage_signatures(doc) -> list[Passage]          # start/end (source offsets), text, signature (bytes)
    index_documents(docs) / build_index(passages_by_doc) -> CopyIndex
    detect_copies(docs, *, index=None, only_involving=None, candidates=None) -> list[Copy]
    problem_groups(docs) -> list[ProblemGroup]        # near-identical problem lists
    pair_table(copies, groups, docs) -> list[dict]    # the report-pair similarity table

`detect_copies` needs every document the index refers to among `docs` (alignment reads their
text); a document of `docs` missing from a given index is not compared. With `only_involving`,
only pairs with at least one document of that set are aligned (e.g. the new submissions against
an archive). A `Copy` is on the pair in path order: `a` the span in `path_a`, `b` in `path_b`.
`pair_table` rows: path_a, path_b, unit_a, unit_b, shared_chars (characters of a in shared
passages), shared_chars_b, share_a, share_b, copied_passages, formulaic_problems.
"""
from __future__ import annotations

import importlib
import sys
import types

# Each public name and the module that holds it. The modules are imported on first use (PEP 562):
# most of them need numpy, which a run that compares no reports (`check` on one file) never loads.
_HOME = {
    "align": ("MIN_CHARS", "detect_copies", "lexicon_mask"),
    "fingerprint": ("NUM_PERM", "SHINGLE", "Fingerprint", "Passage", "fingerprint", "passage_signatures",
                    "shingle_hashes"),
    "index": ("COMMON_SHARE", "Candidates", "CopyIndex", "build_index", "common_limit", "index_documents"),
    "normalise": ("BARRIER", "Normalised", "normalise", "unit_variants"),
    "pairs": ("PAIRS_GROUP_MAX", "pair_table"),
    "problems": ("ProblemMatch", "match_problem_lists", "problem_groups"),
    "records": ("Copy", "ProblemGroup"),
}
_MODULE_OF = {name: module for module, names in _HOME.items() for name in names}


def __getattr__(name: str):
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULE_OF})


class _Package(types.ModuleType):
    """This package, keeping its functions `fingerprint` and `normalise` when their modules (of the
    same names) are first imported: the import system would otherwise bind the modules over them."""

    def __setattr__(self, name: str, value) -> None:
        if isinstance(value, types.ModuleType) and name in _MODULE_OF:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


__all__ = ["BARRIER", "COMMON_SHARE", "MIN_CHARS", "NUM_PERM", "PAIRS_GROUP_MAX", "SHINGLE", "Candidates", "Copy",
           "CopyIndex", "Fingerprint", "Normalised", "Passage", "ProblemGroup", "ProblemMatch", "build_index",
           "common_limit", "detect_copies", "fingerprint",
           "index_documents", "lexicon_mask", "match_problem_lists", "normalise", "pair_table",
           "passage_signatures", "problem_groups", "shingle_hashes", "unit_variants"]
