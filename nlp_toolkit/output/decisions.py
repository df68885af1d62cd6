"""What the outputs show of the inspector's decisions: the dismissed-findings line, the workbook's
提示指纹 cell, and the review file's text (offered for download by the HTML page).

The review package (`nlp_toolkit.review`) reads and writes decisions and imports these; the
outputs import nothing from it but the keys a finding is matched by (`review.keys`).
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import fields

from nlp_toolkit.model import DECISION_STATUSES, Batch, Decision

_FIELDS = [f.name for f in fields(Decision)]


def dismissed_counts(batch: Batch) -> Counter:
    return Counter(d.decision.status for d in batch.dismissed)


def dismissed_line(batch: Batch) -> str:
    """`另有 N 条已处理的提示未列出（误报 2，已核实 1）` or ""."""
    if not batch.dismissed:
        return ""
    counts = dismissed_counts(batch)
    parts = "，".join(f"{s} {counts[s]}" for s in sorted(counts))
    return f"另有 {len(batch.dismissed)} 条已处理的提示未列出（{parts}；加 --show-dismissed 列出）。"


def key_cell(decision: Decision) -> str:
    """The 提示指纹 cell of a finding (its decision's keys, status aside)."""
    return json.dumps([decision.code, decision.passage, decision.document, decision.unit], ensure_ascii=False)


def review_file_text(decisions: list[Decision]) -> str:
    """The review file's text (TOML; strings written as JSON strings, which TOML reads alike)."""
    lines = ["# nlp-toolkit 处理意见：每条 [[decision]] 是对一条质量提示的处理（status：" + " / ".join(DECISION_STATUSES) + "）。",
             "# code、unit、document、passage 用来在重新分析、换格式重报后找到同一条提示，请勿修改；",
             "# 可以修改 status 和 note，删除一条即撤销该处理意见。", "version = 1", ""]
    for d in decisions:
        lines.append("[[decision]]")
        for name in _FIELDS:
            value = getattr(d, name)
            if value is None or (value == "" and name in ("note", "file", "text")):
                continue
            lines.append(f"{name} = {json.dumps(value, ensure_ascii=False)}")
        lines.append("")
    return "\n".join(lines)
