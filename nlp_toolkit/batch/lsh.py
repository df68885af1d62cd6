"""MinHash signatures and LSH banding as numpy arrays: the copy detector's candidate search.

The signatures are datasketch's (``affine32`` scheme: the 32-bit MurmurHash3 finalizer, then
``a·h + b mod 2³²`` per permutation), computed for all the passages of a document at once
instead of one `MinHash` object per passage; `tests/batch/test_lsh.py` holds them equal to
datasketch's. Banding follows datasketch's `MinHashLSH` for the same threshold (`bands()`),
so the candidates are the ones its index would return, found by sorting band keys instead of
querying a hash table passage by passage:

    minhash_rows(hashes)            -> [n, NUM_PERM] uint32 permuted hashes of n shingles
    signatures(hashes, ranges)      -> [len(ranges), NUM_PERM] uint32 minima over each range
    band_keys(signatures)           -> [n, b] int64, one key per band (band number mixed in)
    bucket_pairs(keys, passages, owners, limit) -> (pairs, common)   # per bucket, any subset of
                                       complete buckets: what a Dask shuffle on band keys maps
    similar_pairs(pairs, signatures, owners, limit) -> (pairs, common)  # Jaccard and commonness

Everything here is a function of arrays: the local engine runs `bucket_pairs` over every band
key of the batch, the Dask engine over each partition of the keys shuffled by value; both then
run `similar_pairs` over the union, so both find the same candidates.
"""
from __future__ import annotations

from functools import cache

import numpy as np

NUM_PERM = 64
SEED = 7
SCHEME = "affine32"
THRESHOLD = 0.3  # estimated Jaccard similarity of two candidate passages (the default)
SIGNATURE_ROWS = 1 << 15  # shingle hashes `signatures` permutes at a time (8 MiB)
KEY_ROWS = 8192  # signatures `band_keys` hashes at a time
PAIR_ROWS = 1 << 19  # candidate rows `bucket_pairs` expands its buckets to at a time
MAX_BUCKET = 400  # passages sharing one band key beyond which the key is a set phrase, not a copy

_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)


# datasketch's MinHashLSH (b, r) for NUM_PERM values, by threshold: its `_optimal_param` integrates
# false-positive and false-negative rates with scipy, a second's import at start-up; the table
# keeps what it chose (tests/batch/test_lsh.py asserts it still does) and other thresholds ask it.
BANDS = {0.3: (21, 3), 0.5: (14, 4)}


@cache
def permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's (a, b) for NUM_PERM, SEED and the affine32 scheme (`MinHash.permutations`).

    Drawn the way datasketch 2 draws them (numpy's legacy RandomState, stable across numpy
    versions: odd a, any b) without importing it; the test suite compares the two.
    """
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


@cache
def bands(threshold: float = THRESHOLD) -> tuple[int, int]:
    """(b, r): how datasketch's MinHashLSH cuts a signature for `threshold` (b bands of r values)."""
    if threshold in BANDS:
        return BANDS[threshold]
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def _fmix32(h: np.ndarray) -> np.ndarray:
    """The MurmurHash3 32-bit finalizer (datasketch's pre-mix for the affine32 scheme)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def minhash_rows(hashes: np.ndarray) -> np.ndarray:
    """Every permutation of every shingle hash: [n, NUM_PERM] uint32."""
    a, b = permutations()
    hv = _fmix32(np.asarray(hashes, dtype=np.uint32))
    return hv[:, None] * a[None, :] + b[None, :]


def signatures(hashes: np.ndarray, ranges: list[tuple[int, int]]) -> np.ndarray:
    """MinHash signature of each range of `hashes` (half-open, non-empty, may overlap).

    Consecutive ranges are taken together while the stretch of `hashes` they cover is at most
    `SIGNATURE_ROWS` long: the permuted hashes (NUM_PERM × 4 bytes a hash) of one stretch are in
    memory at a time, not those of a whole batch's problems (a longer range is taken alone).
    """
    out = np.empty((len(ranges), NUM_PERM), dtype=np.uint32)
    first = 0
    while first < len(ranges):
        lo, hi = ranges[first]
        last = first + 1
        while last < len(ranges):
            a, b = ranges[last]
            if max(hi, b) - min(lo, a) > SIGNATURE_ROWS:
                break
            lo, hi, last = min(lo, a), max(hi, b), last + 1
        out[first:last] = _range_minima(hashes[lo:hi], [(a - lo, b - lo) for a, b in ranges[first:last]])
        first = last
    return out


def _range_minima(hashes: np.ndarray, ranges: list[tuple[int, int]]) -> np.ndarray:
    rows = minhash_rows(hashes)
    rows = np.vstack([rows, np.full((1, NUM_PERM), np.iinfo(np.uint32).max, dtype=np.uint32)])
    bounds = np.asarray(ranges, dtype=np.intp).ravel()  # lo0, hi0, lo1, hi1, …
    return np.minimum.reduceat(rows, bounds, axis=0)[0::2]


def _mix64(z: np.ndarray) -> np.ndarray:
    """splitmix64's finalizer: a bijection on uint64 that spreads every input bit."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def band_keys(sigs: np.ndarray, threshold: float = THRESHOLD) -> np.ndarray:
    """One int64 key per band of each signature: equal keys ⇔ equal band (up to 2⁻⁶⁴ collisions).

    Hashed `KEY_ROWS` signatures at a time: the uint64 temporaries of the mixing are then a few
    MB, not several times the keys of a whole batch (27 KiB a report, the peak of a run's end).
    """
    b, r = bands(threshold)
    sigs = np.asarray(sigs, dtype=np.uint32).reshape(-1, NUM_PERM)
    keys = np.empty((len(sigs), b), dtype=np.uint64)
    with np.errstate(over="ignore"):
        seeds = _mix64(np.arange(1, b + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15))
        for lo in range(0, len(sigs), KEY_ROWS):
            values = sigs[lo:lo + KEY_ROWS, : b * r].reshape(-1, b, r).astype(np.uint64)
            h = np.broadcast_to(seeds, values.shape[:2])
            for k in range(r):
                h = _mix64(h ^ values[:, :, k])
            keys[lo:lo + len(values)] = h
    return keys.view(np.int64)


