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


def test_one_measurable_plan_leaves_only_the_pledge_items_to_cmt001(analyze_text):
    doc = analyze_text("*局2024年工作总结\n一、存在的问题\n学习不够深入。\n二、下一步打算\n"
                       "一是切实加强理论武装；二是6月底前完成全体干部轮训，由局办公室牵头；三是不断强化作风建设。\n")
    assert sum(c.measurable for c in doc.commitments) == 1
    found = [f.text for f in doc.findings if f.code == "CMT001"]
    assert "二、下一步打算" not in found  # the section as a whole is not all pledges
    assert len(found) == 2 and "切实加强理论武装" in found[0] and "不断强化作风建设" in found[1], found


def test_theme_report_cmt001_names_only_its_pledge_items(theme_doc):
    found = [f.text for f in theme_doc.findings if f.code == "CMT001"]
    assert found == ["长期坚持理论学习中心组学习制度", "进一步提高政治站位，不断增强学习的系统性"]


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
    ("2025年3月底前牵头完成风险点再排查，由县纪委监委派驻纪检监察组跟踪监督", "县纪委监委派驻纪检监察组"),
    ("对剩余问题10月底前整改到位，由院党委办公室跟踪督办", "院党委办公室"),
    ("2025年3月底前牵头完成风险点再排查", None),
    ("年底前牵头完成排查", None),
    ("县住建局牵头，各乡镇配合", "县住建局"),
])
def test_find_owner(text, owner):
    assert find_owner(text) == owner


def test_next_year_is_the_year_after_the_report():
    assert find_deadline("明年3月底前完成", 2024).date == "2025-03-31"


_LEDGER = ("*县自然资源局关于巡察反馈意见整改落实情况的报告\n一、整改工作开展情况\n局党组召开专题会议研究部署整改工作。\n"
           "二、整改台账\n"
           "1.问题表现：耕地保护责任落实不到位。整改措施：开展耕地保护专项检查，建立问题清单。"
           "责任单位：耕地保护股。完成时限：2024年6月底前。整改进展：已完成。\n"
           "2.问题表现：项目审批程序不规范。整改措施：修订审批流程，实行一次性告知。"
           "责任单位：审批股。完成时限：另行通知。整改进展：正在推进。\n"
           "三、下一步打算\n（一）巩固整改成果。年底前开展整改回头看，由局办公室牵头。\n")


def test_record_measures_are_commitments_with_the_records_fields(analyze_text):
    doc = analyze_text(_LEDGER)
    first = _by_start(doc, "开展耕地保护专项检查")
    assert first.text == "开展耕地保护专项检查，建立问题清单"
    assert (first.owner, first.deadline, first.deadline_date) == ("耕地保护股", "2024年6月底前", "2024-06-30")
    assert first.status == "已完成" and first.measurable
    assert first.group == "耕地保护责任落实不到位"
    assert doc.text[first.group_start:first.group_end] == first.group


def test_record_deadline_that_is_no_date_is_kept_as_written(analyze_text):
    second = _by_start(analyze_text(_LEDGER), "修订审批流程")
    assert second.deadline == "另行通知" and second.deadline_date is None
    assert second.owner == "审批股" and second.status == "正在推进"
    assert not second.measurable


def test_record_commitments_keep_reading_order_beside_the_plans(analyze_text):
    doc = analyze_text(_LEDGER)
    assert [c.text[:4] for c in doc.commitments] == ["开展耕地", "修订审批", "巩固整改"]
    assert doc.commitments[-1].owner == "局办公室"


def test_a_record_inside_the_plans_is_not_repeated(analyze_text):
    doc = analyze_text("*县水务局2024年工作总结\n一、存在的问题\n管网老化。\n二、下一步打算\n"
                       "（一）整改措施：更换城区老旧管网。责任单位：局工程科。完成时限：2024年9月底前。\n")
    assert doc.records
    assert len(doc.commitments) == 1
    commitment = doc.commitments[0]
    assert commitment.owner == "局工程科" and commitment.deadline_date == "2024-09-30"


def test_no_records_no_record_commitments(analyze_text):
    doc = analyze_text("*县水务局2024年工作总结\n一、存在的问题\n管网老化。\n二、下一步打算\n"
                       "（一）加快管网改造。6月底前完成城区12公里老旧管网更换。\n")
    assert not doc.records and len(doc.commitments) == 1


_MEASURES = ("*县文旅局2024年工作总结\n一、存在的问题\n服务不够优。\n二、下一步打算\n"
             "（一）提升公共服务水平。一是6月底前完成县图书馆改造；二是由县委办牵头，年底前建成10个村级文化服务点。\n"
             "（二）加强队伍建设。6月底前完成全员轮训，由局人事股负责。年底前出台考核办法，由局办公室牵头。\n"
             "（三）深化作风建设。进一步转变作风，切实提高效率。\n"
             "（四）由局法规股牵头，推进依法行政。9月底前完成执法案卷评查。年底前出台行政执法规范。\n")


