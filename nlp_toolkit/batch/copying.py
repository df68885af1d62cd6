"""Copying across reports: passages one unit took from another, and problem lists many share.

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
3. **Alignment** (`find_copies`): for every candidate pair of passages, difflib's
   SequenceMatcher aligns the two normalised regions (with a margin either side); matching
   blocks of both documents are chained across small gaps (a changed name or figure) into
   maximal shared spans (at least `MIN_DENSITY` of each span agreeing), kept when at least
   `MIN_CHARS` characters agree (or two whole sentences and `MIN_SENTENCE_CHARS`), and mapped
   back to source offsets.
4. **Discount**: characters inside the fixed-expression lexicon (resources
   ``repeatable_phrases.txt``, ``genre_phrases.txt``, ``copying_common.txt``) or inside a passage
   found in more than `COMMON_SHARE` of the documents or more than `COMMON_MAX_DOCS` of them
   (when the batch has at least `COMMON_MIN_DOCS`) are common wording, not copying: they do not
   count toward `MIN_CHARS`, and a finding says how many of its characters were discounted. A
   band key held by more documents than that marks its passages common at once, so a text that
   thousands of reports share costs no pairs.

Public API (the archive reuses it to compare a new submission with earlier ones)::

    fingerprint(doc) -> Fingerprint                   # passage spans, signatures, problem keys (kept on doc)
    passage_signatures(doc) -> list[Passage]          # start/end (source offsets), text, signature (bytes)
    index_documents(docs) / build_index(passages_by_doc) -> CopyIndex
    find_copies(docs, *, index=None, only_involving=None, candidates=None) -> (findings, pairs)
    find_formulaic_problems(docs) -> list[Finding]    # near-identical problem lists (CPY002)
    pair_table(findings, docs) -> list[dict]          # the report-pair similarity table

`find_copies` needs every document the index refers to among `docs` (alignment reads their
text); a document of `docs` missing from a given index is not compared. With `only_involving`, only pairs with at least one document of that set are aligned and
reported (e.g. the new submissions against an archive). Findings are CPY001's: kind
``copied_passage``, `documents` the two paths, the span in the first document and `related` the
span in the other (with its ``path``). `pairs` rows: path_a, path_b, unit_a, unit_b,
shared_chars (characters of a in shared passages), shared_chars_b, share_a, share_b,
copied_passages, formulaic_problems.
"""
from __future__ import annotations

import re
import zlib
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, cached_property, lru_cache

import numpy as np

from nlp_toolkit import resources
from nlp_toolkit.batch import lsh
from nlp_toolkit.model import Document, Finding

NUM_PERM = lsh.NUM_PERM
SHINGLE = 5  # characters per shingle
WINDOW_CHARS = 50  # a passage: consecutive sentences up to at least this many normalised characters
MAX_UNIT_CHARS = 120  # longer sentences are cut at clause punctuation into pieces about this long
LSH_THRESHOLD = lsh.THRESHOLD
MARGIN = 80  # characters either side of a candidate passage given to the aligner
MIN_BLOCK = 4  # shortest matching block kept from the aligner
MAX_GAP = 8  # a gap this short (a changed name or figure) does not break a shared span
MIN_DENSITY = 0.8  # share of a shared span's characters that must agree exactly
MIN_CHARS = 50  # shortest shared span reported (content characters, after the discount)
MIN_SENTENCE_CHARS = 30  # …or two whole sentences with at least this many
COMMON_SHARE = 0.3  # a passage in more than this share of the documents is common wording
COMMON_MIN_DOCS = 5
COMMON_MAX_DOCS = 20  # …or in more than this many, however large the batch
PROBLEM_SIMILARITY = 0.8  # SequenceMatcher ratio for two problems to count as the same
PROBLEM_LSH_THRESHOLD = 0.5  # estimated Jaccard of their bigrams for two problems to be compared
PROBLEM_MIN_MATCHED = 3
PROBLEM_MIN_SHARE = 0.75  # of the shorter list
PROBLEM_MIN_CHARS = 8  # shorter problems (a bare heading) are not compared
PAIRS_GROUP_MAX = 12  # CPY002 groups up to this size get a row per pair in the pairs table

