"""PDF tables: ruled tables become rows of cells, rows become records keyed by the header row."""
from __future__ import annotations

import pdfplumber
import pytest

from nlp_toolkit.readers import read
from nlp_toolkit.structure import parse

FONT = "STSong-Light"
HEADER = ["序号", "反馈问题", "整改措施", "责任单位", "完成时限"]


def _table_pdf(path, rows, *, before="某县局巡察整改台账", after="以上问题逐项销号。", spans=()):
    """A PDF with a paragraph, one ruled table (header repeated on each page) and a paragraph."""
    from reportlab import rl_config
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    rl_config.invariant = 1
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    body = ParagraphStyle("b", fontName=FONT, fontSize=11, leading=16, wordWrap="CJK")
    cell = ParagraphStyle("c", fontName=FONT, fontSize=9, leading=12, wordWrap="CJK")
    data = [[Paragraph(c, cell) if c else "" for c in row] for row in rows]
    table = Table(data, repeatRows=1, colWidths=[40, 130, 150, 80, 80][:len(rows[0])])
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)] + [("SPAN", a, b) for a, b in spans]
    table.setStyle(TableStyle(style))
    SimpleDocTemplate(str(path)).build([Paragraph(before, body), table, Paragraph(after, body)])
    return path


def _row(i, problem="问题{}：学习研讨不深入", measure="每季度开展专题研讨{}次", owner="办公室", deadline="2025年6月底前"):
    return [str(i), problem.format(i), measure.format(i), owner, deadline]


def _spans_hold(doc):
    for record in doc.records:
        for f in record.fields:
            assert doc.text[f.start:f.end] == f.text


def test_rows_become_records_keyed_by_the_header(tmp_path):
    path = _table_pdf(tmp_path / "t.pdf", [HEADER, _row(1), _row(2, deadline="另行通知")])
    source = read(path)
    doc = parse(source)
    assert [h.kind for h in source.hints] == ["table"] * 3
    assert [r.source for r in doc.records] == ["table", "table"]
    first = {f.kind: f.text for f in doc.records[0].fields}
    assert first["problem"] == "问题1：学习研讨不深入"
    assert first["measure"] == "每季度开展专题研讨1次"
    assert first["owner"] == "办公室" and first["deadline"] == "2025年6月底前"
    assert doc.records[1].first("deadline").reason  # 另行通知 is kept as text, with a reason
    assert doc.records[1].first("deadline").text == "另行通知"
    _spans_hold(doc)
    assert "某县局巡察整改台账" in source.text and "以上问题逐项销号。" in source.text


def test_hundred_rows_over_pages_read_the_header_once(tmp_path):
    path = _table_pdf(tmp_path / "long.pdf", [HEADER] + [_row(i) for i in range(1, 101)])
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) >= 3  # the header is printed on every page
    doc = parse(read(path))
    assert doc.text.count("\t".join(HEADER)) == 1
    assert len(doc.records) == 100
    assert [r.first("problem").text for r in doc.records][-1] == "问题100：学习研讨不深入"
    _spans_hold(doc)


def test_merged_cells_give_what_can_be_read(tmp_path):
    rows = [HEADER, _row(1), _row(2), _row(3)]
    # the owner cell spans rows 1-2, the deadline cell spans columns over row 3
    path = _table_pdf(tmp_path / "merged.pdf", rows, spans=[((3, 1), (3, 2)), ((3, 3), (4, 3))])
    doc = parse(read(path))
    assert len(doc.records) == 3
    assert doc.records[0].first("owner").text == "办公室"
    assert doc.records[1].first("owner") is None  # the covered part of a merge is empty
    assert doc.records[2].first("problem").text == "问题3：学习研讨不深入"
    _spans_hold(doc)


def test_empty_column_and_a_row_without_problem(tmp_path):
    header = ["序号", "反馈问题", "整改措施", "备注", "完成时限"]
    rows = [header, ["1", "调研不深入", "每月走访企业一次", "", "长期坚持"],
            ["2", "", "修订议事规则", "", "2025年3月底前"]]
    doc = parse(read(_table_pdf(tmp_path / "empty.pdf", rows)))
    assert len(doc.records) == 2
    assert doc.records[1].first("problem") is None
    assert doc.records[1].first("measure").text == "修订议事规则"
    assert all(f.kind != "other" or f.text for r in doc.records for f in r.fields)


def test_unruled_text_stays_prose(tmp_path):
    from reportlab.pdfgen import canvas

    from reader_helpers import GENERATOR

    GENERATOR._register_font()
    c = canvas.Canvas(str(tmp_path / "plain.pdf"), invariant=1)
    c.setFont(FONT, 12)
    c.drawString(72, 760, "一、存在问题")
    c.drawString(72, 740, "问题表现：学习不深入。整改措施：每月学习一次。")
    c.showPage()
    c.save()
    source = read(tmp_path / "plain.pdf")
    assert source.hints == [] and "\t" not in source.text


def test_a_failing_table_finder_leaves_the_page_as_text(tmp_path, monkeypatch):
    path = _table_pdf(tmp_path / "t.pdf", [HEADER, _row(1)])

    def broken(self, *args, **kwargs):
        raise ValueError("bad drawing")

    monkeypatch.setattr(pdfplumber.page.Page, "find_tables", broken)
    source = read(path)
    assert source.hints == []
    assert "问题1：学习研讨不深入" in source.text.replace("\n", "")


@pytest.mark.parametrize("cells", [["序号", "反馈问题"], ["", ""]])
def test_small_or_empty_tables_never_fail(tmp_path, cells):
    path = _table_pdf(tmp_path / "small.pdf", [cells, ["1", "内容"]])
    doc = parse(read(path))
    assert "内容" in doc.text


def test_pdf_rows_are_problems_and_commitments(tmp_path):
    from nlp_toolkit.batch.pipeline import analyze_source

    path = _table_pdf(tmp_path / "t.pdf", [HEADER, _row(1), _row(2, owner="机关党委", deadline="另行通知")])
    doc = analyze_source(read(path), classify=False)
    assert [p.text for p in doc.problems] == ["问题1：学习研讨不深入", "问题2：学习研讨不深入"]
    assert [(c.text, c.owner, c.deadline) for c in doc.commitments] == [
        ("每季度开展专题研讨1次", "办公室", "2025年6月底前"), ("每季度开展专题研讨2次", "机关党委", "另行通知")]
    assert [c.measurable for c in doc.commitments] == [True, False]
    assert not [f for f in doc.findings if f.code == "STR002"]  # table cells are no truncated sentences


def test_a_title_row_across_all_columns_above_the_header(tmp_path):
    rows = [["某局巡察整改台账", "", "", "", ""], HEADER, _row(1), _row(2)]
    path = _table_pdf(tmp_path / "title.pdf", rows, spans=[((0, 0), (4, 0))])
    doc = parse(read(path))
    assert [r.first("problem").text for r in doc.records] == ["问题1：学习研讨不深入", "问题2：学习研讨不深入"]
    assert "某局巡察整改台账" in doc.text
