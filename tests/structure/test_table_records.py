"""DOCX tables with merged cells, empty columns or no header: what can be read, never a traceback."""
from __future__ import annotations

import docx

from nlp_toolkit.batch.pipeline import analyze_source
from nlp_toolkit.readers import read
from nlp_toolkit.structure import parse

HEADER = ["序号", "问题类别", "具体表现", "整改措施", "责任人", "整改时限"]


def _docx(tmp_path, rows, merges=()):
    d = docx.Document()
    d.add_paragraph("*县税务局检视问题清单")
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for (r0, c0), (r1, c1) in merges:
        table.cell(r0, c0).merge(table.cell(r1, c1))
    path = tmp_path / "list.docx"
    d.save(path)
    return path


def test_vertically_merged_category_and_horizontally_merged_cells(tmp_path):
    rows = [HEADER,
            ["1", "理论学习方面", "学习碎片化", "组建青年学习小组", "机关党委书记", "2025年12月底前"],
            ["2", "", "学用脱节", "开展专题调研", "办公室主任", "2025年9月底前"],
            ["3", "担当作为方面", "排队时间长", "推行预约办税", "纳税服务股股长", ""]]
    path = _docx(tmp_path, rows, merges=[((1, 1), (2, 1)), ((3, 4), (3, 5))])
    doc = parse(read(path))
    assert len(doc.records) == 3
    assert [r.first("problem").text for r in doc.records] == ["学习碎片化", "学用脱节", "排队时间长"]
    assert doc.records[1].first("owner").text == "办公室主任"
    assert all(doc.text[f.start:f.end] == f.text for r in doc.records for f in r.fields)


def test_empty_column_and_empty_measure(tmp_path):
    rows = [["序号", "反馈问题", "整改措施", "备注", "责任单位", "完成时限"],
            ["1", "执法风险防控薄弱", "", "", "督察内审股", "另行通知"],
            ["2", "诉求回应不及时", "建立快速响应机制", "", "纳税服务股", "立行立改"]]
    doc = analyze_source(read(_docx(tmp_path, rows)), classify=False)
    assert len(doc.records) == 2 and doc.records[0].first("measure") is None
    assert [p.text for p in doc.problems] == ["执法风险防控薄弱", "诉求回应不及时"]
    assert [(c.text, c.owner) for c in doc.commitments] == [("建立快速响应机制", "纳税服务股")]


def test_table_without_a_header_gives_no_records(tmp_path):
    rows = [["单位", "人数"], ["一分局", "12"], ["二分局", "9"]]
    doc = analyze_source(read(_docx(tmp_path, rows)), classify=False)
    assert doc.records == [] and doc.commitments == []


def test_row_numbers_and_cells_do_not_run_into_figures_or_subjects(tmp_path):
    rows = [HEADER,
            ["7", "担当作为方面", "个别站点值守不到位", "每月开展两次夜间抽查", "应急管理股", "2025年12月底前"],
            ["12", "理论学习方面", "个别支部学习走过场", "新建学习小组3个", "机关党委", "长期坚持"]]
    doc = analyze_source(read(_docx(tmp_path, rows)))
    figures = {(m.value, m.unit): m.subject for m in doc.metrics}
    assert (7.0, "个") not in figures and (12.0, "个") not in figures  # a row number before 个别 is no figure
    assert figures[(3.0, "个")] == "学习小组"  # the subject stops at the cell, not 学习小组机关党委
    rows_as_paragraphs = [p.text for p in doc.paragraphs if "\t" in p.text]
    assert len(rows_as_paragraphs) == 3  # header and each row: paragraphs of their own
