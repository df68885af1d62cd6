"""Commitments: deadlines anchored to the report's year, owners, measurable and vague pledges."""
from __future__ import annotations

import pytest

from nlp_toolkit.extract.commitments import find_deadline, find_owner


def _by_start(doc, prefix):
    return next(c for c in doc.commitments if c.text.startswith(prefix))


@pytest.mark.parametrize("prefix, deadline, date", [
    ("6月底前", "6月底前", "2024-06-30"),
    ("年底前", "年底前", "2024-12-31"),
    ("2025年3月底前", "2025年3月底前", "2025-03-31"),
    ("二季度末前", "二季度末前", "2024-06-30"),
])
def test_deadlines_anchored_to_the_report_year(theme_doc, prefix, deadline, date):
    commitment = _by_start(theme_doc, prefix)
    assert commitment.deadline == deadline
    assert commitment.deadline_date == date


def test_open_ended_deadline_has_no_date_and_stays_vague(theme_doc):
    commitment = _by_start(theme_doc, "长期坚持")
    assert commitment.deadline == "长期坚持"
    assert commitment.deadline_date is None
    assert commitment.vague and not commitment.measurable


def test_all_pledge_plans_with_an_open_verb_raise_cmt001(analyze_text):
    doc = analyze_text("*县实验中学2024年工作总结\n一、存在的问题\n教学管理不够精细。\n二、下一步打算\n"
                       "（一）持续推进精细化管理。不断完善管理制度，进一步提高管理水平。\n"
                       "（二）长期坚持集体备课制度，切实提升课堂质量。\n")
    assert doc.commitments and all(c.vague for c in doc.commitments)
    assert "CMT001" in [f.code for f in doc.findings]


def test_commitment_group_is_its_item_headline(analyze_text):
    doc = analyze_text("*县水务局2024年工作总结\n一、存在的问题\n管网老化。\n二、下一步打算\n"
                       "（一）加快管网改造。6月底前完成城区12公里老旧管网更换，由局工程科牵头。\n")
    commitment = doc.commitments[0]
    assert commitment.group == "加快管网改造"
    assert doc.text[commitment.group_start:commitment.group_end] == commitment.group


@pytest.mark.parametrize("prefix, owner", [
    ("6月底前", "县委组织部"),
    ("年底前", "县财政局"),
    ("2025年3月底前", "***"),
    ("二季度末前", None),
])
def test_owners(theme_doc, prefix, owner):
    assert _by_start(theme_doc, prefix).owner == owner


def test_measurable_needs_a_target_and_a_deadline(theme_doc):
    with_figure = _by_start(theme_doc, "年底前")
    assert with_figure.measurable and "2个" in with_figure.target
    assert with_figure.metrics and theme_doc.metrics[with_figure.metrics[0]].surface == "2个"
    deliverable = _by_start(theme_doc, "2025年3月底前")
    assert deliverable.measurable and "出台" in deliverable.target


def test_vague_pledge(theme_doc):
    commitment = _by_start(theme_doc, "进一步提高政治站位")
    assert commitment.vague
    assert not commitment.measurable
    assert commitment.deadline is None and commitment.owner is None and commitment.target is None


def test_commitment_spans_and_order(theme_doc):
    assert len(theme_doc.commitments) == 6
    starts = [c.start for c in theme_doc.commitments]
    assert starts == sorted(starts)
    for commitment in theme_doc.commitments:
        assert theme_doc.text[commitment.start:commitment.end] == commitment.text
        assert theme_doc.sections[commitment.section].role == "plans"
        assert not commitment.text.startswith("（")


def test_plans_heading_year_overrides_the_report_year(analyze_text):
    doc = analyze_text("*局2024年度工作总结\n一、2025年工作打算\n一是6月底前完成全部87个村级活动场所改造；二是加强学习。\n")
    assert doc.commitments[0].deadline_date == "2025-06-30"


def test_all_vague_plans_raise_cmt001(analyze_text):
    doc = analyze_text("*局2024年工作总结\n一、存在的问题\n学习不够深入。\n二、下一步打算\n"
                       "一是切实加强理论武装；二是进一步提高站位；三是不断强化作风建设。\n")
    assert all(c.vague for c in doc.commitments) and len(doc.commitments) == 3
    finding = next(f for f in doc.findings if f.code == "CMT001")
    assert finding.text == "二、下一步打算"
    assert "3" in finding.message


def test_one_measurable_plan_prevents_cmt001(analyze_text):
    doc = analyze_text("*局2024年工作总结\n一、存在的问题\n学习不够深入。\n二、下一步打算\n"
                       "一是切实加强理论武装；二是6月底前完成全体干部轮训，由局办公室牵头；三是不断强化作风建设。\n")
    assert sum(c.measurable for c in doc.commitments) == 1
    assert "CMT001" not in [f.code for f in doc.findings]


def test_theme_report_has_no_cmt001(theme_doc):
    assert "CMT001" not in [f.code for f in theme_doc.findings]


@pytest.mark.parametrize("text, year, date", [
    ("9月15日前完成", 2024, "2024-09-15"),
    ("11月中旬前完成", 2024, "2024-11-20"),
    ("上半年完成", 2023, "2023-06-30"),
    ("2025年年底前完成", 2024, "2025-12-31"),
    ("十二月底前完成", 2024, "2024-12-31"),
    ("2月底前完成", 2024, "2024-02-29"),
])
def test_find_deadline_dates(text, year, date):
    assert find_deadline(text, year).date == date


def test_year_end_of_a_named_year():
    assert find_deadline("2025年底前完成", 2024).date == "2025-12-31"


def test_find_deadline_without_a_year_gives_no_date():
    found = find_deadline("6月底前完成", None)
    assert found.text == "6月底前" and found.date is None


def test_relative_deadline_has_no_date():
    found = find_deadline("3个月内完成整改", 2024)
    assert found is not None and found.date is None


def test_immediate_deadline_is_a_real_one():
    found = find_deadline("立行立改，马上整改到位", 2024)
    assert found.text == "立行立改" and not found.open


@pytest.mark.parametrize("text, owner", [
    ("责任单位：县财政局", "县财政局"),
    ("牵头单位：县发改局；配合单位：县统计局", "县发改局"),
    ("由县委组织部牵头，各乡镇配合", "县委组织部"),
    ("责任人：***", "***"),
    ("加强学习", None),
])
def test_find_owner(text, owner):
    assert find_owner(text) == owner


def test_next_year_is_the_year_after_the_report():
    assert find_deadline("明年3月底前完成", 2024).date == "2025-03-31"
