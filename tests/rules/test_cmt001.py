"""CMT001 per plans item: how many findings, and where, beside the whole-section one."""
from __future__ import annotations

import nlp_toolkit

HEAD = "*县农业农村局2024年工作总结\n一、主要工作\n全年新建高标准农田3.2万亩。\n二、下一步打算\n"


def _cmt001(text: str):
    return [f for f in nlp_toolkit.analyze(text).findings if f.code == "CMT001"]


def test_one_finding_on_the_all_pledge_item_only():
    text = HEAD + ("（一）推进农田建设。2025年10月底前新建高标准农田2万亩，由农田建设科牵头。\n"
                   "（二）切实抓好产业振兴。进一步提高认识，不断完善工作机制。\n"
                   "（三）加强人居环境整治。年底前完成120个村庄清洁行动，责任单位：社会事业科。\n")
    found = _cmt001(text)
    assert len(found) == 1, [f.text for f in found]
    start = text.index("切实抓好产业振兴")
    assert found[0].start == start
    assert found[0].text == "切实抓好产业振兴。进一步提高认识，不断完善工作机制"
    assert "本条" in found[0].message


def test_all_vague_section_gives_the_section_finding_alone():
    text = HEAD + ("（一）切实抓好产业振兴。进一步提高认识，不断完善工作机制。\n"
                   "（二）持续改善人居环境。不断加大整治力度，进一步巩固成效。\n")
    found = _cmt001(text)
    assert [f.text for f in found] == ["二、下一步打算"]


def test_concrete_plan_gives_none():
    text = HEAD + ("（一）推进农田建设。2025年10月底前新建高标准农田2万亩，由农田建设科牵头。\n"
                   "（二）加强人居环境整治。年底前完成120个村庄清洁行动，责任单位：社会事业科。\n")
    assert _cmt001(text) == []


def test_item_span_stops_at_the_closing_paragraph():
    text = HEAD + ("（一）推进农田建设。2025年10月底前新建高标准农田2万亩，由农田建设科牵头。\n"
                   "（二）切实抓好产业振兴。进一步提高认识，不断完善工作机制。\n\n"
                   "我局将以更加务实的作风，奋力推动农业农村工作再上新台阶。\n")
    found = _cmt001(text)
    assert [f.text for f in found] == ["切实抓好产业振兴。进一步提高认识，不断完善工作机制。"]


def test_unnumbered_plans_paragraph_gives_no_clause_findings():
    text = HEAD + ("我局将在2025年6月底前新建高标准农田2万亩，由农田建设科牵头；"
                   "同时进一步提高认识，不断完善工作机制，推动各项工作走深走实。\n")
    assert _cmt001(text) == []
