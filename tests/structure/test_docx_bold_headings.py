"""Headings made by bolding a line in Word, with no heading style and no 一、 numbering."""
from __future__ import annotations

import docx

from nlp_toolkit.batch.pipeline import analyze_source
from nlp_toolkit.readers import read


def _report(tmp_path, paragraphs):
    """paragraphs: (text, bold) pairs; bold "lead" bolds the text up to and including the first 。."""
    d = docx.Document()
    for text, bold in paragraphs:
        para = d.add_paragraph()
        if bold == "lead":
            head, _, rest = text.partition("。")
            para.add_run(head + "。").bold = True
            para.add_run(rest)
        else:
            para.add_run(text).bold = bold
    path = tmp_path / "bold.docx"
    d.save(path)
    return path


ARCHIVE = [("*县档案局文件", True),
           ("*县档案局2024年工作总结", True),
           ("强化政治引领", True),
           ("馆党支部全年开展集中学习12次，举办读书班2期。", False),
           ("提升查档服务水平", True),
           ("全年接待查档群众3200人次，网上预约查档率达到65%。", False),
           ("存在的不足", True),
           ("一是理论学习不够深入，学用结合不紧。二是档案数字化进度偏慢。", False),
           ("下步打算", True),
           ("一是2025年6月底前完成馆藏档案数字化二期工程，由技术科负责。", False)]


def test_bolded_lines_are_headings_and_the_letterhead_and_title_are_not(tmp_path):
    doc = analyze_source(read(_report(tmp_path, ARCHIVE)), classify=False)
    assert [(s.heading, s.role) for s in doc.sections] == [
        ("强化政治引领", "achievements"), ("提升查档服务水平", "achievements"),
        ("存在的不足", "problems"), ("下步打算", "plans")]
    assert doc.title == "*县档案局2024年工作总结"
    figures = {m.surface: doc.sections[doc.section_at(m.start)].heading for m in doc.metrics}
    assert figures["3200人次"] == "提升查档服务水平"


def test_a_bold_lead_sentence_or_a_bold_sentence_is_no_heading(tmp_path):
    paragraphs = ARCHIVE[:2] + [("存在的不足", True),
                                ("在理论学习方面。学习档案法规不系统，学用结合不紧。", "lead"),
                                ("全年数字化档案仅完成计划的41%，进度明显滞后。", True)]
    doc = analyze_source(read(_report(tmp_path, paragraphs)), classify=False)
    assert [s.heading for s in doc.sections] == ["存在的不足"]


def test_the_reader_marks_all_bold_paragraphs_only(tmp_path):
    source = read(_report(tmp_path, [("强化政治引领", True), ("在理论学习方面。学习不系统。", "lead"),
                                     ("全年接待查档群众3200人次。", False)]))
    bold = [source.text[h.start:h.end] for h in source.hints if h.kind == "bold"]
    assert bold == ["强化政治引领"]
