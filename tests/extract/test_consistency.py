"""Whether a report's figures agree: the consistency checks and the NUM rules' findings."""
from __future__ import annotations

import pytest

from nlp_toolkit.extract import consistency

HEAD = "*县委2024年工作总结\n"


def _codes(doc):
    return [f.code for f in doc.findings]


def test_parts_exceeding_the_whole_are_flagged(analyze_text):
    doc = analyze_text(HEAD + "共排查隐患128个，其中安全生产类67个、经营管理类46个、党的建设类29个。\n")
    found = consistency.parts_vs_whole(doc)
    assert len(found) == 1
    assert found[0].values == {"whole": 128, "parts_total": 142}
    assert "142" in found[0].detail and "128" in found[0].detail
    finding = next(f for f in doc.findings if f.code == "NUM001")
    assert doc.text[finding.start:finding.end] == finding.text
    assert "128个" in finding.text and "29个" in finding.text
    assert {r["text"] for r in finding.related} == {"128个", "67个", "46个", "29个"}


def test_parts_that_add_up_are_not_flagged(theme_doc, analyze_text):
    assert consistency.parts_vs_whole(theme_doc) == []  # 17个，其中已整改12个、正在整改5个
    doc = analyze_text(HEAD + "共排查隐患128个，其中安全生产类67个、经营管理类46个。\n")
    assert consistency.parts_vs_whole(doc) == []
    assert "NUM001" not in _codes(doc)


def test_status_parts_that_miss_the_whole_are_flagged(analyze_text):
    doc = analyze_text(HEAD + "共检视问题20个，其中已整改12个、正在整改5个。\n")
    found = consistency.parts_vs_whole(doc)
    assert len(found) == 1 and found[0].values["parts_total"] == 17


def test_a_rate_that_disagrees_is_flagged(analyze_text):
    doc = analyze_text(HEAD + "全年计划改造小区126个，完工98个，完工率为82.5%。\n")
    found = consistency.percentages(doc)
    assert len(found) == 1
    assert found[0].values == {"numerator": 98, "denominator": 126, "stated": 82.5}
    assert "NUM002" in _codes(doc)


@pytest.mark.parametrize("rate", ["77.8%", "77.78%", "78%"])
def test_a_rate_that_agrees_at_its_precision_is_not_flagged(analyze_text, rate):
    doc = analyze_text(HEAD + f"全年计划改造小区126个，完工98个，完工率为{rate}。\n")
    assert consistency.percentages(doc) == []
    assert "NUM002" not in _codes(doc)


def test_a_growth_rate_is_not_a_share(analyze_text):
    doc = analyze_text(HEAD + "全年计划改造小区126个，完工98个，同比增长82.5%。\n")
    assert consistency.percentages(doc) == []


def test_one_copy_each_with_fewer_copies_than_members_is_flagged(analyze_text):
    doc = analyze_text(HEAD + "全县共有党员13285名。征订学习读本11512本，实现党员人手一本。\n")
    found = consistency.coverage(doc)
    assert len(found) == 1
    assert found[0].values == {"covered": 11512, "population": 13285}
    finding = next(f for f in doc.findings if f.code == "NUM003")
    assert "人手一本" in finding.text


def test_one_copy_each_with_enough_copies_is_not_flagged(analyze_text):
    doc = analyze_text(HEAD + "全县共有党员13285名。征订学习读本13500本，实现党员人手一本。\n")
    assert consistency.coverage(doc) == []


def test_full_coverage_with_a_rounded_figure_is_not_flagged(analyze_text):
    doc = analyze_text(HEAD + "全县共有党员13285名。组织1.3万名党员参加集中轮训，实现党员教育培训全覆盖。\n")
    assert consistency.coverage(doc) == []
    assert "NUM003" not in _codes(doc)


def test_a_total_stated_twice_with_different_values_is_flagged(analyze_text):
    doc = analyze_text("*公司2024年工作总结\n全年实现营业收入48.6亿元，同比增长5.2%。\n全年实现营业收入46.8亿元，较好完成了年度目标。\n")
    found = consistency.repeated_values(doc)
    assert len(found) == 1
    assert found[0].values == {"first": 4860000000, "second": 4680000000}
    finding = next(f for f in doc.findings if f.code == "NUM004")
    assert "46.8亿元" in finding.text and "48.6亿元" not in finding.text


def test_a_total_stated_twice_alike_is_not_flagged(analyze_text):
    doc = analyze_text("*公司2024年工作总结\n全年实现营业收入48.6亿元，同比增长5.2%。\n全年实现营业收入48.6亿元，较好完成了年度目标。\n")
    assert consistency.repeated_values(doc) == []


def test_interval_widens_with_qualifier_and_precision(figures_for_interval):
    exact, rounded, lower, upper = figures_for_interval
    assert consistency.interval(exact) == pytest.approx((13284.5, 13285.5))
    assert consistency.interval(rounded) == pytest.approx((12500, 13500))
    lo, hi = consistency.interval(lower)
    assert lo == pytest.approx(50) and hi > 50
    lo, hi = consistency.interval(upper)
    assert hi == pytest.approx(200) and lo < 200


@pytest.fixture(scope="module")
def figures_for_interval(analyze_text):
    doc = analyze_text(HEAD + "党员13285名，党员1.3万名，开展活动50余场，走访近200户。\n")
    return doc.metrics


def test_all_inconsistencies_on_a_clean_report_is_empty(theme_doc, annual_doc):
    assert consistency.all_inconsistencies(theme_doc) == []
    assert consistency.all_inconsistencies(annual_doc) == []
    assert not [f for f in theme_doc.findings if f.code.startswith("NUM")]


def test_a_rate_stated_before_the_count_it_comes_from_is_checked(analyze_text):
    doc = analyze_text("*学院主题教育工作总结\n组织教师党员480名参加专题培训，参训率达99.2%，实际参训452名。\n")
    found = consistency.percentages(doc)
    assert len(found) == 1 and found[0].values["numerator"] == 452 and found[0].values["denominator"] == 480
    assert doc.text[found[0].start:found[0].end] == "组织教师党员480名参加专题培训，参训率达99.2%，实际参训452名"
    agrees = analyze_text("*学院主题教育工作总结\n组织教师党员480名参加专题培训，参训率达94.2%，实际参训452名。\n")
    assert consistency.percentages(agrees) == []
    other = analyze_text("*学院主题教育工作总结\n组织教师党员480名参加专题培训，参训率达99.2%，新发展党员12名。\n")
    assert consistency.percentages(other) == []  # a count that is not what the rate measures
