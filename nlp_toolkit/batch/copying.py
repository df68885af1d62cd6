"""Copying across reports: passages one unit took from another, and problem lists many share.

Copying is found passage by passage, not report by report (a 600-character paragraph inside
2,000-character reports scores a whole-report Jaccard near 0.18):

1. **Passages** (`passage_signatures`): each document's sentences, read over the matching view
   and normalised so that a changed unit name or figure does not hide a copy (whitespace and
   punctuation dropped, the unit's own name, ``*县``-style anonymised names and ``***`` masked,
   every run of digits masked, the title and headings left out), are grouped into windows of consecutive sentences of at least
   `WINDOW_CHARS` characters (long sentences are cut at clause punctuation first). Each window
   gets a MinHash signature (datasketch, ``affine32`` scheme, `NUM_PERM` values over character
   `SHINGLE`-grams), kept as bytes so an archive can store it.
2. **Candidates** (`build_index`): an LSH index (datasketch `MinHashLSH`, threshold
   `LSH_THRESHOLD`) over every passage of the batch; each passage queries it, so no pair of
   documents or passages is compared all against all.
3. **Alignment** (`find_copies`): for every candidate pair of passages, difflib's
   SequenceMatcher aligns the two normalised regions (with a margin either side); matching
   blocks of both documents are chained across small gaps (a changed name or figure) into
   maximal shared spans (at least `MIN_DENSITY` of each span agreeing), kept when at least `MIN_CHARS` characters agree (or two whole sentences
   and `MIN_SENTENCE_CHARS`), and mapped back to source offsets.
4. **Discount**: characters inside the fixed-expression lexicon (resources
   ``repeatable_phrases.txt``, ``genre_phrases.txt``, ``copying_common.txt``) or inside a passage
   found in more than `COMMON_SHARE` of the documents (when the batch has at least
   `COMMON_MIN_DOCS`) are common wording, not copying: they do not count toward `MIN_CHARS`, and a
   finding says how many of its characters were discounted.

Public API (the archive reuses it to compare a new submission with earlier ones)::

    passage_signatures(doc) -> list[Passage]          # start/end (source offsets), text, signature (bytes)
    build_index(passages_by_doc) -> CopyIndex         # {path: [Passage, ...]} → LSH index
    find_copies(docs, *, index=None, only_involving=None) -> (findings, pairs)
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
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache

import numpy as np

from nlp_toolkit import resources
from nlp_toolkit.model import Document, Finding

NUM_PERM = 64
SEED = 7
SCHEME = "affine32"
SHINGLE = 5  # characters per shingle
WINDOW_CHARS = 50  # a passage: consecutive sentences up to at least this many normalised characters
MAX_UNIT_CHARS = 120  # longer sentences are cut at clause punctuation into pieces about this long
LSH_THRESHOLD = 0.3
MARGIN = 80  # characters either side of a candidate passage given to the aligner
MIN_BLOCK = 4  # shortest matching block kept from the aligner
MAX_GAP = 8  # a gap this short (a changed name or figure) does not break a shared span
MIN_DENSITY = 0.8  # share of a shared span's characters that must agree exactly
MIN_CHARS = 50  # shortest shared span reported (content characters, after the discount)
MIN_SENTENCE_CHARS = 30  # …or two whole sentences with at least this many
COMMON_SHARE = 0.3  # a passage in more than this share of the documents is common wording
COMMON_MIN_DOCS = 5
PROBLEM_SIMILARITY = 0.8  # SequenceMatcher ratio for two problems to count as the same
PROBLEM_MIN_MATCHED = 3
PROBLEM_MIN_SHARE = 0.75  # of the shorter list
PROBLEM_MIN_CHARS = 8  # shorter problems (a bare heading) are not compared

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
    """The document's matching view with names, people and figures masked, whitespace dropped."""
    view = doc.view
    if view is None:
        from nlp_toolkit.structure.view import build_view

        view = build_view(doc.text)
    vtext = view.text
    n = len(vtext)
    masks: list[tuple[int, int, str]] = []  # view spans replaced by one mask character
    taken = [False] * n
    patterns = [(re.compile("|".join(map(re.escape, v))), UNIT) for v in [unit_variants(doc.unit)] if v]
    patterns += [(_ANON, None), (_DIGIT_RUN, DIGITS)]
    for pattern, mask in patterns:
        for m in pattern.finditer(vtext):
            if m.end() == m.start() or any(taken[m.start():m.end()]):
                continue
            kind = mask or (PERSON if m.group().startswith("***") else UNIT)
            masks.append((m.start(), m.end(), kind))
            taken[m.start():m.end()] = [True] * (m.end() - m.start())
    masks.sort()
    skipped = _skipped(doc)
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    k = 0
    i = 0
    offsets = view.offsets
    while i < n:
        if skipped[offsets[i]]:
            if chars and chars[-1] != BARRIER:
                chars.append(BARRIER)
                starts.append(offsets[i])
                ends.append(offsets[i])
            while k < len(masks) and masks[k][0] <= i:
                k += 1
            i += 1
            continue
        if k < len(masks) and masks[k][0] == i:
            s, e, kind = masks[k]
            k += 1
            chars.append(kind)
            starts.append(offsets[s])
            ends.append(offsets[e - 1] + 1)
            i = e
            continue
        ch = vtext[i]
        if not ch.isspace():
            chars.append(ch)
            starts.append(offsets[i])
            ends.append(offsets[i] + 1)
        i += 1
    text = "".join(chars)
    return Normalised(text, starts, ends, [c not in _PUNCT and c != BARRIER for c in text])


