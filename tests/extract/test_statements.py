"""Statement roles: every candidate unit gets a role, a score and reasons; problems read from them."""
from __future__ import annotations

import json

import pytest

from nlp_toolkit.extract.problems import extract_problems
from nlp_toolkit.extract.statements import (candidate_units, classify_statements, keyword_role, layout_role,
                                            rules_role)
from nlp_toolkit.model import STATEMENT_ROLES, Source
from nlp_toolkit.structure import parse


def _doc(text: str):
    return parse(Source(path="t.txt", format="txt", encoding="utf-8", text=text, hints=[]))


ACCOUNT = ("*县民政局2024年工作总结\n"
           "一、主要工作\n"
           "全年发放城乡低保资金3860万元，惠及困难群众1.2万人。\n"
           "新建社区养老服务站14个，实现街道全覆盖。\n"
           "同时也要看到，基层民政工作力量薄弱，部分乡镇民政办只有1名工作人员，精细化服务难以落实。\n"
           "二、下一步打算\n"
           "2025年6月底前为每个乡镇民政办补充1名工作人员，由局人事科牵头。\n")


def _statement_at(statements, needle):
    return next(s for s in statements if needle in s.text)


def test_every_unit_gets_a_role_score_and_reasons():
    doc = _doc(ACCOUNT)
    statements = classify_statements(doc)
    assert statements and len(statements) == len(candidate_units(doc))
    for s in statements:
        assert s.role in STATEMENT_ROLES and 0 <= s.score <= 1 and s.reasons
        assert doc.text[s.start:s.end] == s.text
        assert s.reasons[0].startswith("所在部分：")


def test_prose_problem_in_a_work_account_is_a_problem_statement_and_a_problem():
    doc = _doc(ACCOUNT)
    statements = classify_statements(doc)
    assert _statement_at(statements, "基层民政工作力量薄弱").role == "problem"
    assert _statement_at(statements, "全年发放城乡低保资金").role == "achievement"
    doc.statements = statements
    problems = extract_problems(doc)
    assert any("基层民政工作力量薄弱" in p.text for p in problems)
    assert not any("低保资金" in p.text for p in problems)


def test_without_the_model_units_keep_their_sections_role_and_no_prose_problem_is_added():
    doc = _doc(ACCOUNT)
    statements = classify_statements(doc, model=False)
    assert {s.decided_by for s in statements} <= {"layout", "section"}
    assert _statement_at(statements, "基层民政工作力量薄弱").role == "achievement"
    assert extract_problems(doc, classify=False) == []


def test_problems_in_a_self_examination_section_without_a_problems_heading():
    doc = _doc("*局领导班子对照检查材料\n"
               "一、对照检查情况\n"
               "在带头强化理论武装方面，班子学习停留在读文件、听报告上，学用转化不够。\n"
               "在带头联系服务群众方面，深入基层调研不多，有的调研走马观花。\n"
               "二、整改措施\n"
               "班子成员每年到联系点调研不少于4次。\n")
    texts = [p.text for p in extract_problems(doc)]
    assert any("学用转化不够" in t for t in texts)
    assert any("调研走马观花" in t or "深入基层调研不多" in t for t in texts)
    assert not any("联系点调研不少于4次" in t for t in texts)


def test_example_sentence_stays_inside_the_problem_found_in_prose():
    doc = _doc("*局领导班子对照检查材料\n"
               "一、对照检查情况\n"
               "在带头真抓实干方面，面对历史遗留问题存在等一等、看一看的心态，攻坚克难劲头不足。"
               "比如，三起信访积案拖了两年仍未化解。\n"
               "二、整改措施\n班子成员每人包案一件。\n")
    problems = extract_problems(doc)
    assert not any(p.text.startswith("比如") for p in problems)
    assert any("攻坚克难劲头不足" in p.text for p in problems)


def test_achievement_under_a_problems_heading_is_no_problem():
    doc = _doc("*县局2024年工作总结\n"
               "二、存在的问题\n"
               "学科建设发展不平衡，部分科室缺乏学科带头人。\n"
               "今年已完成各项重点任务18项，新建实验室3个，总体进度符合预期。\n"
               "医疗服务流程仍有堵点，患者预约检查等待时间偏长。\n")
    statements = classify_statements(doc)
    assert _statement_at(statements, "完成各项重点任务18项").role == "achievement"
    doc.statements = statements
    texts = [p.text for p in extract_problems(doc)]
    assert any("学科建设发展不平衡" in t for t in texts) and any("等待时间偏长" in t for t in texts)
    assert not any("重点任务18项" in t for t in texts)


def test_layout_rules_settle_fields_quotes_and_section_names():
    field = {"text": "机关党委", "kind": "field", "section": "other", "field": "owner", "label": "责任单位"}
    assert layout_role(field) == ("other", "字段标签“责任单位”")
    assert layout_role({**field, "field": "measure", "label": "整改措施"})[0] == "measure"
    assert layout_role({"text": "执法不严", "kind": "quote", "section": "achievements", "field": "-"})[0] == "problem"
    heading = {"kind": "heading", "section": "problems", "field": "-"}
    assert layout_role({**heading, "text": "存在的问题"})[0] == "other"
    assert layout_role({**heading, "text": "担当作为不够，攻坚克难劲头不足"})[0] == "problem"
    assert layout_role({**heading, "text": "个别问题整改进度偏慢的原因和对策建议汇总"}) is None
    example = {"text": "如个别支部仍以领读文件为主。", "kind": "sentence", "section": "problems", "field": "-"}
    assert layout_role(example)[0] == "other"
    assert layout_role({**example, "section": "achievements"}) is None
    assert rules_role({**example, "section": "achievements"}) == "achievement"


