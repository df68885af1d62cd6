"""Linter-style output for `nlp-toolkit check`.

text: one line per finding, `path:line:col: CODE 级别 message`; grouped: the same under a heading per
report (file, unit, title); json and json-lines (one finding per line); statistics: counts per rule.
Every renderer takes `quiet` (no summary line; the JSON forms have none).

A paged document (PDF, OFD) is located by page: `path:第3页:12:1`, the line and column counted
from the top of that page (the text of the page, as re-joined into paragraphs); the JSON rows
carry `page` too.

A report sent as several files (`batch.submissions`) is checked once: the findings listed and
counted (`report_findings`: what the exit code is decided by) are those of the primaries. Each
version gets one line instead — `path: 同一报告的另一版本，主文件：…（why）…` — naming how many
findings only it has; `json` lists the versions with those findings under `versions`, apart
from `findings`; json-lines lists findings only.
"""
from __future__ import annotations

import json

from nlp_toolkit.model import Batch, Document, Finding
from nlp_toolkit.output.json import finding_dict, with_page
from nlp_toolkit.output.table import line_col, one_line, safe, severity_label  # noqa: F401 (re-exported)


def report_findings(batch: Batch) -> dict[str, list[Finding]]:
    """Each report's findings by its path: the primaries' only (a version's are its primary's,
    or, the few only it has, listed with it and never counted)."""
    return {doc.path: doc.findings for doc in batch.primaries()}


def version_note(doc: Document) -> str:
    """What a version of a report sent as several files is, in one line (no path)."""
    own = (f"；另有 {len(doc.findings)} 条提示仅见于此版本，未列出，不计入结果（JSON 输出的 versions 中列出）"
           if doc.findings else "")
    why = f"（{doc.version_reason}）" if doc.version_reason else ""
    return (f"同一报告的另一版本，主文件：{doc.version_of}{why}；"
            f"质量提示以主文件为准，不重复列出{own}")


def _version_lines(batch: Batch) -> list[str]:
    return [one_line(f"{doc.path}: {version_note(doc)}") for doc in batch.versions()]


def _excerpt(f: Finding) -> str:
    return f.text if len(f.text) <= 30 else f.text[:28] + "…"


def position(doc: Document, offset: int) -> str:
    """`line:col`, or `第N页:line:col` with line and column counted within the page."""
    if not doc.pages:
        return "{}:{}".format(*line_col(doc.text, offset))
    page = doc.page_at(offset)
    line, col = line_col(doc.text, offset, doc.pages[page - 1])
    return f"第{page}页:{line}:{col}"


def _located(doc: Document, f: Finding) -> str:
    """`line:col: CODE 级别 message 「excerpt」` (or `第N页:line:col: …`) for a finding in a document."""
    return f"{position(doc, f.start)}: {f.code} {severity_label(f.severity)} {f.message}  「{_excerpt(f)}」"


def _across(f: Finding) -> str:
    return f"{'，'.join(f.documents)}: {f.code} {severity_label(f.severity)} {f.message}"


def _summary(batch: Batch, findings: dict[str, list[Finding]]) -> str:
    total = sum(len(v) for v in findings.values()) + len(batch.batch_findings)
    line = f"共 {total} 条质量提示，涉及 {sum(1 for v in findings.values() if v)} 份材料；读取失败 {len(batch.errors)} 份。"
    return line + _versions_summary(batch) + _dismissed_summary(batch)


def _versions_summary(batch: Batch) -> str:
    versions = len(batch.versions())
    return f"另有 {versions} 个文件是同一报告的其他版本，不重复计数。" if versions else ""


def _dismissed_summary(batch: Batch) -> str:
    from nlp_toolkit.output.decisions import dismissed_line

    return dismissed_line(batch)


def _dismissed_lines(batch: Batch) -> list[str]:
    """`--show-dismissed`: each decided finding, its status and note first."""
    docs = {doc.path: doc for doc in batch.documents}
    lines = []
    for d in batch.dismissed:
        note = f"（{d.decision.note}）" if d.decision.note else ""
        where = (f"{d.path}:{_located(docs[d.path], d.finding)}" if len(d.finding.documents) < 2 and d.path in docs
                 else _across(d.finding))
        lines.append(one_line(f"[{d.decision.status}{note}] {where}"))
    return lines


