"""The numpy MinHash/LSH candidate search against datasketch's objects, and its bucket logic."""
from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from nlp_toolkit.batch import lsh


def _datasketch_signature(values) -> np.ndarray:
    mh = MinHash(num_perm=lsh.NUM_PERM, seed=lsh.SEED, scheme=lsh.SCHEME, hashfunc=lambda v: v)
    mh.update_batch(list(values))
    return mh.hashvalues.astype(np.uint32)


def test_signatures_equal_datasketch_minhash_over_overlapping_ranges():
    rng = np.random.default_rng(3)
    hashes = rng.integers(0, 2**32, size=300, dtype=np.uint64).astype(np.uint32)
    ranges = [(0, 40), (20, 90), (90, 91), (250, 300)]
    got = lsh.signatures(hashes, ranges)
    for row, (lo, hi) in zip(got, ranges):
        assert np.array_equal(row, _datasketch_signature(int(h) for h in hashes[lo:hi]))


def test_permutations_and_bands_are_datasketchs():
    a, b = MinHash(num_perm=lsh.NUM_PERM, seed=lsh.SEED, scheme=lsh.SCHEME).permutations
    assert np.array_equal(lsh.permutations()[0], a) and np.array_equal(lsh.permutations()[1], b)
    for threshold, (bands, rows) in lsh.BANDS.items():
        index = MinHashLSH(threshold=threshold, num_perm=lsh.NUM_PERM)
        assert (index.b, index.r) == (bands, rows)


def test_no_ranges_give_an_empty_matrix():
    assert lsh.signatures(np.arange(5, dtype=np.uint32), []).shape == (0, lsh.NUM_PERM)


def test_band_keys_agree_exactly_when_a_band_agrees():
    b, r = lsh.bands()
    sig = np.arange(lsh.NUM_PERM, dtype=np.uint32)
    other = sig.copy()
    other[r:2 * r] += 1  # only band 1 differs
    keys = lsh.band_keys(np.stack([sig, other]))
    assert keys.shape == (2, b)
    assert (keys[0] == keys[1]).sum() == b - 1 and keys[0, 1] != keys[1, 1]
    assert len(set(keys[0].tolist())) == b  # the band number is part of the key


def test_signatures_taken_in_stretches_are_those_of_all_hashes_at_once(monkeypatch):
    hashes = np.random.default_rng(9).integers(0, 2**32, size=300, dtype=np.uint64).astype(np.uint32)
    ranges = [(0, 12), (5, 30), (30, 31), (31, 200), (150, 160), (200, 260), (259, 300)]  # one longer than 64
    whole = lsh.signatures(hashes, ranges)
    monkeypatch.setattr(lsh, "SIGNATURE_ROWS", 64)
    stretched = lsh.signatures(hashes, ranges)
    assert np.array_equal(stretched, whole)
    assert np.array_equal(whole[3], lsh.minhash_rows(hashes[31:200]).min(axis=0))


def test_bucket_pairs_expanded_a_few_buckets_at_a_time_are_the_same(monkeypatch):
    rng = np.random.default_rng(13)
    keys = rng.integers(0, 40, size=900)  # forty buckets of about 22 rows, some rows of one document
    passages = np.arange(900)
    owners = rng.integers(0, 60, size=900)
    at_once = lsh.bucket_pairs(keys, passages, owners, limit=50)
    monkeypatch.setattr(lsh, "PAIR_ROWS", 700)  # about one bucket at a time
    in_parts = lsh.bucket_pairs(keys, passages, owners, limit=50)
    assert len(at_once[0]) > 1000 and np.array_equal(at_once[0], in_parts[0])
    assert np.array_equal(at_once[1], in_parts[1])
    assert (owners[at_once[0][:, 0]] != owners[at_once[0][:, 1]]).all()


