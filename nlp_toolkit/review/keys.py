"""Fingerprints a decision is keyed by, the same for the TXT and the DOCX of one report.

- the report: its unit, and a hash of its normalised content characters (`batch.submissions.
  content_text`: whitespace, punctuation, names and figures left out, as the copy detector
  reads it), so a TXT, its DOCX and its PDF share it;
- the finding: its rule and a hash of its passage's letters and digits (NFKC), so a
  re-wrapped line or a full-width digit does not change it.

A decision applies to a finding of the same rule and passage in a report of the same unit (or,
when a unit was not recognised, with the same text fingerprint).
"""
from __future__ import annotations

import hashlib
import unicodedata

from nlp_toolkit.model import Decision, Document, Finding

DIGEST_CHARS = 16


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def document_key(doc: Document) -> str:
    """The report's text fingerprint (cached on the document: the normalisation is not free)."""
    cached = getattr(doc, "_review_key", None)
    if cached is None:
        from nlp_toolkit.batch.submissions import content_text

        cached = _digest(content_text(doc) or doc.text)
        doc._review_key = cached
    return cached


def passage_key(finding: Finding) -> str:
    """The finding's passage: its letters and digits only, NFKC-folded (the message when it has none)."""
    folded = unicodedata.normalize("NFKC", finding.text or finding.message)
    return _digest("".join(c for c in folded if unicodedata.category(c)[0] in "LN"))


def decision_for(doc: Document, finding: Finding, status: str, note: str = "") -> Decision:
    """A decision on `finding` (on `doc`) with the fingerprints that find it again."""
    from pathlib import PurePath

    return Decision(code=finding.code, passage=passage_key(finding), document=document_key(doc), unit=doc.unit,
                    status=status, note=note, file=PurePath(doc.path).name, text=finding.text[:80])


def same_report(decision: Decision, doc: Document) -> bool:
    """Whether `decision` was made on this report (or an earlier or other-format version of it)."""
    if decision.unit and doc.unit:
        return decision.unit == doc.unit
    return decision.document == document_key(doc)


def identity(decision: Decision) -> tuple:
    """What two decisions on one finding share (a review file holding two is ambiguous)."""
    return (decision.unit or "", "" if decision.unit else decision.document, decision.code, decision.passage)


class BatchReports:
    """Which reports a batch holds, to ask of many decisions whether theirs is among them."""

    def __init__(self, documents: list[Document]):
        self.units = {d.unit for d in documents if d.unit}
        self.texts = {document_key(d) for d in documents}
        self.unitless_texts = {document_key(d) for d in documents if not d.unit}

    def __contains__(self, decision: Decision) -> bool:
        """Whether `same_report(decision, doc)` holds for some document of the batch."""
        if decision.unit:
            return decision.unit in self.units or decision.document in self.unitless_texts
        return decision.document in self.texts
