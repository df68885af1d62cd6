"""The batch as an Excel workbook (openpyxl): one sheet per table, Chinese labels, frozen
header rows, filters, and severities coloured by conditional formatting.

Only formats: every value comes from `batch_frames` (the same tables as the JSON).
"""
from __future__ import annotations

import json
import math
import os
from pathlib import Path

from nlp_toolkit.model import Batch
from nlp_toolkit.output import frames as F
from nlp_toolkit.output.table import ROLE_LABELS, SEVERITY_LABELS, width

KIND_LABELS = {
    "repeated_passage": "段落重复", "copied_passage": "与其他单位雷同", "formulaic_problems": "问题清单雷同",
    "boilerplate": "套话", "truncated_sentence": "句子残缺", "confusable_word": "易混用字词",
    "missing_character": "疑似漏字", "metric_inconsistency": "数据矛盾", "broken_numbering": "序号不连续",
    "vague_commitments": "承诺空泛",
}
PAIR_LABELS = {
    "a": "报告甲", "b": "报告乙", "path_a": "报告甲", "path_b": "报告乙", "doc_a": "报告甲", "doc_b": "报告乙",
    "unit_a": "单位甲", "unit_b": "单位乙", "documents": "涉及文件", "share": "雷同比例",
    "share_a": "甲中雷同比例", "share_b": "乙中雷同比例", "similarity": "相似度", "jaccard": "相似度",
    "chars": "雷同字数", "shared_chars": "甲中雷同字数", "shared_chars_b": "乙中雷同字数", "passages": "雷同段数",
    "copied_passages": "雷同段数", "formulaic_problems": "问题清单雷同",
}
SHEETS = ("汇总", "材料", "章节", "数据", "问题", "承诺", "质量提示", "报告对比", "读取失败")
_MAX_WIDTH, _MIN_WIDTH = 60, 6
_CELL_LIMIT = 32767  # Excel's limit on the characters in one cell
_SEVERITY_FILLS = {"错误": "FFC7CE", "警告": "FFEB9C", "提示": "DDEBF7"}


def sheet_tables(batch: Batch) -> dict[str, tuple[list[str], list[list]]]:
    """Each sheet's (column labels, rows), in sheet order, with values as the user reads them."""
    fr = F.batch_frames(batch)
    tables = {
        "汇总": _rows(fr["summary"], list(F.SUMMARY_COLUMNS.values())),
        "材料": _rows(fr["documents"], list(F.DOCUMENT_COLUMNS.values())),
        "章节": _rows(fr["sections"], ["文件", *F.SECTION_COLUMNS.values()]),
        "数据": _rows(fr["metrics"], ["文件", *F.METRIC_COLUMNS.values()]),
        "问题": _rows(fr["problems"], ["文件", *F.PROBLEM_COLUMNS.values()]),
        "承诺": _rows(fr["commitments"], ["文件", *F.COMMITMENT_COLUMNS.values()]),
    }
    doc_findings = _rows(fr["findings"], ["文件", *F.FINDING_COLUMNS.values()])
    columns = ["范围", "文件", "规则", "类型", "级别", "说明", "原文", "页码", "起", "止", "相关片段"]
    rows = []
    for row in doc_findings[1]:
        rec = dict(zip(doc_findings[0], row))
        rows.append(["本报告", *(rec.get(c) for c in columns[1:-1]), None])
    bf = _rows(fr["batch_findings"], list(F.BATCH_FINDING_COLUMNS.values()))
    for row in bf[1]:
        rec = dict(zip(bf[0], row))
        rows.append(["跨报告", rec.get("涉及文件"), *(rec.get(c) for c in columns[2:])])
    tables["质量提示"] = (columns, rows)
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
    maps = {"级别": SEVERITY_LABELS, "类型": KIND_LABELS}
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


def write_workbook(batch: Batch, path: str | os.PathLike) -> None:
    """Write the workbook to `path` (callers write to a temporary file: see files.write_atomic)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from nlp_toolkit.output.files import visible
    from openpyxl.formatting.rule import DataBarRule, FormulaRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    header_font, header_fill = Font(bold=True), PatternFill("solid", fgColor="D9E1F2")
    for name, (columns, rows) in sheet_tables(batch).items():
        ws = wb.create_sheet(name)
        ws.append(columns)
        for cell in ws[1]:
            cell.font, cell.fill = header_font, header_fill
            cell.alignment = Alignment(vertical="center")
        widths = [width(c) for c in columns]
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                if isinstance(value, str):
                    value = ILLEGAL_CHARACTERS_RE.sub("", visible(value))[:_CELL_LIMIT]
                elif isinstance(value, float) and not math.isfinite(value):
                    value = None
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever the report wrote (=HYPERLINK…)
                    widths[c - 1] = max(widths[c - 1], min(_MAX_WIDTH, width(value[:_MAX_WIDTH])))
                elif value is not None:
                    widths[c - 1] = max(widths[c - 1], len(str(value)))
        for c, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(c)].width = max(_MIN_WIDTH, min(_MAX_WIDTH, w + 2))
        ws.freeze_panes = "A2"
        last = get_column_letter(max(1, len(columns)))
        ws.auto_filter.ref = f"A1:{last}{max(1, len(rows)) + 1}"
        if "级别" in columns and rows:
            col = get_column_letter(columns.index("级别") + 1)
            area = f"A2:{last}{len(rows) + 1}"
            for label, colour in _SEVERITY_FILLS.items():
                ws.conditional_formatting.add(area, FormulaRule(formula=[f'${col}2="{label}"'],
                                                                fill=PatternFill("solid", bgColor=colour)))
        for c, label in enumerate(columns, start=1):
            if "比例" in label and rows:  # shares of text: percentages with a data bar
                col = get_column_letter(c)
                for cell in ws[col][1:]:
                    cell.number_format = "0.0%"
                ws.conditional_formatting.add(f"{col}2:{col}{len(rows) + 1}", DataBarRule(
                    start_type="num", start_value=0, end_type="num", end_value=1, color="F4B183"))
        if name == "汇总" and rows:
            for label, colour in (("错误", "FFC7CE"), ("警告", "FFEB9C")):
                col = get_column_letter(columns.index(label) + 1)
                ws.conditional_formatting.add(f"{col}2:{col}{len(rows) + 1}", FormulaRule(
                    formula=[f"${col}2>0"], fill=PatternFill("solid", bgColor=colour)))
    wb.save(Path(path))
