"""Layouts and wordings of corpora/annotated_fresh: problem-numbering headings (问题一：…), ledger
label variants (整改举措/整改期限), record label lines that are no headings, bare dates in deadline
fields, a bare year or a cadence as a plans deadline, WeChat article chrome."""
from __future__ import annotations

import pytest

from nlp_toolkit.batch.pipeline import analyze_source
from nlp_toolkit.extract.commitments import find_deadline, find_owner
from nlp_toolkit.readers import read_text


def _analyze(text: str):
    return analyze_source(read_text(text, "t.txt"), classify=False)


PROBLEM_HEADINGS = ("中共*县水务局党组关于检视问题整改情况的报告\n县委主题教育办：\n"
                    "局党组对照检视出的问题逐项整改，现将整改情况报告如下。\n"
                    "检视问题一：防汛责任落实有偏差，部分水库巡查走样\n"
                    "整改落实：局党组修订水库巡查制度，全年开展巡查检查36次。\n"
                    "下步打算：2025年6月底前完成全部水库安全鉴定，由工程管理股负责。\n"
                    "检视问题二：农村供水工程管护薄弱，群众反映水压不稳\n"
                    "整改落实：投入资金120万元改造管网。\n"
                    "下一步工作\n"
                    "对已整改问题每半年开展一次“回头看”。\n")


def test_a_heading_that_numbers_a_problem_is_a_problems_section_and_its_problem():
    doc = _analyze(PROBLEM_HEADINGS)
    roles = {s.heading: s.role for s in doc.sections}
    assert roles["检视问题一：防汛责任落实有偏差，部分水库巡查走样"] == "problems"
    assert roles["下一步工作"] == "plans"
    texts = [p.text for p in doc.problems]
    assert texts == ["防汛责任落实有偏差，部分水库巡查走样", "农村供水工程管护薄弱，群众反映水压不稳"]


def test_a_next_step_paragraph_under_a_problem_heading_is_a_commitment():
    doc = _analyze(PROBLEM_HEADINGS)
    dated = next(c for c in doc.commitments if "水库安全鉴定" in c.text)
    assert dated.deadline == "2025年6月底前" and dated.owner == "工程管理股" and dated.measurable
    cadence = next(c for c in doc.commitments if "回头看" in c.text)
    assert cadence.deadline == "每半年" and cadence.measurable  # the frequency is what one checks


def test_problem_words_inside_a_sentence_open_no_heading():
    doc = _analyze("*局工作总结\n一、主要工作\n对群众反映的问题一件一件抓落实，全年办结120件。\n")
    assert [s.heading for s in doc.sections] == ["一、主要工作"]


LEDGER = ("中共*市林业局党组巡察反馈问题整改台账\n一、反馈问题整改台账\n第1项\n问题类别：作风建设方面\n"
          "问题描述：林木采伐审批效率不高，群众办事多头跑\n整改举措：推行采伐审批网上办理，办理时限压缩至5个工作日。\n"
          "责任科室：资源管理科\n整改期限：2025年3月31日\n整改进展：已完成\n第2项\n问题类别：廉洁自律方面\n"
          "问题描述：护林员补助发放监管不严\n整改举措：开展补助发放专项清查，追回违规资金3.2万元。\n"
          "责任科室：计划财务科\n整改期限：立行立改\n整改进展：已完成\n")


def test_ledger_label_variants_and_label_lines_that_are_no_headings():
    doc = _analyze(LEDGER)
    assert [s.heading for s in doc.sections] == ["一、反馈问题整改台账"]
    assert [p.text for p in doc.problems] == ["林木采伐审批效率不高，群众办事多头跑", "护林员补助发放监管不严"]
    first, second = doc.commitments
    assert first.text.startswith("推行采伐审批网上办理") and first.owner == "资源管理科"
    assert first.deadline == "2025年3月31日" and first.deadline_date == "2025-03-31" and first.measurable
    assert second.deadline == "立行立改" and second.measurable


def test_one_line_records_split_at_semicolons_by_the_new_labels():
    doc = _analyze("*公司检视问题清单\n一、检视问题\n1.问题描述：收费站拥堵问题突出；整改举措：增设ETC专用车道；"
                   "牵头部门：运营管理部；整改期限：2025年9月底前。\n")
    assert [p.text for p in doc.problems] == ["收费站拥堵问题突出"]
    (measure,) = doc.commitments
    assert measure.text == "增设ETC专用车道" and measure.owner == "运营管理部" and measure.deadline == "2025年9月底前"


@pytest.mark.parametrize("text, deadline", [
    ("做强特色产业，2025年新建冷链仓储设施2座", "2025年"),
    ("2025年完成14个营业网点适老化改造", "2025年"),
    ("2025年10月底前完成3个村卫生室改造", "2025年10月底前"),
    ("2024年每月至少集中学习1次", "每月"),
])
def test_deadlines_a_bare_year_or_a_cadence(text, deadline):
    assert find_deadline(text, 2025).text == deadline


