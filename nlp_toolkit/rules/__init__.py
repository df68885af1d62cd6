"""Quality rules: one rule per file under rules/<family>/<CODE>.py (see base.py)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from nlp_toolkit.model import Batch, Document, Finding
from nlp_toolkit.rules.registry import all_rules, get, select

if TYPE_CHECKING:
    from nlp_toolkit.batch.context import BatchContext

__all__ = ["all_rules", "check_batch", "check_document", "get", "select"]


def check_document(doc: Document, codes: list[str] | None = None, ignore: list[str] | None = None) -> list[Finding]:
    """Findings of every selected document rule, in document order."""
    findings: list[Finding] = []
    for rule in select(codes, ignore):
        if rule.scope == "document":
            findings.extend(rule().check(doc))
    return sorted(findings, key=lambda f: (f.start, f.code))


def check_batch(batch: Batch | BatchContext, codes: list[str] | None = None,
                ignore: list[str] | None = None) -> list[Finding]:
    """Findings of every selected cross-report rule (a plain `Batch` gets a fresh `BatchContext`)."""
    from nlp_toolkit.batch.context import BatchContext

    context = batch if isinstance(batch, BatchContext) else BatchContext(batch)
    findings: list[Finding] = []
    for rule in select(codes, ignore):
        if rule.scope == "batch":
            findings.extend(rule().check_batch(context))
    return findings
