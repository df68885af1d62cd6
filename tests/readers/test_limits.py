"""Bounds the readers keep: size limits, zip and entity bombs, PDF pages and time, odd files."""
from __future__ import annotations

import io
import os
import zipfile

import docx
import pytest

from nlp_toolkit.readers import ReadError, limits, read
from nlp_toolkit.readers.docx import check_package
from nlp_toolkit.readers.limits import Limits
from reader_helpers import GENERATOR

REPORT = "某县2024年工作总结\n一、主要做法\n全年培训党员干部1200人次。\n"


def _docx(text: str = "正文") -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _with_part(data: bytes, name: str, body: bytes, level: int = 9) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, body if info.filename == name else src.read(info.filename))
        if name not in src.namelist():
            dst.writestr(name, body)
    return buf.getvalue()


@pytest.fixture(autouse=True)
def _default_limits():
    limits.set_max_size(None)
    yield
    limits.set_max_size(None)


def test_text_file_over_the_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(REPORT * 100, encoding="utf-8")
    with pytest.raises(ReadError) as info:
        read(path, max_size_mb=0.001)
    assert "文本文件过大" in info.value.reason and "--max-size" in info.value.reason
    assert read(path, max_size_mb=1).text.startswith("某县")


def test_set_max_size_reaches_the_environment(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(REPORT * 100, encoding="utf-8")
    limits.set_max_size(0.001)
    assert os.environ[limits.ENV_VAR] == "0.001"
    with pytest.raises(ReadError):
        read(path)
    limits.set_max_size(None)
    assert limits.ENV_VAR not in os.environ
    assert read(path).format == "txt"


def test_limits_scale_with_max_size():
    assert Limits().max_text_bytes == 20 * limits.MB
    assert Limits().max_file_bytes == 50 * limits.MB
    assert Limits(max_size_mb=100).max_file_bytes == 250 * limits.MB


def test_docx_text_over_the_limit(tmp_path):
    path = tmp_path / "big.docx"
    path.write_bytes(_docx(REPORT * 20))
    with pytest.raises(ReadError) as info:
        read(path, max_size_mb=0.001)
    assert "DOCX 中的文字过大" in info.value.reason
    assert read(path, max_size_mb=1).format == "docx"


class _TinyPackage(Limits):
    max_unzipped_bytes = 1024  # overrides the property: any real package is "too large"


def test_zip_bomb_by_total_size():
    with pytest.raises(ReadError) as info:
        check_package(_docx(), "x.docx", _TinyPackage())
    assert "压缩炸弹" in info.value.reason and "上限 1 KB" in info.value.reason


def test_zip_bomb_by_ratio(tmp_path):
    body = b"<w:document>" + b" " * (12 * limits.MB) + b"</w:document>"
    path = tmp_path / "bomb.docx"
    path.write_bytes(_with_part(_docx(), "word/document.xml", body))
    with pytest.raises(ReadError) as info:
        read(path)
    assert "压缩炸弹" in info.value.reason and "压缩比" in info.value.reason


def test_too_many_parts():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
        for i in range(20):
            zf.writestr(f"junk/{i}", "")
    with pytest.raises(ReadError) as info:
        check_package(buf.getvalue(), "x.docx", Limits(max_zip_members=10))
    assert "21 个部件" in info.value.reason


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_entity_bomb_refused(tmp_path, encoding):
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    body = (f'<?xml version="1.0" encoding="{encoding.upper()}"?><!DOCTYPE w:document [{entities}]>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
            '<w:t>&i;</w:t></w:r></w:p></w:body></w:document>').encode(encoding)
    path = tmp_path / "laughs.docx"
    path.write_bytes(_with_part(_docx(), "word/document.xml", body))
    with pytest.raises(ReadError) as info:
        read(path)
    assert "实体炸弹" in info.value.reason


def test_external_entity_in_another_part_refused(tmp_path):
    body = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>'
    path = tmp_path / "xxe.docx"
    path.write_bytes(_with_part(_docx(), "word/settings.xml", body))
    with pytest.raises(ReadError) as info:
        read(path)
    assert "实体炸弹" in info.value.reason


def _pdf(tmp_path, pages: int):
    lines = ["某县工作总结", "一、主要做法", "全年培训党员干部1200人次。"]
    path = tmp_path / "a.pdf"
    GENERATOR.write_pdf(lines * pages, GENERATOR.classify(lines * pages), path)
    return path


def test_pdf_page_limit(tmp_path, monkeypatch):
    path = _pdf(tmp_path, 1)
    monkeypatch.setattr(limits, "current", lambda mb=None: Limits(max_pdf_pages=0))
    with pytest.raises(ReadError) as info:
        read(path)
    assert "PDF 页数过多" in info.value.reason


def test_pdf_time_limit(tmp_path, monkeypatch):
    path = _pdf(tmp_path, 1)
    monkeypatch.setattr(limits, "current", lambda mb=None: Limits(pdf_seconds=-1))
    with pytest.raises(ReadError) as info:
        read(path)
    assert "PDF 解析超时" in info.value.reason


def test_pdf_text_limit(tmp_path):
    path = _pdf(tmp_path, 1)
    with pytest.raises(ReadError) as info:
        read(path, max_size_mb=0.00001)
    assert "PDF 中的文字过大" in info.value.reason


def test_symlink_loop_and_dangling_link(tmp_path):
    os.symlink("b.txt", tmp_path / "a.txt")
    os.symlink("a.txt", tmp_path / "b.txt")
    os.symlink("missing.txt", tmp_path / "c.txt")
    with pytest.raises(ReadError) as info:
        read(tmp_path / "a.txt")
    assert "符号链接循环" in info.value.reason
    with pytest.raises(ReadError) as info:
        read(tmp_path / "c.txt")
    assert info.value.reason == "符号链接指向的文件不存在"


def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ReadError) as info:
        read(fifo)
    assert "不是普通文件" in info.value.reason


def test_mixed_encodings_read_line_by_line(tmp_path):
    lines = ["某县2024年工作总结", "一、主要做法", "全年培训党员干部1200人次。", "二、存在问题", "理论学习不够深入。"]
    data = b"\n".join(ln.encode("utf-8") if i % 2 else ln.encode("gbk") for i, ln in enumerate(lines))
    path = tmp_path / "mixed.txt"
    path.write_bytes(data)
    source = read(path)
    assert source.text.split("\n") == lines
    assert source.encoding == "utf-8+gb18030"


def test_pure_gbk_is_not_mixed(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("某县2024年工作总结\n一、主要做法\n全年培训党员干部1200人次。\n".encode("gbk"))
    assert read(path).encoding == "gb18030"


def test_control_and_zero_width_characters_are_kept(tmp_path):
    text = "某县\u200b工作总结\n一、\ufeff主要做法\n全年\x07培训\u202e党员1200人次。\x1b[0m\n" + REPORT * 3
    path = tmp_path / "odd.txt"
    path.write_text(text, encoding="utf-8")
    assert read(path).text == text


def test_mostly_control_characters_is_binary(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_text("正文" + "\x07\x1b" * 20, encoding="utf-8")
    with pytest.raises(ReadError) as info:
        read(path)
    assert "二进制" in info.value.reason
