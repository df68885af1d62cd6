"""The shipped problem classifier, its keyword baseline and the split of the training script."""
from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from nlp_toolkit.extract import classifier
from nlp_toolkit.model import CATEGORIES
from script_loader import load_script

ROOT = Path(__file__).resolve().parents[2]

# Written for this test, not taken from corpora/problems: two clear cases per category.
FRESH = [
    ("理论学习", "党支部集中学习常以播放视频代替交流研讨，党员读原著、学原文的自觉性不强"),
    ("理论学习", "本人理论学习满足于碎片化浏览，对党的创新理论学得不深不透，学用结合不够"),
    ("政治素质", "执行民主集中制不够严格，个别重要事项未经班子集体研究就作出决定"),
    ("政治素质", "对意识形态领域风险隐患研判不足，落实意识形态工作责任制不够到位"),
    ("能力本领", "面对数字经济发展新形势，班子成员专业知识储备不足，推动产业数字化转型的办法不多"),
    ("能力本领", "干部队伍应对突发公共事件的专业能力偏弱，应急处置手段单一"),
    ("担当作为", "对群众反映强烈的老旧小区加装电梯问题推进不力，存在畏难情绪，一拖再拖"),
    ("担当作为", "部分干部遇到矛盾绕着走，怕担责、怕出错，存在“多一事不如少一事”的躺平心态"),
    ("廉洁自律", "落实中央八项规定精神不够严格，个别干部在节假日期间收受管理服务对象礼品"),
    ("廉洁自律", "公务接待管理不规范，存在超标准接待和违规报销差旅费用问题"),
]

# On the border of 理论学习 and 政治素质 (the 第一议题 system is a political duty carried out as study).
BORDER = "落实“第一议题”制度不够严格，学习传达上级会议精神滞后，学习研讨流于形式"


