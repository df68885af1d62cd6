"""The workbook: the listed sheets, one row per fact, frozen headers, filters, severities coloured."""
from __future__ import annotations

import pandas as pd
from openpyxl import load_workbook

from nlp_toolkit.model import Batch, Document
from nlp_toolkit.output.excel import SHEETS, write_workbook
from nlp_toolkit.output.files import write_atomic


def _write(batch, tmp_path):
    path = tmp_path / "out.xlsx"
    write_atomic(path, lambda tmp: write_workbook(batch, tmp))
    return path


def test_sheets_and_row_counts(batch, tmp_path):
    path = _write(batch, tmp_path)
    sheets = pd.read_excel(path, sheet_name=None, engine="openpyxl")
    assert list(sheets) == list(SHEETS)
    docs = batch.documents
    expected = {
        "汇总": len({d.unit for d in docs}),
        "材料": len(docs),
        "章节": sum(len(d.sections) for d in docs),
        "数据": sum(len(d.metrics) for d in docs),
        "问题": sum(len(d.problems) for d in docs),
        "承诺": sum(len(d.commitments) for d in docs),
        "质量提示": sum(len(d.findings) for d in docs) + len(batch.batch_findings),
        "版本": sum(1 + len(s.versions) for s in batch.submissions),
        "规则统计": len({f.code for d in docs for f in d.findings} | {f.code for f in batch.batch_findings}),
        "单位统计": len({d.unit for d in docs}),
        "报告对比": len(batch.pairs),
        "读取失败": len(batch.errors) + len(batch.skipped),
    }
    assert {name: len(frame) for name, frame in sheets.items()} == expected
    assert expected["数据"] and expected["问题"] and expected["章节"]
    assert {"单位", "材料份数", "质量提示", "跨报告提示"} <= set(sheets["汇总"].columns)
    assert {"单位", "文件名", "原文", "数值", "计量单位", "计量对象", "所在部分", "页码"} <= set(sheets["数据"].columns)
    for name in ("章节", "数据", "问题", "承诺", "质量提示"):
        assert {"单位", "文件名", "页码"} <= set(sheets[name].columns), name
        assert not sheets[name]["文件名"].astype(str).str.contains("/").any(), name
    findings = sheets["质量提示"]
    copied = findings[findings["范围"] == "跨报告"].iloc[0]
    assert copied["类型"] == "与其他单位雷同" and copied["级别"] == "警告"
    assert "水利局.txt" in copied["文件名"] and "交通局.txt" in copied["文件名"]
    assert set(sheets["报告对比"].columns) >= {"报告甲", "报告乙", "甲中雷同比例"}
    assert sheets["读取失败"].iloc[0]["原因"] == "文件已损坏，无法读取"
    assert not list(tmp_path.glob(".*.part")), "no temporary file left behind"


def test_frozen_headers_filters_and_severity_formatting(batch, tmp_path):
    wb = load_workbook(_write(batch, tmp_path))
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
        assert all(ws.column_dimensions[c].width >= 6 for c in "ABC"), ws.title
    rules = [r for cf in wb["质量提示"].conditional_formatting for r in cf.rules]
    formulas = " ".join(f for r in rules for f in r.formula)
    assert "错误" in formulas and "警告" in formulas and "提示" in formulas


def test_report_text_is_never_a_formula_and_control_characters_are_dropped(tmp_path):
    doc = Document(path="x.txt", format="txt", encoding=None, text="正文", title="坏\x01标题",
                   unit='=HYPERLINK("http://example.invalid","点此")')
    wb = load_workbook(_write(Batch(documents=[doc]), tmp_path))
    ws = wb["材料"]
    header = [c.value for c in ws[1]]
    row = {h: c for h, c in zip(header, ws[2])}
    assert row["标题"].value == "坏标题"
    assert row["单位"].data_type == "s" and row["单位"].value.startswith("=HYPERLINK")