def _skipped(doc: Document) -> list[bool]:
    """Source characters left out of matching: the title and what precedes it, and headings."""
    skipped = [False] * (len(doc.text) + 1)
    if doc.title_span is not None:
        skipped[:doc.title_span.end] = [True] * doc.title_span.end
    for h in doc.headings:
        skipped[h.start:h.end] = [True] * (h.end - h.start)
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

    def minhash(self):
        from datasketch import LeanMinHash

        return LeanMinHash(seed=SEED, hashvalues=np.frombuffer(self.signature, dtype=np.uint32), scheme=SCHEME)


@cache
def _permutations():
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def _identity(value: int) -> int:
    return value


def signature(shingle_hashes: Iterable[int]) -> bytes:
    """MinHash hash values (uint32, as bytes) of a set of 32-bit shingle hashes."""
    from datasketch import MinHash

    mh = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_identity, permutations=_permutations(), scheme=SCHEME)
    mh.update_batch(list(shingle_hashes))
    return mh.hashvalues.astype(np.uint32).tobytes()


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


def _shingle_hashes(norm: Normalised) -> tuple[list[int], list[int]]:
    """Hash of the SHINGLE-gram of content characters starting at each content position."""
    pos = [i for i, c in enumerate(norm.content) if c]
    content = "".join(norm.text[i] for i in pos)
    hashes = [zlib.crc32(content[i:i + SHINGLE].encode("utf-8")) for i in range(len(content) - SHINGLE + 1)]
    return pos, hashes


def passage_signatures(doc: Document, norm: Normalised | None = None) -> list[Passage]:
    """The document's passages (windows of sentences) with their MinHash signatures.

    Args:
        doc: a parsed document (sentences, unit and matching view are read).
        norm: its `normalise(doc)`, when the caller has it already.
    Returns:
        Passages in document order; `start`/`end` are source offsets, `signature` bytes of
        NUM_PERM uint32 values (rebuild with `Passage.minhash()`).
    """
    norm = norm or normalise(doc)
    units = _units(doc, norm)
    pos, hashes = _shingle_hashes(norm)
    passages: list[Passage] = []
    last_end = -1
    for i in range(len(units)):
        a = units[i][0]
        j = i
        while j + 1 < len(units) and units[j][1] - a < WINDOW_CHARS:
            j += 1
        b = units[j][1]
        if b <= last_end:  # contained in the previous window (the tail of the document)
            continue
        last_end = b
        lo, hi = bisect_left(pos, a), bisect_left(pos, b) - SHINGLE + 1
        if hi <= lo:
            continue
        s, e = norm.to_source(a, b)
        passages.append(Passage(doc.path, len(passages), s, e, doc.text[s:e], signature(set(hashes[lo:hi])), a, b))
    return passages


# ── the index ─────────────────────────────────────────────────────────────────────────────────

@dataclass
class CopyIndex:
    """Passages of many documents and an LSH index over their signatures."""

    lsh: object
    passages: dict[str, list[Passage]]
    minhashes: dict[tuple[str, int], object] = field(default_factory=dict)

    @property
    def document_count(self) -> int:
        return len(self.passages)

    def similar(self, passage: Passage) -> list[tuple[str, int]]:
        """Keys (path, index) of passages whose estimated Jaccard reaches the threshold."""
        mh = self.minhashes.get((passage.path, passage.index)) or passage.minhash()
        return [k for k in self.lsh.query(mh) if self.minhashes[k].jaccard(mh) >= LSH_THRESHOLD]


