"""A readable plain-text summary of a batch (the default `analyze` output)."""
from __future__ import annotations

import unicodedata
from collections import Counter

from nlp_toolkit.model import Batch, Document

ROLE_LABELS = {"achievements": "工作成效", "problems": "存在问题", "causes": "问题原因", "plans": "下一步打算",
               "other": "其他"}


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, cells: int) -> str:
    return text + " " * max(0, cells - width(text))


def render(batch: Batch) -> str:
    parts = [_document(doc) for doc in batch.documents]
    if batch.batch_findings:
        parts.append(f"跨报告问题：{len(batch.batch_findings)} 条")
        parts.extend(f"  [{f.code}] {f.message}" for f in batch.batch_findings)
    parts.append(_summary(batch))
    return "\n\n".join(parts) + "\n"


def _document(doc: Document) -> str:
    lines = [f"文件：{doc.path}",
             f"  标题：{doc.title or '（未识别）'}    单位：{doc.unit or '（未识别）'}    年份：{doc.year or '—'}"]
    for section in doc.sections:
        indent = "  " * section.level
        label = ROLE_LABELS.get(section.role, section.role)
        lines.append(f"  {indent}{pad(section.heading[:30], 64 - 2 * section.level)}{pad(label, 12)}条目 {len(section.items)}")
    lines.append(f"  段落 {len(doc.paragraphs)}  句子 {len(doc.sentences)}  数据 {len(doc.metrics)}  "
                 f"问题 {len(doc.problems)}  承诺 {len(doc.commitments)}  质量提示 {len(doc.findings)}")
    counts = Counter(f.severity for f in doc.findings)
    if counts:
        lines.append("  质量提示：" + "，".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return "\n".join(lines)


def _summary(batch: Batch) -> str:
    lines = [f"共分析 {len(batch.documents)} 份，读取失败 {len(batch.errors)} 份。"]
    lines.extend(f"  读取失败：{e.path}：{e.reason}" for e in batch.errors)
    return "\n".join(lines)
