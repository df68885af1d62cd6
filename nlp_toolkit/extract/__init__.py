"""Extractors: one module per kind of fact, each a function over the document returning facts.

`extract_all` runs every registered extractor (`extract/registry.py`: the toolkit's own in
`extract/builtin.py`, then the plug-ins') in order.
"""
from __future__ import annotations

from nlp_toolkit.model import Document


def extract_all(doc: Document, *, classify: bool = True) -> Document:
    """Fill `doc.statements`, `doc.metrics`, `doc.problems`, `doc.commitments` and, for a
    plug-in's kind of fact, `doc.extras[field]`.

    `classify=False` leaves the problems unclassified (category None) and never loads the
    classifiers: for callers that do not use the categories (`nlp-toolkit check`); the statements
    then keep the roles the layout gives them, and no problem is read from prose outside the
    problems sections.
    """
    from nlp_toolkit.extract.registry import EXTRACTORS

    for extractor in EXTRACTORS.all().values():
        extractor.store(doc, extractor.run(doc, classify=classify))
    return doc
