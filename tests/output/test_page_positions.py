"""Page numbers in the outputs of a paged document (PDF, OFD): JSON `page`, lint `第N页:line:col`."""
from __future__ import annotations

import json

import pytest
from output_samples import REPORT_A

import nlp_toolkit
from nlp_toolkit.cli import main
from nlp_toolkit.model import Batch
from nlp_toolkit.output import lint
from nlp_toolkit.output.json import document_dict

BREAK = "二、存在问题"  # REPORT_A's second page starts here


def _paged(text: str = REPORT_A):
    doc = nlp_toolkit.analyze(text)
    doc.path = "a.pdf"
    doc.pages = [0, doc.text.index(BREAK)]
    return doc


def _expected_page(doc, start: int) -> int:
    return 1 if start < doc.text.index(BREAK) else 2


def test_json_spans_carry_their_page():
    doc = _paged()
    data = document_dict(doc)
    assert data["pages"] == doc.pages
    spans = [s for key in ("metrics", "problems", "commitments", "findings") for s in data[key]]
    assert data["findings"] and data["problems"]
    assert {s["page"] for s in spans} == {1, 2}
    assert all(s["page"] == _expected_page(doc, s["start"]) for s in spans)


def test_unpaged_document_json_has_no_page_keys():
    data = document_dict(nlp_toolkit.analyze(REPORT_A))
    assert "pages" not in data
    spans = [s for key in ("metrics", "problems", "commitments", "findings") for s in data[key]]
    assert spans and not any("page" in s for s in spans)


def test_lint_text_counts_line_and_column_within_the_page():
    doc = _paged()
    top = doc.pages[1]
    assert lint.position(doc, top) == "第2页:1:1"
    second = doc.text.index("\n", top) + 1
    assert lint.position(doc, second + 3) == "第2页:2:4"
    assert lint.position(doc, 2) == "第1页:1:3"
    plain = nlp_toolkit.analyze(REPORT_A)
    assert lint.position(plain, second + 3) == "{}:4".format(REPORT_A.count("\n", 0, second) + 1)


def test_page_starting_mid_line_counts_columns_from_the_page_top():
    doc = _paged()
    mid = doc.text.index("全局86名党员")
    doc.pages = [0, mid]
    assert lint.position(doc, mid + 2) == "第2页:1:3"


def test_lint_renderers_on_a_paged_batch():
    doc = _paged()
    batch = Batch(documents=[doc])
    found = {doc.path: doc.findings}
    lines = [ln for ln in lint.render_text(batch, found).splitlines() if ln.startswith("a.pdf:")]
    assert len(lines) == len(doc.findings)
    for line, f in zip(lines, doc.findings):
        assert line.startswith(f"a.pdf:第{_expected_page(doc, f.start)}页:")
    rows = json.loads(lint.render_json(batch, found))["findings"]
    assert [r["page"] for r in rows] == [_expected_page(doc, f.start) for f in doc.findings]


@pytest.fixture
def two_page_pdf(tmp_path):
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    lines = [ln for ln in REPORT_A.splitlines() if ln.strip()]
    cut = lines.index(BREAK)
    c = canvas.Canvas(str(tmp_path / "a.pdf"), invariant=1)
    for page in (lines[:cut], lines[cut:]):
        c.setFont("STSong-Light", 12)
        for i, text in enumerate(page):
            c.drawString(72, 760 - 24 * i, text)
        c.showPage()
    c.save()
    return tmp_path / "a.pdf"


def test_check_a_pdf_shows_pages(two_page_pdf, capsys):
    main(["check", "--format", "json", "--exit-zero", str(two_page_pdf)])
    rows = json.loads(capsys.readouterr().out)["findings"]
    assert rows and 2 in {r["page"] for r in rows}
    main(["check", "--exit-zero", str(two_page_pdf)])
    out = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith(str(two_page_pdf))]
    assert [ln.split(":")[1] for ln in out] == [f"第{r['page']}页" for r in rows]


def test_archived_analysis_with_pages_rebuilds():
    import zlib

    from nlp_toolkit.archive.store import rebuild_document

    doc = _paged()
    blob = zlib.compress(json.dumps(document_dict(doc), ensure_ascii=False).encode("utf-8"))
    row = {"analysis": blob, "text": doc.text, "path": doc.path, "format": "pdf", "encoding": None,
           "title": doc.title, "unit": doc.unit, "year": doc.year}
    back = rebuild_document(row)
    assert back.pages == doc.pages
    assert [f.start for f in back.findings] == [f.start for f in doc.findings]
    assert document_dict(back)["findings"] == document_dict(doc)["findings"]


def test_workbook_and_frames_have_a_page_column(tmp_path):
    import pandas as pd

    from nlp_toolkit.output.excel import write_workbook
    from nlp_toolkit.output.frames import findings_frame, problems_frame

    doc, plain = _paged(), nlp_toolkit.analyze(REPORT_A)
    plain.path = "b.txt"
    frame = problems_frame(doc, english=True)
    assert list(frame["page"]) == [_expected_page(doc, s) for s in frame["start"]]
    assert findings_frame(plain, english=True)["page"].isna().all()
    path = tmp_path / "out.xlsx"
    write_workbook(Batch(documents=[doc, plain]), path)
    sheet = pd.read_excel(path, sheet_name="问题", engine="openpyxl")
    pdf_rows = sheet[sheet["文件名"] == "a.pdf"]
    assert list(pdf_rows["页码"]) == [_expected_page(doc, p.start) for p in doc.problems]
    assert sheet[sheet["文件名"] == "b.txt"]["页码"].isna().all()
    findings = pd.read_excel(path, sheet_name="质量提示", engine="openpyxl")
    assert set(findings[findings["文件名"] == "a.pdf"]["页码"]) <= {1, 2}


def test_grouped_and_json_lines_outputs_give_pages():
    doc = _paged()
    batch = Batch(documents=[doc])
    found = {doc.path: doc.findings}
    grouped = [ln for ln in lint.render_grouped(batch, found).splitlines() if ln.startswith("  第")]
    assert [ln.split(":")[0].strip() for ln in grouped] == [f"第{_expected_page(doc, f.start)}页" for f in doc.findings]
    rows = [json.loads(ln) for ln in lint.render_json_lines(batch, found).splitlines()]
    assert [r["page"] for r in rows] == [_expected_page(doc, f.start) for f in doc.findings]
