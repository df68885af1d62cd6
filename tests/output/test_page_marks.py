"""Issue 16: a page read by OCR is marked beside its page number in Excel and HTML, and the
scanned pages left unread (no OCR extra) are named in both."""
from __future__ import annotations

import re

import pytest

from nlp_toolkit.batch.pipeline import analyze_source
from nlp_toolkit.model import Batch
from nlp_toolkit.output.pages import page_cell, page_label
from nlp_toolkit.readers import read_text

PAGE_1 = ("*县城关街道2024年工作总结\n\n一、主要工作\n"
          "今年以来，街道利用边角地块新建停车场3处、新增泊位420个，推行错时共享停车。\n")
PAGE_3 = ("二、存在问题\n一是统筹推进力度还不够；二是精细化管理水平有待提高。\n"
          "三、下一步打算\n完成加装电梯21部，由XX科负责，于XX月底前完成。\n")


def _doc(*, ocr_pages=(3,), unread_pages=(2,)):
    """Page 1 from a text layer, page 2 a scan left unread (no text: it starts where page 3
    does), page 3 recognised by OCR."""
    source = read_text(PAGE_1 + PAGE_3, path="混合.pdf")
    source.format = "pdf"
    source.pages = [0, len(PAGE_1), len(PAGE_1)]
    source.ocr, source.ocr_pages, source.unread_pages = bool(ocr_pages), list(ocr_pages), list(unread_pages)
    return analyze_source(source)


@pytest.fixture(scope="module")
def doc():
    return _doc()


def test_page_cells_and_labels(doc):
    assert page_cell(doc, 5) == 1
    assert page_cell(doc, len(PAGE_1) + 3) == "第3页（OCR）"
    assert page_label(doc, 2) == "第 2 页（扫描页，未读取）" and page_label(doc, 3) == "第 3 页（OCR）"
    text_only = _doc(ocr_pages=(), unread_pages=())
    assert page_cell(text_only, len(PAGE_1) + 3) == 3 and page_label(text_only, 3) == "第 3 页"


def test_a_photo_without_pages_is_marked_as_recognised():
    source = read_text(PAGE_1 + PAGE_3, path="照片.jpg")
    source.ocr = True
    photo = analyze_source(source)
    assert page_cell(photo, 5) == "图片（OCR）"


def test_workbook_marks_ocr_pages_and_names_unread_ones(doc):
    from nlp_toolkit.output.excel import sheet_tables

    tables = sheet_tables(Batch(documents=[doc]))
    columns, rows = tables["数据"]
    pages = {dict(zip(columns, r))["原文"]: dict(zip(columns, r))["页码"] for r in rows}
    assert pages["3处"] == 1 and pages["21部"] == "第3页（OCR）"
    columns, rows = tables["质量提示"]
    on_page_3 = [dict(zip(columns, r)) for r in rows if dict(zip(columns, r))["起"] >= len(PAGE_1)]
    assert on_page_3 and all(r["页码"] == "第3页（OCR）" for r in on_page_3)
    columns, rows = tables["材料"]
    material = dict(zip(columns, rows[0]))
    assert material["文字识别（OCR）页"] == "第3页" and material["未读页"].startswith("第2页（扫描页")


def test_html_marks_ocr_pages_and_unread_pages(doc):
    from nlp_toolkit.output.html import batch_html, document_html

    page = batch_html(Batch(documents=[doc]))
    assert 'class="page-no ocr" data-p="第 3 页（OCR）"' in page
    assert 'class="page-no unread" data-p="第 2 页（扫描页，未读取）"' in page
    assert page.index("第 2 页（扫描页") < page.index("第 3 页（OCR）")  # in page order, where page 3 begins
    assert 'data-p="第 1 页"' in page and "未读页：第2页" in page and "文字识别（OCR）页：第3页" in page
    badges = re.findall(r"<td>(\d*)<span class=\"ocr-badge\"", page)
    assert badges and set(badges) == {"3"}  # the findings on page 3, not those on page 1
    assert 'data-p="第 3 页（OCR）"' in document_html(doc)


def test_an_unread_last_page_is_still_shown():
    source = read_text(PAGE_1 + PAGE_3, path="末页未读.pdf")
    source.format, source.pages, source.unread_pages = "pdf", [0, len(PAGE_1 + PAGE_3)], [2]
    from nlp_toolkit.output.html import batch_html

    page = batch_html(Batch(documents=[analyze_source(source)]))
    assert 'data-p="第 2 页（扫描页，未读取）"' in page


def test_a_scanned_version_is_listed_with_its_ocr_and_unread_pages():
    from nlp_toolkit.batch.submissions import group_submissions
    from nlp_toolkit.output.excel import sheet_tables

    text = analyze_source(read_text(PAGE_1 + PAGE_3, path="报告.txt"))
    scan = _doc()
    batch = Batch(documents=[text, scan], submissions=group_submissions([text, scan]))
    assert scan.version_of == "报告.txt"
    columns, rows = sheet_tables(batch)["版本"]
    listed = {r["文件名"]: r for r in (dict(zip(columns, row)) for row in rows)}
    assert listed["混合.pdf"]["文字识别（OCR）页"] == "第3页" and listed["混合.pdf"]["未读页"].startswith("第2页")
    assert listed["报告.txt"]["文字识别（OCR）页"] is None and listed["报告.txt"]["未读页"] is None
