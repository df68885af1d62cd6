"""Every unreadable input raises ReadError with a Chinese reason naming the problem."""
from __future__ import annotations

import io
import os
import zipfile

import docx
import pytest
from reportlab.pdfgen import canvas

from nlp_toolkit.readers import ReadError, read
from reader_helpers import GENERATOR

OLE = bytes.fromhex("D0CF11E0A1B11AE1")


def _docx_bytes() -> bytes:
    doc = docx.Document()
    doc.add_paragraph("正文")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _pdf_bytes(draw, **kwargs) -> bytes:
    GENERATOR._register_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1, **kwargs)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def _text(c):
    c.setFont("STSong-Light", 12)
    c.drawString(72, 700, "加密的报告正文")


def _scan(c):  # what a scanner produces: pictures, no text layer
    c.rect(72, 72, 400, 600, fill=1)
    c.drawInlineImage(_tiny_image(), 100, 100, 50, 50)


def _tiny_image():
    from PIL import Image

    return Image.new("RGB", (8, 8), "gray")


def _zip_without_document() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    return buf.getvalue()


def _broken_document_xml() -> bytes:
    src = zipfile.ZipFile(io.BytesIO(_docx_bytes()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, b"<w:document" if info.filename == "word/document.xml" else data)
    return buf.getvalue()


CASES = {
    "empty.txt": (b"", "文件为空"),
    "blank.txt": (" \n\r\n\t".encode(), "没有文字内容"),
    "binary.txt": (os.urandom(64).replace(b"\x00", b"") + b"\x00\x00" + bytes(range(1, 30)), "二进制"),
    "truncated.docx": (_docx_bytes()[:300], "DOCX 文件已损坏"),
    "not-a-zip.docx": ("这不是一个 Word 文件".encode(), "DOCX 文件已损坏"),
    "zip-without-document.docx": (_zip_without_document(), "DOCX 文件已损坏"),
    "broken-xml.docx": (_broken_document_xml(), "DOCX 文件已损坏"),
    "encrypted.docx": (OLE + bytes(504) + "EncryptedPackage".encode("utf-16-le"), "已加密"),
    "bare-ole.docx": (OLE + bytes(1000), "已加密"),
    "legacy.doc": (OLE + bytes(504) + "WordDocument".encode("utf-16-le"), "旧版 Word"),
    "encrypted.pdf": (_pdf_bytes(_text, encrypt="secret"), "PDF 已加密"),
    "scanned.pdf": (_pdf_bytes(_scan), "没有文本层"),
    "corrupt.pdf": (b"%PDF-1.4\n1 0 obj garbage \x00\x01 trailer", "PDF 文件已损坏"),
    "truncated.pdf": (_pdf_bytes(_text)[:700], "PDF 文件已损坏"),
    "no-header.pdf": ("不是 PDF".encode(), "PDF 文件已损坏"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_raises_read_error(tmp_path, name):
    data, expected = CASES[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError) as info:
        read(path)
    assert expected in info.value.reason
    assert info.value.path == str(path)


def test_missing_path(tmp_path):
    with pytest.raises(ReadError) as info:
        read(tmp_path / "nowhere.txt")
    assert info.value.reason == "文件不存在"


def test_directory_path(tmp_path):
    with pytest.raises(ReadError) as info:
        read(tmp_path)
    assert "文件夹" in info.value.reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("正文", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(ReadError) as info:
        read(path)
    assert info.value.reason == "无权限读取文件"


def test_permission_error_is_reported(tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text("正文", encoding="utf-8")

    def deny(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("nlp_toolkit.readers.open", deny, raising=False)
    with pytest.raises(ReadError) as info:
        read(path)
    assert info.value.reason == "无权限读取文件"


def test_owner_password_only_pdf_is_still_refused_or_read(tmp_path):
    """A PDF with only an owner password opens without one; garbled text must not pass."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = tmp_path / "owner.pdf"
    path.write_bytes(_pdf_bytes(_text, encrypt=StandardEncryption("", ownerPassword="owner")))
    try:
        source = read(path)
    except ReadError as exc:
        assert exc.reason == "PDF 已加密，无法读取"
    else:
        assert source.text == "加密的报告正文"


def test_unexpected_reader_failure_becomes_read_error(tmp_path, monkeypatch):
    def boom(data, path):
        raise RuntimeError("bug")

    monkeypatch.setattr("nlp_toolkit.readers.builtin.read_txt_bytes", boom)
    path = tmp_path / "a.txt"
    path.write_text("正文", encoding="utf-8")
    with pytest.raises(ReadError) as info:
        read(path)
    assert "无法读取" in info.value.reason
