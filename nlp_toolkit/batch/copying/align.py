"""Step 3 and 4: candidate passages aligned character by character, common wording discounted.

Returns `Copy` records (spans shared by two documents); it builds no findings (CPY001 and
ARC001 turn the records into findings in their own rule files).
"""
from __future__ import annotations

import re
from collections import defaultdict
from difflib import SequenceMatcher
from functools import lru_cache

import numpy as np

from nlp_toolkit import resources
from nlp_toolkit.batch.copying.index import Candidates, CopyIndex, common_limit, index_documents
from nlp_toolkit.batch.copying.normalise import Normalised, normalise
from nlp_toolkit.batch.copying.records import Copy
from nlp_toolkit.batch.copying.standard import different_units, zones
from nlp_toolkit.model import Document
from nlp_toolkit.structure.chars import SENTENCE_END

MARGIN = 80  # characters either side of a candidate passage given to the aligner
MIN_BLOCK = 4  # shortest matching block kept from the aligner
MAX_GAP = 8  # a gap this short (a changed name or figure) does not break a shared span
MIN_DENSITY = 0.8  # share of a shared span's characters that must agree exactly
MIN_CHARS = 50  # shortest shared span reported (content characters, after the discount)
MIN_SENTENCE_CHARS = 30  # …or two whole sentences with at least this many
RECENT = 32  # documents whose normalised text and zones the aligner keeps at once
LEXICONS = ("repeatable_phrases.txt", "genre_phrases.txt", "copying_common.txt")


# ── the fixed-expression lexicon ──────────────────────────────────────────────────────────────

@resources.compiled(*LEXICONS)
def _lexicon_pattern() -> re.Pattern | None:
    phrases: set[str] = set()
    for name in LEXICONS:
        try:
            lines = resources.lines(name)
        except FileNotFoundError:
            continue
        for line in lines:
            phrases.update(p for p in re.split(r"\s+", line) if len(p) >= 2)
    # matched over normalised text: the phrases lose their punctuation the same way
    cleaned = {"".join(c for c in p if not c.isspace()) for p in phrases}
    return re.compile("|".join(map(re.escape, sorted(cleaned, key=len, reverse=True)))) if cleaned else None


def lexicon_mask(text: str) -> list[bool]:
    """True for characters of `text` inside a fixed expression or a book title (《…》)."""
    mask = [False] * len(text)
    for pattern in (re.compile(r"《[^《》]{1,60}》"), _lexicon_pattern()):
        if pattern is None:
            continue
        for m in pattern.finditer(text):
            mask[m.start():m.end()] = [True] * (m.end() - m.start())
    return mask


# ── alignment ─────────────────────────────────────────────────────────────────────────────────

def _blocks(na: Normalised, nb: Normalised, pa: tuple[int, int], pb: tuple[int, int]) -> list[tuple[int, int, int]]:
    """Matching blocks of two passages' normalised spans, each widened by MARGIN."""
    a0, a1 = max(0, pa[0] - MARGIN), min(len(na.text), pa[1] + MARGIN)
    b0, b1 = max(0, pb[0] - MARGIN), min(len(nb.text), pb[1] + MARGIN)
    sm = SequenceMatcher(None, na.text[a0:a1], nb.text[b0:b1], autojunk=False)
    return [(a0 + m.a, b0 + m.b, m.size) for m in sm.get_matching_blocks() if m.size >= MIN_BLOCK]


