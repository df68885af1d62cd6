"""`nlp-toolkit analyze DIR --excel FILE --html FILE` beside --format/--output, never overwriting without --force."""
from __future__ import annotations

import json

import pandas as pd
from output_samples import REPORT_A, REPORT_B, XSS

from nlp_toolkit.cli import main
from nlp_toolkit.output.excel import SHEETS


def test_analyze_writes_workbook_page_and_json(tmp_path, capsys):
    folder = tmp_path / "报送 材料"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT_A, encoding="utf-8")
    (folder / "b.txt").write_text(REPORT_B.replace("强化组织领导", XSS), encoding="utf-8")
    out = tmp_path / "out"
    xlsx, page, data = out / "批次.xlsx", out / "批次.html", out / "批次.json"
    args = ["analyze", str(folder), "--excel", str(xlsx), "--html", str(page), "--format", "json", "-o", str(data)]
    assert main(args) == 0
    assert len(json.loads(data.read_text(encoding="utf-8"))["documents"]) == 2
    assert list(pd.read_excel(xlsx, sheet_name=None, engine="openpyxl")) == list(SHEETS)
    html = page.read_text(encoding="utf-8")
    assert XSS not in html and "&lt;script&gt;" in html
    before = {p: p.stat().st_mtime_ns for p in (xlsx, page)}

    capsys.readouterr()
    assert main(["analyze", str(folder), "--excel", str(xlsx)]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["analyze", str(folder), "--html", str(page)]) == 2
    assert {p: p.stat().st_mtime_ns for p in (xlsx, page)} == before
    assert main(["analyze", str(folder), "--html", str(page), "--excel", str(xlsx), "--force"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["批次.html", "批次.json", "批次.xlsx"], "no .part file left"


def test_refuses_an_input_or_one_file_for_two_outputs(tmp_path, capsys):
    report = tmp_path / "a.txt"
    report.write_text(REPORT_A, encoding="utf-8")
    assert main(["analyze", str(report), "--html", str(report), "--force"]) == 2
    assert report.read_text(encoding="utf-8") == REPORT_A
    same = tmp_path / "same.out"
    assert main(["analyze", str(report), "--html", str(same), "--excel", str(same)]) == 2
    assert not same.exists()