def test_inline_measures_each_keep_their_own_deadline_and_owner(analyze_text):
    doc = analyze_text(_MEASURES)
    first, second = [c for c in doc.commitments if c.group == "提升公共服务水平"]
    assert first.text.startswith("提升公共服务水平。一是") and first.start == first.group_start
    assert (first.deadline, first.owner) == ("6月底前", None)
    assert second.text.startswith("由县委办牵头")
    assert (second.deadline_date, second.owner) == ("2024-12-31", "县委办")


def test_sentences_with_their_own_deadline_and_owner_are_measures(analyze_text):
    doc = analyze_text(_MEASURES)
    measures = [c for c in doc.commitments if c.group == "加强队伍建设"]
    assert [(c.deadline, c.owner) for c in measures] == [("6月底前", "局人事股"), ("年底前", "局办公室")]
    assert measures[0].text == "加强队伍建设。6月底前完成全员轮训，由局人事股负责"
    assert all(doc.text[c.start:c.end] == c.text for c in measures)


def test_an_owner_in_the_item_heading_holds_for_all_its_measures(analyze_text):
    doc = analyze_text(_MEASURES)
    measures = [c for c in doc.commitments if c.group.startswith("由局法规股牵头")]
    assert [c.deadline for c in measures] == ["9月底前", "年底前"]
    assert all(c.owner == "局法规股" for c in measures)


def test_an_item_with_a_single_measure_stays_one_commitment(analyze_text):
    doc = analyze_text(_MEASURES)
    assert len([c for c in doc.commitments if c.group == "深化作风建设"]) == 1
    assert len(doc.commitments) == 7


def test_a_field_line_does_not_open_a_measure(analyze_text):
    doc = analyze_text("*县交通局2024年工作总结\n一、存在的问题\n项目推进慢。\n二、下一步打算\n"
                       "1. 加快项目建设。年底前完成投资50亿元。牵头领导：局党组成员、副局长陈某某\n")
    assert len(doc.commitments) == 1
    assert doc.commitments[0].owner.startswith("局党组成员")


@pytest.mark.parametrize("text, deadline", [
    ("对需长期整改的问题建立季度报告制度，每季度向党委常委会报告一次", "每季度"),
    ("开展医德医风专项整治，全年组织警示教育不少于4次", "全年"),
    ("长期坚持中心组每月集中学习制度", "长期坚持"),
    ("坚持每月开展集中学习，2023年12月底前完成集中轮训", "2023年12月底前"),
    ("每月开展集中学习，推动学习成果转化", None),
])
def test_a_cadence_is_a_deadline_only_when_no_other_is_written(text, deadline):
    found = find_deadline(text, 2024)
    assert (found.text if found else None) == deadline
    if deadline in ("每季度", "全年"):
        assert found.date is None and not found.open


def test_traditional_deadline_and_owner_are_reported_as_written(analyze_text):
    doc = analyze_text("*縣衛健委2024年工作總結\n一、存在的問題\n監督不夠嚴。\n二、下一步打算\n"
                       "（一）深化集中整治。由縣衛健委紀檢組牽頭，年內完成全縣醫療機構巡查全覆蓋。\n")
    commitment = doc.commitments[0]
    assert (commitment.deadline, commitment.owner) == ("年內", "縣衛健委紀檢組")
    assert commitment.deadline_date == "2024-12-31"


_ACCOUNT = ("*市港务集团关于巡视整改进展情况的报告\n一、关于“绿色转型推进慢”问题\n"
            "集团编制三年行动方案，完成岸电设施改造12个泊位。下一步，集团将在2025年底前再改造8个泊位，由集团工程管理部负责。\n"
            "二、关于“资金管理不规范”问题\n已清收应收账款1.35亿元，2024年6月底前完成了全部台账核对。\n"
            "三、下一步打算\n（一）巩固整改成果。年底前开展整改回头看，由集团办公室牵头。\n")


def test_a_pledge_inside_the_account_of_the_work_is_a_commitment(analyze_text):
    doc = analyze_text(_ACCOUNT)
    pledge = _by_start(doc, "下一步，集团将在")
    assert pledge.text.endswith("由集团工程管理部负责")
    assert (pledge.deadline_date, pledge.owner) == ("2025-12-31", "集团工程管理部")
    assert pledge.measurable


def test_work_done_by_a_past_deadline_is_no_commitment(analyze_text):
    doc = analyze_text(_ACCOUNT)
    assert not [c for c in doc.commitments if "台账核对" in c.text]
    assert len(doc.commitments) == 2
