"""The document codec: a stored document is the JSON of `analyze --format json` for it (zlib).

`encode_analysis` writes what `output.json.document_dict` gives; `rebuild_document` reads it back
into a `Document` with its text, paragraphs, sentences, facts and findings, so the archive and
the JSON output can never disagree about what a document holds.
"""
from __future__ import annotations

import hashlib
import json
import zlib
from typing import Any

from nlp_toolkit.extract.registry import extra_extractors
from nlp_toolkit.model import Commitment, Document, Explanation, Finding, Metric, OcrLine, Paragraph, Problem, Sentence
from nlp_toolkit.output.files import visible
from nlp_toolkit.output.json import document_dict, without_page


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def encode_analysis(doc: Document) -> bytes:
    """The document's analysis as stored (`documents.analysis`)."""
    # a file name's undecodable byte is stored as the JSON escape \\xb9 (it reads back as \xb9)
    analysis_json = visible(json.dumps(document_dict(doc), ensure_ascii=False), backslash="\\\\")
    return zlib.compress(analysis_json.encode("utf-8"), 6)


def analysis_of(blob: bytes) -> dict[str, Any]:
    return json.loads(zlib.decompress(blob).decode("utf-8"))


def rebuild_document(row) -> Document:
    """Document from a `documents` row: text, metadata, paragraphs, sentences (offsets from the analysis)."""
    data = analysis_of(row["analysis"])
    text = row["text"]
    doc = Document(path=row["path"], format=row["format"] or "text", encoding=row["encoding"], text=text,
                   title=row["title"], unit=row["unit"], year=row["year"])
    doc.paragraphs = [Paragraph(p["start"], p["end"], text[p["start"]:p["end"]], i)
                      for i, p in enumerate(data.get("paragraphs", []))]
    doc.sentences = [Sentence(s["start"], s["end"], text[s["start"]:s["end"]], s["paragraph"])
                     for s in data.get("sentences", [])]
    doc.pages = data.get("pages", [])
    doc.title_reason, doc.unit_reason = data.get("title_reason"), data.get("unit_reason")
    doc.ocr = bool(data.get("ocr", False))
    doc.ocr_lines = [OcrLine(**{**line, "box": tuple(line["box"])}) for line in data.get("ocr_lines", [])]
    doc.ocr_pages, doc.unread_pages = data.get("ocr_pages", []), data.get("unread_pages", [])
    doc.warnings = data.get("warnings", [])
    doc.metrics = [Metric(**_explained(m)) for m in data.get("metrics", [])]
    doc.problems = [Problem(**_explained(p)) for p in data.get("problems", [])]
    doc.commitments = [Commitment(**_explained(c)) for c in data.get("commitments", [])]
    doc.findings = [Finding(**_explained(f)) for f in data.get("findings", [])]
    doc.extras = {e.field: [without_page(fact) for fact in data[e.field]]
                  for e in extra_extractors() if e.field in data}  # a plug-in's facts, as plain dicts
    return doc


def _explained(fact: dict[str, Any]) -> dict[str, Any]:
    """A stored fact's fields, its explanation read back as one (absent in older archives)."""
    fields = without_page(fact)
    if isinstance(fields.get("explanation"), dict):
        fields["explanation"] = Explanation(**fields["explanation"])
    return fields
