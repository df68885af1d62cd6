"""One report sent as several files: the files of a batch that are the same submission.

A unit often sends the same report as TXT and PDF, or DOCX and a GBK text, or sends it again
with a few corrections. Such files are one submission, not a report copying from itself:

1. **Exact key**: the copy detector's normalised text (`copying.normalise`: whitespace and
   punctuation dropped, names, people and figures masked, title and headings left out), its
   content characters hashed. Files of the same unit with the same hash are one submission —
   a dictionary lookup, no pairs compared.
2. **Near duplicates**: the remaining groups of one unit are compared by a MinHash of the
   whole normalised text (`lsh.signatures` over its `SHINGLE`-grams); an estimated Jaccard
   similarity of at least `NEAR_DUPLICATE` joins them. Only groups of the same unit are
   compared, so the cost is a handful of signature comparisons per unit.

The primary file of a submission is the first TXT or DOCX file in input order (else the first
file); the others are its versions. Cross-report rules compare primaries only
(`Batch.primaries`), so no CPY001/CPY002 finding is ever made between versions of one report.

One submission is analysed and counted once: a version keeps its text and structure (title,
sections, pages: what lists it and shows it) but gives up its facts (`as_version`: metrics,
problems, commitments, statements, records, plug-in facts), so no count, sheet, frame or chart
counts a report twice. Its findings that its primary has too are dropped (`fold_findings`); one
only a version has (its own wording, a page the primary lacks) stays on it, saying so, and is
listed with the version, not counted.

Why the versions are still extracted: a file is known to be a version only once every file of
the batch is read and structured, while the engines hand each file back fully analysed as soon
as it is done (JSON Lines writes it then, the Dask engine fingerprints it on its worker, the
time limit is per file); and a version's own findings need its extraction and rules.

    group_submissions(docs) -> list[Submission]      # only reports with more than one file;
                                                     # sets doc.versions / doc.version_of /
                                                     # doc.version_reason, folds the versions'
                                                     # findings, drops their facts
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nlp_toolkit.model import Document, Finding, Submission

if TYPE_CHECKING:  # numpy and the copy detector are imported when two files are compared
    import numpy as np

NEAR_DUPLICATE = 0.8  # estimated Jaccard of two files' whole normalised texts to be one report
MIN_CHARS = 200  # shorter texts are only grouped when identical
PREFERRED_FORMATS = ("txt", "docx")  # a primary is taken from these first


def content_text(doc: Document) -> str:
    """The document's normalised content characters (no punctuation, no barriers)."""
    from nlp_toolkit.batch.copying import BARRIER, normalise

    norm = normalise(doc)
    return "".join(c for c, keep in zip(norm.text, norm.content) if keep and c != BARRIER)


@dataclass(frozen=True)
class ContentKey:
    """What grouping reads of a document's normalised content: its hash and its length."""

    digest: str  # sha1 of `content_text` ("" for an empty one)
    length: int


def content_key(doc: Document) -> ContentKey:
    """The document's `ContentKey` (the one `remember_content_key` kept, else computed now)."""
    kept = vars(doc).get("_content_key")
    if kept is not None:
        return kept
    text = content_text(doc)
    return ContentKey(hashlib.sha1(text.encode("utf-8")).hexdigest() if text else "", len(text))


def remember_content_key(doc: Document) -> ContentKey:
    """Compute the key now and keep it on `doc` (a document about to be spilled: grouping then
    reads no text of it)."""
    doc._content_key = content_key(doc)
    return doc._content_key


def _signature(text: str) -> np.ndarray:
    from nlp_toolkit.batch import lsh
    from nlp_toolkit.batch.copying import shingle_hashes

    hashes = shingle_hashes(text)
    return lsh.signatures(hashes, [(0, len(hashes))])[0]


def first_same_report(doc: Document, texts: list[str]) -> int | None:
    """The index of the first of `texts` (archived reports') that is the same report as `doc`:
    the same normalised content, or near duplicates by the measure that groups the files of a
    batch; None when none is. `doc` is normalised once, however many texts are compared."""
    from nlp_toolkit.readers import read_text
    from nlp_toolkit.structure import parse

    mine = content_text(doc)
    if not mine:
        return None
    signature = None
    for i, text in enumerate(texts):
        theirs = content_text(parse(read_text(text, path="")))
        if theirs == mine:
            return i
        if not theirs or min(len(mine), len(theirs)) < MIN_CHARS:
            continue
        signature = _signature(mine) if signature is None else signature
        if _near_duplicates(signature, _signature(theirs)):
            return i
    return None


