"""The batch as an Excel workbook (openpyxl, write-only mode): one sheet per table, Chinese labels,
frozen header rows, filters, wrapped long cells, severities coloured by conditional formatting.

Every item sheet (章节, 数据, 问题, 承诺, 质量提示) starts with 单位 and 文件名 and gives 页码 and
所在部分 where the item has them; 数据, 问题, 承诺 and 质量提示 give 依据, the item's explanation (which
extractor, model or rule found it, on which word list entry or check, with what score). 质量提示 is the inspector's worksheet: a 处理意见 cell with a
drop-down list of the statuses (误报 / 已核实 / 已反馈), a 备注 cell, a link to the passage in the
HTML report when one is written beside it, a 页码 that says when OCR read the page (`第3页（OCR）`;
材料 names each file's OCR'd and unread pages), and a hidden 提示指纹 cell (the review keys of
`review/keys.py`) that `nlp-toolkit review import` reads back. 规则统计 and 单位统计 count the
findings per rule and per unit; 版本 lists the files that are one submission. A report sent as
several files is counted once, by its primary: the other files are rows of 版本 (format, why,
the findings only they have), not of 材料, the item sheets or the counts; the findings only a
version has are also rows of 质量提示 (范围 其他版本), for a decision, and are counted nowhere.

Written in write-only mode (rows streamed to the file, so a large batch does not hold every cell
object): hyperlinks, data validation, conditional formatting, column widths, hidden columns,
frozen panes and filters all work there, provided widths are set before the first row.
Only formats: every value comes from `batch_frames` (the same tables as the JSON), apart from
the review keys and the links, which are derived from the documents.
"""
from __future__ import annotations

import json
import math
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePath

from nlp_toolkit.explain import basis
from nlp_toolkit.model import Batch
from nlp_toolkit.output import frames as F
from nlp_toolkit.output.labels import PAIR_LABELS, kind_labels
from nlp_toolkit.output.pages import ocr_note, page_cell, unread_note
from nlp_toolkit.output.table import ROLE_LABELS, SEVERITY_LABELS, width

SHEETS = ("汇总", "规则统计", "单位统计", "材料", "版本", "章节", "数据", "问题", "承诺", "质量提示", "报告对比", "读取失败")
ITEM_SHEETS = ("章节", "数据", "问题", "承诺", "质量提示")
FINDING_SHEET_COLUMNS = ["范围", "单位", "文件名", "规则", "类型", "级别", "说明", "依据", "原文", "页码", "所在部分",
                         "相关片段", "处理意见", "备注", "报告中位置", "起", "止", "提示指纹"]
_MAX_WIDTH, _MIN_WIDTH = 60, 6
_CELL_LIMIT = 32767  # Excel's limit on the characters in one cell
_SEVERITY_FILLS = {"错误": "FFC7CE", "警告": "FFEB9C", "提示": "DDEBF7"}
_HIDDEN = {"提示指纹"}


@dataclass(frozen=True)
class Link:
    """A cell that links to `target` (a relative URL) and shows `text`."""

    text: str
    target: str


def html_href(index: str | os.PathLike, doc_index: int, finding_index: int | None = None, *,
              batch_index: int | None = None, relative_to: str | os.PathLike | None = None) -> str:
    """The link from the workbook to a finding's passage in the HTML report `index`.

    Uses `output.html.finding_href` when the HTML writer provides it (its page layout owns the
    anchor format); otherwise the single page's ids: `#d{i}-f{k}` for finding k of report i,
    the report's `#doc-{i}` for a cross-report finding.
    """
    from nlp_toolkit.output import html

    if hasattr(html, "finding_href"):
        return html.finding_href(index, doc_index, finding_index, batch_index=batch_index, relative_to=relative_to)
    base = Path(relative_to) if relative_to is not None else Path(index).parent
    page = PurePath(os.path.relpath(os.path.abspath(index), os.path.abspath(base))).as_posix()
    return page + (f"#d{doc_index}-f{finding_index}" if finding_index is not None else f"#doc-{doc_index}")


