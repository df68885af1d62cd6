"""Word styles the DOCX reader passes on: Title, Heading N and automatic numbering."""
from __future__ import annotations

import docx

from nlp_toolkit import analyze


def _docx(tmp_path, rows):
    document = docx.Document()
    for text, style in rows:
        document.add_paragraph(text, style=style)
    path = tmp_path / "report.docx"
    document.save(path)
    return path


def test_automatic_numbering_makes_items(tmp_path):
    path = _docx(tmp_path, [("某局2024年工作总结", "Title"), ("一、存在的问题", None),
                            ("理论学习不够深入。", "List Number"), ("调查研究不够扎实。", "List Number"),
                            ("二、下一步打算", None), ("年底前完成全部制度修订。", "List Number")])
    doc = analyze(path)
    problems = next(s for s in doc.sections if s.role == "problems" and s.parent is None)
    assert [item.text for item in problems.items] == ["理论学习不够深入", "调查研究不够扎实"]
    assert [p.text for p in doc.problems] == ["理论学习不够深入", "调查研究不够扎实"]
    assert doc.commitments[0].deadline == "年底前"
    assert doc.commitments[0].deadline_date == "2024-12-31"


def test_heading_style_without_a_marker_is_a_section(tmp_path):
    path = _docx(tmp_path, [("某局2024年工作总结", "Title"), ("存在的主要问题和不足", "Heading 1"),
                            ("一是学习不深入；二是作风不扎实。", None)])
    doc = analyze(path)
    assert doc.title == "某局2024年工作总结"
    assert [(s.heading, s.role, len(s.items)) for s in doc.sections] == [("存在的主要问题和不足", "problems", 2)]
