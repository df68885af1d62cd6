"""Extractors: one module per kind of fact, each a function `(doc, *, options) -> list[Fact]`."""
from __future__ import annotations

from nlp_toolkit.model import Document


def extract_all(doc: Document) -> Document:
    """Fill `doc.metrics`, `doc.problems` and `doc.commitments`."""
    return doc
