"""Every registered rule explains its findings: over each rule's own failing fixtures, every finding
carries an Explanation whose recognizer is the rule's code, that names the check or word list it
matched and says why in Chinese. A rule that builds a Finding without one fails here."""
from __future__ import annotations

import re
import sys

import pytest
from rule_fixtures import FIXTURES, load_cases

import nlp_toolkit
from nlp_toolkit.batch.pipeline import analyze_source
from nlp_toolkit.explain import basis, source_name
from nlp_toolkit.model import Batch, Explanation
from nlp_toolkit.output.json import finding_dict
from nlp_toolkit.readers import read_text
from nlp_toolkit.rules import all_rules, check_batch

_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _batch(docs: dict[str, str]) -> Batch:
    return Batch(documents=[analyze_source(read_text(text, path=name)) for name, text in docs.items()])


def _archive_findings(code: str, case: dict, tmp_path) -> list:
    pytest.importorskip("sqlalchemy")
    from nlp_toolkit.archive import archive_batch

    target = tmp_path / f"{code}.sqlite"
    archive_batch(_batch(case["archived"]), target, name="earlier")
    return archive_batch(_batch(case["fail_new"]), target, name="new").check.findings


def _findings(code: str, case: dict, tmp_path) -> list:
    if "fail_str" in case:
        return nlp_toolkit.analyze(case["fail_str"]).findings
    if "fail_docs" in case:
        return check_batch(_batch(case["fail_docs"]), codes=[code])
    if "fail_new" in case:
        return _archive_findings(code, case, tmp_path)
    return []


def _failing_case(code: str) -> dict:
    _, cases = load_cases(FIXTURES / f"{code}.yml")
    return next(c for c in cases.values() if isinstance(c, dict) and {"fail_str", "fail_docs", "fail_new"} & set(c))


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_every_rules_findings_are_explained(rule, tmp_path):
    found = [f for f in _findings(rule.code, _failing_case(rule.code), tmp_path) if f.code == rule.code]
    assert found, f"{rule.code}: its failing fixture still fails"
    resource = getattr(sys.modules[rule.__module__], "RESOURCE", None)
    for f in found:
        e = f.explanation
        assert isinstance(e, Explanation), f"{rule.code} built a finding without an explanation"
        assert e.recognizer == rule.code
        assert e.pattern_name, f"{rule.code}: name the check or word list the finding matched"
        assert _CHINESE.search(e.text) and "\n" not in e.text
        if isinstance(resource, str) and e.pattern_name.endswith((".txt", ".tsv", ".yml")):
            assert source_name(e.pattern_name) in e.text, "the word list is named in the line an inspector reads"
        assert basis(e).startswith(f"规则 {rule.code}")
        assert finding_dict(f)["explanation"]["recognizer"] == rule.code


def test_a_word_list_rule_names_the_entry_that_matched():
    doc = nlp_toolkit.analyze("*县2024年工作总结\n一、主要工作\n截止2024年底，全县完成培训120人次。\n")
    (finding,) = [f for f in doc.findings if f.code == "WRD002"]
    assert (finding.explanation.pattern_name, finding.explanation.pattern) == ("confusables.tsv", "截止")
    assert "易混词表“截止”" in finding.explanation.text


def test_a_severity_override_keeps_the_explanation():
    from nlp_toolkit.rules.ruleset import RuleSet

    doc = nlp_toolkit.analyze("*县2024年工作总结\n一、主要工作\n截止2024年底，全县完成培训120人次。\n")
    (finding,) = [f for f in doc.findings if f.code == "WRD002"]
    adjusted = RuleSet(severity=(("WRD002", "error"),)).adjust(finding)
    assert adjusted.severity == "error" and adjusted.explanation == finding.explanation
