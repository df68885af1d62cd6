"""A file name that is not UTF-8 is carried safely and written with a visible escape."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from nlp_toolkit.cli import main
from nlp_toolkit.output.files import visible

DEMO = Path(__file__).resolve().parents[2] / "corpora" / "demo" / "txt"


def test_visible_escapes_only_lone_surrogates():
    assert visible("报告\udcb9\udca4.txt") == "报告\\xb9\\xa4.txt"
    assert visible("a\ud800b") == "a\\ud800b"
    assert visible("普通名称.txt") == "普通名称.txt"


@pytest.fixture
def gbk_named(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsencode(folder) + b"/" + "工作总结".encode("gbk") + b".txt"
    Path(os.fsdecode(name)).write_bytes(sorted(DEMO.glob("*.txt"))[0].read_bytes())
    return folder


@pytest.mark.parametrize("fmt", ["json", "jsonl", "table"])
def test_every_output_format_writes_the_name_escaped(gbk_named, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    assert main(["analyze", str(gbk_named), "--format", fmt, "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        text = json.loads(text)["documents"][0]["path"]
    elif fmt == "jsonl":
        text = next(r for r in map(json.loads, text.splitlines()) if r["type"] == "document")["path"]
    assert "\\xb9\\xa4" in text


def test_html_report_writes_the_name_escaped(gbk_named, tmp_path):
    out = tmp_path / "out.html"
    assert main(["analyze", str(gbk_named), "--format", "json", "-o", str(tmp_path / "o.json"),
                 "--html", str(out)]) == 0
    assert "\\xb9\\xa4" in out.read_text(encoding="utf-8")


def test_workbook_writes_the_name_escaped(gbk_named, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "out.xlsx"
    assert main(["analyze", str(gbk_named), "--format", "json", "-o", str(tmp_path / "o.json"),
                 "--excel", str(out)]) == 0
    cells = [c for ws in openpyxl.load_workbook(out) for row in ws.iter_rows(values_only=True) for c in row]
    assert any(isinstance(c, str) and "\\xb9\\xa4" in c for c in cells)


def test_archive_stores_the_name_escaped_and_reads_the_analysis_back(gbk_named, tmp_path, capsys):
    from nlp_toolkit.archive.store import Archive

    db = tmp_path / "archive.sqlite"
    args = ["analyze", str(gbk_named), "--format", "json", "-o", str(tmp_path / "o.json"), "--archive", str(db)]
    assert main(args) == 0
    assert main(args + ["--force"]) == 0  # a re-run finds the stored document by its (escaped) name
    with Archive.open(db) as archive:
        batches = archive.batches()
        assert len(batches) == 1
        shown = archive.batch(batches[0]["id"])
        stored = archive.document(shown["documents"][0]["id"])
    paths = [d["path"] for d in shown["documents"]]
    assert len(paths) == 1 and "\\xb9\\xa4" in paths[0] and "\udcb9" not in paths[0]
    assert "\\xb9\\xa4" in stored.path  # the stored analysis reads back with the same escape
    assert main(["archive", "show", str(db), str(batches[0]["id"])]) == 0
    assert "\\xb9\\xa4" in capsys.readouterr().out
