"""Title and unit with their reasons, on letterheads, 文号, 签发人, 密级, web chrome, wrapped
titles, signature blocks and 抄送/印发 lines (issue 16). Every report text here is written for
the test: invented units, `*` for place names, `**` for people."""
from __future__ import annotations

import pytest

BODY = "一、主要做法\n今年以来，我们认真落实各项部署，全年完成重点任务12项。\n二、下一步打算\n2025年6月底前完成剩余任务。\n"

# (case id, text before the body, text after the body, title, unit, words the title reason
# gives, words the unit reason gives)
CASES = [
    ("letterhead-government", "*县人民政府文件\n*政发〔2024〕12号\n*县人民政府关于2024年度法治政府建设情况的报告\n", "",
     "*县人民政府关于2024年度法治政府建设情况的报告", "*县人民政府", ["跳过标题前的 2 行", "*县人民政府文件"], ["关于"]),
    ("letterhead-party-office", "中共*县委办公室文件\n*办发〔2024〕3号\n中共*县委办公室2024年工作总结\n", "",
     "中共*县委办公室2024年工作总结", "中共*县委办公室", ["跳过标题前的 2 行"], ["标题开头"]),
    ("wenhao-square-brackets", "*县财办[2023]7号\n*县财政局关于预算执行情况的报告\n", "",
     "*县财政局关于预算执行情况的报告", "*县财政局", ["跳过标题前的 1 行", "[2023]7号"], ["关于"]),
    ("issuer", "*市商务局文件\n*商发〔2024〕21号\n签发人：王**\n*市商务局关于外贸稳增长工作的报告\n", "",
     "*市商务局关于外贸稳增长工作的报告", "*市商务局", ["跳过标题前的 3 行", "签发人"], ["关于"]),
    ("secrecy-and-urgency", "机密★1年\n特急\n*县应急管理局关于汛期安全生产检查情况的报告\n", "",
     "*县应急管理局关于汛期安全生产检查情况的报告", "*县应急管理局", ["跳过标题前的 2 行", "机密"], ["关于"]),
    ("secrecy-labels", "密级：内部\n紧急程度：平急\n*县水利局2024年工作总结\n", "",
     "*县水利局2024年工作总结", "*县水利局", ["跳过标题前的 2 行"], ["标题开头"]),
    ("web-care-mode", "关怀版 无障碍\n|\n*县统计局2024年上半年工作总结\n", "",
     "*县统计局2024年上半年工作总结", "*县统计局", ["跳过标题前的 2 行", "关怀版"], ["标题开头"]),
    ("web-index-number", "信息索引号：000000-00-2024-0012\n时间:2022-02-15\n*区民政局2021年工作总结\n", "",
     "*区民政局2021年工作总结", "*区民政局", ["跳过标题前的 2 行", "信息索引号"], ["标题开头"]),
    ("web-breadcrumb", "首页 > 政务公开 > 计划总结\n发布时间：2024-12-30  来源：*县审计局\n*县审计局2024年工作总结\n", "",
     "*县审计局2024年工作总结", "*县审计局", ["跳过标题前的 2 行", "首页"], ["标题开头"]),
    ("web-print-controls", "【字体：大 中 小】【打印本页】【关闭窗口】\n*镇人民政府2024年工作总结\n", "",
     "*镇人民政府2024年工作总结", "*镇人民政府", ["跳过标题前的 1 行"], ["标题开头"]),
    ("plain-first-line", "*县交通运输局2024年工作总结\n", "",
     "*县交通运输局2024年工作总结", "*县交通运输局", ["第一行像标题"], ["标题开头"]),
    ("wrapped-title", "*县委社会工作部领导班子主题教育专题民主生活会对照检\n查材料\n", "",
     "*县委社会工作部领导班子主题教育专题民主生活会对照检查材料", "*县委社会工作部领导班子", ["标题折行"], ["标题开头"]),
    ("wrapped-report-title", "*县农业农村局关于2024年乡村振兴重点工作推进\n情况的报告\n", "",
     "*县农业农村局关于2024年乡村振兴重点工作推进情况的报告", "*县农业农村局", ["标题折行"], ["关于"]),
    ("unit-line-above-title", "中共*县林业局党组\n关于巡察反馈意见整改落实情况的报告\n", "",
     "中共*县林业局党组关于巡察反馈意见整改落实情况的报告", "中共*县林业局党组", ["单位名称行"], ["关于"]),
    ("unit-without-mark", "县委社会工作部关于巡察整改落实情况的自查报告\n", "",
     "县委社会工作部关于巡察整改落实情况的自查报告", "县委社会工作部", ["第一行像标题"], ["关于"]),
    ("signature-unit", "2024年工作总结\n", "\n*县林业局\n2024年12月20日\n",
     "2024年工作总结", "*县林业局", ["第一行像标题"], ["文末落款"]),
    ("signature-party-group", "关于巡察反馈意见整改落实情况的报告\n", "\n中共*县水利局党组\n二〇二四年十二月五日\n",
     "关于巡察反馈意见整改落实情况的报告", "中共*县水利局党组", ["第一行像标题"], ["文末落款"]),
    ("signature-before-distribution", "关于2024年安全生产工作的报告\n",
     "\n*县应急管理局\n2024年12月20日\n抄送：县委办公室，县政府办公室。\n*县应急管理局办公室    2024年12月20日印发\n",
     "关于2024年安全生产工作的报告", "*县应急管理局", ["第一行像标题"], ["文末落款"]),
    ("first-sentence-unit", "主题教育阶段性工作总结\n今年以来，*县委深入学习贯彻党的创新理论，认真开展主题教育。\n", "",
     "主题教育阶段性工作总结", "*县委", ["第一行像标题"], ["开头几句"]),
    ("no-unit-anywhere", "2024年工作总结\n", "",
     "2024年工作总结", None, ["第一行像标题"], ["都未写明单位"]),
    ("no-title", "今年以来，我局认真落实各项部署，取得了明显成效，现将有关情况报告如下。\n", "",
     None, None, ["没有像标题的行"], ["都未写明单位"]),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_title_and_unit_with_reasons(parse_text, case):
    _, head, tail, title, unit, title_words, unit_words = case
    doc = parse_text(head + BODY + tail)
    assert doc.title == title
    assert doc.unit == unit
    for word in title_words:
        assert word in doc.title_reason
    assert any(word in doc.unit_reason for word in unit_words)


def test_distribution_lines_stay_out_of_the_last_section(parse_text):
    tail = ("\n*县应急管理局\n2024年12月20日\n抄送：县委办公室，县人大常委会办公室，县政府办公室。\n"
            "*县应急管理局办公室    2024年12月20日印发\n")
    doc = parse_text("*县应急管理局2024年工作总结\n" + BODY + tail)
    last = doc.sections[-1]
    body = doc.text[last.start:last.end]
    assert body.rstrip().endswith("2025年6月底前完成剩余任务。")
    assert not any("抄送" in p.text or "印发" in p.text for p in doc.paragraphs)


def test_distribution_lines_without_a_signature(parse_text):
    doc = parse_text("*县应急管理局2024年工作总结\n" + BODY + "抄送：县委办公室。\n")
    last = doc.sections[-1]
    assert "抄送" not in doc.text[last.start:last.end]


def test_a_last_line_that_mentions_printing_in_a_sentence_stays(parse_text):
    text = "*县文化馆2024年工作总结\n" + BODY.replace("完成剩余任务。", "完成剩余任务，") + "并把宣传册全部印发\n"
    doc = parse_text(text)
    last = doc.sections[-1]
    assert doc.text[last.start:last.end].rstrip().endswith("全部印发")


def test_reasons_in_the_json(parse_text):
    from nlp_toolkit.output.json import document_dict

    out = document_dict(parse_text("*县人民政府文件\n*县人民政府关于安全生产工作的报告\n" + BODY))
    assert "跳过标题前的 1 行" in out["title_reason"] and "关于" in out["unit_reason"]