def _near_duplicates(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two texts' MinHash signatures estimate a Jaccard similarity of `NEAR_DUPLICATE` or more."""
    import numpy as np

    return float(np.mean(a == b)) >= NEAR_DUPLICATE


def _exact_groups(docs: list[Document], keys: list[ContentKey]) -> dict[str, list[list[int]]]:
    """Indices of documents by unit, then by the hash of their normalised text (input order kept)."""
    by_unit: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for i, (doc, key) in enumerate(zip(docs, keys)):
        if not key.length:
            continue
        by_unit[doc.unit or ""].setdefault(key.digest, []).append(i)
    return {unit: list(groups.values()) for unit, groups in by_unit.items()}


def _join_near(groups: list[list[int]], docs: list[Document], keys: list[ContentKey]) -> list[list[int]]:
    """Groups of one unit whose texts are near duplicates, joined (greedily, first group first).

    The texts are normalised again here, for these groups only: the batch keeps no text per file."""
    long = [g for g in groups if keys[g[0]].length >= MIN_CHARS]
    if len(long) < 2:
        return groups
    sigs = {id(g): _signature(content_text(docs[g[0]])) for g in long}
    out: list[list[int]] = []
    for group in groups:
        home = None
        if id(group) in sigs:
            home = next((o for o in out if id(o) in sigs and _near_duplicates(sigs[id(o)], sigs[id(group)])),
                        None)
        if home is None:
            out.append(group)
        else:
            home.extend(group)
    return out


def _primary(members: list[int], docs: list[Document]) -> int:
    preferred = [i for i in members if docs[i].format in PREFERRED_FORMATS]
    return min(preferred or members)


def _finding_key(finding: Finding) -> tuple[str, str]:
    """A finding's rule and its words, spacing and punctuation aside (formats wrap lines differently)."""
    return finding.code, "".join(ch for ch in finding.text if ch.isalnum())


def fold_findings(primary: Document, version: Document) -> None:
    """The findings of a version that the primary has too (same rule, same words) are the
    primary's: dropped from the version, so each is shown and counted once. A finding only
    the version has (its own wording, a page the primary lacks) stays on it, its reason
    saying it is found in this version only."""
    seen = {_finding_key(f) for f in primary.findings}
    kept = []
    for finding in version.findings:
        if _finding_key(finding) in seen:
            continue
        note = f"仅见于此版本（主文件 {primary.path} 无此提示）"
        finding.reason = f"{finding.reason}；{note}" if finding.reason else note
        kept.append(finding)
    version.findings = kept


def as_version(version: Document, primary: Document, reason: str) -> None:
    """Make `version` a listed version of `primary`: linked, its facts dropped (they are the
    primary's), its findings folded into the primary's (`fold_findings`)."""
    version.version_of = primary.path
    version.version_reason = reason
    version.versions = []
    fold_findings(primary, version)
    version.metrics, version.problems, version.commitments = [], [], []
    version.statements, version.records, version.extras = [], [], {}


def group_submissions(docs: list[Document]) -> list[Submission]:
    """Reports of `docs` sent as more than one file; marks each file's `versions`/`version_of`.

    Args:
        docs: analysed documents of one batch, in input order.
    Returns:
        One `Submission` per report with at least two files, in the order of their primaries.
    """
    if len(docs) < 2:  # nothing to group (and no text normalised)
        return []
    keys = [content_key(d) for d in docs]
    found: list[tuple[int, list[int], str]] = []
    for unit, groups in _exact_groups(docs, keys).items():
        for members in _join_near([list(g) for g in groups], docs, keys) if unit else groups:
            if len(members) < 2:
                continue
            exact = all(keys[i] == keys[members[0]] for i in members)
            found.append((_primary(members, docs), sorted(members), "正文相同" if exact else "正文基本相同"))
    submissions = []
    for primary, members, reason in sorted(found):
        versions = [docs[i].path for i in members if i != primary]
        why = f"同一单位（{docs[primary].unit or '未识别'}）的同一份报告，{reason}"
        docs[primary].versions = versions
        for i in members:
            if i != primary:
                as_version(docs[i], docs[primary], why)
        submissions.append(Submission(docs[primary].path, versions, docs[primary].unit, why))
    return submissions
