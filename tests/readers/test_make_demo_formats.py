"""scripts/make_demo_formats.py: classification, encodings, determinism, missing glyphs."""
from __future__ import annotations

import pytest

from nlp_toolkit.readers import read


def test_classify(gen):
    lines = [
        "关于2023年工作情况的报告", "", "一、主要成绩", "第二部分 存在问题", "（一）学习不够深入",
        "（二）制度执行有差距。个别支部记录不规范，程序不完整。", "1.加强学习。", "正文段落。",
    ]
    assert gen.classify(lines) == ["title", "blank", "h1", "h1", "h2", "body", "body", "body"]
    two_line_title = ["中共*镇委员会", "关于整改落实情况的报告", "", "正文。", "短行"]
    assert gen.classify(two_line_title) == ["title", "title", "blank", "body", "body"]
    assert gen.classify(["标题", "紧跟的短行", "正文。"]) == ["title", "body", "body"]


def test_gbk_falls_back_to_gb18030(gen, tmp_path):
    assert gen.write_gbk("普通文字\n第二行", tmp_path / "a.txt") == "gbk"
    assert (tmp_path / "a.txt").read_bytes() == "普通文字\r\n第二行".encode("gbk")
    assert gen.write_gbk("䶮同志", tmp_path / "b.txt") == "gb18030"
    assert gen.not_in_gbk("䶮同志") == ["䶮"]


def test_docx_styles(gen, tmp_path):
    lines = ["某某局工作报告", "一、主要成绩", "（一）学习", "全年学习12次。"]
    gen.write_docx(lines, gen.classify(lines), tmp_path / "a.docx")
    source = read(tmp_path / "a.docx")
    hints = [(h.kind, h.level, h.style) for h in source.hints]
    assert hints == [("title", None, "Title"), ("heading", 1, "Heading 1"), ("heading", 2, "Heading 2")]


def test_output_is_deterministic(gen, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "r.txt").write_text("某某局工作报告\n一、主要成绩\n全年学习12次。\n", encoding="utf-8")
    gen.convert(src / "r.txt", tmp_path / "one", log=lambda *_: None)
    gen.convert(src / "r.txt", tmp_path / "two", log=lambda *_: None)
    for rel in ("gbk/r.txt", "docx/r.docx", "pdf/r.pdf"):
        assert (tmp_path / "one" / rel).read_bytes() == (tmp_path / "two" / rel).read_bytes(), rel


def test_missing_glyphs_are_reported(gen, tmp_path):
    messages = []
    src = tmp_path / "r.txt"
    src.write_text("某某局报告\n马克思·恩格斯𠀀鿏著作选读。\n", encoding="utf-8")
    gen.convert(src, tmp_path / "out", log=messages.append)
    assert gen.missing_pdf_chars("马克思·恩格斯𠀀鿏") == sorted(["𠀀", "鿏"])
    assert any("STSong-Light" in m and "𠀀" in m for m in messages)
    # the middle dot is drawn through its alias U+30FB and read back as U+00B7
    assert "马克思·恩格斯著作选读。" in read(tmp_path / "out" / "pdf" / "r.pdf").text


@pytest.mark.parametrize("text", ["中", "２", "“", "…", "①", "　", "·"])
def test_font_has_common_characters(gen, text):
    assert gen.font_has(text)
