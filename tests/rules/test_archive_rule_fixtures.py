"""Every case of the archive-rule fixtures (tests/fixtures/rules/ARC*.yml), on a fresh SQLite archive.

A case archives `archived` (document name → report text) as an earlier batch, then archives the
new batch, `fail_new` (must produce a finding of the rule) or `pass_new` (must not). `expect_text`
must lie in a finding's text.
"""
from __future__ import annotations

import pytest
from rule_fixtures import FIXTURES, load_cases

from nlp_toolkit.batch.pipeline import analyze_source
from nlp_toolkit.model import Batch
from nlp_toolkit.readers import read_text
from nlp_toolkit.rules import all_rules

pytest.importorskip("sqlalchemy")

NEW_KEYS = ("fail_new", "pass_new")
ARCHIVE_CODES = sorted(r.code for r in all_rules() if r.scope == "archive")


def _cases():
    params, ids = [], []
    for code in ARCHIVE_CODES:
        _, cases = load_cases(FIXTURES / f"{code}.yml")
        for name, case in cases.items():
            params.append((code, name, case))
            ids.append(f"{code}-{name}")
    return params, ids


def _batch(docs: dict[str, str]) -> Batch:
    return Batch(documents=[analyze_source(read_text(text, path=name)) for name, text in docs.items()])


PARAMS, IDS = _cases()


def test_archive_rules_are_registered():
    assert ARCHIVE_CODES == ["ARC001", "ARC002"]


@pytest.mark.parametrize("rule_case", PARAMS, ids=IDS)
def test_archive_rule_case(rule_case, tmp_path):
    from nlp_toolkit.archive import archive_batch

    code, name, case = rule_case
    keys = [k for k in NEW_KEYS if k in case]
    assert len(keys) == 1 and case.get("archived"), f"{code}/{name}: give `archived` and one of {NEW_KEYS}"
    target = tmp_path / "archive.sqlite"
    archive_batch(_batch(case["archived"]), target, name="earlier")
    new = _batch(case[keys[0]])
    result = archive_batch(new, target, name="new")
    found = [f for f in result.check.findings if f.code == code]
    if keys[0] == "pass_new":
        assert not found, f"{code}/{name} should not fire: {[f.message for f in found]}"
        return
    assert found, f"{code}/{name} should fire"
    texts = {d.path: d.text for d in new.documents}
    for f in found:
        assert f.documents[0] in texts and f.text == texts[f.documents[0]][f.start:f.end]
        assert f.kind == next(r for r in all_rules() if r.code == code).kind
    if "expect_text" in case:
        assert any(case["expect_text"] in f.text for f in found), [f.text for f in found]


@pytest.mark.parametrize("code", ARCHIVE_CODES)
def test_archive_fixture_has_both_kinds(code):
    found_code, cases = load_cases(FIXTURES / f"{code}.yml")
    assert found_code == code
    assert sum("fail_new" in c for c in cases.values()) >= 2 and sum("pass_new" in c for c in cases.values()) >= 2
