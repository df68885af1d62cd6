"""The DOCX reader: document order, tables, heading / title / numbering hints."""
from __future__ import annotations

import copy

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from nlp_toolkit.readers import read


def _number(paragraph, ilvl: int, num_id: int = 1) -> None:
    """Give a paragraph direct automatic numbering (w:numPr)."""
    ppr = paragraph._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    for tag, val in (("w:ilvl", ilvl), ("w:numId", num_id)):
        el = OxmlElement(tag)
        el.set(qn("w:val"), str(val))
        numpr.append(el)
    ppr.append(numpr)


@pytest.fixture
def report_docx(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("关于2023年度工作情况的报告", style="Title")
    doc.add_paragraph("一、主要成绩", style="Heading 1")
    doc.add_paragraph("（一）学习教育", style="Heading 2")
    doc.add_paragraph("全年开展集中学习12次。")
    table = doc.add_table(rows=3, cols=3)
    for r, row in enumerate([["指标", "目标", "完成"], ["培训人次", "1500", "1560"], ["整改措施", "20", "21"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(0, 1).merge(table.cell(0, 2))  # horizontal merge: one cell, not two
    table.cell(1, 0).merge(table.cell(2, 0))  # vertical merge: the text once, in row 2
    doc.add_paragraph("表格之后的段落。")
    doc.add_paragraph("制度执行有差距", style="List Number")  # numbering via the style
    _number(doc.add_paragraph("个别支部记录不规范"), ilvl=1)
    custom = doc.styles.add_style("标题 3", WD_STYLE_TYPE.PARAGRAPH)
    doc.add_paragraph("二、存在问题", style=custom)
    path = tmp_path / "report.docx"
    doc.save(path)
    return path


def test_text_keeps_document_order_with_table_in_place(report_docx):
    lines = read(report_docx).text.split("\n")
    assert lines[:4] == ["关于2023年度工作情况的报告", "一、主要成绩", "（一）学习教育", "全年开展集中学习12次。"]
    assert lines[4].startswith("指标\t")
    assert lines[7] == "表格之后的段落。"
    assert lines[-1] == "二、存在问题"


def test_table_rows_are_tab_joined_and_merged_cells_not_repeated(report_docx):
    lines = read(report_docx).text.split("\n")[4:7]
    assert lines[0].split("\t") == ["指标", "目标 完成"]
    assert lines[1].split("\t") == ["培训人次 整改措施", "1500", "1560"]
    assert lines[2].split("\t") == ["", "20", "21"]


def _hints(source):
    return [(source.text[h.start:h.end], h.kind, h.level) for h in source.hints]


def test_layout_hints(report_docx):
    hints = _hints(read(report_docx))
    assert ("关于2023年度工作情况的报告", "title", None) in hints
    assert ("一、主要成绩", "heading", 1) in hints
    assert ("（一）学习教育", "heading", 2) in hints
    assert ("二、存在问题", "heading", 3) in hints
    assert ("制度执行有差距", "numbered", 1) in hints
    assert ("个别支部记录不规范", "numbered", 2) in hints
    table_rows = [text for text, kind, _ in hints if kind == "table"]
    assert len(table_rows) == 3 and table_rows[0].startswith("指标")
    assert not any(text == "全年开展集中学习12次。" for text, _, _ in hints)


def test_content_controls_and_deleted_text(tmp_path):
    doc = docx.Document()
    kept = doc.add_paragraph("保留的文字")
    deleted = OxmlElement("w:del")
    run = copy.deepcopy(kept.runs[0]._r)
    run.find(qn("w:t")).tag = qn("w:delText")
    deleted.append(run)
    kept._p.append(deleted)
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    inner = doc.add_paragraph("控件里的段落")
    content.append(inner._p)  # moves the paragraph into the content control
    sdt.append(content)
    doc.element.body.insert(1, sdt)
    path = tmp_path / "sdt.docx"
    doc.save(path)
    assert read(path).text == "保留的文字\n控件里的段落"


def test_numbering_switched_off_by_num_id_zero(tmp_path):
    doc = docx.Document()
    _number(doc.add_paragraph("不编号", style="List Number"), ilvl=0, num_id=0)
    path = tmp_path / "off.docx"
    doc.save(path)
    assert [h.kind for h in read(path).hints] == []