LEXICONS = ("repeatable_phrases.txt", "genre_phrases.txt", "copying_common.txt")
UNIT = "Ⓤ"  # a masked unit name
PERSON = "Ⓟ"  # a masked person (***)
DIGITS = "#"  # a masked run of digits
BARRIER = "\x00"  # stands for a left-out title or heading
_PUNCT = set("，,。.；;：:、！!？?（）()“”‘’\"'《》〈〉【】[]—-…·/／～~|")
_SENTENCE_END = set("。！？；!?;")
_CLAUSE = set("，；、,;：:")
_ANON = re.compile(r"\*{3,}|\*[县市区镇乡州省村]?")
_DIGIT_RUN = re.compile(r"[0-9][0-9.,%‰]*")
_SPACE = np.zeros(0x110000, dtype=bool)  # by code point: str.isspace()
_SPACE[[c for c in range(0x3001) if chr(c).isspace()]] = True
_NOT_CONTENT = np.zeros(0x110000, dtype=bool)  # by code point: punctuation or BARRIER
_NOT_CONTENT[[ord(c) for c in _PUNCT | {BARRIER}]] = True


# ── normalisation ─────────────────────────────────────────────────────────────────────────────

@dataclass
class Normalised:
    """A document's text for matching: `text[i]` came from source `src_start[i]:src_end[i]`."""

    text: str
    src_start: list[int]
    src_end: list[int]
    content: list[bool]  # not punctuation (shingles are taken over content characters only)

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        return self.src_start[start], self.src_end[end - 1]

    def from_source(self, pos: int) -> int:
        return bisect_left(self.src_start, pos)


def unit_variants(unit: str | None) -> list[str]:
    """Ways a report names its own unit: the full name, without 中共 or the place, its core."""
    if not unit:
        return []
    organs = sorted((resources.data("units.yml") or {}).get("organs", []), key=len, reverse=True)
    out = {unit}
    stem = unit.removeprefix("中共")
    out.add(stem)
    bare = re.sub(r"^\*+[县市区镇乡州省]?", "", stem)
    out.add(bare)
    for name in list(out):
        for organ in organs:
            if name.endswith(organ) and len(name) - len(organ) >= 2:
                out.add(name[: -len(organ)])
                break
    return sorted((v for v in out if len(v) >= 2 and v.strip("*")), key=len, reverse=True)


def normalise(doc: Document) -> Normalised:
    """The document's matching view with names, people and figures masked, whitespace dropped.

    Titles and headings are left out; each run of them becomes one BARRIER (after some text).
    Computed over arrays of the view's code points, not character by character.
    """
    view = doc.view
    if view is None:
        from nlp_toolkit.structure.view import build_view

        view = build_view(doc.text)
    vtext = view.text
    n = len(vtext)
    if not n:
        return Normalised("", [], [], [])
    codes = np.frombuffer(vtext.encode("utf-32-le"), dtype=np.uint32)
    offsets = np.asarray(view.offsets[:n], dtype=np.int64)
    skipped = _skipped(doc)[offsets]
    covered = np.zeros(n, dtype=bool)
    applied = [(s, e, kind) for s, e, kind in _masks(doc, vtext) if not skipped[s]]  # else dropped with the heading
    for start, end, _ in applied:
        covered[start:end] = True
    event = np.where(skipped & ~covered, 2, np.where(covered | _SPACE[codes], 0, 1))
    mask_starts = np.asarray([m[0] for m in applied], dtype=np.int64)
    event[mask_starts] = 1
    at = np.flatnonzero(event)
    kinds = event[at]
    at = at[(kinds == 1) | np.r_[False, kinds[:-1] == 1]]  # one barrier per run of left-out text, after text
    is_barrier = event[at] == 2
    out = codes[at].copy()
    out[is_barrier] = ord(BARRIER)
    starts = offsets[at]
    ends = np.where(is_barrier, starts, starts + 1)
    if applied:
        k = np.searchsorted(at, mask_starts)
        out[k] = [ord(kind) for _, _, kind in applied]
        ends[k] = offsets[[e - 1 for _, e, _ in applied]] + 1
    text = out.tobytes().decode("utf-32-le")
    return Normalised(text, starts.tolist(), ends.tolist(), (~_NOT_CONTENT[out]).tolist())


