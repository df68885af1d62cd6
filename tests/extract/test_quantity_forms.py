"""Quantity forms of issue 19 (sentences written for these tests, in the genre's voice)."""
from __future__ import annotations

from nlp_toolkit.extract.metrics import extract_metrics
from nlp_toolkit.extract.numbers import find_figures
from nlp_toolkit.model import Source
from nlp_toolkit.structure import parse


def _values(text):
    return [(f.value, f.unit, f.qualifier) for f in find_figures(text)]


def _metrics(text):
    doc = parse(Source(path="t.txt", format="txt", text=text))
    return [(m.surface, m.value, m.unit, m.subject, m.parent) for m in extract_metrics(doc)]


def test_an_approximate_amount_before_de_is_a_figure():
    assert _values("投入3100余万元的项目已全部开工") == [(31000000.0, "元", "余")]


def test_a_threshold_stated_as_the_rule_is_a_figure_but_not_when_the_group_is_counted():
    assert _values("对50万元以上的项目全部实行公开招标") == [(500000.0, "元", "以上")]
    assert _values("签约50万元以上的项目9个") == [(9.0, "个", None)]
    assert _values("新签约50万元以上") == [(500000.0, "元", "以上")]  # 约 ends 签约; 以上 still qualifies
    assert _values("投资超过800万元的项目实行专班推进") == []
    assert _values("慰问80岁以上的老人") == []


def test_years_as_a_length_of_time():
    assert _values("部分项目资金闲置两年多") == [(2.0, "年", "多")]
    assert _values("坚持开展送医下乡10余年") == [(10.0, "年", "余")]
    assert _values("连续三年获评先进单位") == [(3.0, "年", None)]
    assert _values("近三年来，2024年，二〇二三年，三年行动计划，连续三年无人借阅的图书") == []
    assert _values("三年多来，10余年来") == []


def test_a_duration_takes_what_lasted_as_its_subject():
    assert _metrics("部分项目资金闲置两年多的情况得到纠正。")[0][3] == "部分项目资金闲置"


def test_seconds_within():
    assert _values("窗口叫号等候控制在25秒以内") == [(25.0, "秒", "以内")]


def test_batches_as_stages_and_stages_of_a_process_are_not_counts():
    assert _values("分三批组织党员到红色教育基地参观") == []
    assert _values("选派教师外出跟岗两批共26人") == [(26.0, "人", None)]
    assert _values("按照学习、调研、整改三个环节推进") == []
    assert _values("检视和整改的两个环节衔接不够") == []
    assert _values("抽检农产品样品320批次") == [(320.0, "批次", None)]
    assert _values("精简审批事项，压减两个环节") == [(2.0, "个", None)]


def test_a_stage_before_a_count_is_not_its_subject():
    assert "进修" in _metrics("选派护理骨干外出进修两批共26人。")[0][3]


def test_weights_and_lamps():
    assert _values("亩产达到900斤，收购稻谷3.5万公斤，安装路灯45盏") == [
        (900.0, "斤", None), (35000.0, "公斤", None), (45.0, "盏", None)]


def test_status_parts_are_named_by_their_status():
    got = _metrics("县委巡察组共反馈问题24个，已完成整改20个，正在整改3个，需长期整改1个。")
    assert [m[3] for m in got[1:]] == ["已完成整改", "正在整改", "需长期整改"]
    assert all(m[4] == got[0][3] and "反馈问题" in m[4] for m in got[1:])


def test_received_cases_and_their_statuses_are_a_whole_and_parts():
    got = _metrics("全年受理群众来信来访146件，已办结139件，正在办理7件。")
    assert [(m[3], m[4]) for m in got[1:]] == [("已办结", got[0][3]), ("正在办理", got[0][3])]


def test_one_word_per_line_paste_reads_as_prose():
    words = "二、主要工作\n全村\n流转\n土地\n900\n多亩，\n亩产\n达到\n800\n斤，\n带动\n41\n户\n脱贫户\n增收。\n"
    filler = "\n".join(["新建", "村级", "活动", "场所，", "完善", "便民", "服务", "设施，", "群众", "满意。"]) + "\n"
    got = _metrics("某村党支部2024年工作总结\n" + words + filler * 3)
    assert [(m[1], m[2]) for m in got] == [(900.0, "亩"), (800.0, "斤"), (41.0, "户")]
    assert ["流转土地" in m[3] for m in got] == [True, False, False]
    assert [m[3] for m in got[1:]] == ["亩产", "脱贫户"]


def test_a_report_of_short_lines_is_not_taken_for_a_word_per_line_paste():
    from nlp_toolkit.structure.lines import split_lines
    from nlp_toolkit.structure.paragraphs import one_word_per_line

    prose = "一、主要成效\n全年开展督查38次，发现问题12个，已全部整改到位。\n" * 20
    assert not one_word_per_line(split_lines(prose))
    assert one_word_per_line(split_lines("\n".join(["全村", "流转", "土地", "900", "多亩，"] * 8)))


