"""Linter-style output for `nlp-toolkit check`: one line per finding, `path:line:col: CODE 级别 message`.

A paged document (PDF, OFD) is located by page: `path:第3页:12:1`, the line and column
counted from the top of that page (the text of the page, as re-joined into paragraphs)."""
from __future__ import annotations

import json

from nlp_toolkit.model import Batch, Document, Finding
from nlp_toolkit.output.json import finding_dict, with_page
from nlp_toolkit.output.table import safe

SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def position(doc: Document, offset: int) -> str:
    """`line:col`, or `第N页:line:col` with line and column counted within the page."""
    if not doc.pages:
        return "{}:{}".format(*line_col(doc.text, offset))
    page = doc.page_at(offset)
    top = doc.pages[page - 1]
    line = doc.text.count("\n", top, offset) + 1
    col = offset - max(top, doc.text.rfind("\n", top, offset) + 1) + 1
    return f"第{page}页:{line}:{col}"


def render_text(batch: Batch, findings: dict[str, list[Finding]]) -> str:
    lines = []
    docs = {doc.path: doc for doc in batch.documents}
    for path, found in findings.items():
        for f in found:
            excerpt = f.text if len(f.text) <= 30 else f.text[:28] + "…"
            where = position(docs[path], f.start)
            lines.append(safe(f"{path}:{where}: {f.code} {SEVERITY_LABELS.get(f.severity, f.severity)} "
                              f"{f.message}  「{excerpt}」").replace("\n", "↵"))
    for f in batch.batch_findings:
        lines.append(safe(f"{'，'.join(f.documents)}: {f.code} {SEVERITY_LABELS.get(f.severity, f.severity)} "
                          f"{f.message}").replace("\n", "↵"))
    total = sum(len(v) for v in findings.values()) + len(batch.batch_findings)
    lines.append(f"共 {total} 条质量提示，涉及 {sum(1 for v in findings.values() if v)} 份材料；读取失败 {len(batch.errors)} 份。")
    return "\n".join(lines) + "\n"


def render_statistics(batch: Batch, findings: dict[str, list[Finding]]) -> str:
    """One line per rule, most frequent first: count, code, severity, and the rule's first message."""
    every = [f for found in findings.values() for f in found] + list(batch.batch_findings)
    counts: dict[str, list[Finding]] = {}
    for f in every:
        counts.setdefault(f.code, []).append(f)
    lines = [f"{len(found):>5}  {code}  {SEVERITY_LABELS.get(found[0].severity, found[0].severity)}  "
             f"{found[0].message}" for code, found in sorted(counts.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
    lines.append(f"共 {len(every)} 条质量提示，{len(counts)} 条规则。")
    return safe("\n".join(lines)).replace("\r", "") + "\n"


def render_json(batch: Batch, findings: dict[str, list[Finding]]) -> str:
    docs = {doc.path: doc for doc in batch.documents}
    rows = []
    for path, found in findings.items():
        for f in found:
            line, col = line_col(docs[path].text, f.start)
            rows.append(with_page(docs[path], {"path": path, "line": line, "column": col, **finding_dict(f)}))
    return json.dumps({"findings": rows, "batch_findings": [finding_dict(f) for f in batch.batch_findings],
                       "errors": [{"path": e.path, "reason": e.reason} for e in batch.errors]},
                      ensure_ascii=False, indent=1) + "\n"
