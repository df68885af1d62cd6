"""Word ledgers as units submit them: a merged category first column, a header typed again, group rows
across the table, two measures in one cell, a leader and a department column (corpora/annotated_docx)."""
from __future__ import annotations

import docx
from docx.oxml import OxmlElement

from nlp_toolkit.batch.pipeline import analyze_source
from nlp_toolkit.readers import read
from nlp_toolkit.structure import parse

HEADER = ["问题类别", "序号", "问题表现", "整改措施", "责任单位", "完成时限"]


def _ledger(tmp_path, tables, before=("*县档案馆检视问题整改落实情况报告", "一、检视问题整改台账"),
            after=("二、下一步打算", "（一）对推进中的问题挂账督办，2025年6月底前全部完成，由馆办公室跟踪落实。")):
    """A report whose ledger is `tables`: each a list of rows; a cell "^" merges with the cell above,
    "<" with the cell to its left, a cell holding "\\n" is two paragraphs."""
    d = docx.Document()
    for text in before:
        d.add_paragraph(text)
    for rows in tables:
        table = d.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value in ("^", "<"):
                    continue
                first, *more = value.split("\n")
                table.cell(r, c).text = first
                for piece in more:
                    table.cell(r, c).add_paragraph(piece)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value == "^":
                    top = r
                    while rows[top][c] == "^":
                        top -= 1
                    table.cell(top, c).merge(table.cell(r, c))
                elif value == "<":
                    left = c
                    while row[left] == "<":
                        left -= 1
                    table.cell(r, left).merge(table.cell(r, c))
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        d.add_paragraph("")
    for text in after:
        d.add_paragraph(text)
    path = tmp_path / "ledger.docx"
    d.save(path)
    return path


def test_a_merged_first_column_keeps_the_other_cells_in_their_columns(tmp_path):
    rows = [HEADER,
            ["理论学习", "1", "学习档案法规不系统", "每季度举办一期业务学习", "业务科", "2025年6月底前"],
            ["^", "2", "学用结合不紧", "开展专题调研并形成报告", "办公室", "2025年9月底前"]]
    doc = analyze_source(read(_ledger(tmp_path, [rows])), classify=False)
    second = doc.records[1]
    assert (second.first("owner").text, second.first("deadline").text) == ("办公室", "2025年9月底前")
    by_text = {c.text: c for c in doc.commitments}
    assert (by_text["开展专题调研并形成报告"].owner, by_text["开展专题调研并形成报告"].deadline) == ("办公室", "2025年9月底前")


def test_a_header_typed_again_and_a_continued_table_are_labels_not_content(tmp_path):
    first = [HEADER, ["理论学习", "1", "学习档案法规不系统", "举办业务学习班2期", "业务科", "2025年6月底前"],
             HEADER, ["担当作为", "2", "档案查阅预约等待时间长", "开通网上预约查档", "利用科", "2025年3月底前"]]
    continued = [HEADER, ["廉洁自律", "3", "档案数字化外包监管不严", "修订外包服务管理办法", "保管科", "2025年9月底前"]]
    doc = analyze_source(read(_ledger(tmp_path, [first, continued])))
    texts = [p.text for p in doc.problems] + [c.text for c in doc.commitments]
    assert not any("问题表现" in t for t in texts)
    assert [p.text for p in doc.problems] == ["学习档案法规不系统", "档案查阅预约等待时间长", "档案数字化外包监管不严"]
    assert not [f for f in doc.findings if f.kind == "repeated_passage"]


def test_a_group_row_across_the_table_is_no_problem(tmp_path):
    rows = [["序号", "问题表现", "整改措施", "责任单位", "完成时限"],
            ["（一）落实全面从严治党主体责任方面", "<", "<", "<", "<"],
            ["1", "传达上级部署不及时", "建立部署落实台账", "办公室", "2025年3月底前"],
            ["（二）落实中央八项规定精神方面", "<", "<", "<", "<"],
            ["2", "窗口服务态度生硬", "开展窗口服务规范培训", "利用科", "2025年4月底前"]]
    doc = analyze_source(read(_ledger(tmp_path, [rows])))
    assert [p.text for p in doc.problems] == ["传达上级部署不及时", "窗口服务态度生硬"]
    assert [c.owner for c in doc.commitments if c.text in ("建立部署落实台账", "开展窗口服务规范培训")] == ["办公室", "利用科"]


