"""The archive's thin adapter to the copy detector (`nlp_toolkit.batch.copying`).

The archive depends on these functions of the detector, and on its `Passage` (start, end,
text, signature, plus path/index/nstart/nend to rebuild one) and `Copy` records:

    passage_signatures(doc) -> list[Passage]     # signature: MinHash values (uint32) as bytes
    build_index(passages_by_doc) -> index
    detect_copies(docs, *, index=None, only_involving=None) -> list[Copy]   # here, batch discount off
    pair_table(copies, groups, docs) -> list[dict]                          # (checks.py, directly)

To find which archived reports to compare with a new one without loading the archive, each
stored passage also gets its LSH band keys: the signature cut into the same `b` bands of `r`
values that the detector's search uses for its threshold, each band hashed to a signed
64-bit integer by the same function (`lsh.band_keys`; schema 2 — version 1 hashed bands with
BLAKE2b and is re-keyed from the stored signatures on opening). Two passages the detector's index would pair share at least one band key,
so an indexed `IN (...)` look-up over `passage_bands` finds exactly the candidates the
in-memory index would, whatever the size of the archive.
"""
from __future__ import annotations

import numpy as np

from nlp_toolkit.batch import copying, lsh
from nlp_toolkit.model import Document

Passage = copying.Passage


def passage_signatures(doc: Document) -> list:
    return copying.passage_signatures(doc)


def build_index(passages_by_doc: dict[str, list]):
    return copying.build_index(passages_by_doc)


def detect_copies(docs: list[Document], *, index=None, only_involving=None) -> list[copying.Copy]:
    """The detector's `detect_copies` with the batch discount off.

    The batch discount (a passage in more than COMMON_SHARE of the documents compared is common
    wording) suits a batch, not an archive check: the archived reports handed over are chosen
    *because* they share passages with the new ones, and a handful of them is a biased sample
    (five reports, two sharing a paragraph, already reach 30 %). The archive judges commonness
    over the whole archive instead (`check.MAX_DOCUMENT_FREQUENCY`).
    """
    return copying.detect_copies(docs, index=index, only_involving=only_involving, discount_common=False)


def make_passage(path: str, index: int, start: int, end: int, text: str, signature: bytes,
                 nstart: int, nend: int):
    """A passage rebuilt from the archive, as the detector's index expects it."""
    return Passage(path, index, start, end, text, signature, nstart, nend)


def document_band_keys(signatures: list[bytes]) -> list[int]:
    """The distinct band keys of a document's passage signatures, sorted (what `passage_bands` stores)."""
    if not signatures:
        return []
    sigs = np.frombuffer(b"".join(signatures), dtype=np.uint32)
    return np.unique(lsh.band_keys(sigs)).tolist()