def _masks(doc: Document, vtext: str) -> list[tuple[int, int, str]]:
    """View spans replaced by one mask character: the unit's own names, anonymised names, digits."""
    masks: list[tuple[int, int, str]] = []
    taken = [False] * len(vtext)
    patterns = [(_unit_pattern(doc.unit), UNIT)] if unit_variants(doc.unit) else []
    patterns += [(_ANON, None), (_DIGIT_RUN, DIGITS)]
    for pattern, mask in patterns:
        for m in pattern.finditer(vtext):
            if m.end() == m.start() or True in taken[m.start():m.end()]:
                continue
            kind = mask or (PERSON if m.group().startswith("***") else UNIT)
            masks.append((m.start(), m.end(), kind))
            taken[m.start():m.end()] = [True] * (m.end() - m.start())
    return masks


@lru_cache(maxsize=4096)
def _unit_pattern(unit: str) -> re.Pattern:
    return re.compile("|".join(map(re.escape, unit_variants(unit))))


def _skipped(doc: Document) -> np.ndarray:
    """Source characters left out of matching: the title and what precedes it, and headings."""
    skipped = np.zeros(len(doc.text) + 1, dtype=bool)
    if doc.title_span is not None:
        skipped[:doc.title_span.end] = True
    for h in doc.headings:
        skipped[h.start:h.end] = True
    return skipped


# ── passages and signatures ───────────────────────────────────────────────────────────────────

@dataclass
class Passage:
    """A window of sentences: source span, its text, and its MinHash signature (bytes)."""

    path: str
    index: int
    start: int  # source offsets into the document text
    end: int
    text: str
    signature: bytes
    nstart: int = 0  # the same span in the normalised text
    nend: int = 0