def sheet_tables(batch: Batch, show_dismissed: bool = False, html: str | os.PathLike | None = None,
                 folder: str | os.PathLike | None = None) -> dict[str, tuple[list[str], list[list]]]:
    """Each sheet's (column labels, rows), in sheet order, with values as the user reads them.

    `show_dismissed`: the findings the review file decided are listed too, their 处理意见 filled.
    `html`: the HTML report written with the workbook (the 报告中位置 links), followed from `folder`.
    """
    fr = F.batch_frames(batch)
    tables = {
        "汇总": _rows(fr["summary"], list(F.SUMMARY_COLUMNS.values())),
        "材料": _documents(batch, fr["documents"]),
        "版本": _versions(batch),
        "章节": _items(fr["sections"], F.SECTION_COLUMNS, batch),
        "数据": _items(fr["metrics"], F.METRIC_COLUMNS, batch),
        "问题": _items(fr["problems"], F.PROBLEM_COLUMNS, batch),
        "承诺": _items(fr["commitments"], F.COMMITMENT_COLUMNS, batch),
        "质量提示": (FINDING_SHEET_COLUMNS, _finding_rows(batch, show_dismissed, html, folder)),
    }
    tables["规则统计"] = _per_rule(batch)
    tables["单位统计"] = _per_unit(batch)
    pairs = fr["pairs"]
    tables["报告对比"] = ([PAIR_LABELS.get(str(c), str(c)) for c in pairs.columns] or ["报告甲", "报告乙", "甲中雷同比例"],
                      [[_plain(v) for v in r] for r in pairs.itertuples(index=False, name=None)])
    failures = [["读取失败", e.path, e.reason] for e in batch.errors]
    failures += [["已跳过", e.path, e.reason] for e in batch.skipped]
    tables["读取失败"] = (["情况", "文件", "原因"], failures)
    return {name: _readable(*tables[name]) for name in SHEETS}


def _rows(frame, fallback: list[str]) -> tuple[list[str], list[list]]:
    if not len(frame.columns):
        return fallback, []
    return [str(c) for c in frame.columns], [[_plain(v) for v in r] for r in frame.itertuples(index=False, name=None)]


def _name(path) -> str | None:
    return PurePath(path).name if path else None


def _items(frame, columns: dict[str, str], batch: Batch) -> tuple[list[str], list[list]]:
    """An item sheet: 单位, 文件名 first (the file's name, not its path), then the item's own
    columns; 页码 says when OCR read the page (`第3页（OCR）`)."""
    labels = ["单位", "文件名", *[c for c in columns.values()]]
    head, rows = _rows(frame, [])
    if not head:
        return labels, []
    docs = {d.path: d for d in batch.documents}
    out = []
    for row in rows:
        rec = dict(zip(head, row))
        doc = docs.get(rec.get("文件"))
        if doc is not None and doc.ocr and rec.get("起") is not None:
            rec["页码"] = page_cell(doc, rec["起"])
        out.append([rec.get("单位"), _name(rec.get("文件")), *(rec.get(c) for c in columns.values())])
    return labels, out


def _documents(batch: Batch, frame) -> tuple[list[str], list[list]]:
    """One row per report (a report sent as several files once, by its primary file)."""
    labels = ["单位", "文件名", "标题", "年份", "数据", "问题", "承诺", "质量提示", "其他版本", "文字识别（OCR）页",
              "未读页", "路径"]
    head, rows = _rows(frame, [])
    out = []
    for doc, row in zip(batch.primaries(), rows):
        rec = dict(zip(head, row))
        out.append([rec.get("单位"), _name(doc.path), rec.get("标题"), rec.get("年份"), rec.get("数据"), rec.get("问题"),
                    rec.get("承诺"), rec.get("质量提示"), "、".join(map(_name, doc.versions)) or None, ocr_note(doc),
                    unread_note(doc), doc.path])
    return labels, out


def _versions(batch: Batch) -> tuple[list[str], list[list]]:
    """One row per file of a submission sent as several files: the primary first, then its
    versions with the findings only they have."""
    docs = {d.path: d for d in batch.documents}
    rows = []
    for n, sub in enumerate(batch.submissions, start=1):
        primary = docs.get(sub.primary)
        rows.append([n, sub.unit, _name(sub.primary), primary.format if primary else None, "主文件（计数）",
                     sub.reason, None, *_reading(primary), sub.primary])
        for v in sub.versions:
            doc = docs.get(v)
            only = "；".join(F.version_finding(doc, f) for f in doc.findings) if doc else ""
            rows.append([n, sub.unit, _name(v), doc.format if doc else None, "其他版本（不计数）", sub.reason,
                         only or None, *_reading(doc), v])
    return ["报告", "单位", "文件名", "格式", "版本", "说明", "仅此版本的提示", "文字识别（OCR）页", "未读页", "路径"], rows


def _reading(doc) -> tuple[str | None, str | None]:
    """The pages of a file OCR read and the scanned pages left unread (None, None for a text file)."""
    return (ocr_note(doc), unread_note(doc)) if doc is not None else (None, None)


