"""What every rule shares.

A rule is one class in its own file, `rules/<family>/<CODE>.py`. The first line of its
docstring is the message users see; the rest holds the docs under fixed Chinese headings
(检查内容 / 为什么有问题 / 示例 / 建议写法), printed by `nlp-toolkit rules CODE` and checked
by a test. A rule reads a finished Document (or a Batch, for cross-report rules) and
returns findings; it never changes the facts. A batch rule reads a typed `BatchContext`
(`nlp_toolkit.batch.context`): the documents compared and the detection results it asks for.
"""
from __future__ import annotations

import inspect
import sys
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar

from nlp_toolkit.explain import finding_explanation
from nlp_toolkit.model import Document, Explanation, Finding, Related

if TYPE_CHECKING:
    from nlp_toolkit.batch.context import BatchContext

DOC_SECTIONS = ("检查内容", "为什么有问题", "示例", "建议写法")
SEVERITIES = ("error", "warning", "info")


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]  # short English slug, e.g. "parts-exceed-whole"
    kind: ClassVar[str]  # the output contract's finding kind, e.g. "metric_inconsistency"
    kind_label: ClassVar[str]  # the kind in Chinese, as the workbook and the page show it, e.g. "数据矛盾"
    severity: ClassVar[str] = "warning"
    scope: ClassVar[str] = "document"  # "document", "batch", or "archive" (found by nlp_toolkit.archive)
    options: ClassVar[dict[str, Any]] = {}  # option name → default, settable per rule in the settings file

    def __init__(self, options: dict[str, Any] | None = None):
        unknown = set(options or {}) - set(type(self).options)
        if unknown:
            raise ValueError(f"{self.code} 没有选项 {', '.join(sorted(unknown))}")
        self.settings = {**type(self).options, **(options or {})}

    def option(self, name: str) -> Any:
        """The value of one of this rule's `options` (the settings file's, else the default)."""
        return self.settings[name]

    @classmethod
    def message(cls) -> str:
        return _first_line(cls)

    @classmethod
    def docs(cls) -> str:
        return inspect.getdoc(cls) or ""

    def check(self, doc: Document) -> Iterable[Finding]:
        """Findings for one document (document-scope rules)."""
        return ()

    def check_batch(self, context: "BatchContext") -> Iterable[Finding]:
        """Findings across documents (batch-scope rules): `context.documents`, `.copies()` …"""
        return ()

    def finding(self, doc: Document, start: int, end: int, detail: str = "", reason: str = "",
                related: list[Related] | None = None, *, pattern_name: str | None = None,
                pattern: str | None = None, score: float | None = None) -> Finding:
        """A finding of this rule over doc.text[start:end]; `detail` follows the message.

        `pattern_name` names the check or word list that matched (default: the rule module's
        `RESOURCE`, else the rule's `name`), `pattern` the entry itself, `score` a measure of
        how strongly it matched: they go into the finding's explanation."""
        message = self.message() + (f"：{detail}" if detail else "")
        reason = reason or self.message()
        return Finding(start, end, self.code, self.kind, self.severity, message, doc.text[start:end],
                       reason=reason, documents=[doc.path], related=related or [],
                       explanation=self.explain(message, reason, pattern_name=pattern_name, pattern=pattern,
                                                score=score))

    def explain(self, message: str, reason: str, *, pattern_name: str | None = None, pattern: str | None = None,
                score: float | None = None) -> Explanation:
        """The explanation of one of this rule's findings (for rules that build `Finding` themselves)."""
        return finding_explanation(self.code, message, reason, pattern_name=pattern_name or _resource(type(self)),
                                   pattern=pattern, score=score)


class ConsistencyRule(Rule):
    """A rule that reports one of the checks in `extract/consistency.py` (set `checker`)."""

    kind = "metric_inconsistency"
    kind_label = "数据矛盾"

    @staticmethod
    def checker(doc: Document) -> list:
        raise NotImplementedError

    def check(self, doc: Document) -> Iterable[Finding]:
        for found in type(self).checker(doc):
            related = [span_of(doc, doc.metrics[i].start, doc.metrics[i].end) for i in found.metrics]
            yield self.finding(doc, found.start, found.end, found.detail, reason=found.check, related=related,
                               pattern_name=found.check)


def _resource(rule: type[Rule]) -> str:
    """The word list a rule's module names as `RESOURCE`, else the rule's own name."""
    resource = getattr(sys.modules.get(rule.__module__), "RESOURCE", None)
    return resource if isinstance(resource, str) else rule.name


@cache
def _first_line(rule: type[Rule]) -> str:
    """The message of a rule: the first line of its docstring (read once per class)."""
    return (inspect.getdoc(rule) or "").splitlines()[0]


def span_of(doc: Document, start: int, end: int) -> Related:
    """A related span in the finding's own document."""
    return {"start": start, "end": end, "text": doc.text[start:end]}
