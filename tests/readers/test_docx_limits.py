"""Issue 20: a DOCX whose XML is huge but compresses under the bomb ratio is refused by the bytes
actually inflated, before python-docx parses it; text only in Word text boxes is read (once)."""
from __future__ import annotations

import zipfile

import pytest

from nlp_toolkit.readers import ReadError, limits, read
from nlp_toolkit.readers.limits import Limits
from script_loader import load_script

HOSTILE = load_script("make_hostile_inputs")


def test_xml_heavy_docx_is_refused_by_bytes_read(tmp_path, monkeypatch):
    path = tmp_path / "heavy.docx"
    HOSTILE.docx_xml_heavy(path, xml_mb=6)
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("word/document.xml")
    small = Limits(max_size_mb=1, max_docx_xml_mb=4)
    assert info.file_size / info.compress_size < small.max_zip_ratio  # no ratio check would catch it
    assert info.file_size < small.max_unzipped_bytes  # nor the total
    parsed = []
    import docx

    monkeypatch.setattr(docx, "Document", lambda *a, **k: parsed.append(1))
    monkeypatch.setattr(limits, "current", lambda mb=None: small)
    with pytest.raises(ReadError) as info_:
        read(path)
    assert "word/document.xml 过大（解压后超过 4 MB" in info_.value.reason
    assert parsed == []
    path.unlink()


def test_xml_under_the_limit_is_read(tmp_path, monkeypatch):
    path = tmp_path / "fine.docx"
    HOSTILE.docx_xml_heavy(path, xml_mb=1)
    monkeypatch.setattr(limits, "current", lambda mb=None: Limits(max_size_mb=5, max_docx_xml_mb=4))
    assert "0：" in read(path).text


def test_text_only_in_text_boxes_is_read_once(tmp_path):
    path = tmp_path / "boxes.docx"
    HOSTILE.docx_text_boxes(path)
    lines = [line for line in read(path).text.splitlines() if line.strip()]
    expected = HOSTILE._report_lines()[:25]
    assert lines == expected  # in order, and the VML fallback copy not read a second time