def _merge_diagonals(blocks: set[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Union of blocks lying on the same diagonal that overlap or touch."""
    by_diag: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for a, b, size in blocks:
        by_diag[a - b].append((a, a + size))
    out = []
    for diag, spans in by_diag.items():
        spans.sort()
        cur_s, cur_e = spans[0]
        for s, e in spans[1:]:
            if s <= cur_e:
                cur_e = max(cur_e, e)
            else:
                out.append((cur_s, cur_s - diag, cur_e - cur_s))
                cur_s, cur_e = s, e
        out.append((cur_s, cur_s - diag, cur_e - cur_s))
    return sorted(out)


def _chains(blocks: list[tuple[int, int, int]]) -> list[list[tuple[int, int, int]]]:
    """Blocks chained in order on both sides across gaps of at most MAX_GAP characters."""
    chains: list[list[tuple[int, int, int]]] = []
    for block in blocks:
        a, b, size = block
        best = None
        for chain in chains:
            la, lb, ls = chain[-1]
            ga, gb = a - (la + ls), b - (lb + ls)
            if -ls < ga <= MAX_GAP and -ls < gb <= MAX_GAP and abs(ga - gb) <= MAX_GAP and a > la and b > lb:
                best = chain
                break
        if best is None:
            chains.append([block])
        else:
            la, lb, ls = best[-1]
            cut = max(la + ls - a, lb + ls - b, 0)  # drop what overlaps the chain's last block
            if size - cut > 0:
                best.append((a + cut, b + cut, size - cut))
    return chains


def _sentence_ends(text: str) -> int:
    return sum(1 for c in text if c in SENTENCE_END)


def detect_copies(docs: list[Document], *, index: CopyIndex | None = None,
                  only_involving: set[str] | None = None, discount_common: bool = True,
                  candidates: Candidates | None = None, standard_wording: bool = True) -> list[Copy]:
    """The spans two documents share (`Copy`, one per span, on the pair in path order).

    Args:
        docs: the documents (every document the index refers to must be among them).
        index: a prebuilt `build_index` over their passages (built here when None).
        only_involving: report only pairs with at least one of these paths.
        discount_common: treat passages found in a large share of `docs` as common wording
            (right for a batch; the archive turns it off and judges commonness itself).
        standard_wording: the same text in the opening (or the closing) of reports of two
            different units is the genre's standard wording (`standard`), not a copy.

    `candidates`: a finished search over exactly `docs` (the Dask engine's), used instead of
    searching again when it was made with the same commonness limit.
    """
    by_path = {d.path: d for d in docs}
    limit = common_limit(len(docs)) if discount_common else None
    if index is None and candidates is not None and candidates.fits(docs, limit):
        index, pairs, is_common = candidates.index, candidates.pairs, candidates.common
    else:
        index = index or index_documents(docs)
        limit = common_limit(index.document_count) if discount_common else None
        pairs, is_common = index.candidates(limit)
    common: dict[str, list[tuple[int, int]]] = defaultdict(list)  # normalised spans of common passages
    for row in np.flatnonzero(is_common):
        path, i = index.refs[row]
        common[path].append(tuple(index.spans[path][i, 2:].tolist()))
    to_align: dict[tuple[str, str], set[tuple[int, int]]] = defaultdict(set)
    for x, y in pairs.tolist():
        (path, i), (other, j) = sorted((index.refs[x], index.refs[y]))
        if path not in by_path or other not in by_path:
            continue
        if only_involving is not None and path not in only_involving and other not in only_involving:
            continue
        to_align[(path, other)].add((i, j))
    # the last few documents' normalised texts and zones are kept, not every aligned one's: the
    # pairs come in path order, and a document seen again later is normalised again (same result)
    norm_of = lru_cache(maxsize=RECENT)(lambda path: normalise(by_path[path]))
    zones_of = lru_cache(maxsize=RECENT)(lambda path: zones(by_path[path], norm_of(path)))
    copies: list[Copy] = []
    for (pa, pb), passage_pairs in sorted(to_align.items()):
        standard = None
        if standard_wording and different_units(by_path[pa], by_path[pb]):
            standard = (zones_of(pa), zones_of(pb))
        copies.extend(_align_pair(pa, pb, passage_pairs, index, (norm_of(pa), norm_of(pb)), common, standard))
    return copies


def _align_pair(pa: str, pb: str, pairs: set[tuple[int, int]], index: CopyIndex,
                norms: tuple[Normalised, Normalised], common: dict[str, list[tuple[int, int]]],
                standard: tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]] | None = None
                ) -> list[Copy]:
    """The copies of one pair; `norms`: the normalised texts of a and b; `standard`: ((opening,
    closing) of a, the same of b) masks, when the two are reports of different units whose shared
    opening or closing is standard wording."""
    na, nb = norms
    blocks: set[tuple[int, int, int]] = set()
    for i, j in sorted(pairs):
        blocks.update(_blocks(na, nb, index.spans[pa][i, 2:].tolist(), index.spans[pb][j, 2:].tolist()))
    out: list[Copy] = []
    content_a = np.asarray(na.content, dtype=bool)
    discount_a = np.asarray(lexicon_mask(na.text), dtype=bool) | _span_mask(len(na.text), common.get(pa, []))
    common_b = _span_mask(len(nb.text), common.get(pb, []))
    for chain in _chains(_merge_diagonals(blocks)):
        chain = _trim_punctuation(chain, na)
        if not chain:
            continue
        a0, a1 = chain[0][0], chain[-1][0] + chain[-1][2]
        b0, b1 = chain[0][1], chain[-1][1] + chain[-1][2]
        matched_a = np.concatenate([np.arange(a, a + size) for a, _, size in chain])
        matched_b = np.concatenate([np.arange(b, b + size) for _, b, size in chain])
        counted = content_a[matched_a]
        matched = int(counted.sum())
        is_common = counted & (discount_a[matched_a] | common_b[matched_b])
        discounted = int(is_common.sum())
        same_place = _same_place(standard, matched_a, matched_b)
        in_standard = int((counted & ~is_common & same_place).sum()) if same_place is not None else 0
        content = matched - discounted - in_standard
        if matched < MIN_DENSITY * int(content_a[a0:a1].sum()):  # gappy agreement: paraphrase, not a copy
            continue
        two_sentences = _sentence_ends(na.text[a0:a1]) >= 2 and content >= MIN_SENTENCE_CHARS
        if content < MIN_CHARS and not two_sentences:
            continue
        out.append(Copy(pa, pb, (a0, a1), (b0, b1), na.to_source(a0, a1), nb.to_source(b0, b1),
                        matched, content, discounted, in_standard))
    return _drop_contained(out)


def _same_place(standard, matched_a: np.ndarray, matched_b: np.ndarray) -> np.ndarray | None:
    """Matched characters in the opening of both reports, or in the closing of both."""
    if standard is None:
        return None
    (open_a, close_a), (open_b, close_b) = standard
    return (open_a[matched_a] & open_b[matched_b]) | (close_a[matched_a] & close_b[matched_b])


def _span_mask(n: int, spans: list[tuple[int, int]]) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    for start, end in spans:
        mask[start:end] = True
    return mask


def _trim_punctuation(chain: list[tuple[int, int, int]], na: Normalised) -> list[tuple[int, int, int]]:
    """The chain without the punctuation it starts with and the clause mark it ends on."""
    chain = list(chain)
    while chain:
        a, b, size = chain[0]
        skip = 0
        while skip < size and not na.content[a + skip]:
            skip += 1
        if skip < size:
            chain[0] = (a + skip, b + skip, size - skip)
            break
        chain.pop(0)
    while chain:
        a, b, size = chain[-1]
        cut = 0
        while cut < size and not na.content[a + size - 1 - cut] and na.text[a + size - 1 - cut] not in SENTENCE_END:
            cut += 1
        if cut < size:
            chain[-1] = (a, b, size - cut)
            break
        chain.pop()
    return chain


def _drop_contained(copies: list[Copy]) -> list[Copy]:
    """Keep the longest of copies that overlap on both sides."""
    kept: list[Copy] = []
    for c in sorted(copies, key=lambda c: -c.matched):
        if any(_overlap(c.a, k.a) and _overlap(c.b, k.b) for k in kept):
            continue
        kept.append(c)
    return sorted(kept, key=lambda c: c.a)


def _overlap(x: tuple[int, int], y: tuple[int, int]) -> bool:
    return x[0] < y[1] and y[0] < x[1]
