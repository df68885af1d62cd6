"""Kind labels come from the rules: every kind a rule emits has one, and the outputs show it."""
from __future__ import annotations

import re

from nlp_toolkit.output import excel
from nlp_toolkit.output.labels import kind_label, kind_labels
from nlp_toolkit.rules.registry import all_rules

MISQUOTED = ("*县委主题教育阶段性总结\n一、工作开展情况\n"
             "认真落实“学思想、强党性、重实践、见新功”的总要求，全县开展专题学习326场次。\n")


def test_every_kind_any_rule_emits_has_a_chinese_label():
    labels = kind_labels()
    for rule in all_rules():
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,10}", rule.kind_label), rule.code
        assert labels[rule.kind] == rule.kind_label, f"{rule.code} labels {rule.kind} unlike another rule of that kind"


def test_an_unknown_kind_is_shown_as_itself():
    assert kind_label("no_such_kind") == "no_such_kind"


def test_a_misquoted_fixed_phrase_is_its_own_kind_not_a_missing_character(analyze_text):
    found = [f for f in analyze_text(MISQUOTED).findings if f.code == "WRD006"]
    assert [f.kind for f in found] == ["misquoted_phrase"]
    assert kind_label(found[0].kind) == "固定提法有误" != kind_label("missing_character")


def test_the_workbook_shows_the_rules_label():
    columns, rows = excel._readable(["类型"], [["placeholder"], ["misquoted_phrase"]])
    assert rows == [["模板文字未替换"], ["固定提法有误"]]
