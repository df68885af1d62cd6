"""Title, reporting unit, web debris, report year and the signature block."""
from __future__ import annotations

import pytest


def test_title_and_unit_from_the_title_line(annual_doc):
    assert annual_doc.title == "*县市场监督管理局2024年度工作总结"
    assert annual_doc.unit == "*县市场监督管理局"
    span = annual_doc.title_span
    assert annual_doc.text[span.start:span.end] == annual_doc.title


def test_web_debris_before_the_title_is_skipped(annual_doc):
    assert annual_doc.text.startswith("首页 > 工作动态")
    for para in annual_doc.paragraphs:
        assert "访问量" not in para.text and "首页" not in para.text
    assert annual_doc.paragraphs[0].text == annual_doc.title
    assert all("首页" not in h.text for h in annual_doc.headings)


@pytest.mark.parametrize("debris", [
    "当前位置：首页 > 信息公开 > 工作总结",
    "来源：*县人民政府办公室  发布日期：2024-12-30",
    "【字体：大 中 小】【打印本页】【关闭窗口】",
])
def test_other_debris_lines(parse_text, debris):
    doc = parse_text(f"{debris}\n*县财政局2024年工作总结\n一、主要做法\n正文。\n")
    assert doc.title == "*县财政局2024年工作总结"
    assert doc.unit == "*县财政局"


def test_unit_from_the_opening_sentences(parse_text):
    doc = parse_text("主题教育阶段性工作总结\n今年以来，*县委深入学习贯彻党的创新理论，认真开展主题教育。\n一、主要做法\n正文。\n")
    assert doc.title == "主题教育阶段性工作总结"
    assert doc.unit == "*县委"


def test_report_year_from_the_title(theme_doc, annual_doc):
    assert theme_doc.year == 2024
    assert annual_doc.year == 2024  # not 2025, named by the debris and the plans heading


def test_report_year_from_the_text_when_the_title_has_none(parse_text):
    doc = parse_text("工作总结\n2023年以来，我局扎实开展工作。2023年全年完成任务。2024年将继续努力。\n")
    assert doc.year == 2023


def test_report_year_from_a_chinese_numeral_date(parse_text):
    doc = parse_text("*县审计局整改报告\n一、整改措施\n年底前完成整改。\n\n*县审计局\n二〇二四年十二月二十日\n")
    assert doc.year == 2024


def test_traditional_title_is_kept_as_submitted(traditional_doc):
    assert traditional_doc.title == "*縣委2024年主題教育總結"
    assert traditional_doc.year == 2024


def test_signature_block_is_not_inside_the_last_section(theme_doc):
    last = theme_doc.sections[-1]
    body = theme_doc.text[last.start:last.end]
    assert "2024年1月20日" not in body
    assert "中共*县委常委班子" not in body
    assert body.endswith("不断增强学习的系统性。")
    assert not any("2024年1月20日" in p.text for p in theme_doc.paragraphs)


def test_signature_with_a_chinese_numeral_date(parse_text):
    doc = parse_text("*县审计局整改报告\n【下一步打算】\n持续推进整改。\n\n*县审计局\n二〇二四年十二月二十日\n")
    body = doc.text[doc.sections[-1].start:doc.sections[-1].end]
    assert body.endswith("持续推进整改。")


def test_short_closing_line_without_a_date_stays_in_the_body(parse_text):
    doc = parse_text("*局2024年工作总结\n一、下一步打算\n全面抓好落实\n")
    assert doc.text[doc.sections[-1].start:doc.sections[-1].end].endswith("全面抓好落实")


@pytest.mark.parametrize("furniture", [
    "*县人民政府文件",
    "中共*县委员会办公室文件",
    "*政发〔2024〕12号",
    "*县财办[2023]7号",
    "签发人：张**",
    "密级：内部",
    "紧急程度：特急",
    "机密★1年",
    "特急",
    "关怀版 无障碍",
    "信息索引号：000000-00-2024-0001",
    "时间:2022-02-15",
    "|",
])
def test_letterhead_and_web_chrome_lines_are_skipped(parse_text, furniture):
    doc = parse_text(f"{furniture}\n*县财政局2024年工作总结\n一、主要做法\n正文。\n")
    assert doc.title == "*县财政局2024年工作总结"
    assert doc.unit == "*县财政局"


