"""`nlp-toolkit analyze DIR --excel FILE --html FILE` beside --format/--output, never overwriting without --force."""
from __future__ import annotations

import json
from urllib.parse import quote

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
    assert main(args) == 2 and not out.exists()  # a missing output folder is not created silently
    assert main([*args, "--create-dirs"]) == 0
    assert len(json.loads(data.read_text(encoding="utf-8"))["documents"]) == 2
    assert list(pd.read_excel(xlsx, sheet_name=None, engine="openpyxl")) == list(SHEETS)
    html = page.read_text(encoding="utf-8")
    assert XSS not in html and f'href="{quote("批次_files")}/report-00002.html"' in html
    report = (out / "批次_files" / "report-00002.html").read_text(encoding="utf-8")
    assert XSS not in report and "&lt;script&gt;" in report
    before = {p: p.stat().st_mtime_ns for p in (xlsx, page)}

    capsys.readouterr()
    assert main(["analyze", str(folder), "--excel", str(xlsx)]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["analyze", str(folder), "--html", str(page)]) == 2
    assert {p: p.stat().st_mtime_ns for p in (xlsx, page)} == before
    assert main(["analyze", str(folder), "--html", str(page), "--excel", str(xlsx), "--force"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["批次.html", "批次.json", "批次.xlsx", "批次_files"], \
        "no .part file or folder left"
    pages = sorted(p.name for p in (out / "批次_files").iterdir())
    assert pages == ["report-00001.html", "report-00002.html"]


def test_html_pages_folder_is_not_overwritten_without_force(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT_A, encoding="utf-8")
    pages = tmp_path / "报告_files"
    pages.mkdir()
    (pages / "mine.txt").write_text("不是报告", encoding="utf-8")
    assert main(["analyze", str(folder), "--html", str(tmp_path / "报告.html")]) == 2
    assert "报告_files" in capsys.readouterr().err and (pages / "mine.txt").exists()
    assert not (tmp_path / "报告.html").exists()
    assert main(["analyze", str(folder), "--html", str(tmp_path / "报告.html"), "--force"]) == 0
    assert sorted(p.name for p in pages.iterdir()) == ["report-00001.html"]


def test_refuses_an_input_or_one_file_for_two_outputs(tmp_path, capsys):
    report = tmp_path / "a.txt"
    report.write_text(REPORT_A, encoding="utf-8")
    assert main(["analyze", str(report), "--html", str(report), "--force"]) == 2
    assert report.read_text(encoding="utf-8") == REPORT_A
    same = tmp_path / "same.out"
    assert main(["analyze", str(report), "--html", str(same), "--excel", str(same)]) == 2
    assert not same.exists()


def _jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_jsonl_holds_what_json_holds_one_record_per_line(tmp_path, capsys):
    folder = tmp_path / "批次"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT_A, encoding="utf-8")
    (folder / "b.txt").write_text(REPORT_B, encoding="utf-8")
    (folder / "c.txt").write_bytes(b"\x00\x01\x02" * 50)
    assert main(["analyze", str(folder), "--format", "json"]) == 1
    whole = json.loads(capsys.readouterr().out)
    assert main(["analyze", str(folder), "--format", "jsonl"]) == 1
    records = _jsonl(capsys.readouterr().out)
    by_type: dict[str, list[dict]] = {}
    for record in records:
        by_type.setdefault(record.pop("type"), []).append(record)
    documents = [{k: v for k, v in d.items() if k != "index"} for d in by_type["document"]]
    assert documents == whole["documents"]
    assert [{"path": e["path"], "reason": e["reason"]} for e in by_type["error"]] == whole["errors"]
    assert by_type.get("batch_finding", []) == whole["batch_findings"]
    assert by_type["summary"] == [{"documents": 2, "reports": 2, "versions": 0, "errors": 1, "skipped": 0,
                                   "batch_findings": len(whole["batch_findings"])}]
    assert records[-1] == by_type["summary"][0]


def test_jsonl_to_a_file_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    report = tmp_path / "a.txt"
    report.write_text(REPORT_A, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["analyze", str(report), "--format", "jsonl", "-o", str(out)]) == 0
    assert [r["type"] for r in _jsonl(out.read_text(encoding="utf-8"))] == ["document", "summary"]

    import nlp_toolkit.batch.pipeline as pipeline

    def interrupted(*args, **kwargs):
        kwargs["on_result"](0, pipeline.analyze_file(report))
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "analyze_batch", interrupted)
    second = tmp_path / "second.jsonl"
    try:
        main(["analyze", str(report), "--format", "jsonl", "-o", str(second)])
    except KeyboardInterrupt:
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "out.jsonl"], "no partial file left"


def test_html_under_a_file_is_refused_before_the_analysis(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT_A, encoding="utf-8")
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    assert main(["analyze", str(folder), "--html", str(tmp_path / "a-file" / "out.html")]) == 2
    err = capsys.readouterr().err
    assert "不是文件夹" in err and "a-file" in err and "Traceback" not in err
