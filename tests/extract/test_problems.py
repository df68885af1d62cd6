"""Problems: the listed problems of the problems section, classified into five categories."""
from __future__ import annotations

import pytest

from nlp_toolkit.model import CATEGORIES


def test_problems_from_headed_and_inline_items(theme_doc):
    assert [p.text for p in theme_doc.problems] == [
        "理论学习不够深入",
        "执行请示报告制度不够严格",
        "意识形态阵地管理存在薄弱环节",
        "对党忠诚教育不够经常",
        "担当作为不够",
    ]
    assert [p.marker for p in theme_doc.problems] == ["（一）", "一是", "二是", "三是", "（三）"]


def test_problem_text_is_its_span_without_the_marker(theme_doc):
    for problem in theme_doc.problems:
        assert theme_doc.text[problem.start:problem.end] == problem.text
        assert not problem.text.startswith(problem.marker)
        assert problem.marker not in problem.text[:3]


def test_no_problems_from_the_causes_section(theme_doc):
    causes = next(s for s in theme_doc.sections if s.role == "causes")
    assert not any(causes.start <= p.start < causes.end for p in theme_doc.problems)
    assert not any("理想信念" in p.text for p in theme_doc.problems)


def test_no_problems_from_achievements_or_plans(theme_doc):
    for problem in theme_doc.problems:
        assert theme_doc.sections[problem.section].role == "problems"


def test_categories_and_scores(theme_doc):
    for problem in theme_doc.problems:
        assert problem.category in CATEGORIES
        assert set(problem.scores) == set(CATEGORIES)
        assert sum(problem.scores.values()) == pytest.approx(1, abs=1e-3)
        assert problem.confidence == pytest.approx(problem.scores[problem.category])
        assert problem.category == max(problem.scores, key=problem.scores.get)


def test_clear_problems_get_their_category(theme_doc):
    assert theme_doc.problems[0].category == "理论学习"


def test_inline_list_ending_in_a_comma(analyze_text):
    doc = analyze_text("""\
*局2024年工作总结
一、主要做法
开展学习12次。
二、存在的问题
在工作中，一是学习不够深入，二是作风不够扎实，三是廉洁意识有所淡化，
三、下一步打算
年底前完成制度修订。
""")
    assert [p.text for p in doc.problems] == ["学习不够深入", "作风不够扎实", "廉洁意识有所淡化"]


def test_problems_section_without_items_lists_its_paragraphs(analyze_text):
    doc = analyze_text("""\
*局2024年工作总结
存在的不足：
学习不够系统，满足于读文件。
调研不够深入，解决实际问题办法不多。
""")
    assert [p.text for p in doc.problems] == ["学习不够系统，满足于读文件", "调研不够深入，解决实际问题办法不多"]


GROUPED = """\
*局2024年对照检查材料
一、存在的问题
（一）{group}
一是作风不够扎实；二是工作标准不高。
"""


def test_a_group_heading_naming_a_category_steers_it(analyze_text):
    plain = analyze_text(GROUPED.format(group="具体表现"))
    named = analyze_text(GROUPED.format(group="担当作为方面"))
    assert [p.text for p in named.problems] == [p.text for p in plain.problems] == ["作风不够扎实", "工作标准不高"]
    for before, after in zip(plain.problems, named.problems):
        assert after.category == "担当作为"
        assert after.scores["担当作为"] > before.scores["担当作为"]
        assert sum(after.scores.values()) == pytest.approx(1, abs=1e-3)
    assert any(p.category != "担当作为" for p in plain.problems)


def test_a_report_without_a_problems_section_has_none_unless_it_states_them(analyze_text):
    doc = analyze_text("*局2024年工作总结\n一、主要做法\n一是全年开展集中学习12次；二是组织专题调研8次。\n")
    assert doc.problems == []
    doc = analyze_text("*局2024年工作总结\n一、主要做法\n一是学习不够深入；二是调研不实。\n")
    assert [p.text for p in doc.problems][:1] == ["学习不够深入"]


def test_what_was_done_after_a_problem_in_a_prose_paragraph_is_not_a_problem(analyze_text):
    doc = analyze_text(
        "县档案馆关于巡察反馈问题整改情况的报告\n"
        "一、工作开展情况\n馆党支部召开专题会议研究整改工作，逐条制定整改措施。\n"
        "二、存在的问题\n"
        "档案数字化进度缓慢，部分馆藏档案长期未完成扫描。针对这一问题，馆里对扫描工作进行了重新部署，明确了责任人。\n"
        "干部业务培训不够系统，新进人员上手较慢。\n"
        "三、下一步打算\n2025年底前完成馆藏档案数字化扫描，由业务科负责。\n")
    texts = [p.text for p in doc.problems]
    assert any(t.startswith("档案数字化进度缓慢") for t in texts)
    assert any(t.startswith("干部业务培训不够系统") for t in texts)
    assert not any(t.startswith("针对这一问题") for t in texts)


@pytest.mark.parametrize(("follow_up", "score", "dropped"), [
    (True, 0.7, True),    # a later sentence: the model's 0.7 for an achievement is enough
    (False, 0.7, False),  # an entry of its own needs drop_achievement_score
    (False, 0.9, True),
    (True, 0.5, False),
])
def test_an_entry_the_model_reads_as_work_done_is_dropped_by_its_place(follow_up, score, dropped):
    from nlp_toolkit.extract.listing import Entry
    from nlp_toolkit.extract.problems import _not_a_problem
    from nlp_toolkit.model import Statement

    text = "馆党支部组织开展集中扫描攻坚"
    unit = Statement(0, len(text), text, "sentence", "achievement", score, section=1, decided_by="model")
    entry = Entry(0, len(text), "", 1, "", follow_up=follow_up)
    assert _not_a_problem([unit], entry, 0, len(text)) is dropped
