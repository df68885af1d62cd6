"""Extractors: one module per kind of fact, each a function over the document returning facts."""
from __future__ import annotations

from nlp_toolkit.model import Document


def extract_all(doc: Document, *, classify: bool = True) -> Document:
    """Fill `doc.statements`, `doc.metrics`, `doc.problems` and `doc.commitments`.

    `classify=False` leaves the problems unclassified (category None) and never loads the
    classifiers: for callers that do not use the categories (`nlp-toolkit check`); the statements
    then keep the roles the layout gives them, and no problem is read from prose outside the
    problems sections.
    """
    from nlp_toolkit.extract.metrics import extract_metrics
    from nlp_toolkit.extract.commitments import extract_commitments
    from nlp_toolkit.extract.problems import extract_problems
    from nlp_toolkit.extract.statements import classify_statements

    doc.statements = classify_statements(doc, model=classify)
    doc.metrics = extract_metrics(doc)
    doc.problems = extract_problems(doc, classify=classify)
    doc.commitments = extract_commitments(doc)
    return doc