def render_text(batch: Batch, findings: dict[str, list[Finding]], quiet: bool = False,
                show_dismissed: bool = False) -> str:
    docs = {doc.path: doc for doc in batch.documents}
    lines = [one_line(f"{path}:{_located(docs[path], f)}") for path, found in findings.items() for f in found]
    lines += _version_lines(batch)
    lines += [one_line(_across(f)) for f in batch.batch_findings]
    if show_dismissed:
        lines += _dismissed_lines(batch)
    if not quiet:
        lines.append(_summary(batch, findings))
    return "".join(line + "\n" for line in lines)


def render_grouped(batch: Batch, findings: dict[str, list[Finding]], quiet: bool = False,
                   show_dismissed: bool = False) -> str:
    """Findings under a heading per document (file, unit, title), then the cross-report ones."""
    blocks = []
    for doc in batch.documents:
        found = findings.get(doc.path, [])
        heading = f"{doc.path}    单位：{doc.unit or '（未识别）'}    标题：{doc.title or '（未识别）'}"
        if found:
            blocks.append([one_line(heading)] + [one_line("  " + _located(doc, f)) for f in found])
        elif doc.version_of:
            blocks.append([one_line(heading), one_line("  " + version_note(doc))])
    if batch.batch_findings:
        blocks.append(["跨报告提示"] + [one_line("  " + _across(f)) for f in batch.batch_findings])
    if show_dismissed and batch.dismissed:
        blocks.append(["已处理的提示"] + ["  " + line for line in _dismissed_lines(batch)])
    if not quiet:
        blocks.append([_summary(batch, findings)])
    return "\n".join("".join(line + "\n" for line in block) for block in blocks)


def render_statistics(batch: Batch, findings: dict[str, list[Finding]], quiet: bool = False,
                      show_dismissed: bool = False) -> str:
    """One line per rule, most frequent first: count, code, severity, and the rule's first message."""
    every = [f for found in findings.values() for f in found] + list(batch.batch_findings)
    counts: dict[str, list[Finding]] = {}
    for f in every:
        counts.setdefault(f.code, []).append(f)
    lines = [f"{len(found):>5}  {code}  {severity_label(found[0].severity)}  "
             f"{found[0].message}" for code, found in sorted(counts.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
    if not quiet:
        lines.append(f"共 {len(every)} 条质量提示，{len(counts)} 条规则。" + _versions_summary(batch)
                     + _dismissed_summary(batch))
    return "".join(safe(line).replace("\r", "") + "\n" for line in lines)


def _rows(batch: Batch, findings: dict[str, list[Finding]]) -> list[dict]:
    docs = {doc.path: doc for doc in batch.documents}
    return [row for path, found in findings.items() for row in _finding_rows(docs[path], found)]


def _finding_rows(doc: Document, found: list[Finding]) -> list[dict]:
    rows = []
    for f in found:
        line, col = line_col(doc.text, f.start)
        rows.append(with_page(doc, {"path": doc.path, "line": line, "column": col, **finding_dict(f)}))
    return rows


def _version_rows(batch: Batch) -> list[dict]:
    """Each version: its primary, why, and the findings only it has (not in `findings`, not counted)."""
    return [{"path": doc.path, "format": doc.format, "version_of": doc.version_of,
             "version_reason": doc.version_reason, "findings": _finding_rows(doc, doc.findings)}
            for doc in batch.versions()]


def _dismissed_rows(batch: Batch) -> list[dict]:
    from nlp_toolkit.output.json import dismissed_dict

    return [{"line": None, "column": None, **dismissed_dict(d)} for d in batch.dismissed]


def render_json_lines(batch: Batch, findings: dict[str, list[Finding]], quiet: bool = False,
                      show_dismissed: bool = False) -> str:
    """One JSON object per line: each document's findings (with path, line, column), then the
    cross-report ones (path null, the reports in `documents`)."""
    rows = _rows(batch, findings) + [{"path": None, "line": None, "column": None, **finding_dict(f)}
                                     for f in batch.batch_findings]
    if show_dismissed:
        rows += _dismissed_rows(batch)
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def render_json(batch: Batch, findings: dict[str, list[Finding]], quiet: bool = False,
                show_dismissed: bool = False) -> str:
    rows = _rows(batch, findings)
    out = {"findings": rows, "batch_findings": [finding_dict(f) for f in batch.batch_findings],
           "versions": _version_rows(batch), "errors": [{"path": e.path, "reason": e.reason} for e in batch.errors]}
    if batch.dismissed:  # decided findings are data: listed whenever a review file hid some
        out["dismissed"] = _dismissed_rows(batch)
    return json.dumps(out, ensure_ascii=False, indent=1) + "\n"