def build_index(passages_by_doc: dict[str, list[Passage]]) -> CopyIndex:
    """An LSH index over the passages of many documents ({path: passages})."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    index = CopyIndex(lsh, dict(passages_by_doc))
    with lsh.insertion_session() as session:
        for path, passages in passages_by_doc.items():
            for p in passages:
                mh = p.minhash()
                index.minhashes[(path, p.index)] = mh
                session.insert((path, p.index), mh, check_duplication=False)
    return index


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


def _blocks(na: Normalised, nb: Normalised, pa: Passage, pb: Passage) -> list[tuple[int, int, int]]:
    a0, a1 = max(0, pa.nstart - MARGIN), min(len(na.text), pa.nend + MARGIN)
    b0, b1 = max(0, pb.nstart - MARGIN), min(len(nb.text), pb.nend + MARGIN)
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
                only_involving: set[str] | None = None,
                discount_common: bool = True) -> tuple[list[Finding], list[dict]]:
    """Passages shared by two reports, as CPY001 findings, and the table of report pairs.

    Args:
        docs: the documents (every document the index refers to must be among them).
        index: a prebuilt `build_index` over their passages (built here when None).
        only_involving: report only pairs with at least one of these paths.
        discount_common: treat passages found in a large share of `docs` as common wording
            (right for a batch; the archive turns it off and judges commonness itself).
    Returns:
        (findings, pairs): one finding per shared span (both directions are one finding, on the
        document whose path sorts first), and `pair_table` rows for the pairs with a copy.
    """
    copies = detect_copies(docs, index=index, only_involving=only_involving, discount_common=discount_common)
    by_path = {d.path: d for d in docs}
    from nlp_toolkit.rules.copying.CPY001 import CPY001

    rule = CPY001()
    totals = _pair_totals(copies, by_path)
    findings = [rule.copy_finding(c, by_path[c.path_a], by_path[c.path_b], totals[(c.path_a, c.path_b)])
                for c in copies]
    return findings, pair_table(findings, docs)


def detect_copies(docs: list[Document], *, index: CopyIndex | None = None,
                  only_involving: set[str] | None = None, discount_common: bool = True) -> list[Copy]:
    """The shared spans themselves (what `find_copies` turns into findings)."""
    by_path = {d.path: d for d in docs}
    norms = {d.path: normalise(d) for d in docs}
    if index is None:
        index = build_index({d.path: passage_signatures(d, norms[d.path]) for d in docs})
    n_docs = index.document_count
    common_limit = COMMON_SHARE * n_docs if discount_common and n_docs >= COMMON_MIN_DOCS else None
    common: dict[str, list[tuple[int, int]]] = defaultdict(list)  # normalised spans of common passages
    candidates: dict[tuple[str, str], set[tuple[int, int]]] = defaultdict(set)
    for path, passages in index.passages.items():
        if path not in by_path:
            continue
        for p in passages:
            similar = index.similar(p)
            if common_limit is not None and len({k[0] for k in similar} | {path}) > common_limit:
                common[path].append((p.nstart, p.nend))
                continue
            for other, j in similar:
                if other == path or other not in by_path or path > other:
                    continue
                if only_involving is not None and path not in only_involving and other not in only_involving:
                    continue
                candidates[(path, other)].add((p.index, j))
    copies: list[Copy] = []
    for (pa, pb), pairs in sorted(candidates.items()):
        copies.extend(_align_pair(pa, pb, pairs, index, norms, common))
    return copies


def _align_pair(pa: str, pb: str, pairs: set[tuple[int, int]], index: CopyIndex,
                norms: dict[str, Normalised], common: dict[str, list[tuple[int, int]]]) -> list[Copy]:
    na, nb = norms[pa], norms[pb]
    blocks: set[tuple[int, int, int]] = set()
    for i, j in sorted(pairs):
        blocks.update(_blocks(na, nb, index.passages[pa][i], index.passages[pb][j]))
    out: list[Copy] = []
    lex_a = lexicon_mask(na.text)
    common_a = [False] * len(na.text)
    for s, e in common.get(pa, []):
        common_a[s:e] = [True] * (e - s)
    common_b = [False] * len(nb.text)
    for s, e in common.get(pb, []):
        common_b[s:e] = [True] * (e - s)
    for chain in _chains(_merge_diagonals(blocks)):
        chain = _trim_punctuation(chain, na)
        if not chain:
            continue
        a0, a1 = chain[0][0], chain[-1][0] + chain[-1][2]
        b0, b1 = chain[0][1], chain[-1][1] + chain[-1][2]
        matched_a = [i for a, _, size in chain for i in range(a, a + size)]
        matched_b = [i for _, b, size in chain for i in range(b, b + size)]
        matched = sum(1 for i in matched_a if na.content[i])
        discounted = sum(1 for ia, ib in zip(matched_a, matched_b)
                         if na.content[ia] and (lex_a[ia] or common_a[ia] or common_b[ib]))
        content = matched - discounted
        span_content = sum(1 for i in range(a0, a1) if na.content[i])
        if matched < MIN_DENSITY * span_content:  # gappy agreement: paraphrase, not a copy
            continue
        two_sentences = _sentence_ends(na.text[a0:a1]) >= 2 and content >= MIN_SENTENCE_CHARS
        if content < MIN_CHARS and not two_sentences:
            continue
        out.append(Copy(pa, pb, (a0, a1), (b0, b1), na.to_source(a0, a1), nb.to_source(b0, b1),
                        matched, content, discounted))
    return _drop_contained(out)


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
    return sum(1 for c in text if not c.isspace())


def _union_chars(text: str, spans: list[tuple[int, int]]) -> int:
    covered = [False] * len(text)
    for s, e in spans:
        covered[s:e] = [True] * (e - s)
    return sum(1 for i, c in enumerate(text) if covered[i] and not c.isspace())


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
    `documents[1]`) and CPY002 (`formulaic_problems`, every pair of its documents).
    """
    by_path = {d.path: d for d in docs}
    spans: dict[tuple[str, str], tuple[list, list]] = defaultdict(lambda: ([], []))
    formulaic: set[tuple[str, str]] = set()
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
            formulaic.update((x, y) for i, x in enumerate(paths) for y in paths[i + 1:])
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
            "formulaic_problems": key in formulaic,
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
    """Pairs of documents whose problem lists are near-identical (LSH over problem bigrams)."""
    from datasketch import MinHash, MinHashLSH

    keys: dict[str, list[str]] = {}
    for d in docs:
        if len(d.problems) < PROBLEM_MIN_MATCHED:
            continue
        norm = normalise(d)
        keys[d.path] = [_problem_key(d, p.start, p.end, norm) for p in d.problems]
    lsh = MinHashLSH(threshold=0.5, num_perm=NUM_PERM)
    minhashes = {}
    with lsh.insertion_session() as session:
        for path, texts in keys.items():
            for i, t in enumerate(texts):
                if len(t) < PROBLEM_MIN_CHARS:
                    continue
                mh = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_identity, permutations=_permutations(),
                             scheme=SCHEME)
                mh.update_batch([zlib.crc32(g.encode("utf-8")) for g in _bigrams(t)])
                minhashes[(path, i)] = mh
                session.insert((path, i), mh, check_duplication=False)
    pairs: dict[tuple[str, str], set[tuple[int, int]]] = defaultdict(set)
    for (path, i), mh in minhashes.items():
        for other, j in lsh.query(mh):
            if other <= path:
                continue
            ratio = SequenceMatcher(None, keys[path][i], keys[other][j], autojunk=False).ratio()
            if ratio >= PROBLEM_SIMILARITY:
                pairs[(path, other)].add((i, j))
    out = []
    for (pa, pb), matches in sorted(pairs.items()):
        used_a, used_b, chosen = set(), set(), []
        for i, j in sorted(matches):
            if i not in used_a and j not in used_b:
                used_a.add(i), used_b.add(j), chosen.append((i, j))
        shorter = min(len(keys[pa]), len(keys[pb]))
        if len(chosen) >= PROBLEM_MIN_MATCHED and len(chosen) / shorter >= PROBLEM_MIN_SHARE:
            out.append(ProblemMatch(pa, pb, chosen, len(chosen) / shorter))
    return out


def problem_groups(docs: list[Document]) -> list[tuple[list[str], dict[str, set[int]]]]:
    """Groups of documents linked by near-identical problem lists, with each one's matched problems."""
    matches = match_problem_lists(docs)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
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