def bucket_pairs(keys: np.ndarray, passages: np.ndarray, owners: np.ndarray,
                 limit: float | None = None, max_bucket: int | None = MAX_BUCKET) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of passages of different documents sharing a band key, over complete buckets.

    Args:
        keys, passages, owners: one row per (band key, passage) with the passage's document;
            every row of a key must be present (any set of whole buckets will do).
        limit: a key held by more documents than this marks its passages common wording
            (no pairs); None for no limit. Keys held by more than `max_bucket` passages always do.
    Returns:
        (pairs, common): int64 [m, 2] passage ids, smaller id first, unique; int64 ids of the
        passages marked common here.
    """
    keys, passages, owners = (np.asarray(x, dtype=np.int64) for x in (keys, passages, owners))
    if not len(keys):
        return np.empty((0, 2), dtype=np.int64), np.empty(0, dtype=np.int64)
    shared = _shared_rows(keys)  # sorted by key; a key only one row holds pairs nothing (most keys)
    keys, passages, owners = keys[shared], passages[shared], owners[shared]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    bucket = np.repeat(np.arange(len(starts), dtype=np.int64), sizes)
    order = np.lexsort((owners, bucket))  # within each bucket, by document
    passages, owners = passages[order], owners[order]
    new_owner = np.r_[True, (bucket[1:] != bucket[:-1]) | (owners[1:] != owners[:-1])]
    holders = np.add.reduceat(new_owner.astype(np.int64), starts) if len(starts) else np.zeros(0, dtype=np.int64)
    too_common = np.zeros(len(starts), dtype=bool)
    if max_bucket is not None:
        too_common |= sizes > max_bucket
    if limit is not None:
        too_common |= holders > limit
    common = _distinct(passages[np.repeat(too_common, sizes)])
    wanted = (holders >= 2) & ~too_common
    return _pairs_within(wanted, starts, sizes, passages, owners), common


def _distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (by sorting: numpy's hashed unique is slower on millions of ints)."""
    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def _distinct_pairs(pairs: np.ndarray) -> np.ndarray:
    """Distinct rows of an [m, 2] array, sorted."""
    if not len(pairs):
        return pairs.reshape(0, 2)
    pairs = pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]
    return pairs[np.r_[True, (pairs[1:] != pairs[:-1]).any(axis=1)]]


def _shared_rows(keys: np.ndarray) -> np.ndarray:
    """Indices of the rows whose key at least one other row has."""
    order = np.argsort(keys)
    ordered = keys[order]
    same_as_next = ordered[1:] == ordered[:-1]
    repeated = np.r_[same_as_next, False] | np.r_[False, same_as_next]
    return order[repeated]