def test_band_keys_hashed_in_chunks_are_the_keys_of_all_rows_at_once(monkeypatch):
    sigs = np.random.default_rng(5).integers(0, 2**32, size=(23, lsh.NUM_PERM), dtype=np.uint64).astype(np.uint32)
    whole = lsh.band_keys(sigs)
    monkeypatch.setattr(lsh, "KEY_ROWS", 4)  # six chunks, the last one short
    chunked = lsh.band_keys(sigs)
    assert chunked.dtype == whole.dtype and np.array_equal(chunked, whole)
    assert np.array_equal(chunked[7], lsh.band_keys(sigs[7:8])[0])
    assert lsh.band_keys(sigs[:0]).shape == (0, lsh.bands()[0])


def _rows(sigs, owners):
    keys = lsh.band_keys(sigs)
    b = keys.shape[1]
    return keys.ravel(), np.repeat(np.arange(len(sigs)), b), np.repeat(owners, b)


def test_candidates_are_the_pairs_datasketch_lsh_returns():
    rng = np.random.default_rng(11)
    base = rng.integers(0, 2**32, size=(12, 200), dtype=np.uint64).astype(np.uint32)
    sets = [base[i % 6, : 100 + 8 * i] for i in range(12)]  # near copies in pairs (i, i+6), and not
    sets += [np.concatenate([base[0, :60], base[7, :60]])]  # half of one, half of another
    sigs = np.stack([_datasketch_signature(int(h) for h in s) for s in sets])
    owners = np.arange(len(sets))
    pairs, common = lsh.bucket_pairs(*_rows(sigs, owners))
    similar, is_common = lsh.similar_pairs(pairs, sigs, owners, common=common)
    index = MinHashLSH(threshold=lsh.THRESHOLD, num_perm=lsh.NUM_PERM)
    minhashes = [MinHash(num_perm=lsh.NUM_PERM, seed=lsh.SEED, scheme=lsh.SCHEME, hashvalues=s) for s in sigs]
    for i, mh in enumerate(minhashes):
        index.insert(i, mh)
    expected = {(min(i, j), max(i, j)) for i, mh in enumerate(minhashes) for j in index.query(mh)
                if i != j and mh.jaccard(minhashes[j]) >= lsh.THRESHOLD}
    assert {tuple(p) for p in similar.tolist()} == expected
    assert expected and not is_common.any()


def test_pairs_inside_one_document_are_not_candidates():
    sig = np.arange(lsh.NUM_PERM, dtype=np.uint32)
    pairs, _ = lsh.bucket_pairs(*_rows(np.stack([sig, sig, sig]), np.array([0, 0, 1])))
    assert pairs.tolist() == [[0, 2], [1, 2]]


def test_a_key_many_documents_hold_marks_its_passages_common():
    sig = np.arange(lsh.NUM_PERM, dtype=np.uint32)
    sigs = np.stack([sig] * 6)
    pairs, common = lsh.bucket_pairs(*_rows(sigs, np.arange(6)), limit=5)
    assert len(pairs) == 0 and common.tolist() == list(range(6))
    pairs, common = lsh.bucket_pairs(*_rows(sigs, np.arange(6)), limit=6)
    assert len(pairs) == 15 and len(common) == 0


@pytest.mark.parametrize("limit, common", [(None, False), (2, True)])
def test_a_passage_similar_to_many_documents_is_common(limit, common):
    rng = np.random.default_rng(5)
    sig = rng.integers(0, 2**32, size=lsh.NUM_PERM, dtype=np.uint64).astype(np.uint32)
    variants = np.stack([sig] * 3)
    _, r = lsh.bands()
    variants[1, [r * i for i in range(10)]] += 1  # bands 0-9 differ, the rest agree
    variants[2, [r * i for i in range(11, 21)]] += 1  # bands 11-20 differ
    pairs, found = lsh.bucket_pairs(*_rows(variants, np.arange(3)), limit=limit)
    similar, is_common = lsh.similar_pairs(pairs, variants, np.arange(3), limit=limit, common=found)
    assert bool(is_common[0]) is common
    assert (len(similar) == 0) is common
