"""Every case of every fixture file under tests/fixtures/rules/: fail_str fires, pass_str does not."""
from __future__ import annotations

import pytest
from rule_fixtures import CASE_KEYS, fixture_files, load_cases

import nlp_toolkit
from nlp_toolkit.rules import get


def document_fixture_files():
    """Fixture files of document rules (batch rules have their own test)."""
    return [p for p in fixture_files() if get(p.stem).scope == "document"]


def pytest_generate_tests(metafunc):
    """One test per named case, id'd as CODE-case_name."""
    if "rule_case" not in metafunc.fixturenames:
        return
    params, ids = [], []
    for path in document_fixture_files():
        code, cases = load_cases(path)
        for name, case in cases.items():
            params.append((code, name, case))
            ids.append(f"{code}-{name}")
    metafunc.parametrize("rule_case", params, ids=ids)


def _own_findings(code: str, text: str):
    return [f for f in nlp_toolkit.analyze(text).findings if f.code == code]


def test_rule_case(rule_case):
    code, name, case = rule_case
    keys = [k for k in CASE_KEYS if k in case]
    assert len(keys) == 1, f"{code}/{name}: give exactly one of fail_str, pass_str"
    found = _own_findings(code, case[keys[0]])
    if keys[0] == "pass_str":
        assert not found, f"{code}/{name} should not fire: {[f.text for f in found]}"
        return
    assert found, f"{code}/{name} should fire"
    if "expect_text" in case:
        assert any(case["expect_text"] in f.text for f in found), [f.text for f in found]
    if "expect_count" in case:  # findings grouped (per passage, per kind): exactly this many
        assert len(found) == case["expect_count"], [f.text for f in found]


@pytest.mark.parametrize("path", document_fixture_files(), ids=lambda p: p.stem)
def test_fixture_file_has_both_kinds(path):
    code, cases = load_cases(path)
    assert code == path.stem
    fails = [c for c in cases.values() if "fail_str" in c]
    passes = [c for c in cases.values() if "pass_str" in c]
    assert len(fails) >= 2 and len(passes) >= 2, f"{code}: at least two fail and two pass cases"
