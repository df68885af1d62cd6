"""Quality rules: one rule per file under rules/<family>/<CODE>.py (see base.py).

Which rules run, where and how is a `RuleSet` (ruleset.py), built from the settings file and
the command line and passed into the pipeline; without one every rule runs with its defaults.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from nlp_toolkit.model import Batch, Document, Finding
from nlp_toolkit.rules.registry import all_rules, get, select
from nlp_toolkit.rules.ruleset import RuleSet

if TYPE_CHECKING:
    from nlp_toolkit.batch.context import BatchContext

__all__ = ["RuleSet", "all_rules", "check_batch", "check_document", "get", "select"]


def _ruleset(codes: list[str] | None, ignore: list[str] | None, rules: RuleSet | None) -> RuleSet:
    if rules is not None:
        return rules
    return RuleSet(select=tuple(codes) if codes else None, ignore=tuple(ignore or ()))


def check_document(doc: Document, codes: list[str] | None = None, ignore: list[str] | None = None, *,
                   rules: RuleSet | None = None) -> list[Finding]:
    """Findings of every selected document rule, in document order (`rules` wins over codes/ignore)."""
    chosen = _ruleset(codes, ignore, rules)
    findings: list[Finding] = []
    for rule in chosen.document_rules(doc.path):
        findings.extend(chosen.adjust(f) for f in rule.check(doc))
    return sorted(findings, key=lambda f: (f.start, f.code))


def check_batch(batch: Batch | BatchContext, codes: list[str] | None = None,
                ignore: list[str] | None = None, *, rules: RuleSet | None = None) -> list[Finding]:
    """Findings of every selected cross-report rule (a plain `Batch` gets a fresh `BatchContext`;
    per-path ignores of any file named apply)."""
    from nlp_toolkit.batch.context import BatchContext

    chosen = _ruleset(codes, ignore, rules)
    context = batch if isinstance(batch, BatchContext) else BatchContext(batch)
    findings: list[Finding] = []
    for rule in chosen.batch_rules():
        findings.extend(rule.check_batch(context))
    return chosen.keep(findings)
