"""What the problem classifier is given: the problem and its explanation, not the group heading's
first item nor the account of the work done on it."""
from __future__ import annotations

import pytest

import nlp_toolkit.extract.classifier as classifier
from nlp_toolkit.extract.listing import entries, top_sections
from nlp_toolkit.extract.problems import extract_problems
from nlp_toolkit.model import CATEGORIES, Source
from nlp_toolkit.structure import parse


def _parse(text: str):
    return parse(Source(path="t.txt", format="txt", encoding="utf-8", text=text, hints=[]))


@pytest.fixture
def classified(monkeypatch) -> list[str]:
    """The texts handed to the classifier (uniform scores come back)."""
    seen: list[str] = []

    def fake(texts):
        seen.extend(texts)
        return [{c: 1 / len(CATEGORIES) for c in CATEGORIES} for _ in texts]

    monkeypatch.setattr(classifier, "classify", fake)
    return seen


GROUPED = ("*县副县长李某某个人对照检查材料\n一、对照检查情况\n"
           "（一）在带头严守政治纪律和政治规矩方面\n"
           "一是理论学习的主动性不够强，读原著原文不多。二是对网络舆情苗头警惕性不高，处置不够及时。\n"
           "（二）在带头真抓实干方面\n一是到一线解决问题不多。二是推动项目落地办法不多。\n"
           "二、整改措施\n2025年6月底前完成分管领域调研。\n")


def test_a_group_heading_without_a_full_stop_is_the_context_of_its_items_alone():
    doc = _parse(GROUPED)
    contexts = {e.context for i in top_sections(doc, "problems") for e in entries(doc, i)}
    assert contexts == {"在带头严守政治纪律和政治规矩方面", "在带头真抓实干方面"}


def test_a_later_item_is_not_weighed_towards_a_category_its_group_s_first_item_names():
    problems = extract_problems(_parse(GROUPED))
    second = next(p for p in problems if p.text.startswith("对网络舆情"))
    assert second.explanation.original_score == second.explanation.score
    assert "加权" not in second.explanation.text


HEADINGS = ("*区税务局党委主题教育检视问题整改情况报告\n区委主题教育办：\n"
            "一、检视问题整改情况\n"
            "检视问题一：纳税服务窗口业务能力不强，政策解答不准确\n"
            "整改情况：分局组织窗口人员轮训，编印政策问答手册。\n"
            "下步打算：2025年6月底前开展业务比武。\n"
            "检视问题二：对企业诉求回应不及时，个别诉求拖延办理。对此，我们将建立限时办结制度，确保诉求件件有回音。\n"
            "二、下一步工作打算\n2025年9月底前完成窗口服务评估。\n")


def test_the_account_of_the_work_on_a_problem_is_not_classified_with_it(classified):
    problems = extract_problems(_parse(HEADINGS))
    assert len(problems) == 2
    assert classified == ["纳税服务窗口业务能力不强，政策解答不准确",
                          "对企业诉求回应不及时，个别诉求拖延办理。"]
