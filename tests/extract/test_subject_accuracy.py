"""scripts/evaluate.py: subject accuracy over the metrics score.py's matching pairs up."""
from __future__ import annotations

import pytest

from tests.script_loader import load_script

evaluate = load_script("evaluate")
SCORE_PY = evaluate.SHARED / "eval" / "score.py"
pytestmark = pytest.mark.skipif(not SCORE_PY.exists(), reason="shared/eval/score.py not present")


def metric(value, unit, subject):
    return {"surface": f"{value}{unit}", "value": value, "unit": unit, "subject": subject}


def test_subject_pairs_prefer_an_agreeing_prediction_and_use_each_once():
    scorer = evaluate.load_scorer(SCORE_PY)
    gold = {"metrics": [metric(40, "家", "单位"), metric(40, "家", "企业"), metric(38, "次", "督查")]}
    doc = {"metrics": [metric(40, "家", "反馈企业"), metric(40, "家", "巡察组向单位"), metric(38, "次", None)]}
    pairs = evaluate.subject_pairs(gold, doc, scorer)
    assert pairs == [("单位", "巡察组向单位", True), ("企业", "反馈企业", True), ("督查", None, False)]


def test_unmatched_gold_metrics_do_not_count(tmp_path):
    scorer = evaluate.load_scorer(SCORE_PY)
    gold = {"document": "a.txt", "metrics": [metric(5, "个", "问题"), metric(7, "人", "党员")]}
    (tmp_path / "a.gold.json").write_text(__import__("json").dumps(gold, ensure_ascii=False), encoding="utf-8")
    output = {"documents": [{"path": "x/a.txt", "metrics": [metric(5, "个", "整改")]}]}
    assert evaluate.subject_accuracy(tmp_path, output, scorer, verbose=False) == 0.0
    output["documents"][0]["metrics"].append(metric(7, "人", "党员"))
    assert evaluate.subject_accuracy(tmp_path, output, scorer, verbose=False) == 0.5
