"""Every case of the batch-rule fixtures (tests/fixtures/rules/CPY*.yml): a small batch per case.

A case gives `fail_docs` (must produce a finding of the rule) or `pass_docs` (must not): a
mapping of document name to report text, analysed as one batch with the names as paths.
`expect_pair` names the two documents a finding must relate; `expect_text` must lie in a
finding's text or its related text.
"""
from __future__ import annotations

import functools

import pytest
from rule_fixtures import FIXTURES, load_cases

from nlp_toolkit.batch.pipeline import analyze_source
from nlp_toolkit.model import Batch
from nlp_toolkit.readers import read_text
from nlp_toolkit.rules import all_rules, check_batch

BATCH_KEYS = ("fail_docs", "pass_docs")
BATCH_CODES = sorted(r.code for r in all_rules() if r.scope == "batch")


def batch_fixture_files():
    return [FIXTURES / f"{code}.yml" for code in BATCH_CODES if (FIXTURES / f"{code}.yml").is_file()]


def _cases():
    params, ids = [], []
    for path in batch_fixture_files():
        code, cases = load_cases(path)
        for name, case in cases.items():
            params.append((code, name, case))
            ids.append(f"{code}-{name}")
    return params, ids


@functools.cache
def _document(name: str, text: str):
    return analyze_source(read_text(text, path=name))


def _own_findings(code: str, docs: dict[str, str]):
    batch = Batch(documents=[_document(name, text) for name, text in docs.items()])
    return [f for f in check_batch(batch, codes=[code]) if f.code == code]


PARAMS, IDS = _cases()


@pytest.mark.parametrize("rule_case", PARAMS, ids=IDS)
def test_batch_rule_case(rule_case):
    code, name, case = rule_case
    keys = [k for k in BATCH_KEYS if k in case]
    assert len(keys) == 1, f"{code}/{name}: give exactly one of {BATCH_KEYS}"
    docs = case[keys[0]]
    assert isinstance(docs, dict) and len(docs) >= 2, f"{code}/{name}: a batch of at least two documents"
    found = _own_findings(code, docs)
    if keys[0] == "pass_docs":
        assert not found, f"{code}/{name} should not fire: {[(f.documents, f.text) for f in found]}"
        return
    assert found, f"{code}/{name} should fire"
    for f in found:
        assert set(f.documents) <= set(docs) and len(f.documents) >= 2
        assert f.text == _document(f.documents[0], docs[f.documents[0]]).text[f.start:f.end]
    if "expect_pair" in case:
        assert any(sorted(f.documents) == sorted(case["expect_pair"]) for f in found), [f.documents for f in found]
    if "expect_text" in case:
        texts = [t for f in found for t in (f.text, *(r["text"] for r in f.related))]
        assert any(case["expect_text"] in t for t in texts), texts


@pytest.mark.parametrize("code", BATCH_CODES)
def test_batch_fixture_has_both_kinds(code):
    path = FIXTURES / f"{code}.yml"
    assert path.is_file(), f"tests/fixtures/rules/{code}.yml is missing"
    found_code, cases = load_cases(path)
    assert found_code == code
    fails = [c for c in cases.values() if "fail_docs" in c]
    passes = [c for c in cases.values() if "pass_docs" in c]
    assert len(fails) >= 2 and len(passes) >= 2, f"{code}: at least two fail and two pass cases"
