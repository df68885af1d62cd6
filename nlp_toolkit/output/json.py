"""The JSON output contract (shared/eval/README.md): documents, batch_findings, errors."""
from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from collections.abc import Iterator
from typing import Any

from nlp_toolkit.model import Batch, Document, Finding, ReadFailure, UnreadFolder

_SECTION_KEYS = ("heading", "role", "level", "start", "end", "heading_start", "heading_end", "parent", "role_reason")


def document_dict(doc: Document) -> dict[str, Any]:
    """One document as the contract's DOC object (plus the structure it was read with).

    A paged document (PDF, OFD) also gives `pages` (the start offset of each page) and a
    1-based `page` on every metric, problem, commitment and finding; a TXT or DOCX one
    has neither key, so its output is as before. An OCR'd document (a scan, a photo) also
    gives `ocr: true` and `ocr_lines` (span, page, box in pixels, confidence per line).
    A version of a report sent as several files (`version_of` its primary, `version_reason`
    why) keeps every key, its facts empty (they are the primary's: a submission is counted once)
    and its findings only those its primary lacks.
    """
    out = {
        "path": doc.path,
        "format": doc.format,
        "encoding": doc.encoding,
        "title": doc.title,
        "unit": doc.unit,
        "title_reason": doc.title_reason,
        "unit_reason": doc.unit_reason,
        "year": doc.year,
        "versions": doc.versions,
        "version_of": doc.version_of,
        "version_reason": doc.version_reason,
        "sections": [_section(doc, i) for i in range(len(doc.sections))],
        "paragraphs": [{"start": p.start, "end": p.end} for p in doc.paragraphs],
        "sentences": [{"start": s.start, "end": s.end, "paragraph": s.paragraph} for s in doc.sentences],
        "records": [asdict(r) for r in doc.records],
        "metrics": [with_page(doc, asdict(m)) for m in doc.metrics],
        "problems": [with_page(doc, asdict(p)) for p in doc.problems],
        "commitments": [with_page(doc, asdict(c)) for c in doc.commitments],
        "findings": [with_page(doc, finding_dict(f)) for f in doc.findings],
        "statements": [asdict(s) for s in doc.statements],
    }
    for name, facts in doc.extras.items():  # a plug-in's kind of fact (extract/registry.py)
        out[name] = [with_page(doc, fact_dict(fact)) for fact in facts]
    if doc.pages:
        out["pages"] = list(doc.pages)
    if doc.ocr:
        out["ocr"] = True
        out["ocr_lines"] = [asdict(line) for line in doc.ocr_lines]
    if doc.ocr_pages:
        out["ocr_pages"] = list(doc.ocr_pages)
    if doc.unread_pages:
        out["unread_pages"] = list(doc.unread_pages)
    if doc.warnings:
        out["warnings"] = list(doc.warnings)
    return out


def fact_dict(fact: Any) -> dict[str, Any]:
    """A fact as plain data: a dataclass's fields, or a mapping's items."""
    return asdict(fact) if is_dataclass(fact) else dict(fact)


def with_page(doc: Document, span: dict[str, Any]) -> dict[str, Any]:
    """`span` (a dict with `start`) plus the page it starts on, for a paged document."""
    if doc.pages and "start" in span:
        span["page"] = doc.page_at(span["start"])
    return span


def without_page(span: dict[str, Any]) -> dict[str, Any]:
    """A span dict read back from JSON, minus the derived `page` key."""
    return {key: value for key, value in span.items() if key != "page"}


def _section(doc: Document, index: int) -> dict[str, Any]:
    section = doc.sections[index]
    out = {key: getattr(section, key) for key in _SECTION_KEYS}
    out["items"] = len(section.items)
    out["item_spans"] = [asdict(item) for item in section.items]
    return out


def finding_dict(finding: Finding) -> dict[str, Any]:
    return asdict(finding)


def batch_dict(batch: Batch) -> dict[str, Any]:
    return {
        "documents": [document_dict(d) for d in batch.documents],
        "batch_findings": [finding_dict(f) for f in batch.batch_findings],
        "pairs": batch.pairs,
        "submissions": [asdict(s) for s in batch.submissions],
        "errors": [{"path": e.path, "reason": e.reason} for e in batch.errors],
        "skipped": [{"path": e.path, "reason": e.reason} for e in batch.skipped],
        **({"dismissed": [dismissed_dict(d) for d in batch.dismissed]} if batch.dismissed else {}),
    }


def dismissed_dict(dismissed) -> dict[str, Any]:
    """A finding the review file decided: the finding, its document, and the decision."""
    return {"path": dismissed.path, **finding_dict(dismissed.finding), "review": asdict(dismissed.decision)}


def dumps(batch: Batch) -> str:
    return _visible_json(json.dumps(batch_dict(batch), ensure_ascii=False, indent=1))


def jsonl_line(kind: str, data: dict[str, Any]) -> str:
    """One JSON Lines record: `{"type": kind, ...data}` on one line, newline included."""
    return _visible_json(json.dumps({"type": kind, **data}, ensure_ascii=False)) + "\n"


def _visible_json(text: str) -> str:
    r"""A file name's undecodable bytes as the JSON string ``\\xb9`` (it reads back as ``\xb9``)."""
    from nlp_toolkit.output.files import visible

    return visible(text, backslash="\\\\")


def result_line(index: int, result: Document | ReadFailure) -> str:
    """The JSON Lines record of one file's result, written as soon as the file is done."""
    if isinstance(result, Document):
        return jsonl_line("document", {"index": index, **document_dict(result)})
    return jsonl_line("error", {"index": index, "path": result.path, "reason": result.reason})


def batch_lines(batch: Batch) -> Iterator[str]:
    """The records that exist only once the whole batch is in: skipped files, cross-report
    findings, report pairs, the submissions sent as several files, and a closing summary with
    the counts (`reports`: each submission once; `versions`: the other files of one).

    A version's "document" record was written as its file was done, before the batch could
    know it is one: its "submission" record says so, and its facts are the primary's."""
    for folder in (e for e in batch.errors if isinstance(e, UnreadFolder)):  # no file's result: not streamed
        yield jsonl_line("error", {"path": folder.path, "reason": folder.reason})
    for skipped in batch.skipped:
        yield jsonl_line("skipped", {"path": skipped.path, "reason": skipped.reason})
    for finding in batch.batch_findings:
        yield jsonl_line("batch_finding", finding_dict(finding))
    for pair in batch.pairs:
        yield jsonl_line("pair", pair)
    for submission in batch.submissions:
        yield jsonl_line("submission", asdict(submission))
    for dismissed in batch.dismissed:
        yield jsonl_line("dismissed", dismissed_dict(dismissed))
    yield jsonl_line("summary", {"documents": len(batch.documents), "reports": len(batch.primaries()),
                                 "versions": len(batch.versions()), "errors": len(batch.errors),
                                 "skipped": len(batch.skipped), "batch_findings": len(batch.batch_findings)})