@pytest.fixture(scope="module")
def fresh_scores():
    return classifier.classify([text for _, text in FRESH])


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("the classifier tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_shipped_model_loads_offline(no_network):
    classifier.load_model.cache_clear()
    kind, model = classifier.load_model()
    assert kind in ("sklearn", "spacy")
    assert model is not None
    assert len(classifier.classify(["理论学习不够系统深入"])) == 1


def test_meta_describes_the_model():
    meta = json.loads((classifier.model_dir() / "meta.json").read_text(encoding="utf-8"))
    assert meta["labels"] == list(CATEGORIES)
    assert meta["trained_on"] == "training split only"


def test_scores_cover_five_categories_and_sum_to_one(fresh_scores):
    for scores in fresh_scores:
        assert list(scores) == list(CATEGORIES)
        assert sum(scores.values()) == pytest.approx(1.0)
        assert all(0.0 <= v <= 1.0 for v in scores.values())


def test_empty_input():
    assert classifier.classify([]) == []


def test_fresh_sentences_mostly_right(fresh_scores):
    predicted = [classifier.best(scores)[0] for scores in fresh_scores]
    right = sum(p == gold for p, (gold, _) in zip(predicted, FRESH))
    assert right >= 8, list(zip(predicted, FRESH))


def test_border_case_scores_two_categories():
    scores = classifier.classify([BORDER])[0]
    top = sorted(scores.values(), reverse=True)
    assert top[1] >= 0.15, scores
    assert {k for k, v in scores.items() if v >= 0.15} == {"理论学习", "政治素质"}


def test_missing_model_raises_model_not_found(tmp_path, monkeypatch):
    monkeypatch.setenv("NLP_TOOLKIT_MODELS", str(tmp_path))
    classifier.load_model.cache_clear()
    try:
        with pytest.raises(classifier.ModelNotFound, match="未找到问题分类模型"):
            classifier.classify(["理论学习不够系统深入"])
    finally:
        monkeypatch.delenv("NLP_TOOLKIT_MODELS")
        classifier.load_model.cache_clear()


def test_models_dir_default_and_env(monkeypatch, tmp_path):
    monkeypatch.delenv("NLP_TOOLKIT_MODELS", raising=False)
    assert classifier.models_dir() == ROOT / "nlp_toolkit" / "models"
    monkeypatch.setenv("NLP_TOOLKIT_MODELS", str(tmp_path))
    assert classifier.models_dir() == tmp_path


def test_keyword_scores():
    scores = classifier.keyword_scores("违规收受礼品礼金，公车私用")
    assert list(scores) == list(CATEGORIES)
    assert sum(scores.values()) == pytest.approx(1.0)
    assert classifier.best(scores)[0] == "廉洁自律"
    assert set(classifier.keyword_scores("今天天气很好").values()) == {0.2}


# --- the split ------------------------------------------------------------------------------


def _training_script():
    return load_script("train_problem_classifier")


@pytest.fixture(scope="module")
def script_split():
    script = _training_script()
    rows = script.load_rows(ROOT / "corpora" / "problems")
    return rows, *script.split_by_source(rows)


def test_split_is_by_source(script_split):
    rows, train, test = script_split
    assert len(train) + len(test) == len(rows)
    assert not {r["source"] for r in train} & {r["source"] for r in test}


def test_split_is_stable_and_about_a_fifth(script_split):
    rows, _, test = script_split
    assert 0.12 <= len(test) / len(rows) <= 0.28
    assert {r["label"] for r in test} == set(CATEGORIES)


def test_split_does_not_depend_on_the_process():
    """A fixed hash, not Python's per-process salted `hash`: these answers never change."""
    held_out = [s for s in ("a001", "a002", "a011", "a012", "b005", "b006") if classifier.is_test_source(s)]
    assert held_out == ["a002", "a011", "b005"]


def test_every_data_file_is_read_and_named(script_split):
    rows, _, _ = script_split
    files = sorted(p.name for p in (ROOT / "corpora" / "problems").glob("part_*.jsonl"))
    assert sorted({r["file"] for r in rows}) == files
    assert all(r["source"][0] == r["file"][len("part_")] for r in rows)  # c001 … lives in part_c


def test_test_figures_by_file_cover_the_test_set(script_split):
    _, _, test = script_split
    script = _training_script()
    wrong_first = [r["label"] if i else CATEGORIES[(CATEGORIES.index(r["label"]) + 1) % 5]
                   for i, r in enumerate(test)]
    by_file = script.evaluate(test, wrong_first)["by_file"]
    assert sum(part["examples"] for part in by_file.values()) == len(test)
    first = by_file[test[0]["file"]]
    assert first["accuracy"] == (first["examples"] - 1) / first["examples"]
    assert all(part["accuracy"] == 1.0 for name, part in by_file.items() if name != test[0]["file"])


def test_the_shipped_sklearn_model_scores_from_its_parts_as_predict_proba_does():
    import numpy as np

    from nlp_toolkit.extract.builtin import _calibrated_linear_proba, _logistic_proba
    from nlp_toolkit.extract.classifier import load_model

    kind, model = load_model()
    if kind != "sklearn":
        pytest.skip("the shipped problem model is not a scikit-learn pipeline")
    texts = ["理论学习不够深入，以学促干的成效不明显", "对基层减负重视不够，文山会海问题仍有反弹",
             "个别干部收受礼品礼金", "", "ABC 123"]
    fast = _calibrated_linear_proba(model, texts)
    if fast is None:  # the grid chose a logistic regression
        fast = _logistic_proba(model, texts)
    assert fast is not None
    assert np.allclose(fast, model.predict_proba(texts), rtol=0, atol=1e-12)


def test_the_problem_models_tfidf_parts_are_built_as_their_transform_builds_them():
    import numpy as np

    from nlp_toolkit.extract.builtin import _tfidf_transform
    from nlp_toolkit.extract.classifier import load_model

    kind, model = load_model()
    if kind != "sklearn":
        pytest.skip("the shipped problem model is not a scikit-learn pipeline")
    texts = ["理论学习不够深入，以学促干的成效不明显", "调研  走过场，调研报告质量不高\t问题仍然存在", "",
             "ABC 123 abc", "个别干部收受礼品礼金、礼金，礼金"]
    for _, part in model.named_steps["features"].transformer_list:
        expected, got = part.transform(texts), _tfidf_transform(part, texts)
        expected.sort_indices()
        assert got.shape == expected.shape
        assert np.array_equal(got.indptr, expected.indptr) and np.array_equal(got.indices, expected.indices)
        assert np.array_equal(got.data, expected.data)  # the very same numbers, not just close ones
