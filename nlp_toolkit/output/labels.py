"""Chinese labels of finding kinds and of the pairs table's columns, shared by the Excel and HTML writers.

A finding kind's label belongs to the rule that emits it (`Rule.kind_label`); this module only
reads them from the rule registry, so a new rule brings its label with it.
"""
from __future__ import annotations

from functools import cache

from nlp_toolkit.rules.registry import all_rules


@cache
def kind_labels() -> dict[str, str]:
    """Finding kind → its Chinese label, from every registered rule."""
    labels: dict[str, str] = {}
    for rule in all_rules():
        labels.setdefault(rule.kind, rule.kind_label)
    return labels


def kind_label(kind: str) -> str:
    """The Chinese label of a finding kind (the kind itself when no rule emits it)."""
    return kind_labels().get(kind, kind)



PAIR_LABELS = {
    "a": "报告甲", "b": "报告乙", "path_a": "报告甲", "path_b": "报告乙", "doc_a": "报告甲", "doc_b": "报告乙",
    "unit_a": "单位甲", "unit_b": "单位乙", "documents": "涉及文件", "share": "雷同比例",
    "share_a": "甲中雷同比例", "share_b": "乙中雷同比例", "similarity": "相似度", "jaccard": "相似度",
    "chars": "雷同字数", "shared_chars": "甲中雷同字数", "shared_chars_b": "乙中雷同字数", "passages": "雷同段数",
    "copied_passages": "雷同段数", "formulaic_problems": "问题清单雷同",
}