def test_a_full_red_head_block_is_skipped(parse_text):
    head = "*县人民政府文件\n*政发〔2024〕12号\n签发人：王**\n"
    doc = parse_text(f"{head}*县人民政府关于2024年安全生产工作的报告\n一、主要做法\n正文。\n")
    assert doc.title == "*县人民政府关于2024年安全生产工作的报告"
    assert all("文件" != p.text[-2:] for p in doc.paragraphs)


@pytest.mark.parametrize("title", [
    "关于印发有关文件的情况报告",
    "*县文件管理工作总结",
    "2024年工作总结",
])
def test_titles_that_look_like_furniture_are_kept(parse_text, title):
    doc = parse_text(f"{title}\n一、主要做法\n正文。\n")
    assert doc.title == title


def test_a_title_wrapped_over_two_lines_is_joined(parse_text):
    doc = parse_text("*县委社会工作部领导班子主题教育专题民主生活会对照检\n查材料\n一、存在的问题\n正文。\n")
    assert doc.title.endswith("对照检查材料")
    assert doc.unit == "*县委社会工作部领导班子"


@pytest.mark.parametrize("title, unit", [
    ("*县委社会工作部关于巡察整改落实情况的自查报告", "*县委社会工作部"),
    ("*县人民政府关于2024年安全生产工作的报告", "*县人民政府"),
    ("*县财政局2024年工作总结", "*县财政局"),
])
def test_unit_read_from_the_title_forms(parse_text, title, unit):
    assert parse_text(f"{title}\n一、主要做法\n正文。\n").unit == unit


@pytest.mark.parametrize("furniture", [
    "━━━━━━━━━━━━━━━━",
    "————————————",
    "*政发〔2024〕12号　　　　　　签发人：王**",
    "*县人民政府门户网站",
    "主题分类：综合政务　　时间：2024-01-12",
    "发布机构：*县人民政府",
    "索 引 号：000000/2024-00001",
    "【字体：大 中 小】　扫一扫在手机打开当前页",
    "【 大 中 小 】",
    "字体：【大】【中】【小】",
])
def test_more_red_head_and_site_lines_are_skipped(parse_text, furniture):
    doc = parse_text(f"{furniture}\n*县财政局2024年工作总结\n一、主要做法\n正文。\n")
    assert doc.title == "*县财政局2024年工作总结"


def test_red_head_rule_and_docnumber_with_signer_before_a_wrapped_title(parse_text):
    head = "中共*县委员会文件\n━━━━━━━━━━━━━━━━\n*委〔2024〕8号　　　　签发人：李**\n"
    doc = parse_text(f"{head}中共*县委员会关于学习贯彻习近平新时代中国特色社会主义\n思想主题教育的报告\n"
                     "一、主要做法\n正文。\n")
    assert doc.title == "中共*县委员会关于学习贯彻习近平新时代中国特色社会主义思想主题教育的报告"
    assert doc.unit == "中共*县委员会"


@pytest.mark.parametrize("footer", [
    "【打印本页】　【关闭窗口】",
    "上一篇：*县2023年度法治政府建设情况报告",
    "下一篇：无",
    "主办单位：*县人民政府　　网站标识码：0000000000",
    "ICP备案号：*ICP备00000000号",
    "联系我们 | 网站地图",
    "【打印】 【关闭】",
    "打印 | 收藏 | 返回顶部",
])
def test_site_footer_after_the_signature_is_outside_the_last_section(parse_text, footer):
    doc = parse_text(f"*县财政局2024年工作总结\n一、下一步打算\n全面抓好落实。\n*县财政局\n2024年1月10日\n{footer}\n")
    last = doc.text[doc.sections[-1].start:doc.sections[-1].end]
    assert last.endswith("全面抓好落实。")
    assert [s.heading for s in doc.sections] == ["一、下一步打算"]


def test_a_footer_word_inside_the_text_is_kept(parse_text):
    doc = parse_text("*县财政局2024年工作总结\n一、主要做法\n上一篇报告提出的问题已整改。\n")
    assert "上一篇报告" in doc.text[doc.sections[0].start:doc.sections[0].end]


def test_a_wrapped_title_reads_as_one_line_in_the_view(parse_text):
    doc = parse_text("中共*县委员会关于学习贯彻习近平新时代中国特色社会主义\n思想主题教育的报告\n一、主要做法\n正文。\n")
    assert "中国特色社会主义思想主题教育" in doc.view.text