def test_a_part_introduced_only_by_a_marker_is_named_by_what_follows():
    got = _metrics("形成调研报告9篇，其中3篇被市委办采用。")
    assert got[1][3] == "被市委办采用" and got[1][4] == got[0][3]
    assert _metrics("排查问题12个，立行立改10个，剩余2个正在推进。")[2][3] == "正在推进"
    assert _metrics("排查隐患60处，已整改到位52处，剩余8处落实防汛措施。")[2][3] == "剩余"


def test_a_breakdown_by_stage_goes_on_after_its_first_clause():
    got = _metrics("全镇排查的12个后进党支部中，已整顿转化9个，仍有3个转化不够彻底。")
    assert [m[4] for m in got[1:]] == [got[0][3]] * 2
    got = _metrics("排查隐患共128个，其中安全生产类67个、经营管理类61个，目前已完成整改93个。")
    assert got[-1][4] is None


def test_rates_after_fenbie_speak_of_the_figures_before_in_order():
    got = _metrics("完成客运量860万人次、货运量2100万吨，分别同比增长2.1%和5.3%。")
    assert [m[3] for m in got[2:]] == [got[0][3], got[1][3]]


def test_a_total_or_amount_speaks_of_the_thing_counted_before_it():
    got = _metrics("新认定科技型中小企业41家，总数达到263家；发放创业贷款86笔、金额3200万元。")
    assert got[1][3] == got[0][3] and got[3][3] == got[2][3]


def test_some_verbs_before_a_noun_name_its_kind():
    assert _metrics("对尚未完成的4项整改任务挂图作战。")[0][3] == "整改任务"


def test_a_breakdown_by_status_without_a_total_word():
    got = _metrics("县委巡察反馈问题16个，已完成整改13个，正在整改2个，需长期整改1个。")
    assert [m[4] for m in got[1:]] == [got[0][3]] * 3
    got = _metrics("涉及整改资金260万元，已到位210万元，未到位50万元。")
    assert [m[4] for m in got[1:]] == [got[0][3]] * 2


def test_figures_of_opposite_status_without_a_total_stay_siblings():
    got = _metrics("整改到位资金1265.3万元，未整改资金84.2万元。")
    assert [m[4] for m in got] == [None, None]


def test_a_figure_naming_a_line_is_not_a_result():
    assert _values("资产负债率控制在70%的警戒线以内，实际为61.2%") == [(61.2, "%", None)]


def test_the_noun_governed_by_xiang_and_a_count_at_the_clause_end():
    assert _metrics("督导组向26家单位反馈问题。")[0][3] == "单位"
    assert _metrics("全年开展安全督查41次，发现隐患17处。")[0][3] == "安全督查"


def test_batches_of_a_campaign_and_stages_held_together_are_names():
    assert _values("两批主题教育参加党员3200名") == [(3200.0, "名", None)]
    assert _values("抓实三个环节，精简两个环节") == [(2.0, "个", None)]


def test_a_word_alone_on_its_line_is_no_heading_in_a_word_per_line_paste():
    body = "\n".join(["全村", "存在的", "问题", "主要", "是", "增收", "渠道", "单一，", "集体", "经济", "薄弱。"] * 4)
    doc = parse(Source(path="t.txt", format="txt", text="某村2024年工作总结\n一、基本情况\n" + body + "\n"))
    assert [doc.text[h.start:h.end] for h in doc.headings] == ["一、基本情况"]


def test_word_per_line_plans_keep_their_owner_lines_with_the_item():
    from nlp_toolkit.extract.commitments import extract_commitments

    words = ["1.2025", "年底", "前", "新建", "便民", "服务", "中心", "1", "处。", "责任人：", "村委会", "主任。",
             "2.2025", "年", "6", "月底", "前", "完成", "道路", "硬化", "3", "公里。", "责任人：", "村", "党支部", "书记。"]
    head = "\n".join(["全村", "流转", "土地", "900", "多亩，", "亩产", "达到", "800", "斤。"] * 3)
    text = "某村2024年工作总结\n一、主要工作\n" + head + "\n二、2025年工作打算\n" + "\n".join(words) + "\n"
    doc = parse(Source(path="t.txt", format="txt", text=text))
    doc.metrics = extract_metrics(doc)
    owners = ["".join((c.owner or "").split()) for c in extract_commitments(doc)]
    assert owners == ["村委会主任", "村党支部书记"]


def test_a_bound_whose_classifier_counts_the_noun_after_it_is_a_figure():
    assert _values("推动30家以上区级机关达到节约型机关创建标准。") == [(30.0, "家", "以上")]
    assert _values("班子成员每人领办3个以上难题。") == [(3.0, "个", "以上")]
    assert _values("全县300人以上企业有56家。") == [(56.0, "家", None)]  # 300人以上 defines the group
    assert _values("对50万元以上项目全部实行公开招标。") == []


def test_a_meeting_count_followed_by_what_it_studied_counts_the_meetings():
    subjects = [m[3] for m in _metrics("*县机关事务管理局工作总结\n一、主要工作\n局党组召开党组会议5次专题研究整改工作。\n")]
    assert subjects == ["党组会议"]  # 专题研究 is what the meetings did, not what was counted