def test_keyword_baseline():
    assert keyword_role("究其根源，在于思想认识不到位") == "cause"
    assert keyword_role("报告如上") == "other"


def test_record_fields_and_quotes_are_units_with_their_reasons():
    doc = _doc("*县局整改台账\n"
               "1.问题表现：执法巡查频次不够；整改措施：每月巡查一次；责任单位：执法大队；完成时限：2025年底\n"
               "一、整改落实情况\n针对“耕地保护责任落实不到位”的问题，我们制定网格化巡查办法。\n")
    statements = classify_statements(doc)
    fields = [s for s in statements if s.kind == "field"]
    assert [s.role for s in fields] == ["problem", "measure", "other", "other"]
    assert "字段标签“整改措施”" in fields[1].reasons
    quote = next(s for s in statements if s.kind == "quote")
    assert quote.text == "耕地保护责任落实不到位" and quote.role == "problem" and quote.decided_by == "layout"
    after = next(s for s in statements if s.start > quote.end and s.kind != "field")
    assert after.text.startswith("我们制定")


def test_traditional_text_is_classified_in_the_simplified_view():
    simple = _doc("*县局2024年工作总结\n一、主要工作\n全年完成培训120场次。\n"
                  "同时也要看到，干部队伍专业能力不足，服务群众的本领不强。\n")
    trad = _doc("*縣局2024年工作總結\n一、主要工作\n全年完成培訓120場次。\n"
                "同時也要看到，幹部隊伍專業能力不足，服務群眾的本領不強。\n")
    a, b = classify_statements(simple), classify_statements(trad)
    assert [(s.start, s.end, s.role, s.score) for s in a] == [(s.start, s.end, s.role, s.score) for s in b]


def test_quoted_problem_is_linked_to_the_account_that_follows():
    doc = _doc("*县自然资源局关于巡察反馈问题整改落实情况的报告\n一、整改落实情况\n"
               "（一）针对“耕地保护责任落实不到位”的问题，我们制定网格化巡查办法，全年巡查1200次。\n"
               "对发现的违法占地行为立案查处17起。\n"
               "（二）关于巡察指出的“调研走过场”问题，局党组开展专项整治，形成调研报告8篇。\n")
    problems = {p.text: p for p in extract_problems(doc, classify=False)}
    first, second = problems["耕地保护责任落实不到位"], problems["调研走过场"]
    assert first.response.startswith("我们制定网格化巡查办法") and first.response.endswith("立案查处17起。")
    assert doc.text[first.response_start:first.response_end] == first.response
    assert second.response.startswith("局党组开展专项整治") and "立案查处" not in second.response


def test_json_output_gives_statements_and_the_response():
    from nlp_toolkit.batch.pipeline import analyze
    from nlp_toolkit.output.json import document_dict

    doc = analyze("*县局关于巡察反馈问题整改落实情况的报告\n一、整改落实情况\n"
                  "针对“耕地保护责任落实不到位”的问题，我们制定网格化巡查办法。\n")
    out = json.loads(json.dumps(document_dict(doc), ensure_ascii=False))
    assert out["statements"] and {"start", "end", "text", "kind", "role", "score", "reasons"} <= set(out["statements"][0])
    problem = next(p for p in out["problems"] if p["text"] == "耕地保护责任落实不到位")
    assert problem["response"].startswith("我们制定")


@pytest.mark.parametrize("text", ["", "*县局报告\n", "*县局报告\n针对“没有闭合的引号，我们开展了整改。\n"])
def test_odd_input_gives_statements_without_error(text):
    doc = _doc(text)
    statements = classify_statements(doc)
    assert all(s.role in STATEMENT_ROLES for s in statements)


def test_fast_scores_equal_the_pipelines_predict_proba():
    from nlp_toolkit.extract.statements import _layout_features, load_model, model_scores

    doc = _doc(ACCOUNT + "三、存在问题\n  部分干部  服务意识不强，群众满意度不高。\n")
    units = [_layout_features(doc, u) for u in candidate_units(doc)]
    model = load_model()
    expected = model.predict_proba(units)
    classes = list(model.classes_)
    for got, row in zip(model_scores(units), expected):
        assert got == pytest.approx({c: row[classes.index(c)] for c in STATEMENT_ROLES}, abs=1e-9)


def test_a_bare_guanyu_heading_is_the_topic_of_the_account_and_its_quote_the_problem():
    doc = _doc("*县局关于巡察反馈问题整改落实情况的报告\n一、整改落实情况\n"
               "（一）关于“贯彻落实上级决策部署不够到位”的问题\n"
               "局党组建立重点任务周调度机制，32项重点工作全部按期完成。\n")
    quote = next(s for s in classify_statements(doc) if s.kind == "quote")
    assert quote.role == "problem" and quote.text == "贯彻落实上级决策部署不够到位"
    assert [p.text for p in extract_problems(doc)] == ["贯彻落实上级决策部署不够到位"]


def test_a_heading_stating_a_problem_outside_a_problems_section_is_a_problem_with_its_body():
    doc = _doc("*县局关于专项检查情况的报告\n一、检查情况\n"
               "（一）调查研究不够深入\n班子成员下基层调研次数偏少，有的调研走马观花。\n"
               "（二）制度执行不够严格\n公务接待审批单填写不规范。\n")
    texts = [p.text for p in extract_problems(doc)]
    assert "调查研究不够深入" in texts and "制度执行不够严格" in texts
    assert not any("走马观花" in t for t in texts)
