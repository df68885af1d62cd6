"""A readable plain-text summary of a batch (the default `analyze` output), and the run summary.

The run summary accounts for every file: read, failed (with the reason) and skipped. Text that
came from a report or a file name is shown with control and invisible formatting characters
made visible (``\x1b`` → ``\\x1b``, U+202E → ``<U+202E>``), so a report cannot move the cursor,
colour or reorder the user's terminal.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import PurePath

from nlp_toolkit.model import Batch, Document, Finding

SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_ORDER = ("error", "warning", "info")
ROLE_LABELS = {"achievements": "工作成效", "problems": "存在问题", "causes": "问题原因", "plans": "下一步打算",
               "other": "其他"}


def severity_label(severity: str) -> str:
    """The Chinese name of a severity, as a person reads it (the JSON keeps the English value)."""
    return SEVERITY_LABELS.get(severity, severity)


def line_col(text: str, offset: int, top: int = 0) -> tuple[int, int]:
    """1-based line and column of a character offset, counted from offset `top` (a page's start)."""
    line = text.count("\n", top, offset) + 1
    return line, offset - max(top, text.rfind("\n", top, offset) + 1) + 1


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, cells: int) -> str:
    return text + " " * max(0, cells - width(text))


_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]")


def safe(text: str) -> str:
    """`text` with control, bidi and zero-width characters shown as escapes (tab and newline kept)."""
    def escape(m: re.Match) -> str:
        ch = m.group()
        return f"\\x{ord(ch):02x}" if ord(ch) < 0xA0 else f"<U+{ord(ch):04X}>"

    return _UNSAFE.sub(escape, text)


def render(batch: Batch, show_dismissed: bool = False) -> str:
    parts = [_document(doc) for doc in batch.documents]
    if batch.batch_findings:
        rows = [one_line(f"  {f.code}  {severity_label(f.severity)}  {'、'.join(_names(f.documents))}：{f.message}")
                for f in batch.batch_findings]
        parts.append("\n".join([f"跨报告问题：{len(batch.batch_findings)} 条", *rows]))
    if batch.dismissed:
        parts.append(_dismissed(batch, show_dismissed))
    parts.append(_summary(batch))
    return "\n\n".join(parts) + "\n"


def _dismissed(batch: Batch, listed: bool) -> str:
    """The count of findings the review file decided, and with `listed` each one with its decision."""
    from nlp_toolkit.output.decisions import dismissed_line

    lines = [dismissed_line(batch).replace("未列出", "未列在上面" if not listed else "，如下")]
    if listed:
        lines = [f"已处理的提示：{len(batch.dismissed)} 条"]
        lines += [one_line(f"  [{d.decision.status}] {PurePath(d.path).name}  {d.finding.code}  "
                           f"{severity_label(d.finding.severity)}  {d.finding.message}"
                           + (f"  （{d.decision.note}）" if d.decision.note else "")) for d in batch.dismissed]
    return "\n".join(lines)


def _version(doc: Document) -> str:
    """A version of a report sent as several files: listed, not counted (its facts are the primary's)."""
    lines = [f"文件：{safe(doc.path)}（{doc.format}）",
             f"  同一报告的另一版本，主文件：{safe(doc.version_of)}（{safe(doc.version_reason or '')}；"
             "不重复计数，不与其比对抄袭）"]
    if doc.findings:
        lines.append(f"  仅此版本有的质量提示 {len(doc.findings)} 条（不计入统计）：")
        lines.extend(_finding_row(doc, f) for f in doc.findings)
    return "\n".join(lines)


