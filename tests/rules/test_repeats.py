"""WRD001's repeat finder: sorting only the suffixes that can repeat finds what the full suffix
array finds, in the same order."""
from __future__ import annotations

import importlib
import random

import pytest

WRD001 = importlib.import_module("nlp_toolkit.rules.wording.WRD001")

ALPHABETS = ["ab", "abc", "问题整改落实到位", "ab问题😀　", "，。提高政治站位压实责任"]


def _random_text(seed: int) -> str:
    rnd = random.Random(seed)
    alphabet = rnd.choice(ALPHABETS)
    text = "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(0, 300)))
    passage = text[: rnd.randrange(0, 60)]
    at = rnd.randrange(0, len(text) + 1)
    return text[:at] + passage + text[at:]  # a pasted copy of its opening


@pytest.mark.parametrize("seed", range(60))
def test_sorting_the_repeating_suffixes_only_finds_what_the_suffix_array_finds(seed, monkeypatch):
    text = _random_text(seed)
    min_length = random.Random(seed).choice([2, 5, 15])
    sparse = list(WRD001.maximal_repeats(text, min_length))
    monkeypatch.setattr(WRD001, "SPARSE_SORT_CHARS", -1)  # every suffix, sorted by divsufsort
    assert list(WRD001.maximal_repeats(text, min_length)) == sparse


@pytest.mark.parametrize("seed", range(20))
def test_common_prefix(seed):
    text = _random_text(seed)
    rnd = random.Random(seed)
    for _ in range(20):
        a, b = rnd.randrange(len(text) + 1), rnd.randrange(len(text) + 1)
        expected = 0
        while max(a, b) + expected < len(text) and text[a + expected] == text[b + expected]:
            expected += 1
        assert WRD001._common_prefix(text, a, b) == expected


def test_no_repeat_no_suffix_array(monkeypatch):
    monkeypatch.setattr(WRD001, "suffix_and_lcp", None)  # would fail if called
    assert list(WRD001.maximal_repeats("全年共开展专题学习12次，走访企业126户，帮助解决问题43个", 15)) == []