def _finding_rows(batch: Batch, show_dismissed: bool, html, folder) -> list[list]:
    from nlp_toolkit.review.keys import decision_for
    from nlp_toolkit.output.decisions import key_cell

    docs = {d.path: (i, d) for i, d in enumerate(batch.documents)}
    rows = []

    def add(scope, doc_index, doc, f, link, decision=None):
        key = key_cell(decision_for(doc, f, ""))
        section = doc.section_at(f.start) if len(f.documents) < 2 else None
        files = "；".join(_name(p) for p in f.documents) if len(f.documents) > 1 else _name(doc.path)
        rows.append([scope, doc.unit, files, f.code, f.kind, f.severity, f.message, _basis_line(f), f.text,
                     page_cell(doc, f.start) if len(f.documents) < 2 else None,
                     doc.sections[section].heading if section is not None else None,
                     "；".join(str(r.get("text", "")) for r in f.related) if len(f.documents) > 1 else None,
                     decision.status if decision else None, decision.note if decision else None,
                     Link("查看原文", html_href(html, doc_index, *link[:1], batch_index=link[1], relative_to=folder))
                     if html is not None else None, f.start, f.end, key])

    for i, doc in enumerate(batch.documents):
        for k, f in enumerate(doc.findings):
            add("其他版本" if doc.version_of else "本报告", i, doc, f, (k, None))
    for j, f in enumerate(batch.batch_findings):
        if f.documents and f.documents[0] in docs:
            i, doc = docs[f.documents[0]]
            add("跨报告", i, doc, f, (None, j))
    if show_dismissed:
        for d in batch.dismissed:
            if d.path in docs:
                i, doc = docs[d.path]
                add("跨报告" if len(d.finding.documents) > 1 else "本报告", i, doc, d.finding, (None, None), d.decision)
    return rows


def _basis_line(f) -> str | None:
    """A finding's 依据: its explanation's line (which names the word list entry it matched), with
    the rule and its score where it has one."""
    if f.explanation is None:
        return None
    if f.explanation.score is None:
        return f.explanation.text
    return f"{f.explanation.text}（{basis(f.explanation)}）"


def _every_finding(batch: Batch):
    """(unit, finding) for each finding counted (a version's own ones are listed, not counted),
    a cross-report one once for each unit it names."""
    units = {d.path: d.unit or F.UNKNOWN_UNIT for d in batch.documents}
    for doc in batch.primaries():
        for f in doc.findings:
            yield units[doc.path], f
    for f in batch.batch_findings:
        for unit in dict.fromkeys(units.get(p, F.UNKNOWN_UNIT) for p in f.documents):
            yield unit, f


def _per_rule(batch: Batch) -> tuple[list[str], list[list]]:
    """One row per rule that found something: its message, how many findings, units, and decided ones."""
    from nlp_toolkit.rules.registry import all_rules

    rules = {r.code: r for r in all_rules()}
    counts = Counter(f.code for f in [f for d in batch.primaries() for f in d.findings] + list(batch.batch_findings))
    units: dict[str, set] = {}
    for unit, f in _every_finding(batch):
        units.setdefault(f.code, set()).add(unit)
    dismissed = Counter(d.finding.code for d in batch.dismissed)
    rows = []
    for code in sorted(set(counts) | set(dismissed), key=lambda c: (-counts[c], c)):
        rule = rules.get(code)
        rows.append([code, rule.message() if rule else None, rule.severity if rule else None,
                     rule.kind if rule else None, counts[code], len(units.get(code, ())), dismissed[code]])
    return ["规则", "说明", "级别", "类型", "提示数", "涉及单位数", "已处理"], rows


def _per_unit(batch: Batch) -> tuple[list[str], list[list]]:
    """One row per unit, one column per rule that fired, and the total."""
    table: dict[str, Counter] = {}
    for doc in batch.primaries():
        table.setdefault(doc.unit or F.UNKNOWN_UNIT, Counter())
    for unit, f in _every_finding(batch):
        table.setdefault(unit, Counter())[f.code] += 1
    codes = sorted({c for counts in table.values() for c in counts})
    rows = [[unit, sum(counts.values()), *(counts[c] or None for c in codes)]
            for unit, counts in sorted(table.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))]
    return ["单位", "提示数", *codes], rows


def _plain(value):
    """A cell value: None for missing, JSON for lists and dicts, Python scalars otherwise."""
    if isinstance(value, (list, dict, tuple)):
        return json.dumps(value, ensure_ascii=False) if value else None
    if value is None:
        return None
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    return value


def _readable(columns: list[str], rows: list[list]) -> tuple[list[str], list[list]]:
    """Chinese words for the codes in severity, role, kind and yes/no columns."""
    maps = {"级别": SEVERITY_LABELS, "类型": kind_labels()}
    out = []
    for row in rows:
        row = list(row)
        for i, col in enumerate(columns):
            v = row[i]
            if col in maps and isinstance(v, str):
                row[i] = maps[col].get(v, v)
            elif col == "类别" and isinstance(v, str) and v in ROLE_LABELS:
                row[i] = ROLE_LABELS[v]
            elif isinstance(v, bool):
                row[i] = "是" if v else "否"
        out.append(row)
    return columns, out