def _document(doc: Document) -> str:
    if doc.version_of:
        return _version(doc)
    lines = [f"文件：{safe(doc.path)}",
             f"  标题：{safe(doc.title or '（未识别）')}    单位：{safe(doc.unit or '（未识别）')}    年份：{doc.year or '—'}"]
    if doc.ocr:
        lines.append(_ocr_line(doc))
    lines.extend(f"  注意：{safe(warning)}" for warning in doc.warnings)
    if doc.versions:
        lines.append("  同一报告的其他版本：" + "，".join(map(safe, doc.versions)))
    for section in doc.sections:
        indent = "  " * section.level
        label = ROLE_LABELS.get(section.role, section.role)
        heading = safe(section.heading[:30]).replace("\n", " ").replace("\t", " ")
        lines.append(f"  {indent}{pad(heading, 64 - 2 * section.level)}{pad(label, 12)}条目 {len(section.items)}")
    lines.append(f"  段落 {len(doc.paragraphs)}  句子 {len(doc.sentences)}  数据 {len(doc.metrics)}  "
                 f"问题 {len(doc.problems)}  承诺 {len(doc.commitments)}  质量提示 {len(doc.findings)}")
    counts = Counter(f.severity for f in doc.findings)
    if counts:
        order = sorted(counts, key=lambda s: (SEVERITY_ORDER.index(s) if s in SEVERITY_ORDER else 9, s))
        lines.append("  质量提示：" + "，".join(f"{severity_label(s)} {counts[s]}" for s in order))
        lines.extend(_finding_row(doc, f) for f in doc.findings)
    return "\n".join(lines)


def _ocr_line(doc: Document) -> str:
    """How the text of a scan or photo was read: line count and the engine's confidence."""
    scores = [line.confidence for line in doc.ocr_lines]
    if not scores:
        return "  文字识别（OCR）所得文本，可能有个别字识别错误"
    low = min(doc.ocr_lines, key=lambda line: line.confidence)
    where = f"第{low.page}页" if doc.pages else "图片"
    return (f"  文字识别（OCR）所得文本：{len(scores)} 行，平均置信度 {sum(scores) / len(scores):.2f}，"
            f"最低 {low.confidence:.2f}（{where}）；可能有个别字识别错误")


def _finding_row(doc: Document, finding: Finding) -> str:
    """`    第 9 行  NUM003  警告  message` — one finding of a document, on one line."""
    line, _ = line_col(doc.text, finding.start)
    return one_line(f"    第 {line} 行  {finding.code}  {severity_label(finding.severity)}  {finding.message}")


def _names(paths: list[str]) -> list[str]:
    return [PurePath(p).name for p in paths]


def one_line(text: str) -> str:
    return safe(text).replace("\n", "↵").replace("\r", "")


def _summary(batch: Batch) -> str:
    lines = [summary_line(batch)]
    lines.extend(f"  读取失败：{safe(e.path)}：{e.reason}" for e in batch.errors)
    lines.extend(f"  已跳过：{safe(e.path)}：{e.reason}" for e in batch.skipped)
    return "\n".join(lines)


def summary_line(batch: Batch) -> str:
    """How many files there were and what became of each: read, failed, skipped."""
    read, failed, skipped = len(batch.documents), len(batch.errors), len(batch.skipped)
    versions = read - len(batch.primaries())
    merged = f"（其中 {versions} 份是同一报告的其他版本，共 {read - versions} 份报告）" if versions else ""
    return f"共 {read + failed + skipped} 个文件：已读取 {read} 份{merged}，读取失败 {failed} 份，跳过 {skipped} 个。"


def file_report(batch: Batch) -> list[str]:
    """The lines the CLI prints on stderr: one per failed file, one per skipped file, then the
    counts — nothing at all when every file was read (a clean run keeps stderr empty); a file
    read only in part (a reader's warning, e.g. scanned pages left unread) has a line too."""
    partly = [f"nlp-toolkit: 部分未读 {safe(doc.path)}：{warning}" for doc in batch.documents for warning in doc.warnings]
    if not batch.errors and not batch.skipped:
        return partly
    lines = partly + [f"nlp-toolkit: 无法读取 {safe(e.path)}：{e.reason}" for e in batch.errors]
    lines += [f"nlp-toolkit: 已跳过 {safe(e.path)}：{e.reason}" for e in batch.skipped]
    lines.append(f"nlp-toolkit: {summary_line(batch)}")
    return lines
