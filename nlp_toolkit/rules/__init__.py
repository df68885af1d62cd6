"""Quality rules: one rule per file under rules/<family>/<CODE>.py."""
from __future__ import annotations

from nlp_toolkit.model import Batch, Document, Finding


def check_document(doc: Document) -> list[Finding]:
    return []


def check_batch(batch: Batch) -> list[Finding]:
    return []
