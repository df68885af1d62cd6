"""Heading markers of every style, and nesting levels by order of appearance."""
from __future__ import annotations

import pytest

ALL_STYLES = """\
关于2024年主题教育的总结报告
第一部分 工作开展情况
一、主要做法
（一）抓学习
班子带头学。
(二)抓调研
深入基层调研。
1.确定课题
围绕发展难题确定课题。
（1）课题分解
分解到人。
①明确责任
责任到岗。
第二部分 存在问题
【存在问题】
学习不深。
存在的问题：
调研不实。
"""


@pytest.fixture(scope="module")
def styled(parse_text):
    return parse_text(ALL_STYLES)


def _heading(doc, text):
    return next(h for h in doc.headings if h.text == text)


@pytest.mark.parametrize("text, style, marker, number", [
    ("第一部分 工作开展情况", "part", "第一部分", 1),
    ("一、主要做法", "cn_dun", "一、", 1),
    ("（一）抓学习", "cn_paren", "（一）", 1),
    ("(二)抓调研", "cn_paren", "(二)", 2),
    ("1.确定课题", "arabic_dot", "1.", 1),
    ("（1）课题分解", "arabic_paren", "（1）", 1),
    ("①明确责任", "circled", "①", 1),
    ("第二部分 存在问题", "part", "第二部分", 2),
    ("【存在问题】", "bracket", "【存在问题】", None),
])
def test_each_marker_style_is_a_heading(styled, text, style, marker, number):
    heading = _heading(styled, text)
    assert heading.style == style
    assert heading.marker == marker
    assert heading.number == number
    assert styled.text[heading.start:heading.end] == heading.text


def test_half_width_paren_is_the_same_family_as_full_width(styled):
    assert _heading(styled, "（一）抓学习").level == _heading(styled, "(二)抓调研").level


def test_short_unmarked_role_line_is_a_heading(styled):
    heading = _heading(styled, "存在的问题")
    assert heading.style == "plain"
    section = next(s for s in styled.sections if s.heading == "存在的问题")
    assert section.role == "problems"
    assert "调研不实" in styled.text[section.start:section.end]


def test_unmarked_sentence_mentioning_problems_is_not_a_heading(parse_text):
    doc = parse_text("*局2024年工作总结\n一、主要做法\n针对上述问题，我们逐项建立台账。\n")
    assert [h.text for h in doc.headings] == ["一、主要做法"]


def test_levels_follow_nesting_order(styled):
    levels = {h.text: h.level for h in styled.headings}
    assert levels["第一部分 工作开展情况"] == 1
    assert levels["一、主要做法"] == 2
    assert levels["（一）抓学习"] == 3
    assert levels["1.确定课题"] == 4
    assert levels["（1）课题分解"] == 5
    assert levels["①明确责任"] == 6
    assert levels["第二部分 存在问题"] == 1


def test_parents_follow_levels(styled):
    by_heading = {s.heading: i for i, s in enumerate(styled.sections)}
    assert styled.sections[by_heading["①明确责任"]].parent == by_heading["（1）课题分解"]
    assert styled.sections[by_heading["（1）课题分解"]].parent == by_heading["1.确定课题"]
    assert styled.sections[by_heading["1.确定课题"]].parent == by_heading["(二)抓调研"]
    assert styled.sections[by_heading["【存在问题】"]].parent == by_heading["第二部分 存在问题"]


def test_top_level_is_whatever_family_comes_first(parse_text):
    doc = parse_text("""\
*镇2024年工作总结
（一）主要做法
1.抓学习
学习内容。
2.抓调研
调研内容。
（二）存在的不足
1.学习不深
具体表现。
""")
    levels = [(h.text, h.level) for h in doc.headings]
    assert levels == [("（一）主要做法", 1), ("1.抓学习", 2), ("2.抓调研", 2), ("（二）存在的不足", 1),
                      ("1.学习不深", 2)]
    assert [s.parent for s in doc.sections] == [None, 0, 0, None, 3]


def test_heading_ending_in_full_stop_stops_at_the_stop(parse_text):
    doc = parse_text("*局2024年工作总结\n一、存在的问题\n（一）理论学习不够深入。对创新理论学得不深不透。\n")
    heading = doc.headings[1]
    assert heading.text == "（一）理论学习不够深入"
    assert doc.sections[1].heading == "（一）理论学习不够深入"


def test_section_spans_cover_heading_and_body(styled):
    for section in styled.sections:
        assert section.start == section.heading_start
        assert styled.text[section.heading_start:section.heading_end] == section.heading
        assert section.heading_end <= section.end


def test_an_item_number_before_a_year_is_a_marker_not_a_decimal():
    from nlp_toolkit.structure.headings import match_marker

    assert match_marker("1.2025年6月底前完成门诊楼改造").number == 1
    assert match_marker("1.5万人次参加培训") is None
