"""Step 2: the candidate search over many documents' passages (LSH band keys, no all-against-all)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from nlp_toolkit.batch import lsh
from nlp_toolkit.batch.copying.fingerprint import NUM_PERM, Passage, fingerprint
from nlp_toolkit.model import Document

LSH_THRESHOLD = lsh.THRESHOLD
COMMON_SHARE = 0.3  # a passage in more than this share of the documents is common wording
COMMON_MIN_DOCS = 5
COMMON_MAX_DOCS = 20  # …or in more than this many, however large the batch
SEARCH_ROWS = 1 << 18  # band rows the local candidate search sorts at a time (about 15 MiB)
# shares gathered by one scan of the band rows: a scan per share made the search quadratic in the
# batch (100,000 reports: 344 scans of 90 million rows); 16 shares are about 4 million rows at once
SHARES_PER_SCAN = 16


@dataclass
class CopyIndex:
    """Passages of many documents: their spans, signatures as one matrix, and LSH band keys.

    Row `i` of `signatures`/`keys` is passage `refs[i]` = (path, index) of document `owners[i]`
    (a position in `paths`); `spans[path][index]` = (start, end, nstart, nend).
    """

    paths: list[str]
    spans: dict[str, np.ndarray]
    refs: Refs
    owners: np.ndarray  # [n] int64
    signatures: np.ndarray  # [n, NUM_PERM] uint32

    @property
    def document_count(self) -> int:
        return len(self.paths)

    @cached_property
    def keys(self) -> np.ndarray:
        """[n, b] int64 LSH band keys of the signatures (not needed when the Dask engine searched)."""
        return lsh.band_keys(self.signatures)

    def band_rows(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(key, passage row, document) for every band of every passage: what the search groups."""
        b = self.keys.shape[1]
        rows = np.repeat(np.arange(len(self.refs), dtype=np.int64), b)
        return self.keys.ravel(), rows, self.owners[rows]

    def candidates(self, limit: float | None = None, bucket_search=None) -> tuple[np.ndarray, np.ndarray]:
        """(pairs, common): similar pairs of rows from two documents, and a mask of common rows.

        `bucket_search(limit)` replaces the in-process `lsh.bucket_pairs` over `band_rows()`
        (the Dask engine passes its shuffle, which cuts the rows on the workers) and returns the
        same (pairs, common) in rows of this index.
        """
        if bucket_search is None:
            pairs, common = self._bucket_search(limit)
        else:
            pairs, common = bucket_search(limit)
        return lsh.similar_pairs(pairs, self.signatures, self.owners, limit, common)


    def _bucket_search(self, limit: float | None) -> tuple[np.ndarray, np.ndarray]:
        """`lsh.bucket_pairs` over the band rows, a share of the keys at a time (by key value, so
        each share holds whole buckets: the same pairs as over all rows at once, as the Dask
        shuffle finds them), so that its sorting needs a few arrays of `SEARCH_ROWS` rows, not of
        every band of every passage."""
        keys = self.keys
        parts = -(-keys.size // SEARCH_ROWS)
        if parts <= 1:
            return lsh.bucket_pairs(*self.band_rows(), limit)
        share = np.empty(keys.shape, dtype=np.uint16)
        for band in range(keys.shape[1]):
            share[:, band] = keys[:, band].view(np.uint64) % np.uint64(parts)
        found = []
        step = SHARES_PER_SCAN
        for first in range(0, parts, step):  # one scan of `share` for a run of shares, not one for each
            for rows, bands in _rows_of_shares(share, first, min(first + step, parts)):
                found.append(lsh.bucket_pairs(keys[rows, bands], rows, self.owners[rows], limit))
        return np.concatenate([f[0] for f in found]), np.concatenate([f[1] for f in found])


def _rows_of_shares(share: np.ndarray, first: int, stop: int):
    """(rows, bands) of each share `first` … `stop - 1` in turn, each in row-major order (as
    `np.nonzero(share == part)` gives them), from one scan of `share` and a stable sort."""
    rows, bands = np.nonzero((share >= first) & (share < stop))
    parts = share[rows, bands]
    order = np.argsort(parts, kind="stable")
    rows, bands, parts = rows[order], bands[order], parts[order]
    bounds = np.searchsorted(parts, np.arange(first, stop + 1))
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        yield rows[lo:hi], bands[lo:hi]


class Refs(Sequence):
    """(path, index) of each row of an index, worked out from the rows' owners when asked for: a
    tuple a passage kept for the whole candidate search was 80 bytes a passage (2 KiB a report)."""

    def __init__(self, paths: list[str], owners: np.ndarray):
        self._paths, self._owners = paths, owners
        self._first = np.searchsorted(owners, np.arange(len(paths)))  # the owners are in path order

    def __len__(self) -> int:
        return len(self._owners)

    def __getitem__(self, row):
        if isinstance(row, slice):
            return [self[r] for r in range(*row.indices(len(self)))]
        owner = int(self._owners[row])
        return self._paths[owner], int(row) % len(self) - int(self._first[owner])


def _index(spans: dict[str, np.ndarray], matrix: np.ndarray) -> CopyIndex:
    paths = list(spans)
    owners = np.repeat(np.arange(len(paths), dtype=np.int64), [len(spans[p]) for p in paths])
    return CopyIndex(paths, spans, Refs(paths, owners), owners, matrix)


def index_documents(docs: list[Document]) -> CopyIndex:
    """The candidate search over the passages of `docs` (their fingerprints).

    The signatures are copied into the matrix one document at a time, into a matrix sized by a
    first pass: a spilled document's fingerprint is read from the batch's store (`batch.store`)
    when asked for, so the batch's fingerprints are never all in memory beside the matrix.
    """
    counts = [len(fingerprint(d).spans) for d in docs]
    matrix = np.empty((sum(counts), NUM_PERM), dtype=np.uint32)
    spans: dict[str, np.ndarray] = {}
    row = 0
    for doc, count in zip(docs, counts):
        fp = fingerprint(doc)
        spans[doc.path] = fp.spans
        matrix[row:row + count] = fp.signatures
        row += count
    return _index(spans, matrix)


def build_index(passages_by_doc: dict[str, list[Passage]]) -> CopyIndex:
    """The candidate search over stored passages of many documents ({path: passages})."""
    spans = {path: np.asarray([(p.start, p.end, p.nstart, p.nend) for p in ps], dtype=np.int64).reshape(-1, 4)
             for path, ps in passages_by_doc.items()}
    sigs = [np.frombuffer(b"".join(p.signature for p in ps), dtype=np.uint32).reshape(-1, NUM_PERM)
            for ps in passages_by_doc.values()]
    return _index(spans, np.vstack(sigs) if sigs else np.empty((0, NUM_PERM), dtype=np.uint32))


@dataclass
class Candidates:
    """A finished candidate search over `index`: similar pairs of rows and a mask of common rows.

    The Dask engine computes one with a shuffle on band keys and hands it to the batch rules
    (`EngineRun.candidates`, then `BatchContext.candidates`); `limit` is the commonness limit it
    was searched with.
    """

    index: CopyIndex
    pairs: np.ndarray
    common: np.ndarray
    limit: float | None

    def fits(self, docs: list[Document], limit: float | None) -> bool:
        return self.limit == limit and self.index.paths == [d.path for d in docs]


def common_limit(n_docs: int) -> float | None:
    """Documents a passage may be found in before it is common wording rather than copying."""
    if n_docs < COMMON_MIN_DOCS:
        return None
    return min(COMMON_SHARE * n_docs, COMMON_MAX_DOCS)
