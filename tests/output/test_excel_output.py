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


def test_findings_sheet_is_the_inspectors_worksheet(batch, tmp_path):
    from nlp_toolkit.review.store import STATUSES

    html = tmp_path / "report.html"
    path = tmp_path / "out.xlsx"
    write_workbook(batch, path, html=html)
    ws = load_workbook(path)["质量提示"]
    header = [c.value for c in ws[1]]
    assert {"处理意见", "备注", "报告中位置", "提示指纹", "所在部分", "页码"} <= set(header)
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == sum(len(d.findings) for d in batch.documents) + len(batch.batch_findings)
    links = [r[header.index("报告中位置")].hyperlink for r in rows]
    assert all(link is not None and "#" in link.target for link in links)
    choices = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    column = ws.cell(row=1, column=header.index("处理意见") + 1).column_letter
    assert choices and choices[0].formula1 == '"' + ",".join(STATUSES) + '"'
    assert str(choices[0].sqref).startswith(f"{column}2:")
    key_column = ws.cell(row=1, column=header.index("提示指纹") + 1).column_letter
    assert ws.column_dimensions[key_column].hidden
    from nlp_toolkit.output.table import width

    book = load_workbook(path)
    long = [c for sheet in book.worksheets for row in sheet.iter_rows(min_row=2) for c in row
            if isinstance(c.value, str) and width(c.value) > sheet.column_dimensions[c.column_letter].width]
    assert long and all(c.alignment.wrap_text for c in long)  # a cell wider than its column wraps


def test_without_html_no_links_and_counts_per_rule_and_unit(batch, tmp_path):
    path = _write(batch, tmp_path)
    sheets = pd.read_excel(path, sheet_name=None, engine="openpyxl")
    assert sheets["质量提示"]["报告中位置"].isna().all()
    every = [f for d in batch.documents for f in d.findings] + list(batch.batch_findings)
    per_rule = dict(zip(sheets["规则统计"]["规则"], sheets["规则统计"]["提示数"]))
    assert per_rule == {code: sum(1 for f in every if f.code == code) for code in {f.code for f in every}}
    per_unit = sheets["单位统计"].set_index("单位")["提示数"]
    assert set(per_unit.index) == {d.unit or "（未识别单位）" for d in batch.documents}
    assert per_unit.sum() >= len(every)  # a cross-report finding counts for every unit it names


def test_each_finding_links_to_its_passage_in_the_html_report_written_with_it(tmp_path):
    import re
    import shutil
    from pathlib import Path
    from urllib.parse import unquote

    from nlp_toolkit.cli import main

    demo = Path(__file__).resolve().parents[2] / "corpora" / "demo" / "txt"
    folder = tmp_path / "batch"
    folder.mkdir()
    for name in ("01_county_committee_theme_education", "04_hospital_theme_education",
                 "12_village_party_branch_annual_summary"):
        shutil.copy(demo / f"{name}.txt", folder)
    out = tmp_path / "out"
    out.mkdir()
    assert main(["analyze", str(folder), "--no-config", "--excel", str(out / "book.xlsx"),
                 "--html", str(out / "report.html"), "-o", str(out / "a.json"), "--format", "json"]) == 0
    ws = load_workbook(out / "book.xlsx")["质量提示"]
    header = [c.value for c in ws[1]]
    targets = [r[header.index("报告中位置")].hyperlink.target for r in ws.iter_rows(min_row=2)]
    assert targets and {r[header.index("范围")].value for r in ws.iter_rows(min_row=2)} == {"本报告", "跨报告"}
    for target in targets:
        page, fragment = target.split("#", 1)
        html = (out / unquote(page)).read_text(encoding="utf-8")
        assert re.search(f'id="{re.escape(fragment)}"', html), target


def test_item_sheets_say_why(batch, tmp_path):
    sheets = pd.read_excel(_write(batch, tmp_path), sheet_name=None, engine="openpyxl")
    for name in ("数据", "问题", "承诺", "质量提示"):
        assert "依据" in sheets[name].columns, name
    assert list(sheets["数据"]["依据"]) == [m.explanation.text for d in batch.documents for m in d.metrics]
    assert sheets["问题"]["识别方式"].str.contains("问题分类模型").all()
    own = sheets["质量提示"][sheets["质量提示"]["范围"] == "本报告"]
    assert own["依据"].notna().all() and len(own)
