"""Quality rules: one rule per file under rules/<family>/<CODE>.py (see base.py)."""
from __future__ import annotations

from nlp_toolkit.model import Batch, Document, Finding
from nlp_toolkit.rules.registry import all_rules, get, select

__all__ = ["all_rules", "check_batch", "check_document", "get", "select"]


def check_document(doc: Document, codes: list[str] | None = None, ignore: list[str] | None = None) -> list[Finding]:
    """Findings of every selected document rule, in document order."""
    findings: list[Finding] = []
    for rule in select(codes, ignore):
        if rule.scope == "document":
            findings.extend(rule().check(doc))
    return sorted(findings, key=lambda f: (f.start, f.code))


def check_batch(batch: Batch, codes: list[str] | None = None, ignore: list[str] | None = None) -> list[Finding]:
    """Findings of every selected cross-report rule."""
    findings: list[Finding] = []
    for rule in select(codes, ignore):
        if rule.scope == "batch":
            findings.extend(rule().check_batch(batch))
    return findings