def _cell_value(value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from nlp_toolkit.output.files import visible

    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", visible(value))[:_CELL_LIMIT]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _widths(columns: list[str], rows: list[list]) -> list[int]:
    widths = [width(c) for c in columns]
    for row in rows:
        for c, value in enumerate(row):
            if isinstance(value, Link):
                value = value.text
            if isinstance(value, str):
                widths[c] = max(widths[c], min(_MAX_WIDTH, width(value[:_MAX_WIDTH])))
            elif value is not None:
                widths[c] = max(widths[c], len(str(value)))
    return [max(_MIN_WIDTH, min(_MAX_WIDTH, w + 2)) for w in widths]


class _Styles:
    def __init__(self):
        from openpyxl.styles import Alignment, Font, PatternFill

        self.header_font, self.header_fill = Font(bold=True), PatternFill("solid", fgColor="D9E1F2")
        self.header_align = Alignment(vertical="center", wrap_text=True)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.link_font = Font(color="0563C1", underline="single")


def _header(ws, columns: list[str], styles: _Styles) -> list:
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for label in columns:
        cell = WriteOnlyCell(ws, value=label)
        cell.font, cell.fill, cell.alignment = styles.header_font, styles.header_fill, styles.header_align
        cells.append(cell)
    return cells


def _row(ws, row: list, widths: list[int], styles: _Styles) -> list:
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for c, value in enumerate(row):
        if isinstance(value, Link):
            cell = WriteOnlyCell(ws, value=value.text)
            cell.hyperlink, cell.font = value.target, styles.link_font
        else:
            value = _cell_value(value)
            cell = WriteOnlyCell(ws, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the report wrote (=HYPERLINK…)
                if width(value[:_MAX_WIDTH + 1]) > widths[c] - 2 or "\n" in value:
                    cell.alignment = styles.wrap
        cells.append(cell)
    return cells


def _formatting(ws, name: str, columns: list[str], rows: list[list]) -> None:
    """Conditional formats, filters and the 处理意见 drop-down (set before the rows are streamed)."""
    from openpyxl.formatting.rule import DataBarRule, FormulaRule
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from nlp_toolkit.model import DECISION_STATUSES as STATUSES

    last_row = max(1, len(rows)) + 1
    last = get_column_letter(max(1, len(columns)))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last}{last_row}"
    if "级别" in columns and rows:
        col = get_column_letter(columns.index("级别") + 1)
        for label, colour in _SEVERITY_FILLS.items():
            ws.conditional_formatting.add(f"A2:{last}{last_row}", FormulaRule(
                formula=[f'${col}2="{label}"'], fill=PatternFill("solid", bgColor=colour)))
    for c, label in enumerate(columns, start=1):
        if "比例" in label and rows:  # shares of text: a data bar
            col = get_column_letter(c)
            ws.conditional_formatting.add(f"{col}2:{col}{last_row}", DataBarRule(
                start_type="num", start_value=0, end_type="num", end_value=1, color="F4B183"))
    if name == "汇总" and rows:
        for label, colour in (("错误", "FFC7CE"), ("警告", "FFEB9C")):
            col = get_column_letter(columns.index(label) + 1)
            ws.conditional_formatting.add(f"{col}2:{col}{last_row}", FormulaRule(
                formula=[f"${col}2>0"], fill=PatternFill("solid", bgColor=colour)))
    if "处理意见" in columns:
        col = get_column_letter(columns.index("处理意见") + 1)
        choice = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle="处理意见", error="请选择：" + " / ".join(STATUSES),
                                promptTitle="处理意见", prompt="误报：不是问题；已核实：确有问题；已反馈：已告知报送单位")
        choice.add(f"{col}2:{col}{max(last_row, 1000)}")
        ws.data_validations.append(choice)


def write_workbook(batch: Batch, path: str | os.PathLike, *, show_dismissed: bool = False,
                   html: str | os.PathLike | None = None, folder: str | os.PathLike | None = None) -> None:
    """Write the workbook to `path` (callers write to a temporary file: see files.write_atomic).

    `html`: the HTML report written beside it, linked from each finding; `folder`: where the
    workbook will live (links are relative to it; default the folder of `path`).
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    styles = _Styles()
    folder = folder if folder is not None else Path(path).parent
    for name, (columns, rows) in sheet_tables(batch, show_dismissed, html, folder).items():
        ws = wb.create_sheet(name)
        widths = _widths(columns, rows)
        for c, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(c)].width = w
            if columns[c - 1] in _HIDDEN:
                ws.column_dimensions[get_column_letter(c)].hidden = True
        _formatting(ws, name, columns, rows)
        ws.append(_header(ws, columns, styles))
        for row in rows:
            ws.append(_row(ws, row, widths, styles))
    wb.save(Path(path))
