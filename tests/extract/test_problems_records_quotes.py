"""Problems from record problem fields and from feedback quoted in rectification reports."""
from __future__ import annotations

from nlp_toolkit.extract.problems import extract_problems
from nlp_toolkit.model import Source
from nlp_toolkit.structure import parse


def _problems(text: str):
    doc = parse(Source(path="t.txt", format="txt", encoding="utf-8", text=text, hints=[]))
    return doc, extract_problems(doc, classify=False)


def test_quoted_feedback_is_the_problem():
    doc, problems = _problems(
        "*县自然资源局关于巡察反馈问题整改落实情况的报告\n一、整改落实情况\n"
        "（一）针对“耕地保护责任落实不到位”的问题，我们制定网格化巡查办法，全年巡查1200次。\n"
        "（二）关于巡察指出的“调研走过场”问题，局党组开展专项整治。\n"
        "反馈指出“中心组学习流于形式”，我们修订了学习制度。\n")
    texts = [p.text for p in problems]
    assert texts == ["耕地保护责任落实不到位", "调研走过场", "中心组学习流于形式"]
    assert all(doc.text[p.start:p.end] == p.text for p in problems)


def test_record_problem_field_replaces_the_labelled_headline():
    _, problems = _problems("*县执法局整改台账\n一、存在问题\n"
                            "1.问题表现：执法巡查频次不够；整改措施：每月巡查一次；责任单位：执法大队；完成时限：2025年底\n")
    assert [p.text for p in problems] == ["执法巡查频次不够"]


def test_quote_that_never_closes_gives_no_problem_and_no_error():
    _, problems = _problems("*县局整改报告\n一、整改落实情况\n针对“耕地保护责任落实不到位的问题，我们制定了办法。\n")
    assert problems == []


def test_traditional_and_simplified_reports_give_the_same_problems_and_categories():
    simplified = ("*县局2024年工作总结\n一、存在问题\n一是理论学习不够深入，学用结合不紧。"
                  "二是廉洁风险防控制度执行不严。\n二、下一步打算\n2025年底前完成制度修订。\n")
    traditional = ("*縣局2024年工作總結\n一、存在問題\n一是理論學習不夠深入，學用結合不緊。"
                   "二是廉潔風險防控制度執行不嚴。\n二、下一步打算\n2025年底前完成制度修訂。\n")
    results = []
    for text in (simplified, traditional):
        doc = parse(Source(path="t.txt", format="txt", encoding="utf-8", text=text, hints=[]))
        problems = extract_problems(doc)
        assert all(doc.text[p.start:p.end] == p.text for p in problems)
        results.append([(p.start, p.end, p.category) for p in problems])
    assert results[0] == results[1] and len(results[0]) == 2
