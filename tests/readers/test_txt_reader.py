"""The TXT reader: encodings, BOMs, line endings, binary detection."""
from __future__ import annotations

import codecs

import pytest

from nlp_toolkit.readers import ReadError, read, read_text

REPORT = "关于2023年度工作情况的报告\n一、主要成绩\n全年完成21 条整改措施，满意度达到９５％（ＡＢＣ）。\n"
SHORT = "一、总体情况"  # six characters: charset-normalizer alone calls this Korean
TRADITIONAL = "關於本年度工作情況的報告\n一、主要成績\n全年完成項目十二個，群眾滿意度達到百分之九十五。\n"


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (REPORT.encode("utf-8"), REPORT, "utf-8"),
        (codecs.BOM_UTF8 + REPORT.encode("utf-8"), REPORT, "utf-8-sig"),
        (REPORT.encode("utf-16"), REPORT, "utf-16"),  # native order, with BOM
        (codecs.BOM_UTF16_BE + REPORT.encode("utf-16-be"), REPORT, "utf-16"),
        (REPORT.encode("gbk"), REPORT, "gb18030"),
        (SHORT.encode("gbk"), SHORT, "gb18030"),
        (TRADITIONAL.encode("big5"), TRADITIONAL, "big5"),
        ("一、總體情況".encode("big5"), "一、總體情況", "big5"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le", "utf16-be", "gbk", "gbk-short", "big5", "big5-short"],
)
def test_encodings_are_detected(tmp_path, data, text, encoding):
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    source = read(path)
    assert source.text == text
    assert source.encoding == encoding
    assert source.format == "txt"
    assert not source.text.startswith("\ufeff")


def test_gb18030_only_characters(tmp_path):
    text = "䶮同志牵头，完成整改€任务。"  # U+4DAE is in GB18030 but not in GBK
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")
    path = tmp_path / "gb.txt"
    path.write_bytes(text.encode("gb18030"))
    source = read(path)
    assert source.text == text
    assert source.encoding == "gb18030"


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_endings_are_normalised(tmp_path, newline):
    path = tmp_path / "crlf.txt"
    path.write_bytes(REPORT.replace("\n", newline).encode("gbk"))
    assert read(path).text == REPORT


def test_full_width_characters_are_kept(tmp_path):
    path = tmp_path / "fw.txt"
    path.write_text("增长５％，ＡＢＣ　１２３", encoding="utf-8")
    assert read(path).text == "增长５％，ＡＢＣ　１２３"


def test_read_text_normalises_like_a_file():
    source = read_text("\ufeff一、成绩\r\n二、问题\r三、计划")
    assert source.text == "一、成绩\n二、问题\n三、计划"
    assert source.format == "text"
    assert source.path == "<text>"
    assert read_text("x", path="memo").path == "memo"


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02\x03binary\x00",
        bytes(range(1, 9)) * 40 + "正文".encode("utf-8"),
        b"PK\x03\x04" + bytes(200),  # a ZIP that is not a Word file
    ],
    ids=["nul-bytes", "control-chars", "zip"],
)
def test_binary_content_with_txt_name_is_rejected(tmp_path, data):
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    with pytest.raises(ReadError) as info:
        read(path)
    assert "二进制" in info.value.reason


def test_undecodable_bytes_are_rejected(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\x81\x81\x81\xff" * 5)  # neither UTF-8, GB18030 nor Big5
    with pytest.raises(ReadError) as info:
        read(path)
    assert "无法识别文件编码" in info.value.reason
