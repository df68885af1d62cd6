"""Problems under headings that name an inspection category, or that are themselves the problem."""
from __future__ import annotations

from nlp_toolkit.extract.problems import extract_problems
from nlp_toolkit.model import Source
from nlp_toolkit.structure import parse


def _parse(text: str):
    return parse(Source(path="t.txt", format="txt", encoding="utf-8", text=text, hints=[]))


SELF_EXAM = ("*县水利局党组班子对照检查材料\n按照要求，班子成员深入查摆，现将有关情况报告如下。\n"
             "（一）理论学习方面\n班子集体学习多以读文件为主，研讨交流不深入，学用结合不紧密。\n"
             "（二）廉洁自律方面\n个别同志对身边人要求不严，工作中存在松懈思想。\n"
             "二、下一步整改措施\n2025年底前完成学习制度修订。\n")


def test_category_headings_of_a_self_examination_are_problems_sections():
    doc = _parse(SELF_EXAM)
    roles = {doc.text[s.heading_start:s.heading_end]: s.role for s in doc.sections}
    assert roles["（一）理论学习方面"] == "problems"
    assert roles["（二）廉洁自律方面"] == "problems"
    texts = [p.text for p in extract_problems(doc, classify=False)]
    assert texts == ["班子集体学习多以读文件为主，研讨交流不深入，学用结合不紧密",
                     "个别同志对身边人要求不严，工作中存在松懈思想"]


def test_the_category_heading_weighs_in_on_the_category():
    problems = extract_problems(_parse(SELF_EXAM))
    assert [p.category for p in problems] == ["理论学习", "廉洁自律"]


def test_a_sibling_problems_heading_makes_the_category_headings_problems():
    doc = _parse("*县局2024年工作总结\n（一）政治素质方面\n个别同志政治敏锐性不强，对苗头性问题警惕不够。\n"
                 "（二）廉洁自律方面存在的不足\n对下属单位的监督管理偏软，公务接待制度执行不严。\n")
    texts = [p.text for p in extract_problems(doc, classify=False)]
    assert texts[0] == "个别同志政治敏锐性不强，对苗头性问题警惕不够"
    assert len(texts) == 2


def test_category_headings_of_an_annual_summary_stay_achievements():
    doc = _parse("*县局2024年工作总结\n一、理论学习方面\n全年组织中心组学习12次，开展专题研讨4次。\n"
                 "二、存在的问题\n一是学用结合不够紧密；二是调研不够深入。\n")
    first = doc.sections[0]
    assert first.role == "achievements"
    assert [p.text for p in extract_problems(doc, classify=False)] == ["学用结合不够紧密", "调研不够深入"]


def test_a_heading_that_states_the_problem_is_the_problem_not_its_body():
    doc = _parse("*县财政局党组检视剖析材料\n一、检视剖析的问题\n（一）理论学习“热在表面”，学用脱节\n"
                 "班子成员参加集中学习较多，但结合财政工作思考不深。\n"
                 "（二）担当作为不够，攻坚克难劲头不足\n面对债务化解等难题，习惯按老办法处理。\n"
                 "二、下一步整改措施\n2025年6月底前修订学习制度。\n")
    problems = extract_problems(doc, classify=False)
    assert [p.text for p in problems] == ["理论学习“热在表面”，学用脱节", "担当作为不够，攻坚克难劲头不足"]
    assert all("\n" not in p.text for p in problems)


TOP_LEVEL = ("*县财政局党组{kind}\n一、理论学习“热在表面”，学用脱节\n"
             "班子成员参加集中学习较多，但结合财政工作思考不深。\n"
             "二、担当作为不够，攻坚克难劲头不足\n面对债务化解等难题，习惯按老办法处理。\n"
             "三、下一步整改措施\n2025年6月底前修订学习制度。\n")


def test_top_level_problem_headings_of_a_self_examination_are_its_problems():
    doc = _parse(TOP_LEVEL.format(kind="对照检查材料"))
    assert doc.sections[0].role == "problems"
    problems = extract_problems(doc, classify=False)
    assert [p.text for p in problems] == ["理论学习“热在表面”，学用脱节", "担当作为不够，攻坚克难劲头不足"]
    assert problems[0].end <= doc.sections[0].heading_end


def test_announcing_headings_are_not_problems_themselves():
    doc = _parse("*县局对照检查材料\n一、存在的不足\n班子成员结合财政工作思考不深，学用结合不紧。\n")
    assert [p.text for p in extract_problems(doc, classify=False)] == ["班子成员结合财政工作思考不深，学用结合不紧"]


def test_problem_headings_outside_a_self_examination_keep_their_position_role():
    doc = _parse(TOP_LEVEL.format(kind="2024年工作总结"))
    assert doc.sections[0].role == "achievements"


def test_example_sentences_stay_inside_their_problem():
    doc = _parse("*县局2024年工作总结\n一、存在的问题\n"
                 "学习深度不足。如个别部门集中学习以读文件为主，研讨发言照本宣科。\n"
                 "调研不够深入。例如部分科室全年下基层不足3次。据统计，调研报告转化为政策的仅2篇。\n"
                 "二、下一步打算\n2025年底前完成制度修订。\n")
    assert [p.text for p in extract_problems(doc, classify=False)] == ["学习深度不足", "调研不够深入"]


def test_numbered_item_with_examples_gives_its_headline_only():
    doc = _parse("*县局2024年工作总结\n一、存在的问题\n"
                 "1.学习深度不足。比如，有的党员学习笔记字数不足千字。\n"
                 "2.调研不够深入。据统计，调研报告转化为政策的仅2篇。\n")
    assert [p.text for p in extract_problems(doc, classify=False)] == ["学习深度不足", "调研不够深入"]


def test_a_sentence_opening_with_ruqi_is_not_an_example():
    doc = _parse("*县局2024年工作总结\n一、存在的问题\n学习深度不足，研讨发言照本宣科。\n"
                 "如期办结率偏低，群众反映的问题处理不及时。\n")
    assert len(extract_problems(doc, classify=False)) == 2