@pytest.mark.parametrize("text", ["巩固2024年整改成果，不断提升服务水平", "自2025年起推行网上办理"])
def test_a_year_inside_a_clause_or_a_start_year_is_no_deadline(text):
    assert find_deadline(text, 2025) is None


def test_owner_with_ju_ti_shi_shi():
    assert find_owner("每季度开展一次专项督查，由镇纪委具体实施") == "镇纪委"


WECHAT = ("白岩镇融媒\n原创　白岩镇融媒　2025年01月06日 18:32　贵州\n点击蓝字 关注我们\n白岩镇2024年工作总结\n"
          "2024年，全镇各项工作取得新成效。\n一、主要工作\n新建村级综合服务中心4个。\n二、2025年工作打算\n"
          "1.锤炼干部作风，每季度开展一次作风专项督查，由镇纪委具体实施。\n"
          "来源：白岩镇党政办\n编辑：陈某某　审核：周某某\n阅读 2315　分享 46　推荐 38\n长按识别二维码 关注白岩镇融媒\n")


def test_wechat_article_chrome_is_skipped_before_the_title_and_after_the_text():
    doc = _analyze(WECHAT)
    assert doc.title == "白岩镇2024年工作总结"
    (pledge,) = doc.commitments
    assert pledge.text == "锤炼干部作风，每季度开展一次作风专项督查，由镇纪委具体实施" and pledge.owner == "镇纪委"


@pytest.mark.parametrize("sentence, surface, subject", [
    ("对2名违反营区管理规定的干部进行了诫勉谈话。", "2名", "违反营区管理规定的干部"),
    ("对5个未落地的签约项目逐一制定推进方案。", "5个", "未落地的签约项目"),
    ("梳理出5个基层供电所反映的问题。", "5个", "基层供电所"),
])
def test_subject_after_a_figure_with_a_relative_clause(sentence, surface, subject):
    doc = _analyze(f"*局工作总结\n一、主要工作\n{sentence}\n")
    (metric,) = [m for m in doc.metrics if m.surface == surface]
    assert metric.subject == subject


def test_a_field_line_is_not_joined_to_the_line_above_as_a_hard_wrap():
    doc = _analyze("*公司检视问题清单\n一、检视问题\n（一）\n存在问题：服务不到位\n"
                   "工作举措：投诉处理时限压缩至24小时以内\n责任领导：赵某某\n完成时间：2025年6月底前\n")
    (metric,) = [m for m in doc.metrics if m.surface == "24小时以内"]
    assert metric.subject != "责任领导"
    assert "责任领导" not in doc.view.text[doc.view.text.find("以内") - 2:doc.view.text.find("以内") + 2]


def test_vehicle_and_boat_counts_and_a_subject_before_zai():
    doc = _analyze("*公司工作总结\n一、主要工作\n日均车流量8.6万余辆次，出动巡逻船120艘次。上级重要文件在3个工作日内传达。\n")
    got = {m.surface: (m.value, m.unit, m.subject) for m in doc.metrics}
    assert got["8.6万余辆次"] == (86000, "辆次", "日均车流量")
    assert got["120艘次"] == (120, "艘次", "巡逻船")
    assert got["3个工作日内"][2] == "上级重要文件"  # 内: the limit's bound, part of the figure


def test_a_list_a_lead_in_opens_inside_the_account_of_work_is_a_list_of_problems():
    doc = _analyze("*县医保局2024年工作总结\n一、工作开展情况\n全年追回违规使用医保基金126万元。但也存在一些问题："
                   "一是基金监管手段单一，智能监控覆盖面不广；二是经办服务能力不强，部分乡镇经办人员业务不熟。\n"
                   "二、下步工作\n下一步，我们将：一是2025年6月底前实现智能监控全覆盖；二是每季度开展一次业务培训。\n")
    assert [p.text for p in doc.problems] == ["基金监管手段单一，智能监控覆盖面不广", "经办服务能力不强，部分乡镇经办人员业务不熟"]
    lead = next(s for s in doc.statements if s.text.startswith("一是基金监管"))
    assert lead.decided_by == "layout" and "前导语" in lead.reasons[-1]


def test_ledger_with_person_owners_and_zheng_gai_shi_jian():
    doc = _analyze("某某镇党委检视问题整改台账\n序号：1\n问题清单：干部服务群众意识不强\n"
                   "整改措施：推行首问负责制，群众办事平均时长压缩至30分钟以内。\n整改责任人：张某某\n整改时间：2025年5月底前\n")
    (measure,) = doc.commitments
    assert measure.owner == "张某某" and measure.deadline == "2025年5月底前" and measure.measurable


@pytest.mark.parametrize("heading, role", [("存在的短板和弱项", "problems"), ("主要差距", "problems"),
                                           ("整改承诺", "plans")])
