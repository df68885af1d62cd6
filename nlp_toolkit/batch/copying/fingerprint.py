"""Step 1b: each document's passages (windows of sentences) and their MinHash signatures.

Computed once per document, on the worker that analysed it (`pipeline.analyze_file`), and kept
on `doc.fingerprint`; the archive stores the passages (`passage_signatures`).
"""
from __future__ import annotations

import zlib
from bisect import bisect_left
from dataclasses import dataclass

import numpy as np

from nlp_toolkit.batch import lsh
from nlp_toolkit.batch.copying.normalise import Normalised, normalise, problem_key
from nlp_toolkit.model import Document
from nlp_toolkit.structure.chars import INNER_CLAUSE

NUM_PERM = lsh.NUM_PERM
SHINGLE = 5  # characters per shingle
WINDOW_CHARS = 50  # a passage: consecutive sentences up to at least this many normalised characters
MAX_UNIT_CHARS = 120  # longer sentences are cut at clause punctuation into pieces about this long


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
                        if norm.text[j] in INNER_CLAUSE), a + MAX_UNIT_CHARS)
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
        keys = [problem_key(doc, p.start, p.end, norm) for p in doc.problems]
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
