"""Mixed PDFs: text pages read from the text layer, scanned pages OCR'd and merged in page order
(issue 16); without the OCR extra the scanned pages are named in a warning."""
from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

from nlp_toolkit.readers import ReadError, ocr, pdf, read
from nlp_toolkit.readers.limits import Limits
from nlp_toolkit.readers.pdf_lines import PageLine
from script_loader import load_script
from test_ocr_reader import needs_ocr

ROOT = Path(__file__).resolve().parents[2]
MIXED = ROOT / "tests" / "fixtures" / "files" / "mixed" / "16_county_library_annual_summary.pdf"
TEXT_TWIN = ROOT / "corpora" / "demo" / "pdf" / MIXED.name


def _lines(*texts):
    return [PageLine(text=t, x0=0, x1=100, top=10.0 * i, bottom=10.0 * i + 9, size=9, page=0,
                      page_width=600, trailing_space=False, first_unit=9) for i, t in enumerate(texts)]


def test_a_scanned_page_is_an_image_over_the_page_with_next_to_no_text():
    pages = [_lines("正文" * 30), _lines("- 2 -"), [], _lines("正文" * 30)]
    assert pdf.scanned_pages(pages, [False, True, False, True]) == [1]  # blank page 2, picture page 3: not scans


def test_the_fixture_script_writes_text_then_scan():
    data = load_script("make_mixed_pdf").mixed_pdf(TEXT_TWIN.read_bytes(), scanned={1})
    pages, covered = pdf._extract_pages(data, "mixed.pdf", Limits())
    assert covered == [False, True] and pdf.scanned_pages(pages, covered) == [1]


def test_a_text_pdf_is_not_mixed():
    source = read(TEXT_TWIN)
    assert not source.ocr and source.ocr_pages == [] and source.unread_pages == []


@needs_ocr
def test_scanned_pages_are_recognised_and_merged_in_page_order():
    source, twin = read(MIXED), read(TEXT_TWIN)
    assert source.ocr and source.ocr_pages == [2] and source.unread_pages == []
    assert len(source.pages) == 2 and source.pages[1] > 0
    assert {line.page for line in source.ocr_lines} == {2}
    assert all(line.start >= source.pages[1] for line in source.ocr_lines)
    assert source.text[:source.pages[1]] == twin.text[:twin.pages[1]]  # page 1 from its text layer
    assert difflib.SequenceMatcher(None, source.text, twin.text).ratio() > 0.97
    assert "县图书馆2024年工作总结" not in source.text[source.pages[1]:]  # the running header dropped on the scan too


@needs_ocr
def test_ocr_of_the_scanned_pages_keeps_the_time_limit():
    pages, _ = pdf._extract_pages(MIXED.read_bytes(), str(MIXED), Limits())
    with pytest.raises(ReadError) as err:  # the scanned page listed twice: two pages to recognise
        ocr.read_mixed_pdf(MIXED.read_bytes(), str(MIXED), pages, [1, 1], limits=Limits(ocr_seconds=0))
    assert "超时" in err.value.reason and "1/2 页" in err.value.reason


def test_without_the_extra_the_scanned_pages_are_named(monkeypatch):
    from nlp_toolkit.output.json import document_dict
    from nlp_toolkit.output.table import _document
    from nlp_toolkit.structure import parse

    monkeypatch.setattr(ocr, "available", lambda: False)
    source, twin = read(MIXED), read(TEXT_TWIN)
    assert not source.ocr and source.unread_pages == [2] and source.ocr_pages == []
    assert source.text == twin.text[:twin.pages[1]].rstrip("\n")  # page 1 only
    doc = parse(source)
    out = json.loads(json.dumps(document_dict(doc), ensure_ascii=False))
    assert out["unread_pages"] == [2] and "第 2 页" in out["warnings"][0] and "nlp-toolkit[ocr]" in out["warnings"][0]
    assert "第 2 页为扫描页" in _document(doc)


def test_the_cli_names_the_unread_pages_on_stderr(monkeypatch, capsys):
    from nlp_toolkit import cli

    monkeypatch.setattr(ocr, "available", lambda: False)
    code = cli.main(["check", str(MIXED)])
    err = capsys.readouterr().err
    assert code in (0, 1) and "部分未读" in err and "第 2 页为扫描页" in err and MIXED.name in err
