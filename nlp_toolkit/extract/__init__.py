"""Extractors: one module per kind of fact, each a function over the document returning facts."""
from __future__ import annotations

from nlp_toolkit.model import Document


def extract_all(doc: Document) -> Document:
    """Fill `doc.metrics`, `doc.problems` and `doc.commitments`."""
    from nlp_toolkit.extract.metrics import extract_metrics
    from nlp_toolkit.extract.commitments import extract_commitments
    from nlp_toolkit.extract.problems import extract_problems

    doc.metrics = extract_metrics(doc)
    doc.problems = extract_problems(doc)
    doc.commitments = extract_commitments(doc)
    return doc
