"""Section roles read from heading wording, inherited by children, and by position."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("wording, role", [
    ("主要做法", "achievements"),
    ("工作成效", "achievements"),
    ("整改落实情况", "achievements"),
    ("存在的问题", "problems"),
    ("存在的不足", "problems"),
    ("问题原因", "causes"),
    ("问题产生的原因", "causes"),
    ("根源剖析", "causes"),
    ("整改措施", "plans"),
    ("下一步工作打算", "plans"),
    ("对照检查情况", "problems"),
    ("个人对照查摆情况", "problems"),
    ("下步工作安排", "plans"),
    ("今后努力方向和整改措施", "plans"),
    ("下一阶段重点任务", "plans"),
    ("今后努力的方向", "plans"),
    ("巩固提升措施", "plans"),
    ("工作中存在的差距", "problems"),
    ("面临的困难与挑战", "problems"),
    ("需要改进的地方", "problems"),
])
def test_role_by_wording(parse_text, wording, role):
    doc = parse_text(f"*局2024年工作总结\n一、{wording}\n正文内容。\n")
    assert doc.sections[0].role == role
    assert doc.sections[0].role_reason  # every role says why


def test_a_heading_naming_nothing_is_other(parse_text):
    doc = parse_text("*局2024年工作总结\n一、其他事项\n正文内容。\n")
    assert doc.sections[0].role == "other"


def test_children_inherit_their_parents_role(theme_doc):
    roles = {s.heading: s.role for s in theme_doc.sections}
    assert roles["（一）坚持学思结合"] == "achievements"
    assert roles["（二）政治素质方面"] == "problems"
    assert roles["（五）长期坚持理论学习中心组学习制度"] == "plans"


def test_child_naming_a_problem_under_plans_stays_plans(parse_text):
    doc = parse_text("*局2024年工作总结\n一、整改措施\n（一）针对学习不足的问题\n建立学习台账。\n")
    assert [s.role for s in doc.sections] == ["plans", "plans"]


def test_topic_sections_before_problems_are_achievements(annual_doc):
    roles = {s.heading: s.role for s in annual_doc.sections}
    assert roles["一、市场主体培育方面"] == "achievements"
    assert roles["（一）优化准入服务"] == "achievements"  # the child of a topic section too
    assert roles["二、食品安全监管方面"] == "achievements"
    assert roles["三、存在的不足"] == "problems"
    assert roles["四、2025年工作打算"] == "plans"


def test_topic_sections_without_a_problems_section_stay_other(parse_text):
    doc = parse_text("*局2024年工作总结\n一、党建引领方面\n正文。\n二、经济发展方面\n正文。\n")
    assert [s.role for s in doc.sections] == ["other", "other"]


def test_an_area_heading_right_after_a_problems_section_continues_it(parse_text):
    doc = parse_text("*局巡察整改情况报告\n一、问题整改台账\n问题表现：学习流于形式。\n"
                     "二、作风建设方面\n对基层督导不力，部分设施带病运行。\n三、下一步打算\n完善制度。\n")
    assert [(s.heading, s.role) for s in doc.sections] == [
        ("一、问题整改台账", "problems"), ("二、作风建设方面", "problems"), ("三、下一步打算", "plans")]
    assert doc.sections[1].role_reason == "紧接问题部分的检查类别标题"


def test_an_area_heading_after_an_achievements_section_is_not_made_a_problems_section(parse_text):
    doc = parse_text("*局2024年工作总结\n一、主要工作\n完成任务。\n二、作风建设方面\n正文。\n三、存在问题\n不足。\n")
    assert doc.sections[1].role != "problems"


def test_traditional_characters_get_the_same_roles(traditional_doc):
    assert [s.role for s in traditional_doc.sections] == [
        "achievements", "achievements", "problems", "causes", "plans"]
    # headings stay as submitted
    assert traditional_doc.sections[2].heading == "二、存在的問題"


def test_a_signature_label_is_no_problems_heading(parse_text):
    doc = parse_text("*局领导干部个人对照检查材料\n一、对照检查情况\n学习不够深入。\n对照检查人：张**\n2025年1月15日\n")
    assert [s.heading for s in doc.sections] == ["一、对照检查情况"]
    assert doc.sections[0].role == "problems"