def _units(doc: Document, norm: Normalised) -> list[tuple[int, int]]:
    """Normalised spans of the sentences, long ones cut at clause punctuation."""
    out: list[tuple[int, int]] = []
    spans = [(s.start, s.end) for s in doc.sentences] or [(0, len(doc.text))]
    for start, end in spans:
        a, b = norm.from_source(start), norm.from_source(end)
        while b - a > MAX_UNIT_CHARS:
            cut = next((j + 1 for j in range(a + MAX_UNIT_CHARS * 2 // 3, min(b, a + MAX_UNIT_CHARS * 3 // 2))
                        if norm.text[j] in _CLAUSE), a + MAX_UNIT_CHARS)
            if b - cut < MAX_UNIT_CHARS // 3:
                break
            out.append((a, cut))
            a = cut
        if b > a:
            out.append((a, b))
    return out


def shingle_hashes(content: str) -> np.ndarray:
    """Hash of the SHINGLE-gram starting at each position of `content` (the MinHash input)."""
    hashes = [zlib.crc32(content[i:i + SHINGLE].encode("utf-8")) for i in range(len(content) - SHINGLE + 1)]
    return np.asarray(hashes, dtype=np.uint32)


def _shingle_hashes(norm: Normalised) -> tuple[list[int], np.ndarray]:
    """Hash of the SHINGLE-gram of content characters starting at each content position."""
    pos = [i for i, c in enumerate(norm.content) if c]
    return pos, shingle_hashes("".join(norm.text[i] for i in pos))


@dataclass
class Fingerprint:
    """What the cross-report rules need of one document, computed once where it was analysed.

    `spans[i]` = (start, end, nstart, nend) of passage i (source and normalised offsets),
    `signatures[i]` its MinHash values, `problem_keys` the normalised text of each problem.
    """

    spans: np.ndarray  # [n, 4] int64
    signatures: np.ndarray  # [n, NUM_PERM] uint32
    problem_keys: list[str]


def fingerprint(doc: Document) -> Fingerprint:
    """The document's `Fingerprint`, computed the first time and kept on `doc.fingerprint`."""
    if doc.fingerprint is None:
        norm = normalise(doc)
        windows = _windows(doc, norm)
        pos, hashes = _shingle_hashes(norm)
        ranges = [(bisect_left(pos, a), bisect_left(pos, b) - SHINGLE + 1) for a, b in windows]
        kept = [(w, r) for w, r in zip(windows, ranges) if r[1] > r[0]]
        spans = np.asarray([(*norm.to_source(a, b), a, b) for (a, b), _ in kept], dtype=np.int64).reshape(-1, 4)
        keys = [_problem_key(doc, p.start, p.end, norm) for p in doc.problems]
        doc.fingerprint = Fingerprint(spans, lsh.signatures(hashes, [r for _, r in kept]), keys)
    return doc.fingerprint


def _windows(doc: Document, norm: Normalised) -> list[tuple[int, int]]:
    """Normalised spans of consecutive sentences reaching WINDOW_CHARS, one starting at each unit."""
    units = _units(doc, norm)
    windows: list[tuple[int, int]] = []
    j = 0
    for i in range(len(units)):
        a = units[i][0]
        j = max(j, i)
        while j + 1 < len(units) and units[j][1] - a < WINDOW_CHARS:
            j += 1
        b = units[j][1]
        if windows and b <= windows[-1][1]:  # contained in the previous window (the tail of the document)
            continue
        windows.append((a, b))
    return windows


def passage_signatures(doc: Document) -> list[Passage]:
    """The document's passages (windows of sentences) with their MinHash signatures.

    Args:
        doc: a parsed document (sentences, unit and matching view are read).
    Returns:
        Passages in document order; `start`/`end` are source offsets, `signature` bytes of
        NUM_PERM uint32 values (datasketch's MinHash hash values).
    """
    fp = fingerprint(doc)
    return [Passage(doc.path, k, s, e, doc.text[s:e], sig.tobytes(), a, b)
            for k, ((s, e, a, b), sig) in enumerate(zip(fp.spans.tolist(), fp.signatures))]


# ── the index ─────────────────────────────────────────────────────────────────────────────────

@dataclass
class CopyIndex:
    """Passages of many documents: their spans, signatures as one matrix, and LSH band keys.

    Row `i` of `signatures`/`keys` is passage `refs[i]` = (path, index) of document `owners[i]`
    (a position in `paths`); `spans[path][index]` = (start, end, nstart, nend).
    """

    paths: list[str]
    spans: dict[str, np.ndarray]
    refs: list[tuple[str, int]]
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
            pairs, common = lsh.bucket_pairs(*self.band_rows(), limit)
        else:
            pairs, common = bucket_search(limit)
        return lsh.similar_pairs(pairs, self.signatures, self.owners, limit, common)


def _index(spans: dict[str, np.ndarray], sigs: list[np.ndarray]) -> CopyIndex:
    paths = list(spans)
    refs = [(path, i) for path in paths for i in range(len(spans[path]))]
    owners = np.repeat(np.arange(len(paths), dtype=np.int64), [len(spans[p]) for p in paths])
    matrix = np.vstack(sigs) if sigs else np.empty((0, NUM_PERM), dtype=np.uint32)
    return CopyIndex(paths, spans, refs, owners, matrix)


def index_documents(docs: list[Document]) -> CopyIndex:
    """The candidate search over the passages of `docs` (their fingerprints)."""
    prints = [fingerprint(d) for d in docs]
    return _index({d.path: fp.spans for d, fp in zip(docs, prints)}, [fp.signatures for fp in prints])


def build_index(passages_by_doc: dict[str, list[Passage]]) -> CopyIndex:
    """The candidate search over stored passages of many documents ({path: passages})."""
    spans = {path: np.asarray([(p.start, p.end, p.nstart, p.nend) for p in ps], dtype=np.int64).reshape(-1, 4)
             for path, ps in passages_by_doc.items()}
    sigs = [np.frombuffer(b"".join(p.signature for p in ps), dtype=np.uint32).reshape(-1, NUM_PERM)
            for ps in passages_by_doc.values()]
    return _index(spans, sigs)


@dataclass
class Candidates:
    """A finished candidate search over `index`: similar pairs of rows and a mask of common rows.

    The Dask engine computes one with a shuffle on band keys and hands it to the batch rules
    (`Batch.copy_candidates`); `limit` is the commonness limit it was searched with.
    """

    index: CopyIndex
    pairs: np.ndarray
    common: np.ndarray
    limit: float | None

    def fits(self, docs: list[Document], limit: float | None) -> bool:
        return self.limit == limit and self.index.paths == [d.path for d in docs]


# ── the fixed-expression lexicon ──────────────────────────────────────────────────────────────

@cache
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

@dataclass
class Copy:
    """A span shared by two documents, in normalised and source coordinates."""

    path_a: str
    path_b: str
    na: tuple[int, int]
    nb: tuple[int, int]
    a: tuple[int, int]  # source span in document a
    b: tuple[int, int]
    matched: int  # normalised characters that agree
    content: int  # …of which not common wording
    common: int  # …discounted: in the lexicon or in passages many documents share


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
    return sum(1 for c in text if c in _SENTENCE_END)


def find_copies(docs: list[Document], *, index: CopyIndex | None = None,
                only_involving: set[str] | None = None, discount_common: bool = True,
                candidates: Candidates | None = None) -> tuple[list[Finding], list[dict]]:
    """Passages shared by two reports, as CPY001 findings, and the table of report pairs.

    Args:
        docs: the documents (every document the index refers to must be among them).
        index: a prebuilt `build_index` over their passages (built here when None).
        only_involving: report only pairs with at least one of these paths.
        discount_common: treat passages found in a large share of `docs` as common wording
            (right for a batch; the archive turns it off and judges commonness itself).
        candidates: a finished `search` over `docs` (the Dask engine's shuffle), if any.
    Returns:
        (findings, pairs): one finding per shared span (both directions are one finding, on the
        document whose path sorts first), and `pair_table` rows for the pairs with a copy.
    """
    copies = detect_copies(docs, index=index, only_involving=only_involving, discount_common=discount_common,
                           candidates=candidates)
    by_path = {d.path: d for d in docs}
    from nlp_toolkit.rules.copying.CPY001 import CPY001

    rule = CPY001()
    totals = _pair_totals(copies, by_path)
    findings = [rule.copy_finding(c, by_path[c.path_a], by_path[c.path_b], totals[(c.path_a, c.path_b)])
                for c in copies]
    return findings, pair_table(findings, docs)


def common_limit(n_docs: int) -> float | None:
    """Documents a passage may be found in before it is common wording rather than copying."""
    if n_docs < COMMON_MIN_DOCS:
        return None
    return min(COMMON_SHARE * n_docs, COMMON_MAX_DOCS)


def detect_copies(docs: list[Document], *, index: CopyIndex | None = None,
                  only_involving: set[str] | None = None, discount_common: bool = True,
                  candidates: Candidates | None = None) -> list[Copy]:
    """The shared spans themselves (what `find_copies` turns into findings).

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
    norms: dict[str, Normalised] = {}
    copies: list[Copy] = []
    for (pa, pb), passage_pairs in sorted(to_align.items()):
        for path in (pa, pb):
            if path not in norms:
                norms[path] = normalise(by_path[path])
        copies.extend(_align_pair(pa, pb, passage_pairs, index, norms, common))
    return copies


def _align_pair(pa: str, pb: str, pairs: set[tuple[int, int]], index: CopyIndex,
                norms: dict[str, Normalised], common: dict[str, list[tuple[int, int]]]) -> list[Copy]:
    na, nb = norms[pa], norms[pb]
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
        discounted = int((counted & (discount_a[matched_a] | common_b[matched_b])).sum())
        content = matched - discounted
        if matched < MIN_DENSITY * int(content_a[a0:a1].sum()):  # gappy agreement: paraphrase, not a copy
            continue
        two_sentences = _sentence_ends(na.text[a0:a1]) >= 2 and content >= MIN_SENTENCE_CHARS
        if content < MIN_CHARS and not two_sentences:
            continue
        out.append(Copy(pa, pb, (a0, a1), (b0, b1), na.to_source(a0, a1), nb.to_source(b0, b1),
                        matched, content, discounted))
    return _drop_contained(out)


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
        while cut < size and not na.content[a + size - 1 - cut] and na.text[a + size - 1 - cut] not in _SENTENCE_END:
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


def _nonspace(text: str) -> int:
    return len(text) - sum(map(str.isspace, text))


def _union_chars(text: str, spans: list[tuple[int, int]]) -> int:
    """Non-space characters of `text` inside any of `spans`."""
    covered = sorted(spans)
    total, reach = 0, 0
    for start, end in covered:
        start = max(start, reach)
        if end > start:
            total += _nonspace(text[start:end])
            reach = end
    return total


def _pair_totals(copies: list[Copy], by_path: dict[str, Document]) -> dict[tuple[str, str], tuple[float, float]]:
    spans: dict[tuple[str, str], tuple[list, list]] = defaultdict(lambda: ([], []))
    for c in copies:
        spans[(c.path_a, c.path_b)][0].append(c.a)
        spans[(c.path_a, c.path_b)][1].append(c.b)
    out = {}
    for (pa, pb), (sa, sb) in spans.items():
        ta, tb = by_path[pa].text, by_path[pb].text
        out[(pa, pb)] = (_union_chars(ta, sa) / max(1, _nonspace(ta)), _union_chars(tb, sb) / max(1, _nonspace(tb)))
    return out


# ── the pairs table ───────────────────────────────────────────────────────────────────────────

def pair_table(findings: Iterable[Finding], docs: list[Document]) -> list[dict]:
    """Report pairs with something in common: shared characters and shares, from the findings.

    Reads CPY001 (`copied_passage`, the span in `documents[0]`, `related[0]` in
    `documents[1]`) and CPY002 (`formulaic_problems`, every pair of its documents when the group
    has at most `PAIRS_GROUP_MAX` of them: the table would otherwise grow with the square of a
    list thousands of reports share).
    """
    by_path = {d.path: d for d in docs}
    spans: dict[tuple[str, str], tuple[list, list]] = defaultdict(lambda: ([], []))
    formulaic: set[tuple[str, str]] = set()
    grouped: dict[str, int] = {}  # path → its large CPY002 group
    for f in findings:
        if f.kind == "copied_passage" and len(f.documents) == 2 and f.related:
            key = tuple(sorted(f.documents))
            rel = f.related[0]
            mine, other = (f.start, f.end), (rel["start"], rel["end"])
            if f.documents[0] != key[0]:
                mine, other = other, mine
            spans[key][0].append(mine)
            spans[key][1].append(other)
        elif f.kind == "formulaic_problems":
            paths = sorted(set(f.documents))
            if len(paths) <= PAIRS_GROUP_MAX:
                formulaic.update((x, y) for i, x in enumerate(paths) for y in paths[i + 1:])
            else:  # a large group is its CPY002 finding; its pairs only mark rows copies made
                grouped.update({path: id(f) for path in paths})
    rows = []
    for key in sorted(set(spans) | formulaic):
        pa, pb = key
        da, db = by_path.get(pa), by_path.get(pb)
        if da is None or db is None:
            continue
        sa, sb = spans.get(key, ([], []))
        ca, cb = _union_chars(da.text, sa), _union_chars(db.text, sb)
        rows.append({
            "path_a": pa, "path_b": pb, "unit_a": da.unit, "unit_b": db.unit,
            "shared_chars": ca, "shared_chars_b": cb,
            "share_a": round(ca / max(1, _nonspace(da.text)), 4),
            "share_b": round(cb / max(1, _nonspace(db.text)), 4),
            "copied_passages": len(sa),
            "formulaic_problems": key in formulaic or grouped.get(pa, -1) == grouped.get(pb, -2),
        })
    return sorted(rows, key=lambda r: (-max(r["share_a"], r["share_b"]), r["path_a"], r["path_b"]))


# ── formulaic problem lists ───────────────────────────────────────────────────────────────────

def _problem_key(doc: Document, start: int, end: int, norm: Normalised) -> str:
    a, b = norm.from_source(start), norm.from_source(end)
    return "".join(c for c, keep in zip(norm.text[a:b], norm.content[a:b]) if keep)


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


@dataclass
class ProblemMatch:
    path_a: str
    path_b: str
    matched: list[tuple[int, int]]  # (problem index in a, in b)
    share: float  # matched / the shorter list


def match_problem_lists(docs: list[Document]) -> list[ProblemMatch]:
    """Pairs of documents whose problem lists are near-identical (LSH over problem bigrams).

    Documents whose normalised lists are identical form one class: each member is matched to
    the first on every problem, and only one member per class is compared with the others, so a
    list repeated in thousands of reports costs as much as one.
    """
    keys = {d.path: fingerprint(d).problem_keys for d in docs if len(d.problems) >= PROBLEM_MIN_MATCHED}
    classes: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for path, texts in keys.items():
        classes[tuple(texts)].append(path)
    out = []
    for texts, members in classes.items():
        same = [(i, i) for i, t in enumerate(texts) if len(t) >= PROBLEM_MIN_CHARS]
        out += [m for other in members[1:] if (m := _list_match(members[0], other, same, len(texts)))]
    firsts = [members[0] for members in classes.values()]
    for (pa, pb), matches in sorted(_similar_problems(firsts, keys).items()):
        used_a, used_b, chosen = set(), set(), []
        for i, j in sorted(matches):
            if i not in used_a and j not in used_b:
                used_a.add(i), used_b.add(j), chosen.append((i, j))
        if m := _list_match(pa, pb, chosen, min(len(keys[pa]), len(keys[pb]))):
            out.append(m)
    return sorted(out, key=lambda m: (m.path_a, m.path_b))


def _list_match(pa: str, pb: str, chosen: list[tuple[int, int]], shorter: int) -> ProblemMatch | None:
    if len(chosen) >= PROBLEM_MIN_MATCHED and len(chosen) / shorter >= PROBLEM_MIN_SHARE:
        return ProblemMatch(pa, pb, chosen, len(chosen) / shorter)
    return None


def _similar_problems(paths: list[str], keys: dict[str, list[str]]) -> dict[tuple[str, str], set[tuple[int, int]]]:
    """(i, j) problems of two documents (path order) whose texts are alike, by LSH then SequenceMatcher."""
    items = [(k, i) for k, path in enumerate(paths) for i, t in enumerate(keys[path]) if len(t) >= PROBLEM_MIN_CHARS]
    if not items:
        return {}
    sigs = _text_signatures([keys[paths[k]][i] for k, i in items])
    band = lsh.band_keys(sigs, PROBLEM_LSH_THRESHOLD)
    rows = np.repeat(np.arange(len(items)), band.shape[1])
    owners = np.asarray([k for k, _ in items], dtype=np.int64)
    candidates, _ = lsh.bucket_pairs(band.ravel(), rows, owners[rows], max_bucket=None)
    pairs: dict[tuple[str, str], set[tuple[int, int]]] = defaultdict(set)
    for x, y in candidates.tolist():
        (ka, i), (kb, j) = items[x], items[y]
        (pa, i), (pb, j) = sorted(((paths[ka], i), (paths[kb], j)))
        if SequenceMatcher(None, keys[pa][i], keys[pb][j], autojunk=False).ratio() >= PROBLEM_SIMILARITY:
            pairs[(pa, pb)].add((i, j))
    return pairs


def _text_signatures(texts: list[str]) -> np.ndarray:
    """MinHash signature of each text's character bigrams, all computed at once."""
    grams = [sorted(_bigrams(t)) for t in texts]
    hashes = np.asarray([zlib.crc32(g.encode("utf-8")) for gs in grams for g in gs], dtype=np.uint32)
    ends = np.cumsum([len(gs) for gs in grams])
    return lsh.signatures(hashes, list(zip((ends - [len(gs) for gs in grams]).tolist(), ends.tolist())))


def problem_groups(docs: list[Document]) -> list[tuple[list[str], dict[str, set[int]]]]:
    """Groups of documents linked by near-identical problem lists, with each one's matched problems."""
    matches = match_problem_lists(docs)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = x = parent[parent[x]]  # path halving
        return x

    matched: dict[str, set[int]] = defaultdict(set)
    for m in matches:
        parent[find(m.path_a)] = find(m.path_b)
        for i, j in m.matched:
            matched[m.path_a].add(i)
            matched[m.path_b].add(j)
    groups: dict[str, list[str]] = defaultdict(list)
    for path in matched:
        groups[find(path)].append(path)
    return [(sorted(paths), {p: matched[p] for p in paths}) for paths in
            sorted(groups.values(), key=lambda g: sorted(g)[0])]


def find_formulaic_problems(docs: list[Document]) -> list[Finding]:
    """CPY002 findings: one per group of reports whose problem lists are near-identical."""
    from nlp_toolkit.rules.copying.CPY002 import CPY002

    by_path = {d.path: d for d in docs}
    rule = CPY002()
    return [rule.group_finding([by_path[p] for p in paths], matched) for paths, matched in problem_groups(docs)]


__all__ = ["Copy", "CopyIndex", "Normalised", "Passage", "build_index", "detect_copies", "find_copies",
           "find_formulaic_problems", "lexicon_mask", "match_problem_lists", "normalise", "pair_table",
           "passage_signatures", "problem_groups", "unit_variants"]