def test_two_measures_in_one_cell_are_two_commitments_with_the_rows_fields(tmp_path):
    rows = [HEADER, ["能力本领", "1", "档案修复技术力量薄弱", "引进修复专业人员2名\n与高校共建修复实验室", "保管科", "2025年10月底前"]]
    path = _ledger(tmp_path, [rows])
    source = read(path)
    assert "引进修复专业人员2名 与高校共建修复实验室" in source.text  # the text is as before: a space
    doc = analyze_source(source, classify=False)
    both = [c for c in doc.commitments if c.text in ("引进修复专业人员2名", "与高校共建修复实验室")]
    assert [(c.owner, c.deadline) for c in both] == [("保管科", "2025年10月底前")] * 2


def test_a_department_column_is_the_owner_beside_a_leaders_column(tmp_path):
    rows = [["序号", "反馈问题", "整改措施", "责任领导", "责任部门", "完成时限"],
            ["1", "中心组学习研讨走过场", "修订中心组学习规则", "李明", "办公室", "每季度"],
            ["2", "馆藏资源开发不够", "编制馆藏资源开发规划", "王芳", "", "2025年6月底前"]]
    doc = analyze_source(read(_ledger(tmp_path, [rows])), classify=False)
    by_text = {c.text: c for c in doc.commitments}
    assert by_text["修订中心组学习规则"].owner == "办公室"
    assert by_text["编制馆藏资源开发规划"].owner == "王芳"  # no department named: the leader
    assert by_text["修订中心组学习规则"].measurable  # a cadence alone in the deadline cell is checkable


def test_owner_stated_as_following_up_or_leading_with_another_unit(tmp_path):
    doc = analyze_source(read(_ledger(tmp_path, [], after=(
        "二、下一步打算",
        "（一）对推进中的问题挂账督办，2025年6月底前全部完成，由馆办公室跟踪落实。",
        "（二）规范外包服务管理，2025年3月底前修订管理办法，由保管科会同纪检组落实。"))), classify=False)
    assert [c.owner for c in doc.commitments] == ["馆办公室", "保管科"]


def test_cell_paragraph_hints_cover_each_paragraph_of_a_cell(tmp_path):
    rows = [HEADER, ["能力本领", "1", "技术力量薄弱", "引进专业人员\n共建实验室", "保管科", "2025年10月底前"]]
    source = read(_ledger(tmp_path, [rows]))
    parts = [source.text[h.start:h.end] for h in source.hints if h.kind == "cell_paragraph"]
    assert parts == ["引进专业人员", "共建实验室"]
    assert len(parse(source).records) == 1


def test_a_sentence_announcing_the_ledger_is_no_commitment(tmp_path):
    rows = [HEADER, ["理论学习", "1", "学习档案法规不系统", "举办业务学习班2期", "业务科", "2025年6月底前"]]
    path = _ledger(tmp_path, [rows], before=("*县档案馆检视问题整改落实情况报告", "一、整改措施",
                                              "馆党支部对照问题逐项明确责任人和完成时间，具体如下。"), after=())
    doc = analyze_source(read(path), classify=False)
    assert [c.text for c in doc.commitments] == ["举办业务学习班2期"]


def test_a_table_per_problem_of_label_and_value_rows_is_a_record_each(tmp_path):
    first = [["问题类别", "能力本领"], ["问题表现", "档案修复技术力量薄弱"], ["整改措施", "引进修复专业人员2名"],
             ["责任单位", "保管科"], ["完成时限", "2025年10月底前"]]
    second = [["问题表现", "窗口服务意识不强"], ["整改措施", "开展窗口服务规范培训"], ["责任单位", "利用科"],
              ["完成时限", "2025年4月底前"]]
    doc = analyze_source(read(_ledger(tmp_path, [first, second])), classify=False)
    assert [r.first("problem").text for r in doc.records] == ["档案修复技术力量薄弱", "窗口服务意识不强"]
    assert [(c.text, c.owner, c.deadline) for c in doc.commitments][:2] == [
        ("引进修复专业人员2名", "保管科", "2025年10月底前"), ("开展窗口服务规范培训", "利用科", "2025年4月底前")]
    assert [p.text for p in doc.problems] == ["档案修复技术力量薄弱", "窗口服务意识不强"]
