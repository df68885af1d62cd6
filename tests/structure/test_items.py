"""Items per section: child headings, or inline 一是…二是… / 其一…其二… in the body."""
from __future__ import annotations



def _section(doc, heading):
    return next(s for s in doc.sections if s.heading == heading)


def test_child_headings_are_the_items_of_their_parent(theme_doc):
    section = _section(theme_doc, "二、存在的问题")
    assert [it.marker for it in section.items] == ["（一）", "（二）", "（三）"]
    assert [it.number for it in section.items] == [1, 2, 3]
    assert all(it.kind == "heading" for it in section.items)
    first = section.items[0]
    assert first.text.startswith("理论学习不够深入。")
    assert theme_doc.text[first.start:first.end] == first.text
    assert theme_doc.text[first.marker_start:first.start] == "（一）"


def test_inline_items_in_a_section_without_child_headings(theme_doc):
    section = _section(theme_doc, "三、问题产生的原因")
    assert [it.marker for it in section.items] == ["一是", "二是", "三是"]
    assert [it.text for it in section.items] == ["理想信念有所松懈", "宗旨意识有所淡化", "纪律规矩意识有所弱化"]
    assert all(it.kind == "inline" for it in section.items)


def test_inline_marker_followed_by_a_space(theme_doc):
    section = _section(theme_doc, "（二）政治素质方面")
    third = section.items[2]
    assert third.marker == "三是"
    assert third.text == "对党忠诚教育不够经常"  # neither the marker nor the space
    assert theme_doc.text[third.start:third.end] == third.text


def test_qi_yi_qi_er_items(parse_text):
    doc = parse_text("*局2024年工作总结\n一、问题原因\n其一，理想信念有所松懈；其二，宗旨意识有所淡化。\n")
    items = doc.sections[0].items
    assert [it.number for it in items] == [1, 2]
    assert [it.text for it in items] == ["理想信念有所松懈", "宗旨意识有所淡化"]


def test_di_yi_di_er_items(parse_text):
    doc = parse_text("*局2024年工作总结\n一、下一步打算\n第一，加强学习；第二，改进作风。\n")
    assert [it.text for it in doc.sections[0].items] == ["加强学习", "改进作风"]


def test_numeral_inside_a_word_is_not_an_item(parse_text):
    doc = parse_text("*局2024年工作总结\n一、主要做法\n我们统一是非标准，唯一是从群众利益出发，同一是非面前不含糊。\n")
    assert doc.sections[0].items == []
    assert doc.items == []


def test_a_lone_yi_shi_is_not_a_list(parse_text):
    doc = parse_text("*局2024年工作总结\n一、存在的问题\n主要问题一是学习不够深入。\n")
    assert doc.sections[0].items == []


def test_items_do_not_run_into_the_next_heading(parse_text):
    doc = parse_text("""\
*局2024年工作总结
一、存在的问题
一是学习不深；二是调研不实。
二、下一步打算
三是加强学习。
""")
    assert [it.text for it in doc.sections[0].items] == ["学习不深", "调研不实"]
    assert doc.sections[1].items == []


def test_every_item_is_listed_once_on_the_document(theme_doc):
    starts = [it.start for it in theme_doc.items]
    assert starts == sorted(starts)
    assert len(starts) == len(set(starts))
    for section in theme_doc.sections:
        for item in section.items:
            assert item in theme_doc.items


def test_heading_item_text_starts_with_content(parse_text):
    doc = parse_text("*局整改报告\n【存在问题】\n（一）整改进度不平衡\n个别问题整改滞后。\n（二）长效机制不健全\n制度执行不到位。\n")
    for item in doc.sections[0].items:
        assert item.text == item.text.strip()
        assert item.text.startswith(("整改进度", "长效机制"))


def test_bracket_heading_item_text_has_no_leading_line_break(parse_text):
    doc = parse_text("*局2024年工作总结\n第二部分 存在问题\n【学习方面】\n学习不够深入。\n【作风方面】\n作风不够扎实。\n")
    items = doc.sections[0].items
    assert [it.marker for it in items] == ["【学习方面】", "【作风方面】"]
    assert [it.text for it in items] == ["学习不够深入", "作风不够扎实"]
