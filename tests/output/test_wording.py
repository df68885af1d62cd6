"""Every reason the shipped rules give reads as plain Chinese once worded (output/wording.py):
the rules run over their own failing fixtures, and what an inspector would read is checked."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import nlp_toolkit
from nlp_toolkit.batch.pipeline import analyze_source
from nlp_toolkit.model import Batch
from nlp_toolkit.output.wording import plain_reason, word_reason
from nlp_toolkit.readers import read_text
from nlp_toolkit.rules import check_batch

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"
_NOT_PLAIN = re.compile(r"[A-Za-z]{2,}|哈希|二元组|系数")


def _failing_cases():
    for path in sorted(FIXTURES.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        code = data.pop("rule")
        for name, case in data.items():
            if isinstance(case, dict) and ("fail_str" in case or "fail_docs" in case):
                yield pytest.param(code, case, id=f"{code}-{name}")


def _findings(code: str, case: dict):
    if "fail_str" in case:
        return [f for f in nlp_toolkit.analyze(case["fail_str"]).findings if f.code == code]
    docs = [analyze_source(read_text(text, path=name)) for name, text in case["fail_docs"].items()]
    return [f for f in check_batch(Batch(documents=docs), codes=[code]) if f.code == code]


@pytest.mark.parametrize(("code", "case"), list(_failing_cases()))
def test_a_rules_reason_reads_as_plain_chinese(code, case):
    findings = _findings(code, case)
    assert findings, "the failing fixture still fails"
    for f in findings:
        shown = plain_reason(f)
        assert not _NOT_PLAIN.search(shown), (f.reason, shown)
        if word_reason(f.reason) is None:
            assert not shown, "an unworded identifier is left out, the message stands alone"