def _pairs_within(wanted: np.ndarray, starts: np.ndarray, sizes: np.ndarray, passages: np.ndarray,
                  owners: np.ndarray) -> np.ndarray:
    """Every pair of rows from two documents inside each wanted bucket (rows starts[i]:starts[i]+sizes[i]).

    A bucket of s rows is expanded to s² candidate rows; the buckets are taken a few at a time,
    up to `PAIR_ROWS` of those, so that a batch of near-identical reports (buckets of hundreds of
    passages) never expands all of its buckets at once.
    """
    chosen = np.flatnonzero(wanted)
    if not len(chosen):
        return np.empty((0, 2), dtype=np.int64)
    expanded = np.cumsum(sizes[chosen].astype(np.int64) ** 2)
    found, first = [], 0
    while first < len(chosen):
        done = expanded[first - 1] if first else 0
        last = max(first + 1, int(np.searchsorted(expanded, done + PAIR_ROWS, side="right")))
        found.append(_bucket_pairs_of(chosen[first:last], starts, sizes, passages, owners))
        first = last
    return found[0] if len(found) == 1 else _distinct_pairs(np.concatenate(found))


def _bucket_pairs_of(buckets: np.ndarray, starts: np.ndarray, sizes: np.ndarray, passages: np.ndarray,
                     owners: np.ndarray) -> np.ndarray:
    """Distinct pairs of passages of two documents within `buckets` (ids into `starts`/`sizes`)."""
    size_of = np.repeat(sizes[buckets], sizes[buckets])  # per member row: its bucket's size and start
    start_of = np.repeat(starts[buckets], sizes[buckets])
    member = start_of + np.arange(len(size_of)) - np.repeat(np.cumsum(sizes[buckets]) - sizes[buckets], sizes[buckets])
    left = np.repeat(member, size_of)
    offset = np.arange(len(left)) - np.repeat(np.cumsum(size_of) - size_of, size_of)
    right = np.repeat(start_of, size_of) + offset
    keep = (left < right) & (owners[left] != owners[right])
    a, b = passages[left[keep]], passages[right[keep]]
    return _distinct_pairs(np.stack([np.minimum(a, b), np.maximum(a, b)], axis=1))


def similar_pairs(pairs: np.ndarray, sigs: np.ndarray, owners: np.ndarray, limit: float | None = None,
                  common: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs whose estimated Jaccard similarity reaches THRESHOLD, and common passages.

    Args:
        pairs: `bucket_pairs` pairs (from every bucket); ids index `sigs` and `owners`.
        sigs: [n, NUM_PERM] signatures; owners: [n] document of each passage.
        limit: a passage similar to passages of more documents than this (its own included)
            is common wording; None for no limit.
        common: passages already known to be common (`bucket_pairs`).
    Returns:
        (pairs, common): the similar pairs with no common passage; a bool [n] mask of common passages.
    """
    n = len(owners)
    is_common = np.zeros(n, dtype=bool)
    if common is not None and len(common):
        is_common[np.asarray(common, dtype=np.int64)] = True
    pairs = _distinct_pairs(np.asarray(pairs, dtype=np.int64).reshape(-1, 2))
    if len(pairs):
        agree = np.zeros(len(pairs), dtype=np.int64)
        for lo in range(0, len(pairs), 200_000):  # bounded memory: 200,000 × NUM_PERM booleans
            chunk = pairs[lo:lo + 200_000]
            agree[lo:lo + len(chunk)] = (sigs[chunk[:, 0]] == sigs[chunk[:, 1]]).sum(axis=1)
        pairs = pairs[agree >= THRESHOLD * NUM_PERM]
    if limit is not None and len(pairs):
        is_common |= _documents_reached(pairs, owners, n) + 1 > limit
    keep = ~(is_common[pairs[:, 0]] | is_common[pairs[:, 1]]) if len(pairs) else np.zeros(0, dtype=bool)
    return pairs[keep], is_common


def _documents_reached(pairs: np.ndarray, owners: np.ndarray, n: int) -> np.ndarray:
    """For each passage, how many other documents hold a passage similar to it."""
    both = np.concatenate([np.stack([pairs[:, 0], owners[pairs[:, 1]]], axis=1),
                           np.stack([pairs[:, 1], owners[pairs[:, 0]]], axis=1)])
    both = _distinct_pairs(both)
    return np.bincount(both[:, 0], minlength=n)
