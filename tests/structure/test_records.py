"""Labelled records: one line of several fields, runs of field lines, DOCX table rows."""
from __future__ import annotations

import docx

from nlp_toolkit.model import Source
from nlp_toolkit.output.json import document_dict
from nlp_toolkit.readers import read
from nlp_toolkit.structure import parse


def _doc(text: str):
    return parse(Source(path="t.txt", format="txt", encoding="utf-8", text=text, hints=[]))


def _kinds(record):
    return {f.kind: f.text for f in record.fields}


def _spans_hold(doc):
    for record in doc.records:
        for f in record.fields:
            assert doc.text[f.start:f.end] == f.text


def test_one_line_of_several_fields_is_one_record():
    doc = _doc("*区教育局整改台账\n一、问题清单\n1.问题表现：课后服务覆盖不全；整改措施：新增课后服务学校8所；"
               "责任单位：基础教育科；完成时限：2025年9月\n")
    assert len(doc.records) == 1
    assert _kinds(doc.records[0]) == {"problem": "课后服务覆盖不全", "measure": "新增课后服务学校8所",
                                      "owner": "基础教育科", "deadline": "2025年9月"}
    _spans_hold(doc)


def test_run_of_field_lines_splits_where_a_kind_repeats():
    doc = _doc("*区教育局整改台账\n问题表现：校舍维修滞后\n整改措施：完成6所学校校舍维修\n责任单位：后勤科\n"
               "问题表现：教师培训针对性不强\n整改措施：按学科分层开展培训\n完成时限：长期坚持\n")
    assert [r.first("problem").text for r in doc.records] == ["校舍维修滞后", "教师培训针对性不强"]
    assert doc.records[0].first("deadline") is None
    assert doc.records[1].first("deadline").reason == ""
    _spans_hold(doc)


def test_unreadable_deadline_is_kept_with_a_reason():
    doc = _doc("问题表现：台账不全；整改措施：补齐台账；完成时限：另行通知\n")
    deadline = doc.records[0].first("deadline")
    assert deadline.text == "另行通知" and "另行通知" in deadline.reason


def test_traditional_labels_are_read_on_the_simplified_view():
    doc = _doc("問題表現：學習不夠深入；整改措施：每月集中學習；責任單位：辦公室\n")
    assert _kinds(doc.records[0])["owner"] == "辦公室"
    _spans_hold(doc)


def test_single_label_line_in_prose_is_no_record():
    doc = _doc("*县商务局工作总结\n一、存在问题\n存在问题：一是消费恢复偏慢。二是外贸规模偏小。\n")
    assert doc.records == []


def _table_docx(tmp_path, rows, repeat_header=False):
    d = docx.Document()
    d.add_paragraph("县农业农村局巡察反馈问题整改台账")
    header = ["序号", "反馈问题", "整改措施", "责任单位", "完成时限", "整改进展"]
    table = d.add_table(rows=0, cols=len(header))
    for i, row in enumerate([header] + rows):
        if repeat_header and i and i % 50 == 0:
            for cell, value in zip(table.add_row().cells, header):
                cell.text = value
        for cell, value in zip(table.add_row().cells, row):
            cell.text = value
    path = tmp_path / "ledger.docx"
    d.save(path)
    return path


def test_docx_table_rows_become_records_keyed_by_header(tmp_path):
    path = _table_docx(tmp_path, [["1", "耕地保护巡查不到位", "建立网格巡查制度", "耕保科", "2025年6月", "已完成"],
                                  ["2", "", "补建项目台账", "", "另行通知", "推进中"]])
    doc = parse(read(path))
    assert [r.source for r in doc.records] == ["table", "table"]
    first, second = doc.records
    assert _kinds(first)["problem"] == "耕地保护巡查不到位" and _kinds(first)["status"] == "已完成"
    assert second.first("problem") is None and second.first("owner") is None
    assert second.first("deadline").reason
    _spans_hold(doc)
    assert document_dict(doc)["records"][0]["fields"][1]["kind"] == "problem"


def test_hundred_row_table_with_repeated_header(tmp_path):
    rows = [[str(i), f"问题{i}表现为台账不全", f"补齐第{i}项台账", "办公室", "2025年底", ""] for i in range(1, 101)]
    doc = parse(read(_table_docx(tmp_path, rows, repeat_header=True)))
    assert len(doc.records) == 100
    assert all(r.first("problem").text.startswith("问题") for r in doc.records)
    assert all(r.first("status") is None for r in doc.records)
