"""Every registered rule documents itself and sits where its code says."""
from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from rule_fixtures import FIXTURES

from nlp_toolkit.rules import all_rules
from nlp_toolkit.rules.base import DOC_SECTIONS, SEVERITIES
from nlp_toolkit.rules.registry import FAMILIES

KINDS = {"repeated_passage", "copied_passage", "formulaic_problems", "boilerplate", "truncated_sentence",
         "confusable_word", "missing_character", "metric_inconsistency", "broken_numbering",
         "vague_commitments", "unreadable_number", "placeholder", "malformed_date", "generic_problem",
         "recurring_problem", "misquoted_phrase"}
RULES = all_rules()


def test_rules_are_registered():
    assert len(RULES) >= 10
    assert len({r.code for r in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_code_matches_file_and_family(rule):
    path = Path(inspect.getfile(rule))
    assert path.stem == rule.code == rule.__name__
    assert rule.code[:3] in FAMILIES and path.parent.name == FAMILIES[rule.code[:3]]
    assert rule.code[3:].isdigit() and len(rule.code) == 6


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_docs_have_message_and_headings(rule):
    assert rule.message().strip()
    lines = [line.strip() for line in rule.docs().splitlines()]
    for heading in DOC_SECTIONS:
        assert f"{heading}：" in lines, f"{rule.code} lacks the heading {heading}"
        body = lines[lines.index(f"{heading}：") + 1]
        assert body, f"{rule.code}: {heading} is empty"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_severity_kind_name_scope(rule):
    assert rule.severity in SEVERITIES
    assert rule.kind in KINDS
    assert rule.name and rule.name == rule.name.lower() and " " not in rule.name
    assert rule.scope in ("document", "batch", "archive")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_has_fixture_file(rule):
    assert (FIXTURES / f"{rule.code}.yml").is_file(), f"tests/fixtures/rules/{rule.code}.yml is missing"
