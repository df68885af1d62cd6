"""Classify listed problems into the five inspection categories.

`classify` scores each text with the shipped model (``nlp_toolkit/models/problem_classifier/``, trained by
``scripts/train_problem_classifier.py``); `keyword_scores` is the hand-written lexicon baseline.
Scores always come in the order of `nlp_toolkit.model.CATEGORIES` and sum to 1.
The split rule used for training lives here (`is_test_source`) so tests and the script share it.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from nlp_toolkit.model import CATEGORIES
from nlp_toolkit.resources import compiled

MODEL_NAME = "problem_classifier"
SPLIT_SALT = "problems-v1"
TEST_PERCENT = 20


class ModelNotFound(FileNotFoundError):
    """The trained problem classifier is not where the toolkit looks for it."""


def models_dir() -> Path:
    """`NLP_TOOLKIT_MODELS` if set, else the ``models/`` directory shipped inside the package."""
    env = os.environ.get("NLP_TOOLKIT_MODELS")
    return Path(env) if env else Path(__file__).resolve().parents[1] / "models"


def model_dir() -> Path:
    """Directory of the shipped problem classifier."""
    return models_dir() / MODEL_NAME


# --- the split -------------------------------------------------------------------------------


def is_test_source(source: str, *, salt: str = SPLIT_SALT, percent: int = TEST_PERCENT) -> bool:
    """True when every problem of report `source` belongs to the held-out test set.

    A stable hash of the source id (SHA-256, not Python's salted `hash`), so the split never
    changes between runs and no report contributes problems to both sides.
    """
    digest = hashlib.sha256(f"{salt}:{source}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % 100 < percent


def split_by_source(rows: Iterable[dict[str, Any]]) -> tuple[list[dict], list[dict]]:
    """(train, test) rows, split by each row's ``source`` with `is_test_source`."""
    train: list[dict] = []
    test: list[dict] = []
    for row in rows:
        (test if is_test_source(row["source"]) else train).append(row)
    return train, test


# --- keyword baseline ------------------------------------------------------------------------


@compiled("problem_keywords.yml")
def _keywords() -> dict[str, tuple[str, ...]]:
    from nlp_toolkit import resources

    table = resources.data("problem_keywords.yml")
    return {cat: tuple(table.get(cat, ())) for cat in CATEGORIES}


def keyword_counts(text: str) -> dict[str, int]:
    """How many times the lexicon words of each category occur in `text`."""
    return {cat: sum(text.count(w) for w in words) for cat, words in _keywords().items()}


def keyword_scores(text: str) -> dict[str, float]:
    """Keyword counts normalised to sum to 1 (uniform when no word matches)."""
    counts = keyword_counts(text)
    total = sum(counts.values())
    if not total:
        return {cat: 1 / len(CATEGORIES) for cat in CATEGORIES}
    return {cat: counts[cat] / total for cat in CATEGORIES}


def keyword_label(text: str) -> str:
    """The category with the highest keyword count (ties and no match: the first in order)."""
    counts = keyword_counts(text)
    return max(CATEGORIES, key=lambda cat: counts[cat])


# --- the shipped model -----------------------------------------------------------------------


def _meta(directory: Path) -> dict[str, Any]:
    path = directory / "meta.json"
    if not path.is_file():
        raise ModelNotFound(
            f"未找到问题分类模型：{directory} 下缺少 meta.json。"
            "请先运行 scripts/train_problem_classifier.py，或设置环境变量 NLP_TOOLKIT_MODELS 指向模型目录。"
        )
    return json.loads(path.read_text(encoding="utf-8"))


def kind_of(directory: Path, meta: dict[str, Any]):
    """The registered `Classifier` for the model folder's `kind` and the path of its model file."""
    from nlp_toolkit.extract.registry import CLASSIFIERS

    kind = meta.get("kind")
    if kind not in CLASSIFIERS:
        raise ModelNotFound(f"无法识别的模型类型“{kind}”：{directory / 'meta.json'}")
    return CLASSIFIERS.get(kind), directory / CLASSIFIERS.get(kind).filename


@cache
def load_model() -> tuple[str, Any]:
    """(kind, model) of the shipped classifier, loaded once from disk without the network."""
    directory = model_dir()
    kind, path = kind_of(directory, _meta(directory))
    if not path.exists():
        raise ModelNotFound(f"问题分类模型文件缺失：{path}。请重新运行 scripts/train_problem_classifier.py。")
    return kind.kind, kind.load(path)


def _normalise(values: list[float]) -> dict[str, float]:
    total = sum(values) or 1.0
    return {cat: value / total for cat, value in zip(CATEGORIES, values)}


def classify(texts: list[str]) -> list[dict[str, float]]:
    """Scores over `CATEGORIES` (in that order, summing to 1) for each problem text.

    Args:
        texts: problem statements, one per item.
    Returns:
        One dict per text; the best category is ``max(d, key=d.get)``.
    Raises:
        ModelNotFound: the model directory or its files are missing.
    """
    if not texts:
        return []
    from nlp_toolkit.extract.registry import CLASSIFIERS

    kind, model = load_model()
    return [_normalise(row) for row in CLASSIFIERS.get(kind).scores(model, list(texts), CATEGORIES)]


def best(scores: dict[str, float]) -> tuple[str, float]:
    """(category, confidence) of one `classify` result."""
    label = max(scores, key=scores.get)
    return label, scores[label]