def test_more_section_role_wordings(heading, role):
    from nlp_toolkit.structure.roles import role_of
    assert role_of(heading)[0] == role


@pytest.mark.parametrize("text, deadline", [("到2026年全部建成", "2026年"), ("力争2026年实现全覆盖", "2026年")])
def test_a_bare_year_after_dao_or_li_zheng(text, deadline):
    assert find_deadline(text, 2025).text == deadline


def test_owner_labels_of_ledgers():
    assert find_owner("责任主体：党政办") == "党政办"
    assert find_owner("整改责任人：张某某") == "张某某"


def test_problems_and_plans_under_one_heading_each_opened_by_a_lead_in():
    doc = _analyze("*县档案馆2024年工作总结\n一、主要工作\n全年接收进馆档案1.2万卷。\n二、存在问题及下步打算\n"
                   "存在的问题：一是库房面积不足，部分档案无法按时进馆；二是档案数字化程度不高。\n"
                   "下步打算：一是2025年6月底前完成新库房改造，由馆办公室负责；二是2025年底前完成数字化扫描80万页，由技术科负责。\n")
    assert [p.text for p in doc.problems] == ["库房面积不足，部分档案无法按时进馆", "档案数字化程度不高"]
    assert [(c.deadline, c.owner) for c in doc.commitments] == [("2025年6月底前", "馆办公室"), ("2025年底前", "技术科")]
    assert all(c.measurable for c in doc.commitments)


def test_bracketed_fields_after_a_plans_item_belong_to_it_and_the_labelled_deadline_wins():
    doc = _analyze("*区住建局党组巡察整改报告\n一、整改情况\n已完成整改问题12个。\n二、下一步工作\n"
                   "（一）开展物业服务质量专项整治，年内实现物业投诉办结率达到95%以上。（责任单位：物业科；完成时限：2025年12月底前）\n"
                   "（二）完善老旧小区改造长效管理机制。（牵头领导：张某某，责任单位：城建科，完成时限：2025年9月底前）\n")
    first, second = doc.commitments
    assert first.text.endswith("完成时限：2025年12月底前）")
    assert (first.owner, first.deadline) == ("物业科", "2025年12月底前")
    assert (second.owner, second.deadline) == ("张某某", "2025年9月底前")


def test_more_ways_of_quoting_the_feedback():
    doc = _analyze("*县统计局党组巡察整改报告\n一、整改落实情况\n"
                   "（一）巡察反馈的“统计数据质量把关不严”问题。局党组建立数据质量核查制度，核查报表820份。\n"
                   "（二）对于“基层统计力量薄弱”的问题，局党组为16个乡镇配备专职统计员。\n"
                   "（三）整改反馈意见中“学习教育不够深入”的问题，局党组开展专题学习12次。\n"
                   "（四）巡察组反馈：“执行财务制度不严格，存在超标准接待现象。”整改情况：局党组开展专项清理。\n")
    assert [p.text for p in doc.problems] == ["统计数据质量把关不严", "基层统计力量薄弱", "学习教育不够深入",
                                              "执行财务制度不严格，存在超标准接待现象。"]


def test_a_result_verb_at_the_end_of_a_dated_measure_makes_it_measurable():
    doc = _analyze("中共某某縣審計局黨組關於檢視問題整改情況的報告\n問題一：審計整改跟蹤督促不夠有力\n"
                   "整改措施及成效：建立整改臺賬。\n二、下一步工作打算\n"
                   "（一）鞏固整改成果。一是2025年6月底前全部清零；二是每半年報告一次整改情況。以上工作由法規審理股牽頭落實。\n")
    assert [p.text for p in doc.problems] == ["審計整改跟蹤督促不夠有力"]
    first, second = doc.commitments
    assert first.deadline == "2025年6月底前" and first.owner == "法規審理股" and first.measurable
    assert second.deadline == "每半年" and second.measurable


def test_problem_headings_under_an_account_of_work_heading_keep_their_own_role():
    doc = _analyze("中共某某县财政局党组关于主题教育检视问题整改落实情况的报告\n局党组逐项整改，现报告如下。\n"
                   "一、检视问题整改落实情况\n问题一：预算执行监督“重分配、轻管理”，跟踪问效不够有力\n"
                   "整改措施及成效：建立预算执行月通报制度，全年通报16次。\n问题二：财政干部运用信息化手段的本领不强\n"
                   "整改措施及成效：举办业务培训4期。\n二、下一步工作打算\n（一）巩固整改成果。一是2025年6月底前完成全部问题整改。\n")
    roles = [(s.heading[:3], s.role) for s in doc.sections]
    assert roles[:3] == [("一、检", "achievements"), ("问题一", "problems"), ("问题二", "problems")]
    assert [p.text for p in doc.problems] == ["预算执行监督“重分配、轻管理”，跟踪问效不够有力", "财政干部运用信息化手段的本领不强"]
