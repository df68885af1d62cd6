"""`read` picks the reader by content, not only by suffix."""
from __future__ import annotations

import shutil

import docx
import pytest

from nlp_toolkit.readers import read, sniff
from reader_helpers import FIXTURE_FILES, GENERATOR


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    out = tmp_path_factory.mktemp("sniff")
    lines = ["某某街道工作总结", "一、基本情况", "全年完成各项任务。"]
    kinds = GENERATOR.classify(lines)
    GENERATOR.write_pdf(lines, kinds, out / "real.pdf")
    GENERATOR.write_docx(lines, kinds, out / "real.docx")
    return out


@pytest.mark.parametrize(
    ("real", "name", "fmt"),
    [
        ("real.pdf", "report.txt", "pdf"),
        ("real.pdf", "report.docx", "pdf"),
        ("real.pdf", "report", "pdf"),
        ("real.docx", "report.txt", "docx"),
        ("real.docx", "report.pdf", "docx"),
        ("real.docx", "report.zip", "docx"),
    ],
)
def test_format_follows_content(samples, tmp_path, real, name, fmt):
    target = tmp_path / name
    shutil.copy(samples / real, target)
    source = read(target)
    assert source.format == fmt
    assert source.text.split("\n")[1] == "一、基本情况"
    assert source.path == str(target)


def test_text_with_other_suffix_is_text(tmp_path):
    path = tmp_path / "report.md"
    path.write_text("一、基本情况\n全年完成各项任务。", encoding="utf-8")
    assert read(path).format == "txt"


def test_sniff_names():
    assert sniff(b"%PDF-1.7\n") == "pdf"
    assert sniff(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(100)) == "ole"
    assert sniff(b"PK\x03\x04not really a zip") == "zip"
    assert sniff("一、基本情况".encode("utf-8")) == "txt"


def test_read_accepts_str_paths():
    path = FIXTURE_FILES / "report_b.txt"
    assert read(str(path)).text.startswith("某某街道2023年工作总结\n")


def test_docx_from_python_docx_defaults(tmp_path):
    doc = docx.Document()
    doc.add_paragraph("只有一段")
    doc.save(tmp_path / "a.docx")
    assert read(tmp_path / "a.docx").text == "只有一段"
