"""The prebuilt dictionary's segmentation and tagging are jieba's own, word for word and tag for tag."""
from __future__ import annotations

from pathlib import Path

import pytest

from nlp_toolkit import segment
from nlp_toolkit.nlp import jieba_tokenizer

ROOT = Path(__file__).resolve().parents[1]
EDGES = ["", " ", "\r\n", "全面推进乡村振兴\r\n\t工作", "完成率达98.5%，同比增长12.3个百分点",
         "GDP增长6%，PM2.5浓度下降", "C++与Python混排，#话题#、a&b、x_y、3.14.15", "（一）理论学习不够深入。",
         "流动党员", "ꙮꙮ仍在", "严查酒驾醉驾，推动明厨亮灶建设", "一二三四五六七八九十" * 30,
         "推进乡村振兴工作落实党组织建设仍在" * 400]  # a run past segment._LONG_RUN: the route in arrays


def _texts() -> list[str]:
    files = sorted((ROOT / "corpora" / "demo" / "txt").glob("*.txt"))
    files += sorted((ROOT / "corpora").glob("heldout*/*.txt"))
    texts = [path.read_text(encoding="utf-8") for path in files]
    assert len(texts) >= 30
    return texts + EDGES


@pytest.fixture(scope="module")
def reference_tagger():
    """The tagger the toolkit used before the prebuilt dictionary: jieba.posseg, with unknown
    runs cut by jieba's word HMM and tagged by `unknown_word_tag`."""
    jieba_tokenizer()
    import jieba.posseg
    from jieba import finalseg

    class WordTagger(jieba.posseg.POSTokenizer):
        def __init__(self, tagger):
            self.tokenizer, self.word_tag_tab = tagger.tokenizer, tagger.word_tag_tab

        def _POSTokenizer__cut(self, run):
            for word in finalseg.cut(run):
                yield jieba.posseg.pair(word, segment.unknown_word_tag(word))

    return WordTagger(jieba.posseg.dt)


def test_words_are_jieba_lcut_with_the_user_dictionary():
    tokenizer = jieba_tokenizer()
    for text in _texts():
        assert segment.words(text) == tokenizer.lcut(text), text[:40]


def test_tags_are_posseg_tags_over_jiebas_words(reference_tagger):
    for text in _texts():
        assert segment.tagged(text) == [(pair.word, pair.flag) for pair in reference_tagger.cut(text)], text[:40]


def test_user_words_count_and_keep_their_tags():
    from importlib import resources

    known = segment.dictionary()
    lines = (resources.files("nlp_toolkit.resources") / "jieba_user.txt").read_text(encoding="utf-8").split("\n")
    entries = [line.split() for line in lines if line.strip() and not line.startswith("#")]
    assert entries
    for word, freq, *tag in entries:
        assert known.frequency(word) == jieba_tokenizer().FREQ[word] and int(freq) > 0
        if tag:
            assert known.tag(word) == tag[0]


def test_prefix_membership_and_completions_are_jiebas():
    known, freq = segment.dictionary(), jieba_tokenizer().FREQ
    for text in ("乡村", "乡村振", "振兴乡", "ꙮ", "流动党"):
        assert (text in known) == (text in freq), text
    under = dict(known.words_starting("党"))
    assert under and all(freq[word] == count and word.startswith("党") for word, count in under.items())
    assert {w for w, f in freq.items() if f and w.startswith("党")} == set(under)


def test_the_route_is_linear_in_the_length_of_a_run():
    # one trie lookup per character, each bounded by the longest word: a run twice as long
    # makes twice the candidates, however long it is
    known = segment.dictionary()
    calls = []

    class Counting:
        def __init__(self, trie):
            self.trie = trie

        def iter_prefixes_with_ids(self, text):
            calls.append(len(text))
            return self.trie.iter_prefixes_with_ids(text)

    counting = segment.Dictionary(Counting(known.trie), known.freq, known.weight, known.tag_index,
                                  known.tag_names, known.total, known.max_len, known.force_split)
    run = "推进乡村振兴工作落实" * 500
    counting.route(run)
    short = (len(calls), sum(calls))
    calls.clear()
    counting.route(run * 2)
    assert (len(calls), sum(calls)) == (2 * short[0], pytest.approx(2 * short[1], rel=0.01))
    assert max(calls) <= known.max_len
